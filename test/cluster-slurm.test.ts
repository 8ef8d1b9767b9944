/**
 * `lidep sweep --backend slurm` on a real one-node Slurm cluster (Debian's slurm-wlm and munge,
 * installed by scripts/ensure-slurm.sh when missing; the daemons run in a temporary directory and
 * are stopped by their PIDs in afterAll). A 4-simulation sweep with --bundle 2 is submitted, waited
 * for, collected and compared byte for byte with the local back end; then one array task is
 * cancelled on purpose in the middle of its second simulation, --collect names it (Slurm id, end
 * state, the tail of its log), and --resume re-submits that task alone, which skips its finished
 * simulation and completes the dataset, again byte for byte the local one. Skipped, with the
 * reason on the console, only where Slurm cannot run at all (not root, or no apt-get).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expectSameOutputs, lidepMain, treeFiles } from "./helpers/outputs.ts";
import { ensureSlurm, slurmUnavailable, startCluster, type Cluster } from "./helpers/slurm-cluster.ts";

const ROOT = new URL("..", import.meta.url).pathname;
const LIDEP = join(ROOT, "bin", "lidep.mjs");

/** The default scenario cut down to a couple of seconds per simulation (the sweep file's overrides). */
const SWEEP = {
  description: "cluster test sweep",
  scenario: join(ROOT, "scenarios", "default.json"),
  overrides: { "lattice.size_nm": [8, 1.4, 8], "collector.radius_nm": 2, "electrical.currentDensity_A_per_cm2": 1, "run.maxEvents": 100_000, "run.samples": 40, "run.snapshots": 3 },
  grid: { "collector.kind": ["rigid", "free"] },
  seeds: [3, 5],
};

const skip = slurmUnavailable();
if (skip) console.warn(`cluster-slurm.test.ts: SKIPPED — this machine cannot run Slurm: ${skip}`);

let tmp = "";
let cluster: Cluster | null = null;
let local = "";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** lidep in this process; its Slurm commands find the test cluster through SLURM_CONF (set in beforeAll). */
const lidep = lidepMain;

/** Every file of the local sweep is in `dir` with the same bytes (summary.json: but for the wall clock). */
function expectSameAsLocal(dir: string): void {
  expect(treeFiles(local).filter((f) => f.endsWith(".arrow")).length).toBe(2 + 4 * 3); // sweep.arrow, timeseries.arrow, 4 runs × (timeseries, snapshots, events)
  expectSameOutputs(local, dir);
}

async function waitUntil(what: string, ok: () => boolean, timeout_ms = 240_000): Promise<void> {
  for (const t0 = Date.now(); Date.now() - t0 < timeout_ms; await sleep(100)) {
    if (ok()) return void console.log(`slurm test: waited ${((Date.now() - t0) / 1000).toFixed(1)} s for ${what}`);
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function waitForJob(job: string): Promise<void> {
  await waitUntil(`job ${job} to leave the queue`, () => cluster!.slurm("squeue", ["--noheader", "--jobs", job]).trim() === "");
}

function submittedJob(out: string): string {
  const m = /submitted job (\d+)/.exec(out);
  if (!m) throw new Error(`no job id in: ${out}`);
  return m[1];
}

describe.skipIf(skip !== null)("lidep sweep --backend slurm on a one-node Slurm cluster", () => {
  beforeAll(async () => {
    ensureSlurm();
    tmp = mkdtempSync(join(tmpdir(), "lidep-slurm-"));
    writeFileSync(join(tmp, "sweep.json"), JSON.stringify(SWEEP));
    cluster = await startCluster(join(tmp, "cluster"), (s) => console.log(s));
    process.env.SLURM_CONF = cluster.env.SLURM_CONF;
    local = join(tmp, "local");
    const r = await lidep(["sweep", join(tmp, "sweep.json"), "--out", local, "--workers", "2", "--quiet"]);
    expect(r.code, r.err).toBe(0);
  });

  afterAll(async () => {
    await cluster?.stop();
    delete process.env.SLURM_CONF;
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it("submits an array of 2 tasks × 2 simulations, shows its state, and collects the local back end's bytes", async () => {
    const dir = join(tmp, "slurm-a");
    const sub = await lidep(["sweep", join(tmp, "sweep.json"), "--backend", "slurm", "--bundle", "2", "--out", dir, "--time", "00:10:00", "--array-max", "2"]);
    expect(sub.code, sub.err).toBe(0);
    const job = submittedJob(sub.out);
    const script = readFileSync(join(dir, "sweep.sbatch"), "utf8");
    expect(script).toMatch(/^#SBATCH --array=0-1%2$/m);
    expect(script).toMatch(/^#SBATCH --time=00:10:00$/m);
    expect(script).toContain(`exec ${process.execPath} ${LIDEP} sweep-task ${dir} "$SLURM_ARRAY_TASK_ID"`);

    // At once: nothing is done yet (a task takes seconds), both tasks are in the queue.
    const early = await lidep(["sweep", "--status", dir]);
    expect(early.code, early.err).toBe(0);
    expect(early.out).toMatch(/simulations: 0 done/);
    expect(early.out).toMatch(new RegExp(`\\n\\s+0\\s+(pending|running)\\s+0/2\\s+${job}_0`));
    expect(early.out).toMatch(new RegExp(`\\n\\s+1\\s+(pending|running)\\s+0/2\\s+${job}_1`));
    expect((await lidep(["sweep", "--collect", dir])).code).toBe(1); // not yet: nothing merged
    expect(existsSync(join(dir, "sweep.arrow"))).toBe(false);

    await waitForJob(job);
    const done = await lidep(["sweep", "--status", dir]);
    expect(done.out).toMatch(/simulations: 4 done\n\s+array tasks: 2 done\n$/);
    for (const t of [0, 1]) expect(readFileSync(join(dir, "slurm", `${job}_${t}.log`), "utf8")).toMatch(/2 ran, 0 already complete, 0 failed/);

    const col = await lidep(["sweep", "--collect", dir]);
    expect(col.code, col.out + col.err).toBe(0);
    expect(col.out).toMatch(/^\s+collector\.kind\s+runs\s+outcome/);
    expectSameAsLocal(dir);
  });

  it("reports sbatch's own refusal in one line, and keeps the script for a later submission", async () => {
    const dir = join(tmp, "slurm-nosuch");
    const r = await lidep(["sweep", join(tmp, "sweep.json"), "--backend", "slurm", "--out", dir, "--partition", "nosuch"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^lidep: sbatch: .*[Ii]nvalid partition.* — nothing submitted; .*sweep\.sbatch is written: .*--resume\n$/);
    expect(existsSync(join(dir, "slurm", "jobs.json"))).toBe(false);
    expect(readFileSync(join(dir, "sweep.sbatch"), "utf8")).toMatch(/^#SBATCH --partition=nosuch$/m);
  });

  it("names a cancelled task with its Slurm id and log, and --resume re-submits it alone to completion", async () => {
    const dir = join(tmp, "slurm-b");
    const sub = await lidep(["sweep", join(tmp, "sweep.json"), "--backend", "slurm", "--bundle", "2", "--out", dir]);
    expect(sub.code, sub.err).toBe(0);
    const job = submittedJob(sub.out);

    // Cancel task 1 once its second simulation (index 3) has started: simulation 2 is then done.
    const log1 = join(dir, "slurm", `${job}_1.log`);
    await waitUntil("simulation 3 to start", () => existsSync(log1) && /simulation 3 .*: running/.test(readFileSync(log1, "utf8")));
    cluster!.slurm("scancel", [`${job}_1`]);
    await waitForJob(job);
    const sim2 = join(dir, "collector.kind=free", "seed=3", "summary.json");
    const sim3 = join(dir, "collector.kind=free", "seed=5", "summary.json");
    expect(existsSync(sim2)).toBe(true);
    expect(existsSync(sim3), "task 1 finished before it could be cancelled").toBe(false);

    const st = await lidep(["sweep", "--status", dir]);
    expect(st.out).toMatch(/simulations: 3 done, 1 failed/);
    expect(st.out).toMatch(new RegExp(`\\n\\s+1\\s+failed\\s+1/2\\s+${job}_1\\s+CANCELLED`));

    const col = await lidep(["sweep", "--collect", dir]);
    expect(col.code).toBe(1);
    expect(col.out).toMatch(/^1 of 4 simulations missing; nothing merged:/);
    expect(col.out).toMatch(new RegExp(`array task 1: failed, slurm id ${job}_1, CANCELLED`));
    expect(col.out).toMatch(/simulation 3\s+collector\.kind=free\/seed=5/);
    expect(col.out).toMatch(/\| .*CANCELLED AT/); // slurmstepd's line, from the tail of the log
    expect(col.out).toContain("--resume");
    expect(existsSync(join(dir, "sweep.arrow"))).toBe(false);

    const mtime2 = statSync(sim2).mtimeMs;
    const res = await lidep(["sweep", "--collect", dir, "--resume"]);
    expect(res.code, res.out + res.err).toBe(0);
    const again = /re-submitted 1 array task \(1\) as job (\d+)/.exec(res.out)?.[1];
    expect(again, res.out).toBeDefined();
    const jobs = JSON.parse(readFileSync(join(dir, "slurm", "jobs.json"), "utf8"));
    expect(jobs.map((j: { job: string; array: string }) => [j.job, j.array])).toEqual([[job, "0-1"], [again, "1"]]);
    await waitForJob(again!);

    expect(existsSync(join(dir, "slurm", `${again}_0.log`))).toBe(false); // task 0 was not run again
    const relog = readFileSync(join(dir, "slurm", `${again}_1.log`), "utf8");
    expect(relog).toMatch(/simulation 2 .*: already complete, skipped/);
    expect(relog).toMatch(/1 ran, 1 already complete, 0 failed/);
    expect(statSync(sim2).mtimeMs).toBe(mtime2);

    const fin = await lidep(["sweep", "--collect", dir]);
    expect(fin.code, fin.out + fin.err).toBe(0);
    expectSameAsLocal(dir);
  });
});
