/**
 * The quantities the scoreboard compares, by the names `data/paper-reference.json` uses. Each is
 * a plain function of one seed's run (and, for ratios between runs, of the same seed's run of a
 * second scenario); it returns a number, a yes/no, a category, or null when that run did not
 * produce the quantity (e.g. no short circuit, so no penetration speed).
 *
 * Peaks and values at events (crack initiation, short circuit) are read from the summary's
 * event-level records, never from the sampled time series: samples can miss a peak between them
 * and fall after the event they are meant to describe.
 */
import { join } from "node:path";
import { existsSync, readFileSync } from "node:fs";
import { readArrow } from "../io/arrow.ts";
import {
  currentDensityForVelocity,
  griffithStress,
  overpotentialForStress,
  stressForOverpotential,
  whiskerDiameterForStress,
  LI_SURFACE_ENERGY,
} from "../mechanics/analytic.ts";
import type { Summary } from "../run/simulate.ts";
import type { Value } from "./verdict.ts";

export interface RunData {
  summary: Summary;
  ts: Record<string, Float64Array>;
  dir: string;
  /**
   * Set by `reproduce` when `--quick`'s event cap, not the scenario's own stop (its time, its
   * own event budget, a short circuit, the top of the box), ended this run: the window is not
   * the scenario's, and rows that read it are reported as too short to judge (rows.ts).
   */
  cutByQuickCap?: boolean;
}

export function loadRun(dir: string): RunData | null {
  if (!existsSync(join(dir, "summary.json"))) return null;
  const summary = JSON.parse(readFileSync(join(dir, "summary.json"), "utf8")) as Summary;
  const t = readArrow(join(dir, "timeseries.arrow"));
  const ts: Record<string, Float64Array> = {};
  for (const f of t.schema.fields) {
    const col = t.getChild(f.name)!;
    const out = new Float64Array(col.length);
    for (let i = 0; i < col.length; i++) {
      const v = col.get(i);
      out[i] = typeof v === "number" ? v : typeof v === "bigint" ? Number(v) : Number.NaN;
    }
    ts[f.name] = out;
  }
  return { summary, ts, dir };
}

/** What an observable sees: one seed's run of the entry's scenario, and of its reference scenario. */
export interface ObservableInput {
  run: RunData | null;
  reference: RunData | null;
  /** Runs of the Fig. 2d hypotheses (same seed), by slowed path. */
  slowed: Record<string, RunData | null>;
}

/** Least-squares slope of y(t) over the finite pairs. */
export function slope(t: ArrayLike<number>, y: ArrayLike<number>): number {
  let n = 0, st = 0, sy = 0, stt = 0, sty = 0;
  for (let i = 0; i < t.length; i++) {
    if (!Number.isFinite(t[i]) || !Number.isFinite(y[i])) continue;
    n++; st += t[i]; sy += y[i]; stt += t[i] * t[i]; sty += t[i] * y[i];
  }
  const den = n * stt - st * st;
  return n > 1 && den !== 0 ? (n * sty - st * sy) / den : 0;
}

/**
 * A ratio of two growth rates, a/b. A denominator below 1/1000 of |a| (or negative: that
 * direction shrank) counts as 1/1000 of |a|, so a growth in one direction only reads as 1000 (or
 * −1000), not as infinity; both rates zero gives null (no growth to compare).
 */
export function rateRatio(a: number, b: number): number | null {
  if (a === 0 && b === 0) return null;
  const floor = 1e-3 * Math.abs(a);
  return a / Math.max(b, floor);
}

const last = (a: Float64Array) => a[a.length - 1];

/** The state at time `at`: the value of the last sample taken at or before it (a sample is the exact state at its time). */
export function sampleAt(t: Float64Array, y: Float64Array, at: number): number {
  let v = y[0];
  for (let i = 0; i < t.length && t[i] <= at; i++) v = y[i];
  return v;
}

/** The last time the run was inside the model's range: its end, or just before a body first passed the b.c.c. limit. */
export function lastInside(r: RunData): number {
  const out = r.summary.atEvents?.leftModel_s ?? null;
  const end = last(r.ts.time_s);
  if (out === null) return end;
  let t = r.ts.time_s[0];
  for (const x of r.ts.time_s) if (x < out) t = x;
  return t;
}

/** Value of y at time t by linear interpolation of the sampled series (clamped to its ends). */
export function valueAt(t: Float64Array, y: Float64Array, at: number): number {
  if (at <= t[0]) return y[0];
  for (let i = 1; i < t.length; i++) {
    if (t[i] >= at) {
      const f = (at - t[i - 1]) / (t[i] - t[i - 1] || 1);
      return y[i - 1] + f * (y[i] - y[i - 1]);
    }
  }
  return last(y);
}

/** The summary's event-level records (`atEvents`; null in runs without them). */
function events(s: Summary) {
  return (s as Summary & { atEvents?: EventRecords }).atEvents ?? null;
}

type EventRecords = Summary["atEvents"];

const PATH_NAMES = ["bulk", "surface", "interface", "collector"] as const;

type Observable = (x: ObservableInput) => Value;

const needRun = (f: (r: RunData) => Value): Observable => (x) => (x.run ? f(x.run) : null);

export const OBSERVABLES: Record<string, Observable> = {
  // the paper's closed forms, evaluated by lidep's analytic module (Eqs. 1–3, i = vF/Vm)
  "formula.griffith.10nm": () => griffithStress(10e-9) / 1e9,
  "formula.griffith.100nm": () => griffithStress(100e-9) / 1e9,
  "formula.overpotential.10nm": () => overpotentialForStress(griffithStress(10e-9)),
  "formula.overpotential.100nm": () => overpotentialForStress(griffithStress(100e-9)),
  "formula.currentForVelocity.1940nm_per_s": () => currentDensityForVelocity(1940e-9) / 1e4,
  "formula.stressForOverpotential.1.65mV": () => stressForOverpotential(1.65e-3) / 1e6,
  "formula.whiskerDiameter.12MPa": () => whiskerDiameterForStress(12e6) * 1e9,

  contactAreaGrowth: needRun((r) => {
    const A = r.ts.contactArea_nm2;
    return A[0] > 0 ? last(A) / A[0] : null;
  }),
  lateralOverVerticalRate: needRun((r) => rateRatio(slope(r.ts.time_s, r.ts.lateralExtent_nm), slope(r.ts.time_s, r.ts.height_nm))),
  verticalOverLateralRate: needRun((r) => rateRatio(slope(r.ts.time_s, r.ts.height_nm), slope(r.ts.time_s, r.ts.lateralExtent_nm))),
  topFacet: needRun((r) => topFacet(r)),
  peakPressure_GPa: needRun((r) => peak(r) / 1e9),
  peakPressure_MPa: needRun((r) => peak(r) / 1e6),
  // Eq. 2's ceiling is an equilibrium bound, met by the time-averaged pressure: a small body's
  // pressure fluctuates thermally by σ_p = √(K0·kT_n/(Ω_n·N)) (≈ 1.5 GPa for one site at n = 4,
  // test/pressure.test.ts), so its event-level peak is not what the bound limits
  steadyPressure_GPa: needRun((r) => {
    const m = secondHalfMean(r.ts.time_s, r.ts.maxPressure_Pa);
    return m === null ? null : m / 1e9;
  }),
  tipPushedByRootGrowth: needRun((r) => r.summary.rootGrowth.moves > 0 && Math.max(...r.ts.ccPosition_nm) > 0),
  meanCurrentDensity_A_per_cm2: needRun((r) => r.summary.meanCurrentDensity_A_per_cm2),
  meanCurrentDensity_mA_per_cm2: needRun((r) => r.summary.meanCurrentDensity_A_per_cm2 * 1e3),
  dominantNetPath: needRun((r) => {
    const ev = events(r.summary);
    if (!ev) return null;
    let best: (typeof PATH_NAMES)[number] = "bulk";
    for (const p of PATH_NAMES) if (ev.netHops[p] > ev.netHops[best]) best = p;
    return best;
  }),
  mostLimitingPath: (x) => {
    if (!x.run) return null;
    const base = slope(x.run.ts.time_s, x.run.ts.lateralExtent_nm);
    let best: string | null = null;
    let bestRatio = Infinity;
    for (const [path, r] of Object.entries(x.slowed)) {
      if (!r) return null;
      const ratio = slope(r.ts.time_s, r.ts.lateralExtent_nm) / (base || 1e-30);
      if (ratio < bestRatio) {
        bestRatio = ratio;
        best = path;
      }
    }
    return best;
  },
  meanGrowthStress_MPa: needRun((r) => (r.summary.meanGrowthStress_Pa === null || r.summary.meanGrowthStress_Pa === undefined ? null : r.summary.meanGrowthStress_Pa / 1e6)),
  // Eq. 3 on the simulated ridge: γ·s/A = 2γ/w, w the footprint at the end (the paper's γ)
  growthStressOverEq3: needRun((r) => {
    const g = r.summary.meanGrowthStress_Pa;
    const w = last(r.ts.footprint_nm) * 1e-9;
    return g === null || g === undefined || !(w > 0) ? null : g / ((2 * LI_SURFACE_ENERGY) / w);
  }),
  // the shape over time (a whisker grows from its root at its own width): the main body's width
  // gain over its height gain, first sample to last; null without a height gain
  widthGainOverHeightGain: needRun((r) => {
    const dh = last(r.ts.height_nm) - r.ts.height_nm[0];
    return dh > 0 ? (last(r.ts.lateralExtent_nm) - r.ts.lateralExtent_nm[0]) / dh : null;
  }),
  aspectRatio: needRun((r) => (r.summary.finalLateralExtent_nm > 0 ? r.summary.finalHeight_nm / r.summary.finalLateralExtent_nm : null)),
  contactOverMaxWidth: needRun((r) => {
    const w = last(r.ts.lateralExtent_nm);
    return w > 0 ? last(r.ts.footprint_nm) / w : null;
  }),
  cracked: needRun((r) => r.summary.crack.initiated),
  crackPressure_GPa: needRun((r) => (r.summary.crack.pressure_Pa === null ? null : r.summary.crack.pressure_Pa / 1e9)),
  currentDensityAtCrack_A_per_cm2: needRun((r) => events(r.summary)?.currentDensityAtCrack_A_per_cm2 ?? null),
  // the pulse: the largest current density from initiation to the short circuit over the one in force at initiation
  currentJumpAtCrack: needRun((r) => {
    const ev = events(r.summary);
    if (!ev || ev.currentDensityAtCrack_A_per_cm2 === null || ev.maxCurrentDensityAfterCrack_A_per_cm2 === null) return null;
    return ev.currentDensityAtCrack_A_per_cm2 > 0 ? ev.maxCurrentDensityAfterCrack_A_per_cm2 / ev.currentDensityAtCrack_A_per_cm2 : null;
  }),
  penetrationSpeed_mm_per_s: needRun((r) => {
    const s = r.summary;
    if (!s.crack.initiated || s.shortCircuit_s === null) return null;
    const dt = s.shortCircuit_s - s.crack.time_s!;
    return dt > 0 ? (s.scenario.llzo.thickness_nm * 1e-9) / dt / 1e-3 : null;
  }),
  growthVelocity_nm_per_s: needRun((r) => slope(r.ts.time_s, r.ts.height_nm)),
  // the two runs' pressures at the latest sample time both reached inside the model's range
  pressureRatioAtEqualTime: (x) => {
    if (!x.run || !x.reference) return null;
    const t = Math.min(lastInside(x.run), lastInside(x.reference));
    const p = sampleAt(x.run.ts.time_s, x.run.ts.maxPressure_Pa, t);
    const p0 = sampleAt(x.reference.ts.time_s, x.reference.ts.maxPressure_Pa, t);
    return p0 > 0 ? p / p0 : null;
  },
  // first sample at or past the Griffith stress (a reported row, with no paper value: the samples' resolution is stated in the report's runs table)
  timeToGriffith100nm_us: needRun((r) => {
    const sc = griffithStress(100e-9);
    const i = Array.from(r.ts.maxPressure_Pa).findIndex((p) => p >= sc);
    return i < 0 ? null : r.ts.time_s[i] * 1e6;
  }),
};

/**
 * Time average of a sampled series over the window's second half (t ≥ t_end/2), each sample
 * holding until the next: the steady value once the start-up transient is over. NaN-free input.
 */
export function secondHalfMean(t: Float64Array, y: Float64Array): number | null {
  const n = t.length;
  if (n < 2) return null;
  const t0 = t[n - 1] / 2;
  let area = 0, span = 0;
  for (let i = 0; i < n - 1; i++) {
    const a = Math.max(t[i], t0), b = t[i + 1];
    if (b <= a) continue;
    area += y[i] * (b - a);
    span += b - a;
  }
  return span > 0 ? area / span : null;
}

/** Highest pressure of the run: the event-level peak when recorded, else the sampled one. */
function peak(r: RunData): number {
  return events(r.summary)?.peakPressure_Pa ?? r.summary.maxPressure_Pa;
}

/**
 * The most frequent facet among the terrace sites of the main body's upper half, from the last
 * snapshot: a b.c.c. surface atom with 6 of 8 first and 4 of 6 second neighbours sits on a {110}
 * terrace, with 4 and 5 on a {100} terrace (counted on the half-cell grid); other sites (steps,
 * kinks, higher-index terraces) count as "other".
 */
export function topFacet(r: RunData): string | null {
  const file = join(r.dir, "snapshots.arrow");
  if (!existsSync(file)) return null;
  const t = readArrow(file);
  const snap = t.getChild("snapshot")!.toArray() as Int32Array;
  const lastSnap = snap[snap.length - 1];
  const a = r.summary.lattice.a_nm;
  const ny = r.summary.lattice.ny;
  const xs = t.getChild("x_nm")!, ys = t.getChild("y_nm")!, zs = t.getChild("z_nm")!, sp = t.getChild("species")!;
  const wy = (y: number) => (ny > 0 ? ((y % (2 * ny)) + 2 * ny) % (2 * ny) : y);
  const key = (x: number, y: number, z: number) => `${x},${wy(y)},${z}`;
  const li = new Set<string>();
  const occupied = new Set<string>();
  const pts: [number, number, number][] = [];
  let zmax = -Infinity, zmin = Infinity;
  for (let i = 0; i < snap.length; i++) {
    if (snap[i] !== lastSnap) continue;
    const x = Math.round((2 * xs.get(i)) / a), y = Math.round((2 * ys.get(i)) / a), z = Math.round((2 * zs.get(i)) / a);
    const k = key(x, y, z);
    occupied.add(k);
    const s = sp.get(i);
    if (s === 1 || s === "Li") {
      li.add(k);
      pts.push([x, y, z]);
      zmax = Math.max(zmax, z);
      zmin = Math.min(zmin, z);
    }
  }
  const counts: Record<string, number> = { "110": 0, "100": 0, other: 0 };
  const mid = 0.5 * (zmax + zmin);
  for (const [x, y, z] of pts) {
    if (z < mid) continue;
    let n1 = 0, empty = 0;
    for (const dx of [-1, 1]) for (const dy of [-1, 1]) for (const dz of [-1, 1]) {
      const k = key(x + dx, y + dy, z + dz);
      if (li.has(k)) n1++;
      else if (!occupied.has(k)) empty++;
    }
    if (empty === 0) continue; // not a surface site
    let n2 = 0;
    for (const [dx, dy, dz] of [[2, 0, 0], [-2, 0, 0], [0, 2, 0], [0, -2, 0], [0, 0, 2], [0, 0, -2]]) if (li.has(key(x + dx, y + dy, z + dz))) n2++;
    counts[n1 === 6 && n2 === 4 ? "110" : n1 === 4 && n2 === 5 ? "100" : "other"]++;
  }
  const total = counts["110"] + counts["100"] + counts.other;
  if (total === 0) return null;
  return counts["110"] >= counts["100"] && counts["110"] >= counts.other ? "110" : counts["100"] >= counts.other ? "100" : "other";
}
