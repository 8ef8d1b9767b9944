/**
 * Submitting a cluster sweep, re-submitting what is missing, and merging a finished one.
 *
 * submit: plan (points.json) and script (sweep.sbatch) into a new sweep directory, then sbatch.
 * resume: sbatch the same script again with `--array=` the failed and not-started tasks only; their
 *   complete simulations are skipped by the tasks themselves.
 * collect: once every run directory is there, sweep.arrow, timeseries.arrow and sweep.json through
 *   the local back end's own writer (parallel/sweep.ts), hence the same bytes.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../io/atomic.ts";
import { UserError } from "../errors.ts";
import type { Summary } from "../run/simulate.ts";
import { writeSweepDataset } from "../parallel/sweep.ts";
import type { ResolvedSweep } from "../parallel/sweepfile.ts";
import { createSweepDirectory, makePlan, recordSubmission, writePlan, SCRIPT_FILE, type Plan } from "./plan.ts";
import { arraySpec, checkSlurmOptions, sbatchScript, type SlurmOptions } from "./script.ts";
import { sbatch } from "./slurm.ts";
import type { SweepStatus, TaskStatus } from "./status.ts";

export interface Submitted {
  plan: Plan;
  script: string;
  /** The job id, or null when asked not to submit. */
  job: string | null;
}

function submit(dir: string, array: string | null): string {
  let job: string;
  try {
    job = sbatch(join(dir, SCRIPT_FILE), array === null ? [] : [`--array=${array}`]);
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    throw new UserError(`${e.message} — nothing submitted; ${join(dir, SCRIPT_FILE)} is written: fix it (or the option) and submit it with sbatch, or with lidep sweep --collect ${dir} --resume`);
  }
  recordSubmission(dir, { job, array: array ?? scriptArray(dir), submitted: new Date().toISOString() });
  return job;
}

/** The script's own `#SBATCH --array=` (as written, or as edited by hand since). */
function scriptArray(dir: string): string {
  return /^#SBATCH\s+--array=(\S+)/m.exec(readFileSync(join(dir, SCRIPT_FILE), "utf8"))?.[1] ?? "";
}

export function submitSweep(sw: ResolvedSweep, dir: string, o: SlurmOptions, opts: { submit: boolean }): Submitted {
  checkSlurmOptions(o);
  const plan = makePlan(sw, o.bundle);
  const script = sbatchScript(dir, plan, o);
  createSweepDirectory(dir);
  writePlan(dir, plan);
  writeFileAtomic(join(dir, SCRIPT_FILE), script);
  return { plan, script: join(dir, SCRIPT_FILE), job: opts.submit ? submit(dir, null) : null };
}

/** The tasks a resume re-submits: those that left the queue (or never entered it) with simulations missing. */
export function tasksToResubmit(st: SweepStatus): TaskStatus[] {
  return st.tasks.filter((t) => t.state === "failed" || t.state === "not started");
}

export function resumeSweep(dir: string, st: SweepStatus): { job: string; tasks: number[] } | null {
  const tasks = tasksToResubmit(st).map((t) => t.task);
  if (tasks.length === 0) return null;
  const max = /%(\d+)$/.exec(scriptArray(dir))?.[1];
  return { job: submit(dir, arraySpec(tasks, max === undefined ? undefined : Number(max))), tasks };
}

/** Writes the combined files when every simulation is there; returns their summaries, or null. */
export function collectSweep(dir: string, st: SweepStatus): Summary[] | null {
  if (st.tasks.some((t) => t.missing.length > 0)) return null;
  return writeSweepDataset(dir, st.lp.sweep, st.lp.runs);
}
