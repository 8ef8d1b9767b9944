/**
 * The observables that must not depend on the coarse-graining factor n once it is calibrated
 * (issue 14, MODEL.md §1), each as a small scenario with the same physical size at every n (all
 * lengths multiples of C = 8·a0, one cell at n = 8), run through the ordinary pipeline
 * (scenario → paramsFromInputs, which applies the calibrated factors of n):
 *
 *  - growthVelocity: the height growth rate (m/s) of Li plated at 20 A/cm² on LLZO under a free
 *    fibre collector, fitted over the second half of the deposit;
 *  - aspectLow / aspectHigh: the aspect ratio h/w of that free particle at a fixed charge
 *    (the same number of atoms at every n), at 2 and 20 A/cm² — Λ = B/(v·R³) ≈ 1.5 and 0.15 at
 *    R ≈ 10 nm, the particle-to-whisker crossover of MODEL.md §5 — with h = 2·⟨z⟩ above the LLZO
 *    and w = √12·σ_x of the Li atoms (a rectangle's height and width; moments, not the lattice's
 *    extreme layers, so that a coarse lattice's discreteness does not bias them);
 *  - confinedPressure: the pressure (Pa) of Li plated at 2 A/cm² between a rigid flat collector,
 *    rigid side walls and the LLZO, once a fixed charge has passed (3/64 of the layer's atoms;
 *    fracture and relief off, as the FEM) — at a fixed time instead, the charge itself would
 *    fluctuate as √(events), i.e. by ±1/√3 at n = 8, where it comes in 512-atom quanta;
 *  - creepRelief: the diffusional-creep relief rate (atoms/s) of a Li layer pressed under a rigid
 *    flat collector with free edges, read from the model's relief rates while the body's pressure
 *    is within ±20 % of 0.5 GPa (dislocation outflow off, fracture off).
 */
import { resolveScenario } from "../scenario/load.ts";
import type { Scenario } from "../scenario/schema.ts";
import { Simulation } from "../run/simulate.ts";
import { LI_LATTICE_CONSTANT_M, LI_ATOMIC_VOLUME_M3 } from "../constants/physical.ts";
import { LI } from "../model/species.ts";
import type { LidepModel } from "../model/lidep/catalogue.ts";
import { fitLine } from "./stats.ts";

/** One cell at n = 8 (nm): every length of these scenarios is a multiple of it. */
export const C_NM = (8 * LI_LATTICE_CONSTANT_M) / 1e-9;

export const OBSERVABLES = ["growthVelocity", "aspectLow", "aspectHigh", "confinedPressure", "creepRelief"] as const;
export type Observable = (typeof OBSERVABLES)[number];

export const OBSERVABLE_INFO: Record<Observable, { label: string; unit: string }> = {
  growthVelocity: { label: "growth velocity at 20 A/cm²", unit: "m/s" },
  aspectLow: { label: "aspect ratio h/w of a free particle at fixed charge, 2 A/cm²", unit: "" },
  aspectHigh: { label: "aspect ratio h/w of a free particle at fixed charge, 20 A/cm²", unit: "" },
  confinedPressure: { label: "confined pressure at fixed charge, 2 A/cm²", unit: "Pa" },
  creepRelief: { label: "creep relief rate at 0.5 GPa", unit: "atoms/s" },
};

export interface EquivalenceTask {
  observable: Observable;
  n: number;
  seed: number;
}

export interface EquivalenceResult {
  observable: Observable;
  n: number;
  seed: number;
  value: number;
  /** For the 20 A/cm² particle: its growth velocity (m/s), the growthVelocity observable of the same run. */
  velocity?: number;
  events: number;
  simulatedTime_s: number;
  wall_s: number;
}

/** Deposited atoms at which a free particle's shape is read (the same at every n): 78,000 atoms ≈ 1,690 nm³. */
export const PARTICLE_ATOMS = 78_000;
const PARTICLE_J = { aspectLow: 2, aspectHigh: 20, growthVelocity: 20 } as const;

export function equivalenceScenario(o: Observable, n: number): Scenario {
  const C = C_NM;
  if (o === "growthVelocity" || o === "aspectLow" || o === "aspectHigh") {
    return resolveScenario({
      description: `issue 14 equivalence: free particle at ${PARTICLE_J[o]} A/cm²`,
      lattice: { coarseGrain: n, size_nm: [16 * C, 2 * C, 12 * C] },
      li: { initialRadius_nm: 2 * C },
      llzo: { thickness_nm: C, fracture: { enabled: false } },
      collector: { kind: "free", shape: "fibre", radius_nm: 0.5 * C },
      electrical: { mode: "galvanostatic", currentDensity_A_per_cm2: PARTICLE_J[o] },
      run: { maxTime_s: 1, maxEvents: 2e9, samples: 2, snapshots: 1 },
    });
  }
  const confined = o === "confinedPressure";
  return resolveScenario({
    description: `issue 14 equivalence: ${confined ? "confined" : "pressed, free edges"}`,
    lattice: { coarseGrain: n, size_nm: [confined ? 16 * C : 24 * C, 2 * C, 6 * C] },
    li: { initialRadius_nm: confined ? 16 * C : 8 * C },
    llzo: { thickness_nm: C, fracture: { enabled: false } },
    collector: { kind: "rigid", shape: "flat", radius_nm: confined ? 16 * C : 8 * C, gap_nm: confined ? 2 * C : 3 * C, sideWallHalfWidth_nm: confined ? 4 * C : null },
    mechanics: { dislocation: false, creep: !confined },
    electrical: { mode: "galvanostatic", currentDensity_A_per_cm2: 2 },
    run: { maxTime_s: 1, maxEvents: 2e9, samples: 2, snapshots: 1 },
  });
}

/** Li atoms' h = 2⟨z⟩ above the LLZO surface and w = √12·σ_x (m). */
export function particleShape(m: LidepModel, surfaceLayer: number, a: number): { h: number; w: number } {
  const lat = m.lat;
  const pos = [0, 0, 0];
  let k = 0, sz = 0, sx = 0, sxx = 0;
  // x about the box centre (the collector), unwrapped into [−X/2, X/2)
  const half = lat.nx / 2;
  for (let s = 0; s < m.N; s++) {
    if (m.spec[s] !== LI) continue;
    lat.position(s, pos);
    let x = pos[0] - half;
    if (x >= half) x -= lat.nx;
    if (x < -half) x += lat.nx;
    k++;
    sz += pos[2] - surfaceLayer / 2;
    sx += x;
    sxx += x * x;
  }
  const mz = sz / k, mx = sx / k;
  return { h: 2 * mz * a, w: Math.sqrt(12 * Math.max(0, sxx / k - mx * mx)) * a };
}

/** Net atoms deposited so far, as the run's depositedAtoms counts them. */
export function depositedAtoms(sim: Simulation): number {
  const c = sim.model.counters;
  // net atoms, as the run's depositedAtoms: whole sites by reduction and oxidation, the excess in atoms
  return (c.filled - c.oxidised) * sim.model.m + c.insertedAtoms - c.extractedAtoms;
}

/** Pressure of the largest body (Pa): small fragments can carry spikes of their own (issue 15). */
function mainPressure(m: LidepModel): number {
  const B = m.bodies;
  let best = -1;
  for (let b = 0; b < B.used; b++) if (B.isLive(b) && (best < 0 || B.size[b] > B.size[best])) best = b;
  return best < 0 ? 0 : B.pressure[best];
}

export class TooLong extends Error {}

/** Events per chunk between looks at the state. */
const CHUNK = 2000;
/** A run past this many events is reported as not run (the finest n it fits is the reference). */
export const MAX_EVENTS = 3e6;
/** The pressed layers take ~1e2 (confined) to ~4e4 (creep, n = 4) events: a tighter budget. */
const MAX_EVENTS_PRESSED = 1e6;
/** The 2 A/cm² particle at n = 4 takes ~1e7 events (ten times the 20 A/cm² one). */
const MAX_EVENTS_LOW = 1.5e7;

export function runEquivalence(t: EquivalenceTask): EquivalenceResult {
  const wall0 = performance.now();
  const s = equivalenceScenario(t.observable, t.n);
  const sim = new Simulation(s, t.seed);
  const m = sim.model;
  const { a, surfaceLayer } = sim.built;
  const budget = t.observable === "confinedPressure" || t.observable === "creepRelief" ? MAX_EVENTS_PRESSED : t.observable === "aspectLow" ? MAX_EVENTS_LOW : MAX_EVENTS;
  // the particles' shape is read every chunk: at n = 8 a whole run is ~1e4 events, so the chunk
  // shrinks with the events per deposited site (∝ n⁻³)
  const chunkN = Math.max(1, Math.round(CHUNK * (4 / t.n) ** 3));
  const step = (chunk = chunkN) => {
    sim.solver.run(Infinity, chunk);
    if (sim.solver.events > budget) throw new TooLong(`${t.observable} n=${t.n} seed ${t.seed}: over ${budget} events at t = ${sim.solver.time.toExponential(2)} s`);
  };
  let value = Number.NaN;
  if (t.observable === "growthVelocity" || t.observable === "aspectLow" || t.observable === "aspectHigh") {
    const ts: number[] = [], hs: number[] = [];
    while (depositedAtoms(sim) < PARTICLE_ATOMS) {
      step();
      const d = depositedAtoms(sim);
      if (d > PARTICLE_ATOMS / 2) {
        ts.push(sim.solver.time);
        hs.push(particleShape(m, surfaceLayer, a).h);
      }
    }
    const shape = particleShape(m, surfaceLayer, a);
    const v = fitLine(ts, hs).slope;
    value = t.observable === "growthVelocity" ? v : shape.h / shape.w;
    if (t.observable === "aspectHigh") return { ...result(value), velocity: v };
  } else if (t.observable === "confinedPressure") {
    // a fixed charge: the atoms of a strain of 3/64 of the confined layer (8C × 2C × 2C: 64 sites
    // at n = 8, 512 at n = 4, 4096 at n = 2, so the charge is a whole number of sites at each n);
    // deposits there all join the body's excess
    const width = 8 * C_NM * 1e-9, depth = 2 * C_NM * 1e-9, gap = 2 * C_NM * 1e-9;
    const target = (3 / 64) * ((width * depth * gap) / LI_ATOMIC_VOLUME_M3);
    while (depositedAtoms(sim) < target - 0.5) step(1);
    value = mainPressure(m);
  } else {
    const target = 0.5e9;
    let sum = 0, k = 0;
    // one event at a time: at n = 8 a single insertion moves the pressure by ~60 MPa
    while (k < 2000) {
      step(1);
      const p = mainPressure(m);
      if (p > 1.2 * target) {
        if (k === 0) throw new Error(`creepRelief n=${t.n} seed ${t.seed}: the pressure jumped past 0.6 GPa (${(p / 1e9).toFixed(2)} GPa) without a reading`);
        break;
      }
      if (p >= 0.8 * target) {
        sum += m.relief.tree.total() * m.m;
        k++;
      }
      if (sim.solver.time > 1) break;
    }
    value = k > 0 ? sum / k : Number.NaN;
  }
  return result(value);
  function result(value: number): EquivalenceResult {
    return { observable: t.observable, n: t.n, seed: t.seed, value, events: sim.solver.events, simulatedTime_s: sim.solver.time, wall_s: (performance.now() - wall0) / 1000 };
  }
}
