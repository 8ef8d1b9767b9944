/**
 * `lidep converge` (issue 17, item 3): a scenario run accelerated and unaccelerated over the same
 * seeds to the same simulated time, each observable compared by an equivalence test (TOST,
 * stats.ts) within a stated margin, and the surface-transport constant B compared directly
 * (mullins.ts). A pure function of (scenario, seeds, window, version).
 *
 * Margins (stated, numerical-method tolerances, not physics): 20 % of the reference mean, with a
 * floor for quantities that may be near zero — one coarse lattice constant for lengths, four
 * interface sites for the contact area, 1 MPa for pressures, 0.05 for the aspect ratio, 1e-4
 * A/cm² for the current density, 10 % of the window for the crack time — and 25 % for B's decay
 * rate (a noisier fit).
 */
import type { Scenario } from "../scenario/schema.ts";
import { resolveScenario } from "../scenario/load.ts";
import { Simulation } from "../run/simulate.ts";
import { modelParams } from "../scenario/build.ts";
import { UserError } from "../errors.ts";
import { LI_LATTICE_CONSTANT_M } from "../constants/physical.ts";
import { mean, pairedTost, sd, tost, underpowered, type Equivalence } from "./stats.ts";
import { decayRate, relaxationTime } from "./mullins.ts";

export const RELATIVE_MARGIN = 0.2;
export const B_MARGIN = 0.25;
/**
 * Growth a window needs (median over the reference seeds), unless every run cracked: 10 root-growth
 * moves, or — under a rigid collector, where the body cannot rise and its growth goes through
 * insertion and relief instead — 10 layers' worth of deposited atoms over its contact (deposited
 * atoms / (contact sites · n³)): the same amount of growth as 10 moves of a rising body.
 */
export const MIN_ROOT_MOVES = 10;

export interface RunObservables {
  seed: number;
  events: number;
  cpu_s: number;
  time_s: number;
  heights: number[];
  lateralExtent_nm: number;
  aspectRatio: number;
  contactArea_nm2: number;
  peakPressure_Pa: number;
  meanPressure_Pa: number;
  currentDensity_A_per_cm2: number;
  crackTime_s: number | null;
  rootMoves: number;
  /** Deposited atoms over one layer of the final contact (contact sites · n³). */
  depositedLayers: number;
  scaledPairs: { index: number; minFactor: number }[];
  stopReason: string;
}

export interface Row {
  name: string;
  unit: string;
  reference: number[];
  test: number[];
  /** null when the test could not be made (e.g. crack times that only some runs have), with why. */
  result: Equivalence | null;
  note: string;
  pass: boolean;
}

export interface ConvergeReport {
  window_s: number;
  seeds: number[];
  reference: RunObservables[];
  test: RunObservables[];
  rows: Row[];
  pass: boolean;
  eventsPerSimSecond: { reference: number; test: number };
  cpuPerSimSecond: { reference: number; test: number };
}

export interface ConvergeOptions {
  scenario: Scenario;
  /** Overrides of the test arm only (resolved on top of the scenario): e.g. a hand-set rate factor. */
  testDoc?: (doc: Scenario) => unknown;
  seeds: number;
  untilTime?: number;
  /** Mullins runs per arm (default: the seeds). */
  bSeeds?: number;
  onProgress?: (what: string) => void;
}

/** The scenario of one arm: acceleration on or off, the window as its end. */
function arm(s: Scenario, accelerate: boolean, T: number): Scenario {
  return resolveScenario({ ...s, acceleration: { ...s.acceleration, enabled: accelerate }, run: { ...s.run, maxTime_s: T } });
}

/** One run of `s` with `seed` to its end (the window T: heights at T/3, 2T/3 and T), its observables and cost; also used by scripts/n-invariance.ts. */
export function observe(s: Scenario, seed: number, T: number, NM = 1e-9, inspect?: (sim: Simulation) => void): RunObservables {
  const c0 = process.cpuUsage();
  const sim = new Simulation(s, seed);
  while (!sim.step()) {
    /* run */
  }
  const r = sim.result();
  const cu = process.cpuUsage(c0);
  inspect?.(sim);
  const sm = r.summary;
  const ts = r.timeseries;
  const t = ts.time_s as Float64Array, h = ts.height_nm as Float64Array, mp = ts.meanPressure_Pa as Float64Array;
  const at = (x: number) => {
    let v = h[0];
    for (let i = 0; i < t.length && t[i] <= x; i++) v = h[i];
    return v;
  };
  // time average of the contact-weighted mean pressure, trapezoids over the samples
  let area = 0;
  for (let i = 1; i < t.length; i++) area += 0.5 * (mp[i] + mp[i - 1]) * (t[i] - t[i - 1]);
  const span = t[t.length - 1] - t[0];
  void NM;
  return {
    seed,
    events: sim.solver.events,
    cpu_s: (cu.user + cu.system) / 1e6,
    time_s: sm.simulatedTime_s,
    heights: [at(T / 3), at((2 * T) / 3), sm.finalHeight_nm],
    lateralExtent_nm: sm.finalLateralExtent_nm,
    aspectRatio: sm.finalLateralExtent_nm > 0 ? sm.finalHeight_nm / sm.finalLateralExtent_nm : 0,
    contactArea_nm2: sm.contactArea_nm2,
    peakPressure_Pa: sm.maxPressure_Pa,
    meanPressure_Pa: span > 0 ? area / span : mp[0],
    currentDensity_A_per_cm2: sm.meanCurrentDensity_A_per_cm2,
    crackTime_s: sm.crack.initiated ? sm.crack.time_s : null,
    rootMoves: sm.rootGrowth.moves,
    depositedLayers: sim.model.contactSites > 0 ? sm.depositedAtoms / (sim.model.contactSites * sim.model.m) : 0,
    scaledPairs: sm.acceleration.pairs.map((p) => ({ index: p.index, minFactor: p.minFactor })),
    stopReason: sm.stopReason,
  };
}

function row(name: string, unit: string, ref: number[], test: number[], floor: number, relative = RELATIVE_MARGIN, note = ""): Row {
  const margin = Math.max(relative * Math.abs(mean(ref)), floor);
  const result = pairedTost(test, ref, margin);
  const weak = underpowered(result, ref.length);
  const power = weak ? `; underpowered: the 90 % CI's half-width ${weak.halfWidth.toPrecision(3)} exceeds the margin, so no difference could be shown within it with ${ref.length} seeds (about ${weak.seedsForHalfMargin} would bring it to half the margin)` : "";
  return { name, unit, reference: ref, test, result, note: (note || `margin max(${relative * 100} % of the reference, ${floor.toPrecision(2)} ${unit})`) + power, pass: result.equivalent };
}

export function converge(o: ConvergeOptions): ConvergeReport {
  const s = o.scenario;
  const T = o.untilTime ?? s.run.maxTime_s;
  if (!(T > 0)) throw new UserError(`converge: --until-time: expected a positive time in s, found ${T}`);
  if (o.seeds < 2) throw new UserError(`converge: --seeds: expected at least 2 (a difference needs a spread on both sides), found ${o.seeds}`);
  if (o.bSeeds !== undefined && !(Number.isInteger(o.bSeeds) && o.bSeeds >= 2)) throw new UserError(`converge: --b-seeds: expected an integer of at least 2, found ${o.bSeeds}`);
  const seeds = Array.from({ length: o.seeds }, (_, i) => i + 1);
  const refS = arm(s, false, T);
  const testS = o.testDoc ? resolveScenario(o.testDoc(arm(s, true, T))) : arm(s, true, T);
  const reference: RunObservables[] = [], test: RunObservables[] = [];
  const reached = (runs: RunObservables[]) => {
    for (const r of runs)
      if (r.time_s < T * (1 - 1e-9) && r.stopReason !== "shortCircuit")
        throw new UserError(`converge: seed ${r.seed} stopped at t = ${r.time_s} s (${r.stopReason}) before the window's end ${T} s: shorten --until-time or raise run.maxEvents`);
  };
  // the reference arm first: a window too short is refused before the accelerated runs
  for (const seed of seeds) {
    o.onProgress?.(`reference seed ${seed}`);
    reference.push(observe(refS, seed, T));
  }
  reached(reference);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const moves = median(reference.map((r) => r.rootMoves));
  const layers = median(reference.map((r) => r.depositedLayers));
  const allCracked = reference.every((r) => r.crackTime_s !== null);
  if (moves < MIN_ROOT_MOVES && layers < MIN_ROOT_MOVES && !allCracked)
    throw new UserError(`converge: the window of ${T} s is too short to judge: the reference runs made a median of ${moves} root-growth moves and deposited ${layers.toFixed(1)} layers over their contact (need ${MIN_ROOT_MOVES} of either) and not all cracked; lengthen --until-time`);
  for (const seed of seeds) {
    o.onProgress?.(`accelerated seed ${seed}`);
    test.push(observe(testS, seed, T));
  }
  reached(test);

  const n = s.lattice.coarseGrain;
  const a_nm = (n * LI_LATTICE_CONSTANT_M) / 1e-9;
  const siteArea = (n * LI_LATTICE_CONSTANT_M * 1e9) ** 2;
  const rows: Row[] = [];
  const col = (xs: RunObservables[], f: (r: RunObservables) => number) => xs.map(f);
  ["T/3", "2T/3", "T"].forEach((label, i) => rows.push(row(`height at ${label}`, "nm", col(reference, (r) => r.heights[i]), col(test, (r) => r.heights[i]), a_nm)));
  rows.push(row("lateral extent", "nm", col(reference, (r) => r.lateralExtent_nm), col(test, (r) => r.lateralExtent_nm), a_nm));
  rows.push(row("aspect ratio", "1", col(reference, (r) => r.aspectRatio), col(test, (r) => r.aspectRatio), 0.05));
  rows.push(row("contact area", "nm^2", col(reference, (r) => r.contactArea_nm2), col(test, (r) => r.contactArea_nm2), 4 * siteArea));
  rows.push(row("peak pressure", "Pa", col(reference, (r) => r.peakPressure_Pa), col(test, (r) => r.peakPressure_Pa), 1e6));
  rows.push(row("mean pressure", "Pa", col(reference, (r) => r.meanPressure_Pa), col(test, (r) => r.meanPressure_Pa), 1e6));
  rows.push(row("current density", "A/cm^2", col(reference, (r) => r.currentDensity_A_per_cm2), col(test, (r) => r.currentDensity_A_per_cm2), 1e-4));
  rows.push(crackRow(reference, test, T));

  // B, directly: Mullins relaxation with the scenario's material, without and with the factors
  const frozen = new Map<number, number>();
  for (const r of test) for (const p of r.scaledPairs) frozen.set(p.index, Math.min(frozen.get(p.index) ?? 1, p.minFactor));
  const pairs = [...frozen.entries()].map(([index, factor]) => ({ index, factor }));
  const refP = modelParams(refS), testP = modelParams(testS);
  o.onProgress?.("B: relaxation time");
  const tB = relaxationTime(refP, "converge-B-0", 0.3, 2_000_000);
  const bSeeds = Array.from({ length: o.bSeeds ?? Math.max(o.seeds, 4) }, (_, i) => i + 1);
  const gRef: number[] = [], gTest: number[] = [];
  if (Number.isFinite(tB)) {
    for (const b of bSeeds) {
      o.onProgress?.(`B: seed ${b}`);
      gRef.push(decayRate(refP, [], `converge-B-${b}`, tB, 12));
      gTest.push(decayRate(testP, pairs, `converge-B-${b}`, tB, 12));
    }
  }
  if (gRef.length >= 2 && [...gRef, ...gTest].every(Number.isFinite)) {
    rows.push(row("surface transport B (Mullins decay rate)", "1/s", gRef, gTest, 0, B_MARGIN, `margin ${B_MARGIN * 100} % of the reference; ${pairs.length} scaled pair(s) applied at their lowest factors`));
  } else {
    rows.push({ name: "surface transport B (Mullins decay rate)", unit: "1/s", reference: gRef, test: gTest, result: null, note: "the sinusoid did not relax measurably within the event budget", pass: false });
  }
  const sum = (xs: RunObservables[], f: (r: RunObservables) => number) => xs.reduce((acc, r) => acc + f(r), 0);
  return {
    window_s: T,
    seeds,
    reference,
    test,
    rows,
    pass: rows.every((r) => r.pass),
    eventsPerSimSecond: { reference: sum(reference, (r) => r.events) / sum(reference, (r) => r.time_s), test: sum(test, (r) => r.events) / sum(test, (r) => r.time_s) },
    cpuPerSimSecond: { reference: sum(reference, (r) => r.cpu_s) / sum(reference, (r) => r.time_s), test: sum(test, (r) => r.cpu_s) / sum(test, (r) => r.time_s) },
  };
}

/** Crack time: both arms crack in every run (TOST on the times), or in none (equal); otherwise the counts must agree within one run and the times are not compared. */
function crackRow(reference: RunObservables[], test: RunObservables[], T: number): Row {
  const rc = reference.filter((r) => r.crackTime_s !== null).length, tc = test.filter((r) => r.crackTime_s !== null).length;
  const name = "crack time", unit = "s";
  const times = (xs: RunObservables[]) => xs.map((r) => r.crackTime_s).filter((x): x is number => x !== null);
  if (rc === reference.length && tc === test.length) return row(name, unit, times(reference), times(test), 0.1 * T, RELATIVE_MARGIN);
  const pass = Math.abs(rc - tc) <= 1 && (rc === 0 || rc < 2 || tc < 2 || tost(times(test), times(reference), Math.max(RELATIVE_MARGIN * mean(times(reference)), 0.1 * T)).equivalent);
  return { name, unit, reference: times(reference), test: times(test), result: null, note: `cracked in ${rc}/${reference.length} reference and ${tc}/${test.length} accelerated runs (equivalent: counts within one run${rc >= 2 && tc >= 2 ? ", times within the margin" : ""})`, pass };
}

/** The report as text: one line per observable. */
export function formatReport(r: ConvergeReport): string {
  const f = (x: number) => (Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-2 && x !== 0) ? x.toExponential(3) : x.toFixed(3));
  const lines = [`converge: window ${r.window_s} s, seeds ${r.seeds.join(", ")}; test = accelerated, reference = unaccelerated; paired TOST at α = 0.05 (seed i of both arms starts from one random stream; 90 % CI of the mean difference inside ±margin)`];
  lines.push(`events per simulated second: reference ${f(r.eventsPerSimSecond.reference)}, accelerated ${f(r.eventsPerSimSecond.test)} (${f(r.eventsPerSimSecond.reference / r.eventsPerSimSecond.test)}× fewer); CPU s per simulated s: ${f(r.cpuPerSimSecond.reference)} vs ${f(r.cpuPerSimSecond.test)}`);
  for (const row of r.rows) {
    const m = (xs: number[]) => (xs.length ? `${f(mean(xs))} ± ${f(sd(xs))}` : "—");
    const e = row.result;
    const d = e ? `diff ${f(e.diff)} ± ${f(e.se)} (90 % CI ${f(e.ciLow)} … ${f(e.ciHigh)}), margin ±${f(e.margin)}` : "";
    lines.push(`${row.pass ? "PASS" : "FAIL"}  ${row.name} [${row.unit}]: reference ${m(row.reference)}, accelerated ${m(row.test)}; ${d}${d ? "; " : ""}${row.note}`);
  }
  lines.push(r.pass ? "converge: PASS — every observable equivalent within its margin" : `converge: FAIL — ${r.rows.filter((x) => !x.pass).map((x) => x.name).join(", ")} not shown equivalent`);
  return lines.join("\n") + "\n";
}
