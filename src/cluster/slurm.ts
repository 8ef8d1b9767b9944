/**
 * Slurm's own commands, as a user runs them: sbatch to submit, squeue for what is pending or
 * running, scontrol for how a finished task ended (while the controller still holds it, by default
 * five minutes: no accounting database needed). They find the cluster as usual (slurm.conf, or
 * SLURM_CONF in the environment).
 */
import { execFileSync } from "node:child_process";
import { UserError } from "../errors.ts";

function run(cmd: string, args: string[]): { ok: true; out: string } | { ok: false; missing: boolean; err: string } {
  try {
    return { ok: true, out: execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 120_000 }) };
  } catch (e) {
    const x = e as NodeJS.ErrnoException & { stderr?: string };
    if (x.code === "ENOENT") return { ok: false, missing: true, err: `${cmd} not found on PATH` };
    const msg = (x.stderr ?? "").trim().split("\n").filter(Boolean).at(-1) ?? x.message;
    return { ok: false, missing: false, err: `${cmd}: ${msg.replace(new RegExp(`^${cmd}: `), "")}` };
  }
}

export function hasCommand(cmd: string): boolean {
  const r = run(cmd, ["--version"]);
  return r.ok || !r.missing;
}

/** Submits `script` (with more sbatch options first) and returns the job id. */
export function sbatch(script: string, options: string[] = []): string {
  const r = run("sbatch", ["--parsable", ...options, script]);
  if (!r.ok) throw new UserError(r.err);
  const job = r.out.trim().split(";")[0];
  if (!/^\d+$/.test(job)) throw new Error(`sbatch --parsable printed ${JSON.stringify(r.out)}, expected a job id`);
  return job;
}

export interface QueuedTask {
  job: string;
  task: number;
  /** PENDING, RUNNING, COMPLETING, … */
  state: string;
  reason: string;
}

/**
 * The array tasks still in the queue whose job runs `script` (its command) or has one of the ids
 * in `jobs`; null with the reason when squeue cannot be asked.
 */
export function queuedTasks(script: string, jobs: Set<string>): { tasks: QueuedTask[] } | { tasks: null; error: string } {
  const r = run("squeue", ["--me", "--noheader", "--array", "--format=%F|%K|%T|%r|%o"]);
  if (!r.ok) return { tasks: null, error: r.err };
  const tasks: QueuedTask[] = [];
  for (const line of r.out.split("\n")) {
    const f = line.split("|");
    if (f.length < 5) continue;
    const [job, task, state, reason] = f;
    const command = f.slice(4).join("|").trim();
    if ((command === script || jobs.has(job)) && /^\d+$/.test(task)) tasks.push({ job, task: Number(task), state, reason });
  }
  return { tasks };
}

export interface EndedTask {
  state: string;
  exitCode: string;
  reason: string;
}

/** How the array tasks of `job` ended, keyed by task index (empty once the controller forgot the job). */
export function endedTasks(job: string): Map<number, EndedTask> {
  const out = new Map<number, EndedTask>();
  const r = run("scontrol", ["--oneliner", "show", "job", job]);
  if (!r.ok) return out;
  for (const line of r.out.split("\n")) {
    const field = (k: string) => new RegExp(`(?:^|\\s)${k}=(\\S*)`).exec(line)?.[1];
    if (field("ArrayJobId") !== job) continue;
    const task = Number(field("ArrayTaskId"));
    if (Number.isInteger(task)) out.set(task, { state: field("JobState") ?? "?", exitCode: field("ExitCode") ?? "?", reason: field("Reason") ?? "" });
  }
  return out;
}
