/**
 * One simulation: a pure function of (scenario, seed, version). Builds the model, runs the solver
 * in chunks, samples the time series and the snapshots, and returns everything in memory.
 */
import type { Scenario } from "../scenario/schema.ts";
import { buildModel, type Built } from "../scenario/build.ts";
import { Solver, STOP_NO_EVENTS } from "../kmc/solver.ts";
import { Rng } from "../kmc/rng.ts";
import { morphology, pressureStats, liVolume, type Morphology } from "./observe.ts";
import { LI, EMPTY, WALL } from "../model/species.ts";
import { STOP_SHORT_CIRCUIT } from "../model/lidep/state.ts";
import { griffithStress } from "../mechanics/analytic.ts";
import { BCC_FCC_TRANSITION_PA } from "../mechanics/eos.ts";
import { ELEMENTARY_CHARGE_C } from "../constants/physical.ts";
import type { Columns } from "../io/arrow.ts";
import { VERSION } from "../version.ts";

const NM = 1e-9;

export interface Progress {
  time: number;
  maxTime: number;
  events: number;
  maxEvents: number;
  eventsPerSecond: number;
}

export interface SimulateOptions {
  seed: number;
  onProgress?: (p: Progress) => void;
  /** Events per solver call between progress reports (does not change the trajectory). */
  chunk?: number;
}

export type Outcome = "completed" | "cracked" | "short_circuit";

export interface Summary {
  scenario: Scenario;
  seed: number;
  version: string;
  outcome: Outcome;
  stopReason: string;
  simulatedTime_s: number;
  events: number;
  wallTime_s: number;
  eventsPerSecond: number;
  coarseGrain: number;
  lattice: { nx: number; ny: number; nz: number; sites: number; a_nm: number };
  depositedAtoms: number;
  storedAtoms: number;
  oxidisedAtoms: number;
  chargePassed_C: number;
  meanCurrentDensity_A_per_cm2: number;
  maxPressure_Pa: number;
  finalHeight_nm: number;
  finalLateralExtent_nm: number;
  contactArea_nm2: number;
  hops: { bulk: number; surface: number; interface: number; collector: number };
  rootGrowth: { moves: number; blocked: number; blockedByBoxTop: number };
  crack: { initiated: boolean; time_s: number | null; defectSize_nm: number | null; kind: string | null; pressure_Pa: number | null; mode: string | null };
  shortCircuit_s: number | null;
  /** Griffith stress of the largest defect (Pa), or null without defects. */
  griffithStress_Pa: number | null;
  /** The peak pressure passed the b.c.c. → f.c.c. transition (~7 GPa): outside the model. */
  outsideModel: boolean;
  relief: { creep: number; dislocation: number; powerLaw: number };
  defects: { kind: string; x_nm: number; y_nm: number; depth_nm: number; width_nm: number; subgrid: boolean }[];
}

export interface RunResult {
  summary: Summary;
  timeseries: Columns;
  snapshots: Columns;
  built: Built;
}

const TS_COLUMNS = [
  "time_s", "events", "depositedAtoms", "storedAtoms", "current_A", "currentDensity_A_per_cm2", "bias_V",
  "overpotential_V", "maxPressure_Pa", "meanPressure_Pa", "ccPosition_nm", "ccForce_N", "liVolume_nm3",
  "contactArea_nm2", "height_nm", "lateralExtent_nm", "footprint_nm", "hopsBulk", "hopsSurface", "hopsInterface",
  "hopsCollector", "crackState",
] as const;

/**
 * A simulation in progress: the model, the solver, the sampled series and the schedule. It can be
 * advanced chunk by chunk, saved into a checkpoint and restored, and the restored run continues
 * the very same trajectory (the random stream, the rates and the schedule are all saved).
 */
export class Simulation {
  readonly built: Built;
  readonly solver: Solver;
  readonly rng: Rng;
  rows: Record<string, number[]> = {};
  snap = { snapshot: [] as number[], time_s: [] as number[], x_nm: [] as number[], y_nm: [] as number[], z_nm: [] as number[], species: [] as number[], born_s: [] as number[] };
  nsnap = 0;
  nextSampleT: number;
  nextSampleE: number;
  nextSnapT: number;
  stopReason = "maxTime";
  done = false;
  /** Wall-clock seconds spent in earlier segments of this run (before a restore). */
  wallBefore = 0;
  private wall0 = performance.now();
  private lastMorphology: Morphology | null = null;

  constructor(
    readonly scenario: Scenario,
    readonly seed: number,
    restore?: CheckpointState,
  ) {
    this.built = buildModel(scenario, seed);
    for (const c of TS_COLUMNS) this.rows[c] = [];
    const s = scenario;
    this.nextSampleT = s.run.maxTime_s / (s.run.samples - 1);
    this.nextSampleE = Math.ceil(s.run.maxEvents / (s.run.samples - 1));
    this.nextSnapT = s.run.maxTime_s / s.run.snapshots;
    if (restore) {
      const sc = restore.scalars as Record<string, never>;
      this.built.model.loadState({ scalars: sc.model, arrays: prefixed(restore.arrays, "model.") });
      this.rng = new Rng(seed, sc.rng);
      this.solver = new Solver(this.built.model, this.rng);
      this.solver.time = sc.time;
      this.solver.events = sc.events;
      for (const c of TS_COLUMNS) this.rows[c] = Array.from(restore.arrays[`ts.${c}`] as Float64Array);
      for (const k of Object.keys(this.snap) as (keyof Simulation["snap"])[]) this.snap[k] = Array.from(restore.arrays[`snap.${k}`] as Float64Array);
      this.nsnap = sc.nsnap;
      this.nextSampleT = sc.nextSampleT;
      this.nextSampleE = sc.nextSampleE;
      this.nextSnapT = sc.nextSnapT;
      this.wallBefore = sc.wall;
    } else {
      this.rng = new Rng(seed);
      this.solver = new Solver(this.built.model, this.rng);
      this.sample();
      this.snapshot();
    }
  }

  get model() {
    return this.built.model;
  }

  /** Wall-clock seconds of the whole run so far. */
  get wallTime(): number {
    return this.wallBefore + (performance.now() - this.wall0) / 1000;
  }

  private sample(): Morphology {
    const { model, a, surfaceLayer } = this.built;
    const rows = this.rows;
    const s = this.scenario;
    const mo = morphology(model, surfaceLayer, a);
    const p = pressureStats(model);
    const c = model.counters;
    const atomsPerSite = model.m;
    const deposited = (c.filled + c.inserted - c.oxidised - c.extracted) * atomsPerSite;
    rows.time_s.push(this.solver.time);
    rows.events.push(this.solver.events);
    rows.depositedAtoms.push(deposited);
    rows.storedAtoms.push(model.storedExcess() * atomsPerSite);
    rows.current_A.push(model.current);
    rows.currentDensity_A_per_cm2.push(model.currentDensity / 1e4);
    rows.bias_V.push(s.electrical.mode === "potentiostatic" ? s.electrical.bias_V : Number.NaN);
    rows.overpotential_V.push(model.overpotential);
    rows.maxPressure_Pa.push(p.max);
    rows.meanPressure_Pa.push(p.mean);
    rows.ccPosition_nm.push(model.collectorDisplacement / NM);
    rows.ccForce_N.push(model.springForce());
    rows.liVolume_nm3.push(liVolume(model, mo.liSites) / NM ** 3);
    rows.contactArea_nm2.push((model.contactSites * model.siteArea) / NM ** 2);
    rows.height_nm.push(mo.height / NM);
    rows.lateralExtent_nm.push(mo.lateralExtent / NM);
    rows.footprint_nm.push(mo.footprint / NM);
    rows.hopsBulk.push(c.hops[0]);
    rows.hopsSurface.push(c.hops[1]);
    rows.hopsInterface.push(c.hops[2]);
    rows.hopsCollector.push(c.hops[3]);
    rows.crackState.push(model.shortCircuitTime !== null ? 2 : model.crack ? 1 : 0);
    this.lastMorphology = mo;
    return mo;
  }

  private snapshot(): void {
    const { model, a, surfaceLayer } = this.built;
    const lat = model.lat;
    const pos = [0, 0, 0];
    const nb = new Int32Array(14);
    const snap = this.snap;
    const zSurface = (surfaceLayer / 2) * a;
    for (let i = 0; i < lat.sites; i++) {
      const sp = model.spec[i];
      if (sp === EMPTY || sp === WALL) continue;
      if (sp !== LI) {
        // LLZO and CC: only their surface (a site with a non-solid neighbour)
        lat.neighbours(i, nb);
        let surface = false;
        for (let k = 0; k < 14; k++) if (nb[k] < lat.sites && (model.spec[nb[k]] === EMPTY || model.spec[nb[k]] === LI)) { surface = true; break; }
        if (!surface) continue;
      }
      lat.position(i, pos);
      snap.snapshot.push(this.nsnap);
      snap.time_s.push(this.solver.time);
      snap.x_nm.push((pos[0] * a) / NM);
      snap.y_nm.push((pos[1] * a) / NM);
      snap.z_nm.push((pos[2] * a - zSurface) / NM);
      snap.species.push(sp);
      snap.born_s.push(sp === LI ? model.born[i] : Number.NaN);
    }
    this.nsnap++;
  }

  /**
   * Advances by at most `chunk` events (chunking never changes the trajectory: no random number
   * is discarded at a chunk boundary; only the sample and snapshot times stop the clock).
   * Returns true when the run is over.
   */
  step(chunk = 20000): boolean {
    if (this.done) return true;
    const s = this.scenario;
    const solver = this.solver;
    const maxTime = s.run.maxTime_s;
    const maxEvents = s.run.maxEvents;
    const untilT = Math.min(this.nextSampleT, this.nextSnapT, maxTime);
    const untilE = Math.min(this.nextSampleE, maxEvents) - solver.events;
    const code = solver.run(untilT, Math.min(untilE, chunk));
    const atTime = solver.time >= untilT;
    const done = solver.time >= maxTime || solver.events >= maxEvents || code === STOP_NO_EVENTS || code === STOP_SHORT_CIRCUIT;
    if (atTime && solver.time >= this.nextSnapT && solver.time < maxTime) {
      this.snapshot();
      this.nextSnapT += maxTime / s.run.snapshots;
    }
    if ((solver.time >= this.nextSampleT || solver.events >= this.nextSampleE) && !done) {
      this.sample();
      while (this.nextSampleT <= solver.time) this.nextSampleT += maxTime / (s.run.samples - 1);
      while (this.nextSampleE <= solver.events) this.nextSampleE += Math.ceil(maxEvents / (s.run.samples - 1));
    }
    if (done) {
      this.stopReason = code === STOP_NO_EVENTS ? "noEvents" : code === STOP_SHORT_CIRCUIT ? "shortCircuit" : solver.events >= maxEvents ? "maxEvents" : "maxTime";
      this.sample();
      this.snapshot();
      this.done = true;
    }
    return done;
  }

  progress(): Progress {
    const s = this.scenario;
    const el = this.wallTime;
    return { time: this.solver.time, maxTime: s.run.maxTime_s, events: this.solver.events, maxEvents: s.run.maxEvents, eventsPerSecond: el > 0 ? this.solver.events / el : 0 };
  }

  /** Everything needed to continue this run exactly. */
  save(): CheckpointState {
    const m = this.model.saveState();
    const arrays: Record<string, ArrayBufferView> = {};
    for (const [k, v] of Object.entries(m.arrays)) arrays[`model.${k}`] = v;
    for (const c of TS_COLUMNS) arrays[`ts.${c}`] = Float64Array.from(this.rows[c]);
    for (const [k, v] of Object.entries(this.snap)) arrays[`snap.${k}`] = Float64Array.from(v);
    return {
      scalars: {
        model: m.scalars,
        rng: this.rng.state(),
        time: this.solver.time,
        events: this.solver.events,
        nsnap: this.nsnap,
        nextSampleT: this.nextSampleT,
        nextSampleE: this.nextSampleE,
        nextSnapT: this.nextSnapT,
        wall: this.wallTime,
      },
      arrays,
    };
  }

  result(): RunResult {
    const { model, a } = this.built;
    const built = this.built;
    const s = this.scenario;
    const rows = this.rows;
    const solver = this.solver;
    const atomsPerSite = model.m;
    const wall = this.wallTime;
    const c = model.counters;
    const deposited = (c.filled + c.inserted - c.oxidised - c.extracted) * atomsPerSite;
    const maxP = rows.maxPressure_Pa.reduce((x, y) => Math.max(x, y), 0);
    const lastMo = this.lastMorphology ?? this.sample();
    const timeseries: Columns = {};
    for (const k of TS_COLUMNS) timeseries[k] = Float64Array.from(rows[k]);
    const summary: Summary = {
      scenario: s,
      seed: this.seed,
      version: VERSION,
      outcome: model.shortCircuitTime !== null ? "short_circuit" : model.crack ? "cracked" : "completed",
      stopReason: this.stopReason,
      simulatedTime_s: solver.time,
      events: solver.events,
      wallTime_s: wall,
      eventsPerSecond: wall > 0 ? solver.events / wall : 0,
      coarseGrain: s.lattice.coarseGrain,
      lattice: { nx: built.lattice.nx, ny: built.lattice.ny, nz: built.lattice.nz, sites: built.lattice.sites, a_nm: a / NM },
      depositedAtoms: deposited,
      storedAtoms: model.storedExcess() * atomsPerSite,
      oxidisedAtoms: (c.oxidised + c.extracted) * atomsPerSite,
      chargePassed_C: deposited * ELEMENTARY_CHARGE_C,
      meanCurrentDensity_A_per_cm2: meanCurrentDensity(rows),
      maxPressure_Pa: maxP,
      finalHeight_nm: lastMo.height / NM,
      finalLateralExtent_nm: lastMo.lateralExtent / NM,
      contactArea_nm2: (model.contactSites * model.siteArea) / NM ** 2,
      hops: { bulk: c.hops[0], surface: c.hops[1], interface: c.hops[2], collector: c.hops[3] },
      rootGrowth: { moves: c.rootMoves, blocked: c.rootBlocked, blockedByBoxTop: c.topBlocked },
      crack: model.crack
        ? { initiated: true, time_s: model.crack.time, defectSize_nm: model.crack.defectSize / NM, kind: model.crack.kind, pressure_Pa: model.crack.pressure, mode: model.crack.mode }
        : { initiated: false, time_s: null, defectSize_nm: null, kind: null, pressure_Pa: null, mode: null },
      shortCircuit_s: model.shortCircuitTime,
      griffithStress_Pa: built.defects.length > 0 ? griffithStress(Math.max(...built.defects.map((d) => d.depth)), s.llzo.fracture.toughness_MPa_sqrt_m * 1e6, s.llzo.fracture.griffithY) : null,
      outsideModel: maxP > BCC_FCC_TRANSITION_PA,
      relief: { creep: c.creep * atomsPerSite, dislocation: c.dislocation * atomsPerSite, powerLaw: c.powerLaw * atomsPerSite },
      defects: built.defects.map((d) => ({ kind: d.kind, x_nm: d.x / NM, y_nm: d.y / NM, depth_nm: d.depth / NM, width_nm: d.width / NM, subgrid: !!d.subgrid })),
    };
    const snap = this.snap;
    const snapshots: Columns = {
      snapshot: Int32Array.from(snap.snapshot),
      time_s: Float64Array.from(snap.time_s),
      x_nm: Float32Array.from(snap.x_nm),
      y_nm: Float32Array.from(snap.y_nm),
      z_nm: Float32Array.from(snap.z_nm),
      species: Int8Array.from(snap.species),
      born_s: Float32Array.from(snap.born_s),
    };
    return { summary, timeseries, snapshots, built };
  }
}

export interface CheckpointState {
  scalars: Record<string, unknown>;
  arrays: Record<string, ArrayBufferView>;
}

function prefixed(arrays: Record<string, ArrayBufferView>, prefix: string): Record<string, ArrayBufferView> {
  const out: Record<string, ArrayBufferView> = {};
  for (const [k, v] of Object.entries(arrays)) if (k.startsWith(prefix)) out[k.slice(prefix.length)] = v;
  return out;
}

/** One simulation from start to end. */
export function simulate(s: Scenario, opts: SimulateOptions): RunResult {
  const sim = new Simulation(s, opts.seed);
  while (!sim.step(opts.chunk)) opts.onProgress?.(sim.progress());
  opts.onProgress?.(sim.progress());
  return sim.result();
}

/** Time-averaged current density over the contact (A/cm²), from the sampled series. */
function meanCurrentDensity(rows: Record<string, number[]>): number {
  const t = rows.time_s, j = rows.currentDensity_A_per_cm2;
  let num = 0, den = 0;
  for (let i = 1; i < t.length; i++) {
    const dt = t[i] - t[i - 1];
    num += 0.5 * (j[i] + j[i - 1]) * dt;
    den += dt;
  }
  return den > 0 ? num / den : 0;
}
