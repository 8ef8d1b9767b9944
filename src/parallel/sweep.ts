/**
 * A sweep: every point of a grid (sweepfile.ts) run with the same seeds, on a worker pool, as one
 * dataset:
 *
 *   outDir/<key>=<value>/<key2>=<value2>/seed=<n>/   a run directory per simulation (Hive-style)
 *   outDir/sweep.arrow        one row per simulation: grid columns, seed, outcome and results
 *   outDir/timeseries.arrow   every run's time series with its grid columns and seed prepended
 *   outDir/sweep.json         the resolved sweep, its points and the version
 *
 * Rows are in grid order (first key outermost, as the directories nest), then seed order. The
 * Arrow files carry `lidep.sweep` (the resolved sweep document, base scenario included) and the
 * provenance (run/provenance.ts: schema version, version, commit, hash of the sweep document) in
 * their schema metadata. Everything is written under a temporary directory and
 * renamed at the end, and is byte-identical whatever the number of workers.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../io/atomic.ts";
import type { Output } from "../io/outdir.ts";
import type { Summary } from "../run/simulate.ts";
import { provenance, provenanceMetadata } from "../run/provenance.ts";
import { runBatch, type BatchProgress, type BatchRun } from "./batch.ts";
import { concatRunTables, writeColumns, writeTable, type Cell, type CellKind, type ColumnSpec } from "./table.ts";
import type { GridValue, ResolvedSweep } from "./sweepfile.ts";

export interface SweepOptions {
  sweep: ResolvedSweep;
  workers: number;
  outDir: string;
  onProgress?: (p: BatchProgress) => void;
  signal?: AbortSignal;
  /** The checked and locked output (io/outdir.ts prepareOutput), when a command made one. */
  output?: Output;
}

export interface SweepRun extends BatchRun {
  point: number;
  values: Record<string, GridValue>;
}

/** The simulations of a sweep, in order: point by point, each with every seed of the sweep. */
export function sweepRuns(sw: ResolvedSweep): SweepRun[] {
  const runs: SweepRun[] = [];
  for (const p of sw.points) {
    for (const seed of sw.doc.seeds) {
      runs.push({ index: runs.length, point: p.index, values: p.values, seed, scenario: p.scenario, rel: p.partition ? `${p.partition}/seed=${seed}` : `seed=${seed}` });
    }
  }
  return runs;
}

function gridKind(values: GridValue[]): CellKind {
  return typeof values[0] === "number" ? "f64" : typeof values[0] === "string" ? "utf8" : "bool";
}

function gridColumns(sw: ResolvedSweep): { name: string; kind: CellKind }[] {
  return sw.keys.map((k) => ({ name: k, kind: gridKind(sw.doc.grid[k]) }));
}

/** The time of the outcome (crack or short circuit) when there is one. */
function outcomeTime(s: Summary): number | null {
  const explicit = (s as unknown as { outcomeTime_s?: number | null }).outcomeTime_s;
  if (typeof explicit === "number") return explicit;
  if (s.outcome === "cracked") return s.crack?.time_s ?? null;
  if (s.outcome === "short_circuit") return s.shortCircuit_s ?? null;
  return null;
}

const RESULT_COLUMNS: [string, CellKind, (s: Summary) => Cell][] = [
  ["outcome", "utf8", (s) => s.outcome],
  ["maxPressure_Pa", "f64", (s) => s.maxPressure_Pa],
  ["finalHeight_nm", "f64", (s) => s.finalHeight_nm],
  ["finalLateralExtent_nm", "f64", (s) => s.finalLateralExtent_nm],
  ["aspectRatio", "f64", (s) => (s.finalLateralExtent_nm > 0 ? s.finalHeight_nm / s.finalLateralExtent_nm : null)],
  ["contactArea_nm2", "f64", (s) => s.contactArea_nm2],
  ["cracked", "bool", (s) => s.outcome === "cracked" || s.crack?.initiated === true],
  ["simulatedTime_s", "f64", (s) => s.simulatedTime_s],
  ["events", "f64", (s) => s.events],
  ["depositedAtoms", "f64", (s) => s.depositedAtoms],
  ["meanCurrentDensity_A_per_cm2", "f64", (s) => s.meanCurrentDensity_A_per_cm2],
  ["outcomeTime_s", "f64", outcomeTime],
  ["shortCircuit_s", "f64", (s) => s.shortCircuit_s ?? null],
  // past b.c.c. Li's ~7 GPa limit (MODEL.md §3): a run to leave out of averages unless asked
  ["outsideModel", "bool", (s) => s.outsideModel === true],
  ["stopReason", "utf8", (s) => s.stopReason],
];

/** sweep.arrow's columns: one row per simulation. */
export function sweepColumns(sw: ResolvedSweep, runs: SweepRun[], summaries: Summary[]): ColumnSpec[] {
  return [
    ...gridColumns(sw).map((g) => ({ ...g, values: runs.map((r) => r.values[g.name]) })),
    { name: "seed", kind: "f64" as const, values: runs.map((r) => r.seed) },
    ...RESULT_COLUMNS.map(([name, kind, get]) => ({ name, kind, values: summaries.map(get) })),
  ];
}

/** The provenance keys (the parameter hash is the resolved sweep document's) and the sweep. */
export function sweepMetadata(sw: ResolvedSweep): Record<string, string> {
  return { ...provenanceMetadata(provenance(sw.doc)), "lidep.sweep": JSON.stringify(sw.doc) };
}

export async function runSweep(o: SweepOptions): Promise<Summary[]> {
  const sw = o.sweep;
  const runs = sweepRuns(sw);
  return runBatch({
    runs,
    outDir: o.outDir,
    output: o.output,
    kind: "sweep",
    workers: o.workers,
    signal: o.signal,
    onProgress: o.onProgress,
    finish: (dir) => {
      writeSweepDataset(dir, sw, runs);
    },
  });
}

/** A run directory's summary.json (the record the combined tables are made from). */
export function readRunSummary(runDir: string): Summary {
  return JSON.parse(readFileSync(join(runDir, "summary.json"), "utf8")) as Summary;
}

/**
 * The combined files of a sweep whose run directories are all in `dir`: sweep.arrow,
 * timeseries.arrow and sweep.json. Made from the run directories on disk (summary.json,
 * timeseries.arrow), whichever back end wrote them — the worker pool here, Slurm array tasks in
 * cluster/ — so that both give the same bytes. Returns the summaries, in the runs' order.
 */
export function writeSweepDataset(dir: string, sw: ResolvedSweep, runs: SweepRun[]): Summary[] {
  const meta = sweepMetadata(sw);
  const summaries = runs.map((r) => readRunSummary(join(dir, r.rel)));
  summaries.forEach((s, i) => {
    if (s.seed !== runs[i].seed) throw new Error(`run ${runs[i].rel} reports seed ${s.seed}`);
  });
  writeColumns(join(dir, "sweep.arrow"), sweepColumns(sw, runs, summaries), meta);
  const keyCols = [...gridColumns(sw), { name: "seed", kind: "f64" as const }];
  const keyRows = runs.map((r) => [...sw.keys.map((k) => r.values[k]), r.seed]);
  writeTable(join(dir, "timeseries.arrow"), concatRunTables(runs.map((r) => join(dir, r.rel, "timeseries.arrow")), keyCols, keyRows, meta));
  const doc = {
    ...provenance(sw.doc),
    name: sw.name,
    sweep: sw.doc,
    points: sw.points.map((p) => ({ path: p.partition, values: p.values })),
    runs: runs.map((r) => r.rel),
    files: { runs: "sweep.arrow", timeseries: "timeseries.arrow" },
  };
  writeFileAtomic(join(dir, "sweep.json"), JSON.stringify(doc, null, 2) + "\n");
  return summaries;
}
