/**
 * Reading run and sweep directories in Node, for the views. A user's mistake (no such directory,
 * a file missing, a file that is not Arrow) is a UserError with a one-line message.
 */
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { basename, join, relative, resolve, sep } from "node:path";
import { UserError } from "../errors.ts";
import { readArrowFile } from "../io/arrow.ts";
import { snapshotsFrom, tableColumns, timeSeriesFrom, parseHivePath, type Columns, type RunData, type RunSummary, type SweepData, type SweepRun } from "./model.ts";

export type DirKind = "run" | "sweep";

const RUN_FILES = ["timeseries.arrow", "snapshots.arrow", "summary.json"];

/** What a directory holds: a sweep (sweep.arrow) or a run (any run file); a UserError otherwise. */
export function dirKind(dir: string): DirKind {
  if (!existsSync(dir)) throw new UserError(`${dir}: no such directory`);
  if (!statSync(dir).isDirectory()) throw new UserError(`${dir}: not a directory`);
  if (existsSync(join(dir, "sweep.arrow"))) return "sweep";
  if (RUN_FILES.some((f) => existsSync(join(dir, f)))) return "run";
  throw new UserError(`${dir}: neither a run directory (timeseries.arrow, snapshots.arrow, summary.json) nor a sweep directory (sweep.arrow)`);
}

function need(dir: string, file: string): string {
  const p = join(dir, file);
  if (!existsSync(p)) throw new UserError(`${p}: missing (is ${dir} a complete run directory?)`);
  return p;
}

export function readArrowColumns(file: string): Columns {
  return tableColumns(readArrowFile(file));
}

export function readSummary(dir: string): RunSummary {
  const p = need(dir, "summary.json");
  try {
    return JSON.parse(readFileSync(p, "utf8")) as RunSummary;
  } catch (e) {
    throw new UserError(`${p}: malformed JSON (${(e as Error).message})`);
  }
}

/** Loads the parts of a run directory that are asked for (all by default). */
export function loadRun(dir: string, parts: { timeseries?: boolean; snapshots?: boolean } = { timeseries: true, snapshots: true }): RunData {
  if (dirKind(dir) !== "run") throw new UserError(`${dir}: a sweep directory, not a run directory (use the sweep view, or one of its runs)`);
  const summary = readSummary(dir);
  let timeseries = null, snapshots = null;
  if (parts.timeseries) {
    const f = need(dir, "timeseries.arrow");
    try {
      timeseries = timeSeriesFrom(readArrowColumns(f));
    } catch (e) {
      throw e instanceof UserError ? e : new UserError(`${f}: ${(e as Error).message}`);
    }
  }
  if (parts.snapshots) {
    const f = need(dir, "snapshots.arrow");
    try {
      snapshots = snapshotsFrom(readArrowColumns(f));
    } catch (e) {
      throw e instanceof UserError ? e : new UserError(`${f}: ${(e as Error).message}`);
    }
  }
  return { name: basename(resolve(dir)), summary, timeseries, snapshots };
}

export function loadSweep(dir: string): SweepData {
  if (dirKind(dir) !== "sweep") throw new UserError(`${dir}: not a sweep directory (no sweep.arrow)`);
  const columns = readArrowColumns(join(dir, "sweep.arrow"));
  const n = Math.max(0, ...Object.values(columns).map((c) => c.length));
  return { name: basename(resolve(dir)), n, columns };
}

/** The run directories under a sweep directory (those holding a summary.json), as paths relative
 * to it with "/" separators, and their key=value parts. */
export function listRuns(root: string, maxDepth = 8, maxRuns = 20000): SweepRun[] {
  const out: SweepRun[] = [];
  const walk = (dir: string, depth: number) => {
    if (out.length >= maxRuns || depth > maxDepth) return;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    if (depth > 0 && entries.some((e) => e.isFile() && e.name === "summary.json")) {
      const path = relative(root, dir).split(sep).join("/");
      out.push({ path, params: parseHivePath(path) });
    }
    for (const e of entries) if (e.isDirectory() && !e.name.startsWith(".")) walk(join(dir, e.name), depth + 1);
  };
  walk(root, 0);
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
