/**
 * One simulation: a pure function of (scenario, seed, version). Builds the model, runs the solver
 * in chunks, samples the time series and the snapshots, and returns everything in memory.
 */
import type { Scenario } from "../scenario/schema.ts";
import { buildModel, type Built } from "../scenario/build.ts";
import { Solver, STOP_NO_EVENTS } from "../kmc/solver.ts";
import { isSeed } from "../scenario/seed.ts";
import { UserError } from "../errors.ts";
import { Rng } from "../kmc/rng.ts";
import { morphology, pressureStats, liVolume, growthStress, type Morphology } from "./observe.ts";
import { LI, EMPTY, WALL } from "../model/species.ts";
import { STOP_SHORT_CIRCUIT } from "../model/lidep/state.ts";
import { STOP_WALL } from "../model/lidep/walls.ts";
import { wallContact, wallStopReason } from "./walls.ts";
import { atEvents, eventColumns } from "./events.ts";
import { griffithStress } from "../mechanics/analytic.ts";
import { BCC_FCC_TRANSITION_PA } from "../mechanics/eos.ts";
import { ELEMENTARY_CHARGE_C } from "../constants/physical.ts";
import type { Columns } from "../io/arrow.ts";
import { provenance, SCHEMA_VERSION } from "./provenance.ts";
import { speciesIndex } from "./columns.ts";

const NM = 1e-9;

export type { CheckpointState, Outcome, Progress, RunResult, SimulateOptions, Summary, Timing } from "./summary.ts";
import type { CheckpointState, Progress, RunResult, SimulateOptions, Summary, Timing } from "./summary.ts";

/** Events (plus calls) without the simulated time advancing after which a run is stalled. */
const STALL_EVENTS = 10_000;

const TS_COLUMNS = [
  "time_s", "events", "reducedAtoms", "oxidisedAtoms", "depositedAtoms", "storedAtoms", "crackAtoms", "current_A", "currentDensity_A_per_cm2", "bias_V",
  "overpotential_V", "maxPressure_Pa", "meanPressure_Pa", "growthStress_Pa", "ccPosition_nm", "ccForce_N", "liVolume_nm3",
  "contactArea_nm2", "height_nm", "lateralExtent_nm", "footprint_nm", "hopsBulk", "hopsSurface", "hopsInterface",
  "hopsCollector", "crackState", "accelScaledPairs", "accelMinFactor", "accelMaxImbalance", "accelScaledHops",
] as const;

/**
 * A simulation in progress: the model, the solver, the sampled series and the schedule. It can be
 * advanced chunk by chunk, saved into a checkpoint and restored, and the restored run continues
 * the very same trajectory (the random stream, the rates, the schedule and the solver's kept
 * next-event time are all saved).
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
  /** Set when the run stopped as stalled (see Summary.stalled). */
  stalled: string | null = null;
  /** Events (and calls) since the simulated time last advanced (stall detection, `checkStall`). */
  private idle = 0;
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
    if (!isSeed(seed)) throw new UserError(`seed: expected a whole number from 0 to ${Number.MAX_SAFE_INTEGER}, found ${seed}`);
    this.built = buildModel(scenario, seed);
    for (const c of TS_COLUMNS) this.rows[c] = [];
    const s = scenario;
    this.nextSampleT = s.run.maxTime_s / (s.run.samples - 1);
    this.nextSampleE = Math.ceil(s.run.maxEvents / (s.run.samples - 1));
    this.nextSnapT = s.run.maxTime_s / s.run.snapshots;
    if (restore) {
      const sc = restore.scalars as Record<string, never>;
      // rows are kept in the layout of the outputs (species indices, the columns): a checkpoint of
      // another layout cannot continue into this one
      if (sc.schemaVersion !== SCHEMA_VERSION) throw new UserError(`checkpoint: written for output schema ${sc.schemaVersion ?? 0}, this lidep writes schema ${SCHEMA_VERSION}; resume it with the lidep that started the run`);
      this.built.model.loadState({ scalars: sc.model, arrays: Object.fromEntries(Object.entries(restore.arrays).filter(([k]) => k.startsWith("model.")).map(([k, v]) => [k.slice(6), v])) });
      this.rng = new Rng(seed, sc.rng);
      this.solver = new Solver(this.built.model, this.rng);
      this.solver.time = sc.time;
      this.solver.events = sc.events;
      this.solver.nullEvents = sc.nullEvents ?? 0;
      // the next event's time, drawn before the checkpoint's sample stop (null: none kept)
      this.solver.pendingTime = sc.pendingTime ?? Number.NaN;
      for (const c of TS_COLUMNS) this.rows[c] = Array.from(restore.arrays[`ts.${c}`] as Float64Array);
      for (const k of Object.keys(this.snap) as (keyof Simulation["snap"])[]) this.snap[k] = Array.from(restore.arrays[`snap.${k}`] as Float64Array);
      this.nsnap = sc.nsnap;
      this.nextSampleT = sc.nextSampleT;
      this.nextSampleE = sc.nextSampleE;
      this.nextSnapT = sc.nextSnapT;
      this.wallBefore = sc.wall;
      this.idle = (sc.idle as number | undefined) ?? 0;
    } else {
      this.rng = new Rng(seed);
      this.solver = new Solver(this.built.model, this.rng);
      // a state that is not finite from the start (rates that overflow for these inputs) is never recorded
      const bad = this.nonFiniteState();
      if (bad !== null) this.stopStalled(bad);
      else {
        this.sample();
        this.snapshot();
        // initial Li already on a wall (catalogue.ts): no event is performed
        if (this.model.st.stopCode === STOP_WALL) {
          this.stopReason = wallStopReason(this.model);
          this.done = true;
        }
      }
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
    const reduced = c.filled * atomsPerSite + c.insertedAtoms;
    const oxidised = c.oxidised * atomsPerSite + c.extractedAtoms;
    rows.time_s.push(this.solver.time);
    rows.events.push(this.solver.events);
    rows.reducedAtoms.push(reduced);
    rows.oxidisedAtoms.push(oxidised);
    rows.depositedAtoms.push(reduced - oxidised);
    rows.storedAtoms.push(model.storedExcess());
    rows.crackAtoms.push(model.cracks.heldAtoms());
    rows.current_A.push(model.current);
    rows.currentDensity_A_per_cm2.push(model.currentDensity / 1e4);
    // no bias in a galvanostatic run: NaN here, null in timeseries.arrow (run/columns.ts)
    rows.bias_V.push(s.electrical.mode === "potentiostatic" ? s.electrical.bias_V : Number.NaN);
    rows.overpotential_V.push(model.overpotential);
    rows.maxPressure_Pa.push(p.max);
    rows.meanPressure_Pa.push(p.mean);
    // only while the main body can rise: NaN here, null in timeseries.arrow (run/columns.ts)
    rows.growthStress_Pa.push(growthStress(model, mo.main));
    rows.ccPosition_nm.push(model.collectorDisplacement / NM);
    // a rigid collector's reaction force is not computed: NaN here, null in the file
    rows.ccForce_N.push(model.collector.kind === "rigid" ? Number.NaN : model.springForce());
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
    model.accel.sample(rows);
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
      snap.species.push(speciesIndex(sp));
      // only Li has a deposition time: NaN here, null in snapshots.arrow
      snap.born_s.push(sp === LI ? model.born[i] : Number.NaN);
    }
    this.nsnap++;
  }

  /**
   * Advances by at most `chunk` events. Neither chunks nor the sample and snapshot times change
   * the trajectory: at a sample time the solver keeps the next event's time (Solver.pendingTime)
   * and performs that event on the next call, so no random number is discarded or drawn twice and
   * the state sampled at time t is the state before the first event after t.
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
    const t0 = solver.time, e0 = solver.events;
    const code = solver.run(untilT, Math.min(untilE, chunk));
    const stall = this.checkStall(t0, e0);
    const atTime = solver.time >= untilT;
    const done = stall !== null || solver.time >= maxTime || solver.events >= maxEvents || code === STOP_NO_EVENTS || code === STOP_SHORT_CIRCUIT || code === STOP_WALL;
    if (atTime && solver.time >= this.nextSnapT && solver.time < maxTime) {
      this.snapshot();
      this.nextSnapT += maxTime / s.run.snapshots;
    }
    if ((solver.time >= this.nextSampleT || solver.events >= this.nextSampleE) && !done) {
      this.sample();
      while (this.nextSampleT <= solver.time) this.nextSampleT += maxTime / (s.run.samples - 1);
      while (this.nextSampleE <= solver.events) this.nextSampleE += Math.ceil(maxEvents / (s.run.samples - 1));
    }
    if (done && stall !== null) {
      // the last sample and snapshot are those taken before the stall: a non-finite state is never recorded
      this.stopStalled(stall);
    } else if (done) {
      this.stopReason = code === STOP_NO_EVENTS ? "noEvents" : code === STOP_SHORT_CIRCUIT ? "shortCircuit" : code === STOP_WALL ? wallStopReason(this.model) : solver.events >= maxEvents ? "maxEvents" : "maxTime";
      this.sample();
      this.snapshot();
      this.done = true;
    }
    return done;
  }

  /**
   * Null while the run advances; otherwise why it cannot: a non-finite time, total rate, current
   * or overpotential, or a simulated time that has not moved for STALL_EVENTS events (each
   * waiting time underflows against t) or as many calls.
   */
  private checkStall(t0: number, e0: number): string | null {
    const solver = this.solver;
    const bad = this.nonFiniteState();
    if (bad !== null) return bad;
    if (solver.time > t0) {
      this.idle = 0;
      return null;
    }
    this.idle += solver.events - e0 + 1;
    if (this.idle >= STALL_EVENTS) return `simulated time stuck at t = ${solver.time} s for ${this.idle} events and calls (total rate ${solver.totalRate()} /s: each waiting time vanishes against t)`;
    return null;
  }

  /** Null when the time, the total rate, the current and the overpotential are finite; else what is not. */
  private nonFiniteState(): string | null {
    const solver = this.solver;
    const m = this.model;
    const R = solver.totalRate();
    if (Number.isFinite(solver.time) && Number.isFinite(R) && Number.isFinite(m.current) && Number.isFinite(m.overpotential)) return null;
    return `non-finite state after ${solver.events} events at t = ${solver.time} s: total rate ${R} /s, current ${m.current} A, overpotential ${m.overpotential} V (rates that overflow for these inputs)`;
  }

  private stopStalled(why: string): void {
    this.stopReason = "stalled";
    this.stalled = why;
    this.done = true;
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
        schemaVersion: SCHEMA_VERSION,
        rng: this.rng.state(),
        time: this.solver.time,
        events: this.solver.events,
        nullEvents: this.solver.nullEvents,
        pendingTime: Number.isNaN(this.solver.pendingTime) ? null : this.solver.pendingTime,
        nsnap: this.nsnap,
        nextSampleT: this.nextSampleT,
        nextSampleE: this.nextSampleE,
        nextSnapT: this.nextSnapT,
        wall: this.wallTime,
        idle: this.idle,
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
    const reduced = c.filled * atomsPerSite + c.insertedAtoms;
    const oxidised = c.oxidised * atomsPerSite + c.extractedAtoms;
    const deposited = reduced - oxidised;
    const rec = model.st.records;
    // the peak over every event, never below what the samples saw (they read the same pressures)
    const maxP = Math.max(rec.peakPressure, rows.maxPressure_Pa.reduce((x, y) => Math.max(x, y), 0));
    const lastMo = this.lastMorphology ?? morphology(model, this.built.surfaceLayer, a);
    const timeseries: Columns = {};
    for (const k of TS_COLUMNS) timeseries[k] = Float64Array.from(rows[k]);
    const prov = provenance(s);
    const summary: Summary = {
      schemaVersion: prov.schemaVersion,
      scenario: s,
      seed: this.seed,
      version: prov.version,
      commit: prov.commit,
      paramsHash: prov.paramsHash,
      outcome: model.shortCircuitTime !== null ? "short_circuit" : model.crack ? "cracked" : "completed",
      stopReason: this.stopReason,
      stalled: this.stalled,
      simulatedTime_s: solver.time,
      events: solver.events,
      coarseGrain: s.lattice.coarseGrain,
      coarseGraining: model.p.coarseGraining,
      lattice: { nx: built.lattice.nx, ny: built.lattice.ny, nz: built.lattice.nz, sites: built.lattice.sites, a_nm: a / NM },
      depositedAtoms: deposited,
      reducedAtoms: reduced,
      storedAtoms: model.storedExcess(),
      oxidisedAtoms: oxidised,
      chargePassed_C: deposited * ELEMENTARY_CHARGE_C,
      // over the whole run: ∫I dt / ∫A dt of every inter-event interval
      meanCurrentDensity_A_per_cm2: rec.areaTime > 0 ? c.charge / rec.areaTime / 1e4 : 0,
      maxPressure_Pa: maxP,
      meanGrowthStress_Pa: meanOf(rows.growthStress_Pa),
      finalHeight_nm: lastMo.height / NM,
      finalLateralExtent_nm: lastMo.lateralExtent / NM,
      contactArea_nm2: (model.contactSites * model.siteArea) / NM ** 2,
      hops: { bulk: c.hops[0], surface: c.hops[1], interface: c.hops[2], collector: c.hops[3] },
      rootGrowth: { moves: c.rootMoves, blocked: c.rootBlocked, blockedByBoxTop: c.topBlocked },
      crack: model.crack
        ? { initiated: true, time_s: model.crack.time, defectSize_nm: model.crack.defectSize / NM, kind: model.crack.kind, pressure_Pa: model.crack.pressure, mode: model.crack.mode }
        : { initiated: false, time_s: null, defectSize_nm: null, kind: null, pressure_Pa: null, mode: null },
      shortCircuit_s: model.shortCircuitTime,
      wall: wallContact(this.built),
      griffithStress_Pa: built.defects.length > 0 ? griffithStress(built.defects.reduce((x, d) => Math.max(x, d.depth), 0), s.llzo.fracture.toughness_MPa_sqrt_m * 1e6, s.llzo.fracture.griffithY) : null,
      outsideModel: maxP > BCC_FCC_TRANSITION_PA,
      relief: { creep: (c.creep - c.creepReentry) * atomsPerSite, creepEmerged: c.creep * atomsPerSite, creepReentered: c.creepReentry * atomsPerSite, dislocation: c.dislocation * atomsPerSite, powerLaw: c.powerLaw * atomsPerSite },
      atEvents: atEvents(rec, maxP, atomsPerSite),
      defects: built.defects.map((d) => ({ kind: d.kind, x_nm: d.x / NM, y_nm: d.y / NM, depth_nm: d.depth / NM, width_nm: d.width / NM, subgrid: !!d.subgrid })),
      acceleration: model.accel.summary(),
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
    const timing: Timing = { wallTime_s: wall, eventsPerSecond: wall > 0 ? solver.events / wall : 0, node: process.version, platform: process.platform, arch: process.arch };
    const events = eventColumns(rec, model.siteArea);
    return { summary, timing, timeseries, snapshots, events, built };
  }
}

/** One simulation from start to end. */
export function simulate(s: Scenario, opts: SimulateOptions): RunResult {
  const sim = new Simulation(s, opts.seed);
  while (!sim.step(opts.chunk)) opts.onProgress?.(sim.progress());
  opts.onProgress?.(sim.progress());
  return sim.result();
}

/** Mean of the finite values of a column (null when there are none). */
function meanOf(xs: number[]): number | null {
  let sum = 0, n = 0;
  for (const x of xs) if (Number.isFinite(x)) { sum += x; n++; }
  return n > 0 ? sum / n : null;
}
