/**
 * A batch of simulations written as one dataset: every run directory under a temporary directory,
 * then the combined files, then one rename (outdir.ts). Shared by sweeps and replicas.
 */
import { join } from "node:path";
import type { Scenario } from "../scenario/schema.ts";
import type { Summary } from "../run/simulate.ts";
import { runTasks, type BatchProgress } from "./pool.ts";
import { withAtomicDirectory } from "./outdir.ts";

export type { BatchProgress } from "./pool.ts";

export interface BatchRun {
  index: number;
  seed: number;
  scenario: Scenario;
  /** The run directory, relative to the output directory (e.g. `collector.kind=free/seed=3`). */
  rel: string;
}

export interface BatchOptions {
  runs: BatchRun[];
  outDir: string;
  workers: number;
  signal?: AbortSignal;
  onProgress?: (p: BatchProgress) => void;
  /** Writes the combined files into the (temporary) output directory once every run is there. */
  finish: (dir: string, summaries: Summary[]) => void;
}

export async function runBatch(o: BatchOptions): Promise<Summary[]> {
  return withAtomicDirectory(o.outDir, async (tmp) => {
    const tasks = o.runs.map((r) => ({ index: r.index, scenario: r.scenario, seed: r.seed, dir: join(tmp, r.rel) }));
    const summaries = await runTasks(tasks, { workers: o.workers, signal: o.signal, onProgress: o.onProgress });
    o.finish(tmp, summaries);
    return summaries;
  });
}

/** The summary's scalar fields, nested objects flattened with dots (`hops.bulk`). */
export function flattenScalars(obj: Record<string, unknown>, skip: Set<string>, prefix = "", out: Record<string, number | string | boolean | null> = {}) {
  for (const [k, v] of Object.entries(obj)) {
    const name = prefix + k;
    if (skip.has(name)) continue;
    if (v === null || typeof v === "number" || typeof v === "string" || typeof v === "boolean") out[name] = v;
    else if (v && typeof v === "object" && !Array.isArray(v)) flattenScalars(v as Record<string, unknown>, skip, name + ".", out);
  }
  return out;
}
