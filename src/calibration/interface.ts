/**
 * Mass transport along a buried Li|LLZO (or Li|collector) interface, from the simulation: the
 * measurement behind the interface and collector paths' calibration (MODEL.md §1, issue 14).
 *
 * A Li strip W cells wide and H cells tall lies on a substrate one cell thick (LLZO, or the
 * collector), periodic in x (so the strip has two triple-phase boundaries, where vacancies enter
 * the interface) and in y. Along a buried interface Li moves by vacancies, and the mass-transport
 * (Onsager) coefficient of a single-species lattice gas with dilute vacancies is the vacancies'
 * uncorrelated walk — the jump statistics, with no tracer correlation factor. So the interface's
 * diffusivity–width product (the D_i·δ of a Coble flux J = D_i·δ·∇μ/(Ω·kT) per unit length) is
 *   D_i·δ = Ω_n · Σ_hops |Δr_∥|² / (4·T·A_band)
 * summed over the interface-path hops that leave a site of the strip's central band (half its
 * width, away from the edges), over a time T after equilibration; Ω_n = n³Ω is a coarse site's
 * volume, so the count is in atoms. The physical value is D_i·δ with δ = Ω·ν = Ω/a0² = a0/2 (one
 * (001) layer; the same ν = 1/a0² as the surface's B).
 *
 * The equilibrium does not depend on the rates (detailed balance), and the jump statistics in the
 * band depend only on the equilibrium and on the interface path's rate: so the measurement slows
 * the surface path to a tenth of the interface path's rate (fewer surface events, the same answer).
 */
import { BccLattice } from "../lattice/bcc.ts";
import { LidepModel } from "../model/lidep/catalogue.ts";
import { defaultParams, COLLECTOR, INTERFACE, type ModelParams } from "../model/params.ts";
import { CC, EMPTY, LI, LLZO } from "../model/species.ts";
import { Solver } from "../kmc/solver.ts";
import { Rng } from "../kmc/rng.ts";
import { BOLTZMANN_J_PER_K, LI_ATOMIC_VOLUME_M3, LI_LATTICE_CONSTANT_M } from "../constants/physical.ts";

export interface InterfaceSpec {
  n: number;
  substrate: "llzo" | "collector";
  /** Strip width and height, box width in y, empty cells each side of the strip (cells). */
  widthCells: number;
  heightCells: number;
  ny: number;
  gapCells: number;
  temperature?: number;
  tweak?: (p: ModelParams) => void;
}

export interface InterfaceResult {
  /** D·δ (m³/s) per block of the measurement. */
  blocks: number[];
  events: number;
  /** Mean vacancies in the band's interface layers. */
  meanVacancies: number;
}

export function buildStrip(spec: InterfaceSpec): { model: LidepModel; lattice: BccLattice; x0: number; sub: number } {
  const nx = spec.widthCells + 2 * spec.gapCells;
  const nz = 1 + spec.heightCells + 3;
  const lattice = new BccLattice({ nx, ny: spec.ny, nz, periodicX: true, periodicY: true });
  const sub = spec.substrate === "llzo" ? LLZO : CC;
  const species = new Uint8Array(lattice.sites);
  const x0 = spec.gapCells;
  for (let s = 0; s < lattice.sites; s++) {
    const L = lattice.layerOf(s);
    const x = lattice.xOf(s);
    if (L < 2) species[s] = sub;
    else if (L < 2 + 2 * spec.heightCells && x >= x0 && x < x0 + spec.widthCells) species[s] = LI;
    else species[s] = EMPTY;
  }
  const p = defaultParams();
  p.coarseGrain = spec.n;
  // measured with the rule alone: the calibration's factors are what this finds
  p.coarseGraining = { n: spec.n, calibrated: false, factors: { bulk: 1, surface: 1, interface: 1, collector: 1 }, source: "measurement" };
  if (spec.temperature !== undefined) p.temperature = spec.temperature;
  // the surface path at a tenth of the interface path's rate: the same equilibrium, fewer
  // surface events (the strip's shape relaxes more slowly; the band's vacancies come and go
  // through the triple-phase boundaries by interface hops)
  const path = spec.substrate === "llzo" ? p.hops.interface : p.hops.collector;
  const kT = BOLTZMANN_J_PER_K * p.temperature;
  const kPath = path.prefactor * Math.exp(-path.barrier / kT);
  const kSurf = p.hops.surface.prefactor * Math.exp(-p.hops.surface.barrier / kT);
  p.hops.surface = { prefactor: p.hops.surface.prefactor * ((0.1 * kPath) / kSurf), barrier: p.hops.surface.barrier };
  spec.tweak?.(p);
  const model = new LidepModel({ lattice, species, params: p, collectorKind: "rigid", surfaceLayer: 1 });
  return { model, lattice, x0, sub };
}

/**
 * Jump statistics of the interface (or collector) path in the strip's central band: `blocks`
 * blocks of `blockEvents` events each after `equilibrationEvents`.
 */
export function measureInterface(spec: InterfaceSpec, seed: number | string, equilibrationEvents: number, blocks: number, blockEvents: number): InterfaceResult {
  const { model, lattice } = buildStrip(spec);
  const n = spec.n;
  const a = n * LI_LATTICE_CONSTANT_M;
  const pathIndex = spec.substrate === "llzo" ? INTERFACE : COLLECTOR;
  const bandLo = spec.gapCells + spec.widthCells / 4, bandHi = spec.gapCells + (3 * spec.widthCells) / 4;
  const bandArea = (bandHi - bandLo) * spec.ny * a * a;
  const hops = model.hops;
  const perform = hops.perform.bind(hops);
  const counters = model.counters;
  const d = [0, 0, 0];
  let sum = 0; // Σ |Δr_∥|² in cells²
  hops.perform = (s: number, u: number) => {
    const t = hops.choose(s, u);
    const before = counters.hops[pathIndex];
    perform(s, u);
    if (t < 0 || counters.hops[pathIndex] === before) return;
    const L = lattice.layerOf(s);
    const x = lattice.xOf(s) + (L & 1) / 2;
    if (x < bandLo || x >= bandHi) return;
    lattice.displacement(s, t, d);
    sum += d[0] * d[0] + d[1] * d[1];
  };
  const solver = new Solver(model, new Rng(`${seed}`));
  solver.run(Infinity, equilibrationEvents);
  const omegaN = n ** 3 * LI_ATOMIC_VOLUME_M3;
  const out: number[] = [];
  let vac = 0, vacSamples = 0;
  for (let b = 0; b < blocks; b++) {
    sum = 0;
    const t0 = solver.time;
    for (let k = 0; k < 10; k++) {
      solver.run(Infinity, Math.ceil(blockEvents / 10));
      vac += bandVacancies(model, lattice, bandLo, bandHi);
      vacSamples++;
    }
    const T = solver.time - t0;
    out.push((omegaN * sum * a * a) / (4 * T * bandArea));
  }
  return { blocks: out, events: solver.events, meanVacancies: vac / vacSamples };
}

/** Empty sites in the two interface layers (2 and 3) of the band. */
function bandVacancies(model: LidepModel, lattice: BccLattice, lo: number, hi: number): number {
  let c = 0;
  for (let L = 2; L <= 3; L++) {
    for (let y = 0; y < lattice.ny; y++) {
      for (let x = 0; x < lattice.nx; x++) {
        const xp = x + (L & 1) / 2;
        if (xp < lo || xp >= hi) continue;
        if (model.spec[lattice.index(x, y, L)] === EMPTY) c++;
      }
    }
  }
  return c;
}
