/**
 * A batch of simulations written as one dataset: every run directory under a temporary directory,
 * then the combined files, then one rename (io/outdir.ts). Shared by sweeps and replicas.
 */
import { join, resolve } from "node:path";
import type { Scenario } from "../scenario/schema.ts";
import type { Summary } from "../run/simulate.ts";
import { runTasks, type BatchProgress } from "./pool.ts";
import { fillDirectory, type Output, type OutputKind } from "../io/outdir.ts";

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
  /**
   * The output as checked and locked by the command (io/outdir.ts prepareOutput); without it the
   * batch still builds aside and renames, replacing only an empty directory.
   */
  output?: Output;
  kind: OutputKind;
  /** Writes the combined files into the (temporary) output directory once every run is there. */
  finish: (dir: string, summaries: Summary[]) => void;
}

export async function runBatch(o: BatchOptions): Promise<Summary[]> {
  const fill = async (tmp: string) => {
    const tasks = o.runs.map((r) => ({ index: r.index, scenario: r.scenario, seed: r.seed, dir: join(tmp, r.rel) }));
    const summaries = await runTasks(tasks, { workers: o.workers, signal: o.signal, onProgress: o.onProgress });
    o.finish(tmp, summaries);
    return summaries;
  };
  if (o.output) {
    if (o.output.path !== resolve(o.outDir)) throw new Error(`batch: output ${o.output.path} is not ${o.outDir}`);
    return o.output.fill(fill);
  }
  return fillDirectory(o.outDir, o.kind, fill);
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
