/**
 * A sweep on a cluster is planned once, when it is submitted: `slurm/points.json` in the sweep
 * directory lists every simulation (grid point × seed, in the local back end's order, from
 * `sweepRuns`) with its resolved scenario, seed and run directory, and the bundle size K. Array
 * task i runs simulations i·K … i·K + K − 1 of that list. The array tasks, `--status` and
 * `--collect` read this file only — never the sweep file again, which may have changed since — so
 * every task runs exactly the scenario that was resolved at submission.
 *
 *   <dir>/sweep.sbatch            the array script (script.ts)
 *   <dir>/slurm/points.json       this plan
 *   <dir>/slurm/jobs.json         the submissions: job id and array indices of each
 *   <dir>/slurm/<job>_<task>.log  each array task's log (Slurm's %A_%a)
 *   <dir>/<key>=<value>/…/seed=N/ the run directories, as the local back end lays them out
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { writeFileAtomic } from "../io/atomic.ts";
import { forbiddenReason, writeMarker } from "../io/outdir.ts";
import { sweepRuns, type SweepRun } from "../parallel/sweep.ts";
import type { ResolvedSweep, SweepDocument, SweepPoint } from "../parallel/sweepfile.ts";
import { UserError } from "../errors.ts";
import { VERSION } from "../version.ts";

export const SCRIPT_FILE = "sweep.sbatch";
export const SLURM_DIR = "slurm";
export const PLAN_FILE = join(SLURM_DIR, "points.json");
export const JOBS_FILE = join(SLURM_DIR, "jobs.json");

export interface Plan {
  /** The lidep that resolved the scenarios; tasks and --collect refuse another version. */
  version: string;
  name: string;
  /** The sweep file and its base scenario, as resolved at submission (for the record). */
  sweepFile: string;
  scenarioFile: string;
  sweep: SweepDocument;
  keys: string[];
  points: SweepPoint[];
  /** Simulations per array task. */
  bundle: number;
  tasks: number;
  /** The simulations in order; task i runs those with index i·bundle … i·bundle + bundle − 1. */
  simulations: { index: number; task: number; point: number; seed: number; rel: string }[];
}

/** A plan and what it stands for: the resolved sweep and its runs, in the local back end's order. */
export interface LoadedPlan {
  dir: string;
  plan: Plan;
  sweep: ResolvedSweep;
  runs: SweepRun[];
}

export function taskCount(simulations: number, bundle: number): number {
  return Math.ceil(simulations / bundle);
}

export function makePlan(sw: ResolvedSweep, bundle: number): Plan {
  const runs = sweepRuns(sw);
  return {
    version: VERSION,
    name: sw.name,
    sweepFile: resolve(sw.file),
    scenarioFile: sw.scenarioFile,
    sweep: sw.doc,
    keys: sw.keys,
    points: sw.points,
    bundle,
    tasks: taskCount(runs.length, bundle),
    simulations: runs.map((r) => ({ index: r.index, task: Math.floor(r.index / bundle), point: r.point, seed: r.seed, rel: r.rel })),
  };
}

export function planSweep(plan: Plan): ResolvedSweep {
  return { file: plan.sweepFile, name: plan.name, scenarioFile: plan.scenarioFile, doc: plan.sweep, keys: plan.keys, points: plan.points };
}

/** The simulations of array task `task`. */
export function taskRuns(lp: LoadedPlan, task: number): SweepRun[] {
  return lp.runs.slice(task * lp.plan.bundle, (task + 1) * lp.plan.bundle);
}

/**
 * Where a cluster sweep's directory is made: it must be new (or empty), since array tasks write
 * into it over hours and --collect merges what is there. The one place this back end decides about
 * an output directory (io/outdir.ts's rules: never `.`, a parent of it or $HOME; never a non-empty
 * directory; the marker written).
 */
export function createSweepDirectory(dir: string): void {
  const forbidden = forbiddenReason(dir);
  if (forbidden) throw new UserError(`${dir}: refusing to write a cluster sweep there: ${forbidden}`);
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    const what = existsSync(join(dir, PLAN_FILE)) ? "a cluster sweep (lidep sweep --status / --collect it)" : "files";
    throw new UserError(`${dir}: expected a new or empty directory for a cluster sweep (--out), found one that holds ${what}`);
  }
  mkdirSync(join(dir, SLURM_DIR), { recursive: true });
  // the output policy's marker (io/outdir.ts): the directory is lidep's. No lock and no rename into
  // place here: array tasks write into it at once, each run directory atomically
  writeMarker(dir, "sweep");
}

export function writePlan(dir: string, plan: Plan): void {
  writeFileAtomic(join(dir, PLAN_FILE), JSON.stringify(plan) + "\n");
}

/** Reads a cluster sweep's plan and checks it against this lidep's own enumeration of the sweep. */
export function loadPlan(dir: string): LoadedPlan {
  const file = join(dir, PLAN_FILE);
  if (!existsSync(file)) throw new UserError(`${dir}: expected a cluster sweep directory (made by lidep sweep --backend slurm), found no ${PLAN_FILE}`);
  let plan: Plan;
  try {
    plan = JSON.parse(readFileSync(file, "utf8")) as Plan;
  } catch (e) {
    throw new UserError(`${file}: expected the JSON lidep wrote at submission, found unreadable JSON (${(e as Error).message})`);
  }
  if (plan.version !== VERSION) {
    throw new UserError(`${file}: key version: this sweep was planned by lidep ${plan.version} and this is lidep ${VERSION}; run it with the lidep that planned it (a run is a function of scenario, seed and version)`);
  }
  const sweep = planSweep(plan);
  const runs = sweepRuns(sweep);
  const same = runs.length === plan.simulations.length && runs.every((r, i) => {
    const s = plan.simulations[i];
    return s.index === r.index && s.seed === r.seed && s.rel === r.rel && s.point === r.point && s.task === Math.floor(r.index / plan.bundle);
  });
  if (!same || plan.tasks !== taskCount(runs.length, plan.bundle)) throw new UserError(`${file}: key simulations: expected the list of the sweep's points × seeds, found another (was the file edited?)`);
  return { dir, plan, sweep, runs };
}

/** A run directory is complete once it exists: the task writes it under a temporary name and renames it. */
export function runDone(dir: string, r: SweepRun): boolean {
  return existsSync(join(dir, r.rel, "summary.json"));
}

export interface Submission {
  job: string;
  /** The array indices submitted (Slurm's syntax, e.g. `0-9%4` or `1,3`). */
  array: string;
  submitted: string;
}

export function readSubmissions(dir: string): Submission[] {
  const file = join(dir, JOBS_FILE);
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Submission[]) : [];
}

export function recordSubmission(dir: string, s: Submission): void {
  writeFileAtomic(join(dir, JOBS_FILE), JSON.stringify([...readSubmissions(dir), s], null, 2) + "\n");
}

/** The log file of array task `task` of job `job` (the script's `--output`, Slurm's `%A_%a`). */
export function logFile(dir: string, job: string, task: number): string {
  return join(dir, SLURM_DIR, `${job}_${task}.log`);
}

/** The logs on disk, per task: the job ids that wrote one, oldest first. */
export function logsByTask(dir: string): Map<number, string[]> {
  const out = new Map<number, string[]>();
  const d = join(dir, SLURM_DIR);
  if (!existsSync(d)) return out;
  const found: [number, number][] = [];
  for (const f of readdirSync(d)) {
    const m = /^(\d+)_(\d+)\.log$/.exec(f);
    if (m) found.push([Number(m[1]), Number(m[2])]);
  }
  found.sort((a, b) => a[0] - b[0]);
  for (const [job, task] of found) out.set(task, [...(out.get(task) ?? []), String(job)]);
  return out;
}
