/**
 * The Slurm back end without Slurm: the array script and the plan it runs from, array tasks run in
 * this process as Slurm would run them, --status / --collect from the files on disk, a failed
 * simulation, and the one-line errors. (cluster-slurm.test.ts runs the same on a real Slurm.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expectSameOutputs, lidepMain } from "./helpers/outputs.ts";
import { loadSweep } from "../src/parallel/sweepfile.ts";
import { runSweep } from "../src/parallel/sweep.ts";
import { arraySpec, checkSlurmOptions, CHECKOUT } from "../src/cluster/script.ts";
import { runArrayTask } from "../src/cluster/task.ts";

const ROOT = new URL("..", import.meta.url).pathname;
/** 3 points × 1 seed of the default scenario cut down to a fraction of a second each; with
 * --bundle 2, task 0 runs simulations 0 and 1, task 1 runs simulation 2. */
const SWEEP = {
  scenario: join(ROOT, "scenarios", "default.json"),
  overrides: { "lattice.size_nm": [8, 1.4, 8], "collector.radius_nm": 2, "run.maxEvents": 3000, "run.samples": 20, "run.snapshots": 2 },
  grid: { "electrical.currentDensity_A_per_cm2": [0.5, 1, 2] },
  seeds: [7],
};

let tmp = "";
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "lidep-cluster-"));
  writeFileSync(join(tmp, "s.json"), JSON.stringify(SWEEP));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const lidep = lidepMain;

/** An array task as Slurm runs it: its stdout into slurm/<job>_<task>.log. */
function slurmLikeTask(dir: string, job: number, task: number) {
  const log = join(dir, "slurm", `${job}_${task}.log`);
  return runArrayTask(dir, task, (line) => appendFileSync(log, line + "\n"));
}

describe("Slurm array script and plan", () => {
  it("writes arrays in Slurm's syntax", () => {
    expect(arraySpec([0, 1, 2, 3])).toBe("0-3");
    expect(arraySpec([9, 1, 4, 3, 5])).toBe("1,3-5,9");
    expect(arraySpec([2], 4)).toBe("2%4");
  });

  it("rejects bad options in one line", () => {
    const ok = { bundle: 1, sbatchArgs: [] };
    expect(() => checkSlurmOptions({ ...ok, bundle: 0 })).toThrow(/^--bundle: expected a positive integer .*found 0$/);
    expect(() => checkSlurmOptions({ ...ok, time: "2h" })).toThrow(/^--time: expected a Slurm time limit .*found "2h"$/);
    expect(() => checkSlurmOptions({ ...ok, arrayMax: 1.5 })).toThrow(/^--array-max:/);
    expect(() => checkSlurmOptions({ ...ok, partition: "a b" })).toThrow(/^--partition:/);
    expect(() => checkSlurmOptions({ ...ok, sbatchArgs: ["account=x"] })).toThrow(/^--sbatch-arg: .*found "account=x"$/);
    for (const time of ["30", "30:00", "02:00:00", "1-12", "1-12:00", "1-12:00:00"]) expect(() => checkSlurmOptions({ ...ok, time })).not.toThrow();
  });

  it("--no-submit writes a script that runs this checkout's lidep on bundles of points.json", async () => {
    const dir = join(tmp, "plan");
    const r = await lidep(["sweep", join(tmp, "s.json"), "--backend", "slurm", "--bundle", "2", "--no-submit", "--out", dir, "--partition", "short", "--time", "00:30:00", "--array-max", "5", "--sbatch-arg=--account=proj123", "--sbatch-arg=--mem=2G"]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/3 simulations, 2 per array task: 2 array tasks\n/);
    expect(r.out).toContain(`not submitted; submit with: sbatch ${join(dir, "sweep.sbatch")}`);
    const script = readFileSync(join(dir, "sweep.sbatch"), "utf8");
    const directives = script.split("\n").filter((l) => l.startsWith("#SBATCH")).map((l) => l.slice(8));
    expect(directives).toEqual(["--job-name=lidep-s", "--array=0-1%5", "--ntasks=1", "--cpus-per-task=1", `--output=${join(dir, "slurm", "%A_%a.log")}`, "--partition=short", "--time=00:30:00", "--account=proj123", "--mem=2G"]);
    // no command before the #SBATCH lines (sbatch stops reading them at the first one)
    const lines = script.split("\n");
    const lastDirective = lines.map((l) => l.startsWith("#SBATCH")).lastIndexOf(true);
    expect(lines.findIndex((l) => l.trim() !== "" && !l.startsWith("#"))).toBeGreaterThan(lastDirective);
    expect(script.trimEnd().split("\n").at(-1)).toBe(`exec ${process.execPath} ${join(CHECKOUT, "bin", "lidep.mjs")} sweep-task ${dir} "$SLURM_ARRAY_TASK_ID"`);
    expect(existsSync(join(CHECKOUT, "bin", "lidep.mjs"))).toBe(true);

    const plan = JSON.parse(readFileSync(join(dir, "slurm", "points.json"), "utf8"));
    expect(plan.tasks).toBe(2);
    expect(plan.simulations.map((s: { task: number; rel: string }) => [s.task, s.rel])).toEqual([
      [0, "electrical.currentDensity_A_per_cm2=0.5/seed=7"],
      [0, "electrical.currentDensity_A_per_cm2=1/seed=7"],
      [1, "electrical.currentDensity_A_per_cm2=2/seed=7"],
    ]);
    // each point's scenario resolved at submission, as the local back end resolves it
    const sw = loadSweep(join(tmp, "s.json"));
    expect(plan.points.map((p: { scenario: unknown }) => p.scenario)).toEqual(sw.points.map((p) => p.scenario));
  });
});

describe("array tasks, status and collect from the files", () => {
  let local = "";
  let dir = "";
  beforeAll(async () => {
    local = join(tmp, "local");
    await runSweep({ sweep: loadSweep(join(tmp, "s.json")), workers: 2, outDir: local });
    dir = join(tmp, "cl");
    expect((await lidep(["sweep", join(tmp, "s.json"), "--backend", "slurm", "--bundle", "2", "--no-submit", "--out", dir])).code).toBe(0);
  });

  it("runs each task's bundle, lists what is missing, and merges the local back end's bytes", async () => {
    const t1 = slurmLikeTask(dir, 41, 1);
    expect(t1).toEqual({ ran: [2], skipped: [], failed: [] });
    const st = await lidep(["sweep", "--status", dir]);
    expect(st.out).toMatch(/simulations: 1 done, 2 not started\n\s+array tasks: 1 done, 1 not started\n/);
    expect(st.out).toMatch(/\n\s+0\s+not started\s+0\/2\s/);
    const col = await lidep(["sweep", "--collect", dir]);
    expect(col.code).toBe(1);
    expect(col.out).toMatch(/^2 of 3 simulations missing; nothing merged:\n\s+array task 0: not started\n\s+simulation 0\s+electrical\.currentDensity_A_per_cm2=0\.5\/seed=7\n\s+simulation 1\s/);
    expect(existsSync(join(dir, "sweep.arrow"))).toBe(false);

    expect(slurmLikeTask(dir, 42, 0)).toEqual({ ran: [0, 1], skipped: [], failed: [] });
    expect(slurmLikeTask(dir, 43, 1)).toEqual({ ran: [], skipped: [2], failed: [] }); // a re-run skips what is done
    const fin = await lidep(["sweep", "--collect", dir]);
    expect(fin.code, fin.out + fin.err).toBe(0);
    expect(fin.out).toMatch(/^\s+electrical\.currentDensity_A_per_cm2\s+runs\s+outcome/);
    expect(fin.out.trimEnd().split("\n").at(-1)).toBe(`output: ${dir}`);
    expectSameOutputs(local, dir);
  });

  it("logs a failed simulation, runs the rest of the bundle, and collect shows the log's tail", async () => {
    const d = join(tmp, "fail");
    expect((await lidep(["sweep", join(tmp, "s.json"), "--backend", "slurm", "--bundle", "2", "--no-submit", "--out", d])).code).toBe(0);
    // simulation 0's run directory cannot be made: a file stands where its partition would be
    writeFileSync(join(d, "electrical.currentDensity_A_per_cm2=0.5"), "in the way");
    expect(slurmLikeTask(d, 51, 0)).toEqual({ ran: [1], skipped: [], failed: [0] });
    const st = await lidep(["sweep", "--status", d]);
    expect(st.out).toMatch(/\n\s+0\s+failed\s+1\/2\s+51_0\s/);
    const col = await lidep(["sweep", "--collect", d]);
    expect(col.code).toBe(1);
    expect(col.out).toMatch(/array task 0: failed, slurm id 51_0\n\s+simulation 0\s+electrical\.currentDensity_A_per_cm2=0\.5\/seed=7\n\s+slurm\/51_0\.log, last lines:\n/);
    expect(col.out).toMatch(/\| .*array task 0: 1 ran, 0 already complete, 1 failed/);
    expect(col.out).toMatch(/re-submit 2 array tasks: lidep sweep --collect .* --resume/);
    expect(readFileSync(join(d, "slurm", "51_0.log"), "utf8")).toMatch(/simulation 0 .*: FAILED: /);
  });
});

describe("errors, in one line with exit code 2", () => {
  const cases: [string, () => string[], RegExp][] = [
    ["slurm options without --backend slurm", () => ["sweep", join(tmp, "s.json"), "--partition", "p"], /^lidep: --partition: only with --backend slurm\n$/],
    ["--resume without --collect", () => ["sweep", "--status", tmp, "--resume"], /^lidep: --resume: only with --collect <dir>\n$/],
    ["a file and --collect", () => ["sweep", join(tmp, "s.json"), "--collect", tmp], /^lidep: sweep: expected one of .*found a sweep file and --collect\n$/],
    ["--workers with slurm", () => ["sweep", join(tmp, "s.json"), "--backend", "slurm", "--workers", "2"], /^lidep: --workers: not with --backend slurm/],
    ["--collect on a directory that is not a cluster sweep", () => ["sweep", "--collect", tmp], /^lidep: .*: expected a cluster sweep directory .*found no slurm\/points\.json\n$/],
    ["a bad --time", () => ["sweep", join(tmp, "s.json"), "--backend", "slurm", "--no-submit", "--time", "1h", "--out", join(tmp, "never")], /^lidep: --time: expected a Slurm time limit/],
  ];
  for (const [what, args, msg] of cases) {
    it(what, async () => {
      const r = await lidep(args());
      expect(r.code).toBe(2);
      expect(r.err).toMatch(msg);
    });
  }

  it("refuses a directory that already holds files, and writes nothing into it", async () => {
    const d = join(tmp, "busy");
    mkdirSync(d);
    writeFileSync(join(d, "precious.txt"), "x");
    const r = await lidep(["sweep", join(tmp, "s.json"), "--backend", "slurm", "--no-submit", "--out", d]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^lidep: .*busy: expected a new or empty directory for a cluster sweep \(--out\), found one that holds files\n$/);
    expect(readdirSync(d)).toEqual(["precious.txt"]);
    expect(existsSync(join(tmp, "never"))).toBe(false);
  });

  it("refuses a plan written by another version", async () => {
    const d = join(tmp, "oldplan");
    expect((await lidep(["sweep", join(tmp, "s.json"), "--backend", "slurm", "--no-submit", "--out", d])).code).toBe(0);
    const f = join(d, "slurm", "points.json");
    writeFileSync(f, readFileSync(f, "utf8").replace(/"version":"[^"]*"/, '"version":"0.0.1"'));
    const r = await lidep(["sweep-task", d, "0"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/key version: this sweep was planned by lidep 0\.0\.1 and this is lidep /);
  });
});
