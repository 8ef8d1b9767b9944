/**
 * `lidep sweep <file>` and `lidep run <scenario> --replicas R`: batches of simulations on a worker
 * pool, a progress bar on stderr (completed simulations, rate, ETA), a short table on stdout and
 * the output path. Ctrl-C (or SIGTERM) cancels the batch and leaves no output directory.
 */
import { availableParallelism } from "node:os";
import { join, resolve } from "node:path";
import cliProgress from "cli-progress";
import { UserError } from "../errors.ts";
import { loadScenario } from "../scenario/load.ts";
import type { Summary } from "../run/simulate.ts";
import { parseSeed } from "../scenario/seed.ts";
import { MAX_BATCH_SIMULATIONS } from "../scenario/limits.ts";
import { forMeans, runWarnings } from "../run/warnings.ts";
import { loadSweep, type ResolvedSweep } from "../parallel/sweepfile.ts";
import { runSweep, sweepRuns, type SweepRun } from "../parallel/sweep.ts";
import type { Scenario } from "../scenario/schema.ts";
import { runReplicas } from "../parallel/replicas.ts";
import type { BatchProgress } from "../parallel/pool.ts";
import { prepareOutput, writeFailure, type Output } from "../io/outdir.ts";
import { estimateRunBytes } from "../run/outputs.ts";
import { overridesTag, scenarioName } from "./run.ts";

export interface SweepArgs {
  file: string;
  out?: string;
  workers?: number;
  quiet: boolean;
  /** Replace an earlier lidep output at `out`. */
  force?: boolean;
  /** Count runs that went outside the model (past 7 GPa) in the table's means (default: left out). */
  includeOutsideModel?: boolean;
}

export interface ReplicasArgs {
  scenario: string;
  /** As typed (checked after the scenario, as by `lidep run`). */
  seed: number | string;
  replicas: number;
  workers?: number;
  out?: string;
  set: string[];
  quiet: boolean;
  /** Replace an earlier lidep output at `out`. */
  force?: boolean;
  /** As for sweeps. */
  includeOutsideModel?: boolean;
}

function workerCount(w: number | undefined): number {
  const n = w ?? availableParallelism();
  if (!Number.isInteger(n) || n < 1) throw new UserError(`--workers: expected a positive integer, found ${w}`);
  return n;
}

/** A bar over the batch's simulations, or nothing when quiet or stderr is not a terminal. */
function progressBar(total: number, quiet: boolean): { update: (p: BatchProgress) => void; stop: () => void } {
  if (quiet || !process.stderr.isTTY) return { update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    { format: "{bar} {value}/{total} simulations | {rate} | ETA {etaText}", hideCursor: true, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  const t0 = performance.now();
  bar.start(total, 0, { rate: "–", etaText: "–" });
  return {
    update: (p) => {
      const elapsed_s = (performance.now() - t0) / 1000;
      const perMin = (p.done / elapsed_s) * 60;
      const eta = Math.round(((p.total - p.done) * elapsed_s) / p.done);
      bar.update(p.done, {
        rate: perMin >= 10 ? `${perMin.toFixed(0)} /min` : `${perMin.toFixed(2)} /min`,
        etaText: eta >= 3600 ? `${Math.floor(eta / 3600)}h${String(Math.floor((eta % 3600) / 60)).padStart(2, "0")}m` : eta >= 60 ? `${Math.floor(eta / 60)}m${String(eta % 60).padStart(2, "0")}s` : `${eta}s`,
      });
    },
    stop: () => bar.stop(),
  };
}

/** Runs `body` with an AbortSignal fired by SIGINT/SIGTERM; returns 130 if it was. */
async function interruptible(body: (signal: AbortSignal) => Promise<void>): Promise<number> {
  const ac = new AbortController();
  const onSignal = (sig: NodeJS.Signals) => ac.abort(new Error(`interrupted (${sig})`));
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    await body(ac.signal);
    return 0;
  } catch (e) {
    if (ac.signal.aborted) {
      process.stderr.write(`\nlidep: interrupted; no output written\n`);
      return 130;
    }
    throw e;
  } finally {
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
  }
}

/** What the means leave out, for the note under a table ("" when nothing went outside the model). */
function meansNote(ss: Summary[], includeOutsideModel: boolean): string {
  const n = ss.filter((s) => s.outsideModel).length;
  if (n === 0) return "";
  return includeOutsideModel
    ? `; the means include ${plural(n, "run")} outside the model (past 7 GPa)`
    : `; the means leave out ${plural(n, "run")} outside the model (past 7 GPa): --include-outside-model to count them`;
}

/** Each run's warnings (outside the model, stalled) on stderr, one line each. */
function warnAll(ss: Summary[], label: (i: number) => string): void {
  ss.forEach((s, i) => {
    for (const w of runWarnings(s, label(i))) process.stderr.write(`lidep: ${w}\n`);
  });
}

export function plural(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? "" : "s"}`;
}

function fmt(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "–";
  if (v === 0) return "0";
  const a = Math.abs(v);
  return a >= 1e5 || a < 1e-3 ? v.toExponential(2) : Number(v.toPrecision(4)).toString();
}

function mean(xs: number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN;
}

export function table(header: string[], rows: string[][]): string {
  const w = header.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j].length)));
  const line = (r: string[]) => "  " + r.map((c, j) => (j < r.length - 1 ? c.padEnd(w[j]) : c)).join("  ");
  return [line(header), ...rows.map(line)].join("\n") + "\n";
}

function outcomes(ss: Summary[]): string {
  const n = new Map<string, number>();
  for (const s of ss) n.set(s.outcome, (n.get(s.outcome) ?? 0) + 1);
  return [...n].map(([k, c]) => (ss.length === 1 ? k : `${k} ${c}`)).join(", ");
}

const RESULT_HEADER = ["outcome", "outside model", "t_sim s", "height nm", "lateral nm", "aspect", "contact nm²", "max P MPa"];
/** A row's cells: every run's outcome, how many went outside the model, and means over those that count (`forMeans`). */
function resultCells(all: Summary[], includeOutsideModel: boolean): string[] {
  const ss = all.length === 1 ? all : forMeans(all, includeOutsideModel);
  const m = (f: (s: Summary) => number) => fmt(mean(ss.map(f)));
  const outside = all.filter((s) => s.outsideModel).length;
  return [
    outcomes(all),
    all.length === 1 ? (outside ? "yes" : "no") : `${outside}/${all.length}`,
    m((s) => s.simulatedTime_s),
    m((s) => s.finalHeight_nm),
    m((s) => s.finalLateralExtent_nm),
    m((s) => (s.finalLateralExtent_nm > 0 ? s.finalHeight_nm / s.finalLateralExtent_nm : Number.NaN)),
    m((s) => s.contactArea_nm2),
    m((s) => s.maxPressure_Pa / 1e6),
  ];
}

export async function sweepCommand(a: SweepArgs): Promise<number> {
  const sw = loadSweep(a.file);
  const workers = workerCount(a.workers);
  const out = resolve(a.out ?? join("data/runs", sw.name));
  const runs = sweepRuns(sw);
  // every run directory, and their time series once more in the combined timeseries.arrow
  const bytes = runs.reduce((b, r) => b + 2 * estimateRunBytes(r.scenario), 0);
  const output = prepareOutput(out, { kind: "sweep", force: a.force, bytes });
  try {
    return await runSweepCommand(a, sw, runs, workers, out, output);
  } finally {
    output.release();
  }
}

async function runSweepCommand(a: SweepArgs, sw: ResolvedSweep, runs: SweepRun[], workers: number, out: string, output: Output): Promise<number> {
  if (!a.quiet) {
    process.stderr.write(`sweep ${sw.name}: ${plural(sw.points.length, "point")} × ${plural(sw.doc.seeds.length, "seed")} = ${plural(runs.length, "simulation")} on ${plural(Math.min(workers, runs.length), "worker")}\n`);
  }
  const bar = progressBar(runs.length, a.quiet);
  let summaries: Summary[] = [];
  const code = await interruptible(async (signal) => {
    try {
      summaries = await runSweep({ sweep: sw, workers, outDir: out, output, signal, onProgress: bar.update });
    } catch (e) {
      throw writeFailure(e, out, "the sweep", "nothing was kept");
    } finally {
      bar.stop();
    }
  });
  if (code !== 0) return code;
  process.stdout.write(sweepResultsText(sw, summaries, !!a.includeOutsideModel));
  warnAll(summaries, (i) => `${runs[i].rel}`);
  process.stdout.write(`output: ${out}\n`);
  return 0;
}

/** The table a finished sweep prints: a row per point, means over its seeds (summaries in run order). */
export function sweepResultsText(sw: ResolvedSweep, summaries: Summary[], includeOutsideModel = false): string {
  const per = sw.points.length ? sw.doc.seeds.length : 0;
  const rows = sw.points.map((p) => {
    const ss = summaries.slice(p.index * per, (p.index + 1) * per);
    return [...sw.keys.map((k) => String(p.values[k])), String(ss.length), ...resultCells(ss, includeOutsideModel)];
  });
  return table([...sw.keys, "runs", ...RESULT_HEADER], rows) + (per > 1 ? `  (means over the ${per} seeds ${sw.doc.seeds.join(", ")}${meansNote(summaries, includeOutsideModel)})\n` : "");
}

/** data/runs/<scenario>-seeds<first>-<last>[-set<hash>]. */
export function defaultReplicasDir(scenarioFile: string, seed: number, replicas: number, set: readonly string[] = []): string {
  return resolve("data/runs", `${scenarioName(scenarioFile)}-seeds${seed}-${seed + replicas - 1}${overridesTag(set)}`);
}

export async function replicasCommand(a: ReplicasArgs): Promise<number> {
  const scenario = loadScenario(a.scenario, a.set);
  const seed = parseSeed(a.seed, "--seed");
  if (!Number.isInteger(a.replicas) || a.replicas < 1 || a.replicas > MAX_BATCH_SIMULATIONS) throw new UserError(`--replicas: expected a whole number from 1 to ${MAX_BATCH_SIMULATIONS}, found ${a.replicas}`);
  if (!Number.isSafeInteger(seed + a.replicas)) throw new UserError(`--seed: expected seed + replicas within the safe integers, found ${seed} + ${a.replicas}`);
  const workers = workerCount(a.workers);
  const out = resolve(a.out ?? defaultReplicasDir(a.scenario, seed, a.replicas, a.set));
  const output = prepareOutput(out, { kind: "replicas", force: a.force, bytes: 2 * a.replicas * estimateRunBytes(scenario) });
  try {
    return await runReplicasCommand(a, scenario, seed, workers, out, output);
  } finally {
    output.release();
  }
}

async function runReplicasCommand(a: ReplicasArgs, scenario: Scenario, seed: number, workers: number, out: string, output: Output): Promise<number> {
  if (!a.quiet) process.stderr.write(`${a.replicas} replicas (seeds ${seed}–${seed + a.replicas - 1}) on ${plural(Math.min(workers, a.replicas), "worker")}\n`);
  const bar = progressBar(a.replicas, a.quiet);
  let summaries: Summary[] = [];
  const code = await interruptible(async (signal) => {
    try {
      summaries = await runReplicas({ scenario, baseSeed: seed, replicas: a.replicas, workers, outDir: out, output, signal, onProgress: bar.update });
    } catch (e) {
      throw writeFailure(e, out, "the replicas", "nothing was kept");
    } finally {
      bar.stop();
    }
  });
  if (code !== 0) return code;
  const rows = summaries.map((s) => [String(s.seed), ...resultCells([s], true)]);
  if (summaries.length > 1) rows.push(["mean", ...resultCells(summaries, !!a.includeOutsideModel)]);
  process.stdout.write(table(["seed", ...RESULT_HEADER], rows));
  if (summaries.length > 1 && summaries.some((s) => s.outsideModel)) process.stdout.write(`  (${meansNote(summaries, !!a.includeOutsideModel).replace(/^; /, "")})\n`);
  warnAll(summaries, (i) => `seed=${summaries[i].seed}`);
  process.stdout.write(`output: ${out}\n`);
  return 0;
}
