/**
 * One array task of a cluster sweep (`lidep sweep-task <dir> <task>`, what sweep.sbatch runs): its
 * bundle of simulations from slurm/points.json, one after the other on this process's thread,
 * each through the worker pool's own task function (simulate, then write the run directory under a
 * temporary name and rename it into place). A simulation whose run directory is already complete
 * is skipped, so a task re-submitted after a kill does only what is missing. A failed simulation
 * is logged and the next one still runs; the task then exits non-zero. One line per step goes to
 * the log (stdout, which Slurm writes to slurm/<job>_<task>.log).
 */
import { hostname } from "node:os";
import { join } from "node:path";
import { runTask } from "../parallel/task.ts";
import { UserError } from "../errors.ts";
import { VERSION } from "../version.ts";
import { loadPlan, runDone, taskRuns } from "./plan.ts";

export interface TaskReport {
  ran: number[];
  skipped: number[];
  failed: number[];
}

export function runArrayTask(dir: string, task: number, log: (line: string) => void): TaskReport {
  const lp = loadPlan(dir);
  if (!Number.isInteger(task) || task < 0 || task >= lp.plan.tasks) throw new UserError(`sweep-task: expected an array task index 0 … ${lp.plan.tasks - 1}, found ${task}`);
  const runs = taskRuns(lp, task);
  const n = lp.runs.length;
  const stamp = () => new Date().toISOString().replace(/\.\d+Z$/, "Z");
  const job = process.env.SLURM_ARRAY_JOB_ID ? ` (job ${process.env.SLURM_ARRAY_JOB_ID}_${process.env.SLURM_ARRAY_TASK_ID ?? task})` : "";
  log(`${stamp()} lidep ${VERSION} sweep ${lp.plan.name}: array task ${task} of 0 … ${lp.plan.tasks - 1}${job} on ${hostname()}, simulations ${runs[0].index} … ${runs.at(-1)!.index} of ${n}`);
  const report: TaskReport = { ran: [], skipped: [], failed: [] };
  for (const r of runs) {
    const what = `simulation ${r.index} (${r.rel}, seed ${r.seed})`;
    if (runDone(dir, r)) {
      log(`${stamp()} ${what}: already complete, skipped`);
      report.skipped.push(r.index);
      continue;
    }
    log(`${stamp()} ${what}: running`);
    const t0 = performance.now();
    try {
      const s = runTask({ index: r.index, scenario: r.scenario, seed: r.seed, dir: join(dir, r.rel) });
      log(`${stamp()} ${what}: ${s.outcome} after ${s.events} events, ${s.simulatedTime_s.toPrecision(4)} s simulated, in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      report.ran.push(r.index);
    } catch (e) {
      log(`${stamp()} ${what}: FAILED: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      report.failed.push(r.index);
    }
  }
  log(`${stamp()} array task ${task}: ${report.ran.length} ran, ${report.skipped.length} already complete, ${report.failed.length} failed`);
  return report;
}
