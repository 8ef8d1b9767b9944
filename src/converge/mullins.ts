/**
 * The surface-transport constant B compared directly (issue 17's trap: terrace diffusion passes a
 * forward/backward balance test, yet scaling it lowers B). A sinusoidal Li surface relaxes by
 * surface diffusion as A(t) = A0·exp(−B·q⁴·t) (Mullins 1957); at a fixed q the decay rate Γ is
 * B·q⁴, so the ratio of Γ with and without the acceleration's factors is the ratio of B.
 *
 * This follows issue 14's measurement (src/calibration/profile.ts on branch i14-coarse: a Li slab,
 * periodic in x and y, filled below H0 + A·cos(q·x), nothing else in the box, so only hops act;
 * the amplitude is the cosine coefficient of the atoms' columns). To deduplicate after merge:
 * this file should then build its slab with i14's `buildProfile` and keep only `decayRate`.
 *
 * The factors applied are frozen (the controller off): the accelerated runs' pairs at their
 * lowest factors, the worst case of what the accelerated runs did to surface transport.
 */
import { BccLattice } from "../lattice/bcc.ts";
import { LidepModel } from "../model/lidep/catalogue.ts";
import type { ModelParams } from "../model/params.ts";
import { EMPTY, LI } from "../model/species.ts";
import { Solver } from "../kmc/solver.ts";
import { Rng } from "../kmc/rng.ts";

/**
 * The slab: wavelength (= box length in x), width in y, base height and amplitude, in cells. Sized
 * for the signal over the thermal roughness of a coarse surface: at n = 4 (fig4g's material) one
 * relaxation's decay rate scatters by ≈ 12 % between seeds (5 seeds; 40–50 % with a 12 × 4-cell,
 * 1.5-cell-amplitude slab). A slope of A·q ≈ 1 is past Mullins' small-slope limit; both arms share
 * it, and only their ratio is used.
 */
export const SLAB = { wavelength: 16, ny: 8, base: 5, amplitude: 3, headroom: 3 } as const;

export interface Slab {
  model: LidepModel;
  amplitude(): number;
}

export function buildSlab(params: ModelParams, frozen: { index: number; factor: number }[]): Slab {
  const nx = SLAB.wavelength;
  const nz = Math.ceil(SLAB.base + SLAB.amplitude + SLAB.headroom);
  const lattice = new BccLattice({ nx, ny: SLAB.ny, nz, periodicX: true, periodicY: true });
  const species = new Uint8Array(lattice.sites);
  const qc = (2 * Math.PI) / nx;
  for (let s = 0; s < lattice.sites; s++) {
    const L = lattice.layerOf(s);
    const x = lattice.xOf(s) + (L & 1) / 2;
    species[s] = L < 2 * SLAB.base + 2 * SLAB.amplitude * Math.cos(qc * x) ? LI : EMPTY;
  }
  const p: ModelParams = { ...params, acceleration: { ...params.acceleration, enabled: false } };
  const model = new LidepModel({ lattice, species, params: p, collectorKind: "rigid", surfaceLayer: 0 });
  model.accel.freeze(frozen);
  const cosx = new Float64Array(2 * nx);
  for (let i = 0; i < 2 * nx; i++) cosx[i] = Math.cos(qc * (i / 2));
  const amplitude = () => {
    let re = 0;
    for (let s = 0; s < model.N; s++) if (model.spec[s] === LI) re += cosx[2 * lattice.xOf(s) + (lattice.layerOf(s) & 1)];
    return (re * 2) / (nx * SLAB.ny); // in layers; only ratios matter
  };
  return { model, amplitude };
}

/** Amplitudes of one relaxation at `points` evenly spaced times up to `T` (s). */
export function relax(params: ModelParams, frozen: { index: number; factor: number }[], seed: string, T: number, points: number, maxEvents: number): { t: number[]; a: number[] } {
  const slab = buildSlab(params, frozen);
  const solver = new Solver(slab.model, new Rng(seed));
  const t = [0], a = [slab.amplitude()];
  for (let i = 1; i <= points; i++) {
    solver.run((T * i) / points, maxEvents);
    t.push(solver.time);
    a.push(slab.amplitude());
  }
  return { t, a };
}

/** Time for the amplitude to fall to `fraction` of its start (one run, at most `maxEvents`); NaN if it does not. */
export function relaxationTime(params: ModelParams, seed: string, fraction: number, maxEvents: number): number {
  const slab = buildSlab(params, []);
  const solver = new Solver(slab.model, new Rng(seed));
  const a0 = slab.amplitude();
  let done = 0;
  while (done < maxEvents) {
    solver.run(Infinity, 2000);
    done += 2000;
    if (slab.amplitude() <= fraction * a0) return solver.time;
  }
  return Number.NaN;
}

/** Γ of one run: the least-squares slope of −ln A(t) over the points where A > 0.15·A0. */
export function decayRate(r: { t: number[]; a: number[] }): number {
  const a0 = r.a[0];
  const x: number[] = [], y: number[] = [];
  for (let i = 0; i < r.t.length; i++) {
    if (!(r.a[i] > 0.15 * a0)) break;
    x.push(r.t[i]);
    y.push(Math.log(r.a[i] / a0));
  }
  if (x.length < 3) return Number.NaN;
  // through the origin: ln(A/A0) = −Γ·t
  let sxy = 0, sxx = 0;
  for (let i = 0; i < x.length; i++) {
    sxy += x[i] * y[i];
    sxx += x[i] * x[i];
  }
  return -sxy / sxx;
}
