/**
 * What the views draw, as plain data: one run (summary, time series, snapshots) or one sweep (one
 * row per simulation), and the quantities derived from them (crack times, Griffith threshold,
 * growth rates, units). Shared by Node (src/viz/data.ts) and the browser (viz/app.ts): both read
 * the Arrow files with apache-arrow and hand the tables to `tableColumns`.
 */
import * as A from "apache-arrow";
import { LLZO_THEORETICAL_STRENGTH_GPA } from "../constants/materials.ts";
import { griffithStress as griffithStressSI } from "../mechanics/analytic.ts";

/** A column as plain data: numbers (NaN for null) or strings. */
export type Column = Float64Array | string[];
export type Columns = Record<string, Column>;

export const SPECIES = { li: 1, llzo: 2, cc: 3, wall: 4, crack: 5 } as const;

/** The species names of snapshots.arrow's dictionary column, as the codes above. */
export const SPECIES_BY_NAME: Readonly<Record<string, number>> = { Li: SPECIES.li, LLZO: SPECIES.llzo, CC: SPECIES.cc, Wall: SPECIES.wall };

/** Theoretical strength of LLZO (Pa), drawn on the pressure view. */
export const LLZO_THEORETICAL_STRENGTH_PA = LLZO_THEORETICAL_STRENGTH_GPA * 1e9;

/**
 * Every column of an Arrow table as plain data (numbers of any width, nulls as NaN, booleans as
 * 0/1, strings; a dictionary column as its names).
 */
export function tableColumns(t: A.Table): Columns {
  const out: Columns = {};
  for (const f of t.schema.fields) {
    const v = t.getChild(f.name);
    if (!v) continue;
    const type = f.type;
    const fast = (A.DataType.isFloat(type) || A.DataType.isInt(type)) && !(A.DataType.isFloat(type) && type.precision === A.Precision.HALF);
    if (fast) {
      const col = new Float64Array(v.length);
      let k = 0;
      for (const d of v.data) {
        const arr = d.values as ArrayLike<number | bigint>;
        const n = d.length;
        if (arr instanceof BigInt64Array || arr instanceof BigUint64Array) for (let i = 0; i < n; i++) col[k + i] = Number(arr[i]);
        else col.set((arr as Float64Array).subarray(0, n), k);
        if (d.nullCount > 0) for (let i = 0; i < n; i++) if (!d.getValid(i)) col[k + i] = Number.NaN;
        k += n;
      }
      out[f.name] = col;
    } else if (A.DataType.isDictionary(type)) {
      const names: string[] = new Array(v.length);
      let k = 0;
      for (const d of v.data) {
        const dict = d.dictionary ? Array.from(d.dictionary as Iterable<unknown>, (x) => (x == null ? "" : String(x))) : [];
        const idx = d.values as ArrayLike<number>;
        for (let i = 0; i < d.length; i++) names[k++] = d.getValid(i) ? (dict[Number(idx[i])] ?? "") : "";
      }
      out[f.name] = names;
    } else if (A.DataType.isUtf8(type) || A.DataType.isLargeUtf8(type)) {
      out[f.name] = Array.from(v as Iterable<string | null>, (s) => (s == null ? "" : String(s)));
    } else {
      const values = Array.from(v as Iterable<unknown>);
      const first = values.find((x) => x != null);
      if (typeof first === "string") out[f.name] = values.map((x) => (x == null ? "" : String(x)));
      else out[f.name] = Float64Array.from(values, (x) => (x == null ? Number.NaN : typeof x === "boolean" ? (x ? 1 : 0) : Number(x)));
    }
  }
  return out;
}

export function numeric(cols: Columns, name: string): Float64Array | null {
  const c = cols[name];
  return c instanceof Float64Array ? c : null;
}

// ---------------------------------------------------------------------------------------------
// Runs

/** The parts of summary.json that the views read; everything optional so that older or newer
 * summaries still draw. */
export interface RunSummary {
  scenario?: {
    description?: string;
    lattice?: { size_nm?: number[]; coarseGrain?: number };
    llzo?: { defects?: { kind?: string; depth_nm: number; x_nm?: number }[]; randomDefects?: { count: number; medianDepth_nm: number } | null };
    collector?: { kind?: string; shape?: string };
    electrical?: { mode?: string; currentDensity_A_per_cm2?: number };
  };
  seed?: number;
  version?: string;
  outcome?: string;
  simulatedTime_s?: number;
  events?: number;
  maxPressure_Pa?: number;
  finalHeight_nm?: number;
  finalLateralExtent_nm?: number;
  contactArea_nm2?: number;
  lattice?: { a_nm?: number };
  hops?: { bulk?: number; surface?: number; interface?: number; collector?: number };
  crack?: { initiated?: boolean; time_s?: number | null; defectSize_nm?: number | null; kind?: string | null };
  shortCircuit_s?: number | null;
  griffithStress_Pa?: number | null;
  [key: string]: unknown;
}

export interface TimeSeries {
  n: number;
  time_s: Float64Array;
  cols: Record<string, Float64Array>;
}

/** One snapshot: the drawn sites at one time, each column a view on the snapshot table. */
export interface Snapshot {
  index: number;
  time_s: number;
  n: number;
  x: Float64Array;
  y: Float64Array;
  z: Float64Array;
  species: Float64Array;
  born: Float64Array;
}

export interface RunData {
  name: string;
  summary: RunSummary;
  timeseries: TimeSeries | null;
  snapshots: Snapshot[] | null;
}

export function timeSeriesFrom(cols: Columns): TimeSeries {
  const numericCols: Record<string, Float64Array> = {};
  for (const [k, v] of Object.entries(cols)) if (v instanceof Float64Array) numericCols[k] = v;
  const time = numericCols.time_s;
  if (!time) throw new Error("timeseries has no time_s column");
  return { n: time.length, time_s: time, cols: numericCols };
}

const SNAPSHOT_COLUMNS = ["snapshot", "time_s", "x_nm", "y_nm", "z_nm", "species", "born_s"] as const;

/** Splits the snapshot table (one row per site per snapshot) into snapshots, in snapshot order. */
export function snapshotsFrom(cols: Columns): Snapshot[] {
  const c: Record<string, Float64Array> = {};
  for (const k of SNAPSHOT_COLUMNS) {
    const v = cols[k];
    if (v instanceof Float64Array) c[k] = v;
    else if (k === "species" && Array.isArray(v)) c[k] = Float64Array.from(v, (name) => SPECIES_BY_NAME[name] ?? 0);
    else if (k === "born_s" || k === "y_nm") c[k] = new Float64Array(cols.snapshot?.length ?? 0).fill(k === "born_s" ? Number.NaN : 0);
    else throw new Error(`snapshots have no numeric ${k} column`);
  }
  const n = c.snapshot.length;
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) if (c.snapshot[i] < c.snapshot[i - 1]) sorted = false;
  if (!sorted) {
    const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => c.snapshot[i] - c.snapshot[j] || i - j);
    for (const k of SNAPSHOT_COLUMNS) c[k] = Float64Array.from(order, (i) => c[k][i]);
  }
  const out: Snapshot[] = [];
  let start = 0;
  for (let i = 1; i <= n; i++) {
    if (i === n || c.snapshot[i] !== c.snapshot[start]) {
      out.push({
        index: c.snapshot[start],
        time_s: c.time_s[start],
        n: i - start,
        x: c.x_nm.subarray(start, i),
        y: c.y_nm.subarray(start, i),
        z: c.z_nm.subarray(start, i),
        species: c.species.subarray(start, i),
        born: c.born_s.subarray(start, i),
      });
      start = i;
    }
  }
  return out;
}

export function countSpecies(s: Snapshot, species: number): number {
  let k = 0;
  for (let i = 0; i < s.n; i++) if (s.species[i] === species) k++;
  return k;
}

/** Crack initiation and short circuit (s): from the summary when it says, else from crackState. */
export function crackTimes(run: RunData): { initiated: number | null; shortCircuit: number | null } {
  let initiated: number | null = null;
  let shortCircuit: number | null = null;
  const s = run.summary;
  if (s.crack && typeof s.crack.time_s === "number" && Number.isFinite(s.crack.time_s)) initiated = s.crack.time_s;
  if (typeof s.shortCircuit_s === "number" && Number.isFinite(s.shortCircuit_s)) shortCircuit = s.shortCircuit_s;
  const ts = run.timeseries;
  const state = ts?.cols.crackState;
  if (ts && state) {
    for (let i = 0; i < ts.n; i++) {
      if (initiated === null && state[i] >= 1) initiated = ts.time_s[i];
      if (shortCircuit === null && state[i] >= 2) shortCircuit = ts.time_s[i];
    }
  }
  if (initiated === null && shortCircuit !== null) initiated = shortCircuit;
  return { initiated, shortCircuit };
}

/** σc = K_IC/(Y·√(π·a)) of the default LLZO for a flaw of depth a (nm). */
export function griffithStress(depth_nm: number): number {
  return griffithStressSI(depth_nm * 1e-9);
}

/** The Griffith threshold of the largest defect: the summary's value when present, else computed
 * from the scenario's largest explicit defect; null when there is no defect to speak of. */
export function griffithThreshold(s: RunSummary): { stress_Pa: number; depth_nm: number | null } | null {
  const defects = s.scenario?.llzo?.defects ?? [];
  let depth: number | null = null;
  for (const d of defects) if (typeof d.depth_nm === "number" && d.depth_nm > 0 && (depth === null || d.depth_nm > depth)) depth = d.depth_nm;
  if (typeof s.griffithStress_Pa === "number" && Number.isFinite(s.griffithStress_Pa) && s.griffithStress_Pa > 0) {
    return { stress_Pa: s.griffithStress_Pa, depth_nm: depth ?? (typeof s.crack?.defectSize_nm === "number" ? s.crack.defectSize_nm : null) };
  }
  if (depth === null) return null;
  return { stress_Pa: griffithStress(depth), depth_nm: depth };
}

/** Least-squares slope of y against t over the finite points (0 when undefined). */
export function slope(t: ArrayLike<number>, y: ArrayLike<number>): number {
  let n = 0, st = 0, sy = 0, stt = 0, sty = 0;
  for (let i = 0; i < t.length; i++) {
    const a = t[i], b = y[i];
    if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
    n++; st += a; sy += b; stt += a * a; sty += a * b;
  }
  const den = n * stt - st * st;
  return n >= 2 && den > 0 ? (n * sty - st * sy) / den : 0;
}

/** Height and lateral growth rates (least squares over the run, nm/s) and their ratio. */
export function growthRates(time_s: ArrayLike<number>, height_nm: ArrayLike<number>, lateral_nm: ArrayLike<number>): { height: number; lateral: number; ratio: number } {
  const h = slope(time_s, height_nm);
  const l = slope(time_s, lateral_nm);
  const ratio = l !== 0 ? h / l : h === 0 ? Number.NaN : Math.sign(h) * Number.POSITIVE_INFINITY;
  return { height: h, lateral: l, ratio };
}

// ---------------------------------------------------------------------------------------------
// Sweeps

export interface SweepData {
  name: string;
  n: number;
  columns: Columns;
}

/** Swept scenario keys: columns named like scenario keys (dotted paths, or temperature_K). */
export function sweptKeys(cols: Columns): string[] {
  return Object.keys(cols).filter((k) => k.includes(".") || k === "temperature_K");
}

function distinctCount(c: Column): number {
  return new Set(Array.from(c as ArrayLike<number | string>)).size;
}

export const DEFAULT_SWEEP_AXES = ["electrical.currentDensity_A_per_cm2", "collector.stiffness_N_per_m"] as const;

/** The two keys of the morphology map: the defaults when swept, else the swept keys that vary
 * (the seed when fewer than two do). */
export function sweepAxes(cols: Columns, x?: string, y?: string): { x: string; y: string } {
  const keys = sweptKeys(cols);
  const varying = keys.filter((k) => distinctCount(cols[k]) > 1);
  const pool = [...DEFAULT_SWEEP_AXES.filter((k) => k in cols), ...varying, ...keys].filter((k, i, a) => a.indexOf(k) === i);
  if ("seed" in cols) pool.push("seed");
  const pick = (want: string | undefined, not?: string) => (want && want in cols ? want : pool.find((k) => k !== not) ?? "");
  const ax = pick(x);
  const ay = pick(y, ax);
  return { x: ax, y: ay };
}

export interface SweepPoint {
  row: number;
  x: number | string;
  y: number | string;
  height_nm: number;
  width_nm: number;
  aspect: number;
  cracked: boolean;
  outcome: string;
  seed: number;
}

function cell(c: Column | undefined, i: number): number | string {
  if (!c) return "";
  return c[i];
}

/** One point per simulation for the map over keys x and y. */
export function sweepPoints(s: SweepData, xKey: string, yKey: string): SweepPoint[] {
  const c = s.columns;
  const h = numeric(c, "finalHeight_nm");
  const w = numeric(c, "finalLateralExtent_nm");
  const cracked = c.cracked;
  const outcome = c.outcome;
  const seed = numeric(c, "seed");
  const pts: SweepPoint[] = [];
  for (let i = 0; i < s.n; i++) {
    const oc = outcome ? String(outcome[i]) : "";
    let cr = false;
    if (cracked instanceof Float64Array) cr = cracked[i] > 0;
    else if (Array.isArray(cracked)) cr = cracked[i] === "true" || cracked[i] === "1";
    if (oc === "cracked" || oc === "short_circuit") cr = true;
    const hi = h ? h[i] : Number.NaN;
    const wi = w ? w[i] : Number.NaN;
    pts.push({
      row: i,
      x: cell(c[xKey], i),
      y: cell(c[yKey], i),
      height_nm: hi,
      width_nm: wi,
      aspect: wi > 0 ? hi / wi : Number.NaN,
      cracked: cr,
      outcome: oc,
      seed: seed ? seed[i] : Number.NaN,
    });
  }
  return pts;
}

/** A run directory inside a sweep, with the key=value parts of its path. */
export interface SweepRun {
  path: string;
  params: Record<string, string>;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function parseHivePath(path: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const part of path.split("/")) {
    const eq = part.indexOf("=");
    if (eq > 0) params[decode(part.slice(0, eq))] = decode(part.slice(eq + 1));
  }
  return params;
}

function sameValue(a: number | string, b: string): boolean {
  if (typeof a === "number") {
    const nb = Number(b);
    if (!Number.isFinite(nb)) return String(a) === b;
    return a === nb || Math.abs(a - nb) <= 1e-9 * Math.max(Math.abs(a), Math.abs(nb));
  }
  return a === b;
}

/** The run directory of a sweep row: from the row's own path (the list in sweep.json, in row
 * order, or a path column) when the sweep has one, else the run whose key=value path parts all
 * equal the row's values. */
export function runOfRow(s: SweepData, row: number, runs: SweepRun[], rowPaths?: string[] | null): SweepRun | null {
  if (rowPaths && rowPaths.length === s.n && typeof rowPaths[row] === "string") {
    const p = rowPaths[row].replace(/^\.?\/+/, "").replace(/\/+$/, "");
    const hit = runs.find((r) => r.path === p);
    if (hit) return hit;
  }
  for (const k of ["path", "dir", "run"]) {
    const c = s.columns[k];
    if (Array.isArray(c) && c[row]) {
      const p = c[row].replace(/^\.?\/+/, "").replace(/\/+$/, "");
      return runs.find((r) => r.path === p) ?? { path: p, params: parseHivePath(p) };
    }
  }
  const matches = runs.filter((r) => {
    const keys = Object.keys(r.params);
    if (keys.length === 0) return false;
    return keys.every((k) => !(k in s.columns) || sameValue(s.columns[k][row], r.params[k]));
  });
  return matches.length === 1 ? matches[0] : null;
}
