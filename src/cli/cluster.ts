/**
 * `lidep sweep <file> --backend slurm`, `lidep sweep --status <dir>`, `lidep sweep --collect <dir>
 * [--resume]`, and `lidep sweep-task <dir> <task>` (what the array script runs): the cluster back
 * end's command line (src/cluster does the work).
 */
import { relative, resolve, join } from "node:path";
import { UserError } from "../errors.ts";
import { loadSweep } from "../parallel/sweepfile.ts";
import { hasCommand } from "../cluster/slurm.ts";
import { type SlurmOptions } from "../cluster/script.ts";
import { collectSweep, resumeSweep, submitSweep, tasksToResubmit } from "../cluster/submit.ts";
import { sweepStatus, tail, type SweepStatus, type TaskState, type TaskStatus } from "../cluster/status.ts";
import { runArrayTask } from "../cluster/task.ts";
import { plural, sweepResultsText, table } from "./sweep.ts";

export interface ClusterSubmitArgs extends SlurmOptions {
  file: string;
  out?: string;
  /** false: write the script and the plan, do not call sbatch. */
  submit: boolean;
}

/** How many tasks a report lists in full; the rest are counted. */
const LIST = 20;
const TAIL_LINES = 8;

export async function clusterSubmitCommand(a: ClusterSubmitArgs): Promise<number> {
  const sw = loadSweep(a.file);
  const dir = resolve(a.out ?? join("data/runs", sw.name));
  if (a.submit && !hasCommand("sbatch")) throw new UserError("--backend slurm: sbatch not found on PATH (run on a machine with Slurm's commands, or add --no-submit to write the script only)");
  const s = submitSweep(sw, dir, a, { submit: a.submit });
  const n = s.plan.simulations.length;
  process.stdout.write(
    `sweep ${sw.name}: ${plural(sw.points.length, "point")} × ${plural(sw.doc.seeds.length, "seed")} = ${plural(n, "simulation")}, ${a.bundle} per array task: ${plural(s.plan.tasks, "array task")}\n` +
      `wrote ${s.script}\n` +
      (s.job !== null ? `submitted job ${s.job}\n` : `not submitted; submit with: sbatch ${s.script}\n`) +
      `follow: lidep sweep --status ${dir}\n` +
      `merge:  lidep sweep --collect ${dir}\n`,
  );
  return 0;
}

function slurmId(t: TaskStatus): string {
  return t.job ? `${t.job}_${t.task}` : "–";
}

const ORDER: TaskState[] = ["done", "running", "pending", "failed", "not started"];

/** Simulations by state (a missing one has its task's state), and array tasks by state. */
function counts(st: SweepStatus): { sims: string; tasks: string } {
  const sims = new Map<TaskState, number>(ORDER.map((k) => [k, 0]));
  const tasks = new Map<TaskState, number>(ORDER.map((k) => [k, 0]));
  for (const t of st.tasks) {
    sims.set("done", sims.get("done")! + t.runs.length - t.missing.length);
    sims.set(t.state, sims.get(t.state)! + t.missing.length);
    tasks.set(t.state, tasks.get(t.state)! + 1);
  }
  const text = (m: Map<TaskState, number>) => [...m].filter(([k, n]) => n > 0 || k === "done").map(([k, n]) => `${n} ${k}`).join(", ");
  return { sims: text(sims), tasks: text(tasks) };
}

function taskRows(st: SweepStatus, tasks: TaskStatus[]): string {
  const rows = tasks.slice(0, LIST).map((t) => [String(t.task), t.state, `${t.runs.length - t.missing.length}/${t.runs.length}`, slurmId(t), t.slurm ?? "", t.log ? relative(st.lp.dir, t.log) : ""]);
  return table(["task", "state", "done", "slurm id", "slurm state", "log"], rows) + (tasks.length > LIST ? `  … and ${tasks.length - LIST} more\n` : "");
}

function statusText(st: SweepStatus): string {
  const p = st.lp.plan;
  const c = counts(st);
  const open = st.tasks.filter((t) => t.state !== "done");
  return (
    `sweep ${p.name} in ${st.lp.dir}: ${plural(p.simulations.length, "simulation")}, ${p.bundle} per array task\n` +
    `  simulations: ${c.sims}\n` +
    `  array tasks: ${c.tasks}\n` +
    (st.queueError ? `  (${st.queueError}: states from the files only)\n` : "") +
    (open.length ? taskRows(st, open) : "")
  );
}

export async function clusterStatusCommand(dir: string): Promise<number> {
  process.stdout.write(statusText(sweepStatus(resolve(dir))));
  return 0;
}

function missingText(st: SweepStatus): string {
  const open = st.tasks.filter((t) => t.missing.length > 0);
  const missing = open.reduce((a, t) => a + t.missing.length, 0);
  const lines = [`${missing} of ${plural(st.lp.runs.length, "simulation")} missing; nothing merged:`];
  for (const t of open.slice(0, LIST)) {
    lines.push(`  array task ${t.task}: ${t.state}${t.job ? `, slurm id ${slurmId(t)}` : ""}${t.slurm ? `, ${t.slurm}` : ""}`);
    for (const r of t.missing) lines.push(`    simulation ${r.index}  ${r.rel}`);
    if (t.state === "failed" && t.log) {
      lines.push(`    ${relative(st.lp.dir, t.log)}, last lines:`);
      for (const l of tail(t.log, TAIL_LINES).split("\n")) lines.push(`      | ${l}`);
    }
  }
  if (open.length > LIST) lines.push(`  … and ${open.length - LIST} more array tasks`);
  if (st.queueError) lines.push(`  (${st.queueError}: states from the files only)`);
  return lines.join("\n") + "\n";
}

export async function clusterCollectCommand(dirArg: string, resume: boolean): Promise<number> {
  const dir = resolve(dirArg);
  const st = sweepStatus(dir);
  const summaries = collectSweep(dir, st);
  if (summaries !== null) {
    process.stdout.write(sweepResultsText(st.lp.sweep, summaries));
    process.stdout.write(`output: ${dir}\n`);
    return 0;
  }
  process.stdout.write(missingText(st));
  const again = tasksToResubmit(st);
  if (!resume) {
    process.stdout.write(again.length ? `re-submit ${plural(again.length, "array task")}: lidep sweep --collect ${dir} --resume\n` : "the rest is still queued: collect again when it has run\n");
    return 1;
  }
  if (st.queueError) throw new UserError(`--resume: cannot tell what is still queued (${st.queueError}); run it where squeue works`);
  const r = resumeSweep(dir, st);
  if (r === null) {
    process.stdout.write("nothing to re-submit: the rest is still queued\n");
    return 1;
  }
  process.stdout.write(`re-submitted ${plural(r.tasks.length, "array task")} (${r.tasks.join(", ")}) as job ${r.job}; collect again when it has run\n`);
  return 0;
}

/** One array task; exits 1 when one of its simulations failed (the log says which and why). */
export async function sweepTaskCommand(dir: string, task: number): Promise<number> {
  const r = runArrayTask(resolve(dir), task, (line) => process.stdout.write(line + "\n"));
  return r.failed.length > 0 ? 1 : 0;
}
