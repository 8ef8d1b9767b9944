/**
 * The sbatch array script of a cluster sweep: plain bash with #SBATCH lines, readable and
 * re-submittable by hand (`sbatch <dir>/sweep.sbatch`, or `sbatch --array=1,3 <dir>/sweep.sbatch`
 * for some tasks only: options on sbatch's command line win over the script's). Each array task
 * runs `node <checkout>/bin/lidep.mjs sweep-task <dir> $SLURM_ARRAY_TASK_ID` — this checkout, with
 * the node that submitted — and that runs its bundle of simulations from slurm/points.json.
 */
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { UserError } from "../errors.ts";
import { VERSION } from "../version.ts";
import { PLAN_FILE, SCRIPT_FILE, SLURM_DIR, type Plan } from "./plan.ts";

export interface SlurmOptions {
  partition?: string;
  /** Slurm's time limit per array task (`--time`), e.g. 02:00:00 or 1-00:00:00. */
  time?: string;
  /** At most this many array tasks at once (`--array=…%M`). */
  arrayMax?: number;
  /** Simulations per array task. */
  bundle: number;
  /** More sbatch options, one #SBATCH line each (e.g. --account=proj123, --mem=2G). */
  sbatchArgs: string[];
}

/** Slurm's time formats: min, min:sec, h:min:sec, d-h, d-h:min, d-h:min:sec (or UNLIMITED). */
const TIME = /^(\d+(:\d{1,2}){0,2}|\d+-\d{1,2}(:\d{1,2}){0,2}|UNLIMITED|INFINITE)$/i;

export function checkSlurmOptions(o: SlurmOptions): SlurmOptions {
  if (!Number.isSafeInteger(o.bundle) || o.bundle < 1) throw new UserError(`--bundle: expected a positive integer (simulations per array task), found ${o.bundle}`);
  if (o.arrayMax !== undefined && (!Number.isSafeInteger(o.arrayMax) || o.arrayMax < 1)) throw new UserError(`--array-max: expected a positive integer (array tasks at once), found ${o.arrayMax}`);
  if (o.time !== undefined && !TIME.test(o.time)) throw new UserError(`--time: expected a Slurm time limit like 02:00:00 or 1-12:00:00, found ${JSON.stringify(o.time)}`);
  if (o.partition !== undefined && !/^[A-Za-z0-9_.,-]+$/.test(o.partition)) throw new UserError(`--partition: expected a partition name (letters, digits, _ . - ,), found ${JSON.stringify(o.partition)}`);
  for (const a of o.sbatchArgs) {
    if (!/^-/.test(a) || /[\n\r]/.test(a)) throw new UserError(`--sbatch-arg: expected one sbatch option like --sbatch-arg=--account=proj123, found ${JSON.stringify(a)}`);
  }
  return o;
}

/** Array indices in Slurm's syntax: `0-3`, `1,4-6`, with `%M` when at most M may run at once. */
export function arraySpec(tasks: number[], arrayMax?: number): string {
  const sorted = [...new Set(tasks)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(j === i ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(",") + (arrayMax !== undefined ? `%${arrayMax}` : "");
}

/** This checkout (the directory holding bin/lidep.mjs). */
export const CHECKOUT = fileURLToPath(new URL("../../", import.meta.url)).replace(/\/$/, "");

/** What an array task runs, the task index left for the script to append. */
export function taskCommand(dir: string): string[] {
  return [process.execPath, join(CHECKOUT, "bin", "lidep.mjs"), "sweep-task", dir];
}

export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_/.:=+@%,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

export function sbatchScript(dir: string, plan: Plan, o: SlurmOptions): string {
  if (/\s/.test(dir)) throw new UserError(`${dir}: a cluster sweep directory may not contain white space (sbatch reads its log path from an #SBATCH line)`);
  const n = plan.simulations.length;
  const k = plan.bundle;
  const what = `${plan.points.length} point${plan.points.length === 1 ? "" : "s"} × ${plan.sweep.seeds.length} seed${plan.sweep.seeds.length === 1 ? "" : "s"}`;
  const sbatch = [
    `--job-name=lidep-${plan.name.replace(/[^A-Za-z0-9_.-]/g, "_")}`,
    `--array=${arraySpec(Array.from({ length: plan.tasks }, (_, i) => i), o.arrayMax)}`,
    "--ntasks=1",
    "--cpus-per-task=1",
    `--output=${join(dir, SLURM_DIR, "%A_%a.log")}`,
    ...(o.partition !== undefined ? [`--partition=${o.partition}`] : []),
    ...(o.time !== undefined ? [`--time=${o.time}`] : []),
    ...o.sbatchArgs,
  ];
  return [
    "#!/bin/bash",
    `# lidep ${VERSION}: the sweep ${plan.name} (${plan.sweepFile}) as a Slurm job array.`,
    `# ${n} simulation${n === 1 ? "" : "s"} (${what}), ${k} per array task: task i runs simulations`,
    `# ${k}·i … ${k}·i + ${k - 1} of ${join(dir, PLAN_FILE)} (each one's resolved scenario, seed and`,
    "# run directory) and skips any whose run directory is already complete.",
    "#",
    `# Submit again by hand:    sbatch ${join(dir, SCRIPT_FILE)}`,
    `# or only some tasks:      sbatch --array=1,3 ${join(dir, SCRIPT_FILE)}`,
    `# Follow, then merge:      lidep sweep --status ${dir}; lidep sweep --collect ${dir}`,
    ...sbatch.map((a) => `#SBATCH ${a}`),
    "set -euo pipefail",
    `cd ${shellQuote(CHECKOUT)}`,
    `exec ${taskCommand(dir).map(shellQuote).join(" ")} "$SLURM_ARRAY_TASK_ID"`,
    "",
  ].join("\n");
}
