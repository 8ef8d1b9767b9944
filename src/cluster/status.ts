/**
 * Where a cluster sweep stands, from the files on disk and the queue, without Slurm's accounting:
 * a simulation is done when its run directory is there (written whole by the task); an array task
 * is pending or running while squeue lists it, done when all its simulations are, failed when it
 * left the queue with some missing (its log and, while the controller remembers the job, scontrol's
 * end state say why), and not started when no job has run it (never submitted, or cancelled while
 * pending).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { SweepRun } from "../parallel/sweep.ts";
import { loadPlan, logFile, logsByTask, readSubmissions, runDone, taskRuns, SCRIPT_FILE, type LoadedPlan } from "./plan.ts";
import { endedTasks, queuedTasks } from "./slurm.ts";

export type TaskState = "done" | "pending" | "running" | "failed" | "not started";

export interface TaskStatus {
  task: number;
  state: TaskState;
  runs: SweepRun[];
  missing: SweepRun[];
  /** The job that runs it now, or that ran it last (`<job>_<task>` is Slurm's id of the task). */
  job?: string;
  /** squeue's state while queued; scontrol's end state and exit code after, while it knows them. */
  slurm?: string;
  log?: string;
}

export interface SweepStatus {
  lp: LoadedPlan;
  tasks: TaskStatus[];
  /** Why the queue could not be read (then running or pending tasks show as failed or not started). */
  queueError?: string;
}

const ACTIVE = new Set(["RUNNING", "COMPLETING", "CONFIGURING", "STAGE_OUT", "SIGNALING"]);

export function sweepStatus(dir: string): SweepStatus {
  const lp = loadPlan(dir);
  const logs = logsByTask(dir);
  const submitted = new Set(readSubmissions(dir).map((s) => s.job));
  for (const jobs of logs.values()) for (const j of jobs) submitted.add(j);
  const q = queuedTasks(join(dir, SCRIPT_FILE), submitted);
  const ended = new Map<string, ReturnType<typeof endedTasks>>();
  const tasks: TaskStatus[] = [];
  for (let t = 0; t < lp.plan.tasks; t++) {
    const runs = taskRuns(lp, t);
    const missing = runs.filter((r) => !runDone(dir, r));
    const queued = (q.tasks ?? []).filter((x) => x.task === t).sort((a, b) => Number(b.job) - Number(a.job))[0];
    const lastLog = logs.get(t)?.at(-1);
    const s: TaskStatus = { task: t, state: "done", runs, missing };
    if (queued) {
      s.state = ACTIVE.has(queued.state) ? "running" : "pending";
      s.job = queued.job;
      s.slurm = queued.state + (queued.reason && queued.reason !== "None" ? ` (${queued.reason})` : "");
    } else if (missing.length > 0) {
      s.state = lastLog ? "failed" : "not started";
    }
    if (!queued && lastLog) s.job = lastLog;
    if (s.job && existsSync(logFile(dir, s.job, t))) s.log = logFile(dir, s.job, t);
    if (s.state === "failed" && s.job) {
      if (!ended.has(s.job)) ended.set(s.job, endedTasks(s.job));
      const e = ended.get(s.job)!.get(t);
      if (e) s.slurm = `${e.state} exit ${e.exitCode}${e.reason && e.reason !== "None" ? ` (${e.reason})` : ""}`;
    }
    tasks.push(s);
  }
  return { lp, tasks, ...(q.tasks === null ? { queueError: q.error } : {}) };
}

/** The last `lines` lines of a file ("" when it is not there). */
export function tail(file: string, lines: number): string {
  if (!existsSync(file)) return "";
  const all = readFileSync(file, "utf8").replace(/\n+$/, "").split("\n");
  return all.slice(-lines).join("\n");
}
