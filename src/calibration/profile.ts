/**
 * Mullins relaxation of a sinusoidal Li surface (MODEL.md §1, issue 14): the measurement of the
 * surface-transport constant B = D_s·ν·Ω²·γ/kT from the simulation itself.
 *
 * A Li slab, periodic in x and y, fills every (001) layer L below H0 + A·cos(q·x) (heights in
 * layers of a/2, x the site's position in cells); the box has nothing else — no LLZO, no
 * collector — so no redox, root growth or relief can happen and only Li0 hops act. By surface
 * diffusion a small sinusoid decays as A(t) = A0·exp(−B·q⁴·t) (Mullins 1957); by bulk diffusion
 * it would go as q³, by evaporation–condensation as q² (there is no vapour in the model: a hop
 * needs a bond at both ends). The amplitude is the cosine Fourier coefficient of the column
 * heights, A = (2/(Nx·Ny))·Σ_atoms cos(q·x)·(a/2), read from the atoms themselves, so it is
 * linear in the heights and thermal noise averages out over seeds.
 */
import { BccLattice } from "../lattice/bcc.ts";
import { LidepModel } from "../model/lidep/catalogue.ts";
import { defaultParams, type ModelParams } from "../model/params.ts";
import { EMPTY, LI } from "../model/species.ts";
import { Solver } from "../kmc/solver.ts";
import { Rng } from "../kmc/rng.ts";
import { LI_LATTICE_CONSTANT_M } from "../constants/physical.ts";

export interface ProfileSpec {
  /** Coarse-graining factor. */
  n: number;
  /** Wavelength = box length in x (cells of n·a0). */
  wavelengthCells: number;
  /** Box width in y (cells, periodic). */
  ny: number;
  /** Initial amplitude (cells). */
  amplitudeCells: number;
  /** Mean height of the slab above the box floor (cells). */
  baseCells: number;
  /** Empty cells above the crests. */
  headroomCells?: number;
  temperature?: number;
  /** Changes to the default parameters (after n and T are set): e.g. the coarse-graining factors. */
  tweak?: (p: ModelParams) => void;
  /** Changes to the built model before it runs (issue 17's converge: the acceleration's factors, frozen). */
  prepare?: (m: LidepModel) => void;
}

export interface ProfileModel {
  model: LidepModel;
  lattice: BccLattice;
  /** Wavevector (1/m) and lattice constant of the coarse lattice (m). */
  q: number;
  a: number;
  amplitude(): number;
}

export function buildProfile(spec: ProfileSpec): ProfileModel {
  const nx = spec.wavelengthCells;
  const nz = Math.ceil(spec.baseCells + spec.amplitudeCells + (spec.headroomCells ?? 3));
  const lattice = new BccLattice({ nx, ny: spec.ny, nz, periodicX: true, periodicY: true });
  const species = new Uint8Array(lattice.sites);
  const qc = (2 * Math.PI) / nx; // per cell
  const h0 = 2 * spec.baseCells, amp = 2 * spec.amplitudeCells; // in layers
  for (let s = 0; s < lattice.sites; s++) {
    const L = lattice.layerOf(s);
    const x = lattice.xOf(s) + (L & 1) / 2;
    species[s] = L < h0 + amp * Math.cos(qc * x) ? LI : EMPTY;
  }
  const p = defaultParams();
  p.coarseGrain = spec.n;
  // measured with the rule alone: the calibration's factors are what this finds
  p.coarseGraining = { n: spec.n, calibrated: false, factors: { bulk: 1, surface: 1, interface: 1, collector: 1 }, source: "measurement" };
  if (spec.temperature !== undefined) p.temperature = spec.temperature;
  spec.tweak?.(p);
  const model = new LidepModel({ lattice, species, params: p, collectorKind: "rigid", surfaceLayer: 0 });
  spec.prepare?.(model);
  const a = spec.n * LI_LATTICE_CONSTANT_M;
  const cosx = new Float64Array(2 * nx);
  for (let i = 0; i < 2 * nx; i++) cosx[i] = Math.cos(qc * (i / 2));
  const norm = (2 / (nx * spec.ny)) * (a / 2);
  const amplitude = () => {
    const spec = model.spec;
    let re = 0;
    for (let s = 0; s < model.N; s++) {
      if (spec[s] !== LI) continue;
      const L = lattice.layerOf(s);
      re += cosx[2 * lattice.xOf(s) + (L & 1)];
    }
    return re * norm;
  };
  return { model, lattice, q: qc / a, a, amplitude };
}

/** Amplitudes (m) at the given times (s, increasing) of one seeded relaxation, and the events it took. */
export function relax(spec: ProfileSpec, seed: number | string, times: readonly number[]): { amplitudes: number[]; events: number } {
  const pm = buildProfile(spec);
  const solver = new Solver(pm.model, new Rng(`${seed}`));
  const amplitudes: number[] = [pm.amplitude()];
  for (const t of times) {
    if (t <= 0) continue;
    solver.run(t, Number.MAX_SAFE_INTEGER);
    amplitudes.push(pm.amplitude());
  }
  return { amplitudes, events: solver.events };
}

/**
 * A pilot relaxation: runs in chunks of events until the amplitude falls below `fraction` of its
 * start, and returns that time (s) — the scale of the time grid of the measured runs.
 */
export function pilotTime(spec: ProfileSpec, seed: number | string, fraction = 0.3, maxEvents = 5e7): { time: number; events: number; reached: number } {
  const pm = buildProfile(spec);
  const solver = new Solver(pm.model, new Rng(`pilot/${seed}`));
  const a0 = pm.amplitude();
  const chunk = Math.max(2000, Math.round(pm.model.N / 4));
  while (solver.events < maxEvents) {
    solver.run(Infinity, chunk);
    if (pm.amplitude() < fraction * a0) return { time: solver.time, events: solver.events, reached: pm.amplitude() / a0 };
  }
  // not decayed that far: the time simulated, and how far it got
  return { time: Number.NaN, events: solver.events, reached: pm.amplitude() / a0 };
}
