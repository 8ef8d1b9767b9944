/**
 * The sweep file: a base scenario, overrides applied to every run, a grid whose Cartesian product
 * gives the points, and the seeds every point runs (common random numbers across the points).
 *
 *   {
 *     "description": "…",
 *     "scenario": "../default.json",                  // relative to the sweep file
 *     "overrides": { "run.maxTime_s": 0.01 },          // optional, applied to every run
 *     "grid": { "electrical.currentDensity_A_per_cm2": [0.004, 0.4, 4],
 *               "collector.kind": ["rigid", "free"] },
 *     "seeds": [1, 2]                                  // or "replicas": N with "baseSeed": S
 *   }
 *
 * `loadSweep` validates the file (zod) and resolves every point's scenario before anything runs,
 * so a mistake is reported at once, in one line naming the sweep file and the key.
 */
import { dirname, resolve, basename } from "node:path";
import { z } from "zod";
import { UserError, describeValue } from "../errors.ts";
import { applyOverrides, formatIssues, readScenarioFile, resolveScenario } from "../scenario/load.ts";
import { readJsonFile, requireObject } from "../scenario/document.ts";
import { MAX_BATCH_SIMULATIONS } from "../scenario/limits.ts";
import type { Scenario } from "../scenario/schema.ts";

export type GridValue = number | string | boolean;

const GridValueSchema = z.union([z.number(), z.string().min(1), z.boolean()], { error: "expected a number, a string or a boolean" });

export const SweepSchema = z.strictObject({
  description: z.string().default(""),
  /** The base scenario file, relative to the sweep file. */
  scenario: z.string().min(1),
  /** Scenario keys (dot paths) set for every run, before the grid's. */
  overrides: z.record(z.string().min(1), z.unknown()).default({}),
  /** Scenario keys (dot paths) and the values each takes; the points are their Cartesian product. */
  grid: z.record(z.string().min(1), z.array(GridValueSchema).min(1)).default({}),
  /** The seeds every point runs (whole numbers from 0 to 2^53 − 1, seed.ts). */
  seeds: z.array(z.number().int().min(0)).min(1).optional(),
  /** Or: `replicas` seeds baseSeed, baseSeed + 1, … */
  replicas: z.number().int().min(1).optional(),
  baseSeed: z.number().int().min(0).optional(),
});

export type SweepInput = z.input<typeof SweepSchema>;

/** What a sweep resolves to (stored in the outputs as `lidep.sweep` / sweep.json). */
export interface SweepDocument {
  description: string;
  scenario: string;
  overrides: Record<string, unknown>;
  grid: Record<string, GridValue[]>;
  seeds: number[];
  /** The base scenario with the overrides, resolved. */
  base: Scenario;
}

export interface SweepPoint {
  index: number;
  /** This point's value of each grid key, in the grid's key order. */
  values: Record<string, GridValue>;
  /** Hive-style relative path, `key=value/key2=value2` ("" for an empty grid). */
  partition: string;
  scenario: Scenario;
}

export interface ResolvedSweep {
  /** The sweep file as given, and its name (file name without .json). */
  file: string;
  name: string;
  /** The base scenario's path (resolved against the sweep file's directory). */
  scenarioFile: string;
  doc: SweepDocument;
  keys: string[];
  points: SweepPoint[];
}

/** Column names of sweep.arrow that a grid key may not take. */
export const RESERVED_COLUMNS = [
  "seed", "outcome", "maxPressure_Pa", "finalHeight_nm", "finalLateralExtent_nm", "aspectRatio", "contactArea_nm2",
  "cracked", "simulatedTime_s", "events", "depositedAtoms", "meanCurrentDensity_A_per_cm2", "outcomeTime_s", "shortCircuit_s",
  "outsideModel", "stopReason",
];

/**
 * A value as a path segment: numbers and booleans as JavaScript prints them, strings with
 * anything outside [A-Za-z0-9._+-] percent-encoded (as Hive does), so `key=value` is always one
 * safe directory name.
 */
export function partitionValue(v: GridValue): string {
  if (typeof v !== "string") return String(v);
  const enc = Array.from(new TextEncoder().encode(v), (b) => {
    const c = String.fromCharCode(b);
    return /[A-Za-z0-9._+-]/.test(c) && b < 128 ? c : `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
  }).join("");
  return enc === "." || enc === ".." ? enc.replace(/\./g, "%2E") : enc;
}


function formatSweepIssues(file: string, doc: unknown, issues: z.core.$ZodIssue[]): string {
  return formatIssues(file, doc, issues, `a sweep file has ${Object.keys(SweepSchema.shape).join(", ")}`);
}

function overrideText(key: string, value: unknown): string {
  return `${key}=${JSON.stringify(value)}`;
}

/** `applyOverrides`, with its `--set` wording replaced by the sweep file's key. */
function applyKey(file: string, section: string, doc: unknown, key: string, value: unknown): unknown {
  try {
    return applyOverrides(doc, [overrideText(key, value)]);
  } catch (e) {
    if (e instanceof UserError) throw new UserError(`${file}: key ${section}.${key}: ${e.message.replace(/^--set [^:]*: /, "")}`);
    throw e;
  }
}

function checkKeyPath(file: string, section: string, key: string): void {
  if (key.split(".").some((p) => p.length === 0)) throw new UserError(`${file}: key ${section}.${key}: expected a dot path like electrical.currentDensity_A_per_cm2, found an empty segment`);
}

/** Validates a sweep document read from `file` and resolves every point (nothing runs). */
export function resolveSweep(raw: unknown, file: string): ResolvedSweep {
  requireObject(raw, file, "the sweep");
  const r = SweepSchema.safeParse(raw);
  if (!r.success) throw new UserError(formatSweepIssues(file, raw, r.error.issues));
  const d = r.data;

  // seeds
  if (d.seeds !== undefined && (d.replicas !== undefined || d.baseSeed !== undefined)) {
    throw new UserError(`${file}: key ${d.replicas !== undefined ? "replicas" : "baseSeed"}: give seeds, or replicas (with baseSeed), not both`);
  }
  if (d.baseSeed !== undefined && d.replicas === undefined) throw new UserError(`${file}: key baseSeed: needs replicas`);
  const baseSeed = d.baseSeed ?? 1;
  if (d.replicas !== undefined && d.replicas > MAX_BATCH_SIMULATIONS) throw new UserError(`${file}: key replicas: expected at most ${MAX_BATCH_SIMULATIONS} simulations in a sweep, found ${d.replicas}`);
  if (d.replicas !== undefined && !Number.isSafeInteger(baseSeed + d.replicas)) throw new UserError(`${file}: key replicas: baseSeed + replicas exceeds the safe integers, found ${baseSeed} + ${d.replicas}`);
  const seeds = d.seeds ?? Array.from({ length: d.replicas ?? 1 }, (_, r) => baseSeed + r);
  const seen = new Set<number>();
  const dup = seeds.find((s) => seen.size === seen.add(s).size);
  if (dup !== undefined) throw new UserError(`${file}: key seeds: expected distinct seeds, found ${dup} twice`);

  // grid: one type per key, distinct values (one directory each), names free for the key columns
  const keys = Object.keys(d.grid);
  for (const key of keys) {
    checkKeyPath(file, "grid", key);
    if (RESERVED_COLUMNS.includes(key)) throw new UserError(`${file}: key grid.${key}: the name of a sweep.arrow column, not a scenario key`);
    const vals = d.grid[key];
    const t = typeof vals[0];
    const other = vals.find((v) => typeof v !== t);
    if (other !== undefined) throw new UserError(`${file}: key grid.${key}: expected values of one type (${t}s, like the first), found ${describeValue(other)}`);
    const segs = new Set<string>();
    const i = vals.findIndex((v) => segs.size === segs.add(partitionValue(v)).size);
    if (i >= 0) throw new UserError(`${file}: key grid.${key}: expected distinct values, found ${describeValue(vals[i])} twice`);
  }
  for (const key of Object.keys(d.overrides)) checkKeyPath(file, "overrides", key);
  const simulations = keys.reduce((p, k) => p * d.grid[k].length, 1) * seeds.length;
  if (simulations > MAX_BATCH_SIMULATIONS) {
    throw new UserError(`${file}: key grid: expected at most ${MAX_BATCH_SIMULATIONS} simulations in a sweep, found ${keys.map((k) => d.grid[k].length).join(" × ") || 1} points × ${seeds.length} seeds = ${simulations}`);
  }

  // the base scenario, with the overrides
  const scenarioFile = resolve(dirname(file), d.scenario);
  let baseDoc: unknown;
  try {
    baseDoc = requireObject(readScenarioFile(scenarioFile), scenarioFile, "the scenario");
  } catch (e) {
    if (e instanceof UserError) throw new UserError(`${file}: key scenario: ${e.message}`);
    throw e;
  }
  for (const [k, v] of Object.entries(d.overrides)) baseDoc = applyKey(file, "overrides", baseDoc, k, v);
  const overrideLabel = Object.keys(d.overrides).length ? `${file}: overrides on ${d.scenario}` : scenarioFile;
  const base = resolveScenario(baseDoc, overrideLabel);

  // every grid key alone first (its error names the key), then every point
  for (const key of keys) {
    for (const v of d.grid[key]) resolveScenario(applyKey(file, "grid", baseDoc, key, v), `${file}: grid ${overrideText(key, v)}`);
  }
  const points: SweepPoint[] = [];
  const combos: GridValue[][] = keys.reduce<GridValue[][]>((acc, key) => acc.flatMap((c) => d.grid[key].map((v) => [...c, v])), [[]]);
  for (const combo of combos) {
    let doc = baseDoc;
    keys.forEach((k, j) => (doc = applyKey(file, "grid", doc, k, combo[j])));
    const label = `${file}: grid point ${keys.map((k, j) => overrideText(k, combo[j])).join(", ")}`;
    points.push({
      index: points.length,
      values: Object.fromEntries(keys.map((k, j) => [k, combo[j]])),
      partition: keys.map((k, j) => `${k}=${partitionValue(combo[j])}`).join("/"),
      scenario: resolveScenario(doc, label),
    });
  }
  return {
    file,
    name: basename(file).replace(/\.json$/i, ""),
    scenarioFile,
    doc: { description: d.description, scenario: d.scenario, overrides: d.overrides, grid: d.grid, seeds, base },
    keys,
    points,
  };
}

export function loadSweep(file: string): ResolvedSweep {
  return resolveSweep(readJsonFile(file, "sweep"), file);
}
