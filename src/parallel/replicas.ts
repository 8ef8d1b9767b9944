/**
 * Replicas: one scenario run with seeds baseSeed, baseSeed + 1, …, baseSeed + R − 1 (replica r has
 * seed baseSeed + r, so it is the same run as `lidep run --seed <baseSeed + r>`), on a worker pool.
 *
 *   outDir/seed=<seed>/        a run directory per replica
 *   outDir/replicas.arrow      one row per replica: seed and the summary's scalar fields
 *   outDir/timeseries.arrow    every replica's time series, seed prepended
 *   outDir/replicas.json       the scenario, the seeds and the version
 *
 * Written whole or not at all; byte-identical whatever the number of workers (each run's wall
 * time and rate are in its own timing.json only). The Arrow files carry the provenance
 * (run/provenance.ts; the parameter hash is the scenario's) in their schema metadata.
 */
import { join } from "node:path";
import { writeFileAtomic } from "../io/atomic.ts";
import type { Output } from "../io/outdir.ts";
import type { Scenario } from "../scenario/schema.ts";
import type { Summary } from "../run/simulate.ts";
import { provenance, provenanceMetadata } from "../run/provenance.ts";
import { runBatch, flattenScalars, type BatchProgress, type BatchRun } from "./batch.ts";
import { concatRunTables, kindOf, writeColumns, writeTable, type Cell, type CellKind, type ColumnSpec } from "./table.ts";

export interface ReplicasOptions {
  scenario: Scenario;
  baseSeed: number;
  replicas: number;
  workers: number;
  outDir: string;
  onProgress?: (p: BatchProgress) => void;
  signal?: AbortSignal;
  /** The checked and locked output (io/outdir.ts prepareOutput), when a command made one. */
  output?: Output;
}

/** The seed of replica `r`: a function of the base seed and the index only. */
export function replicaSeed(baseSeed: number, r: number): number {
  return baseSeed + r;
}

/** Fields of the summary that are not per-replica results (the provenance is in the metadata). */
const SKIP = new Set(["scenario", "seed", "version", "schemaVersion", "commit", "paramsHash"]);
/** Types of nullable fields, for when every replica has null there. */
const NULL_KINDS: Record<string, CellKind> = { "crack.kind": "utf8", stalled: "utf8" };

export function summaryColumns(summaries: Summary[]): ColumnSpec[] {
  const rows = summaries.map((s) => flattenScalars(s as unknown as Record<string, unknown>, SKIP));
  const names: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!names.includes(k)) names.push(k);
  const cols: ColumnSpec[] = [{ name: "seed", kind: "f64", values: summaries.map((s) => s.seed) }];
  for (const name of names) {
    const values: Cell[] = rows.map((r) => (name in r ? r[name] : null));
    const kinds = new Set(values.map(kindOf).filter((k) => k !== null));
    if (kinds.size > 1) throw new Error(`summary field ${name} has values of several types`);
    const kind = [...kinds][0] ?? NULL_KINDS[name] ?? "f64";
    cols.push({ name, kind, values });
  }
  return cols;
}

export async function runReplicas(o: ReplicasOptions): Promise<Summary[]> {
  if (!Number.isInteger(o.replicas) || o.replicas < 1) throw new RangeError(`replicas: expected a positive integer, found ${o.replicas}`);
  if (!Number.isSafeInteger(o.baseSeed) || !Number.isSafeInteger(o.baseSeed + o.replicas)) throw new RangeError(`seed: expected a safe integer, found ${o.baseSeed}`);
  const runs: BatchRun[] = Array.from({ length: o.replicas }, (_, r) => {
    const seed = replicaSeed(o.baseSeed, r);
    return { index: r, seed, scenario: o.scenario, rel: `seed=${seed}` };
  });
  const info = { baseSeed: o.baseSeed, replicas: o.replicas, seeds: runs.map((r) => r.seed) };
  const prov = provenance(o.scenario);
  const meta = { ...provenanceMetadata(prov), "lidep.scenario": JSON.stringify(o.scenario), "lidep.replicas": JSON.stringify(info) };
  return runBatch({
    runs,
    outDir: o.outDir,
    output: o.output,
    kind: "replicas",
    workers: o.workers,
    signal: o.signal,
    onProgress: o.onProgress,
    finish: (dir, summaries) => {
      writeColumns(join(dir, "replicas.arrow"), summaryColumns(summaries), meta);
      writeTable(
        join(dir, "timeseries.arrow"),
        concatRunTables(runs.map((r) => join(dir, r.rel, "timeseries.arrow")), [{ name: "seed", kind: "f64" }], runs.map((r) => [r.seed]), meta),
      );
      writeFileAtomic(join(dir, "replicas.json"), JSON.stringify({ ...prov, ...info, runs: runs.map((r) => r.rel), scenario: o.scenario }, null, 2) + "\n");
    },
  });
}
