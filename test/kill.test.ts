/**
 * Processes killed or cut off: a sweep and a reproduce killed with SIGKILL half-way leave no
 * visible output, only hidden temporaries and a lock that the next command removes and takes over,
 * and that command writes the bytes of an uninterrupted one. A second command writing into a
 * folder that a running one writes is refused; `lidep … | head` ends quietly.
 */
import { treeFiles } from "./helpers/outputs.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { TINY } from "./helpers/cli.ts";

const ROOT = resolve(import.meta.dirname, "..");
const BIN = join(ROOT, "bin/lidep.mjs");
const REPRODUCE = join(ROOT, "test/fixtures/reproduce-child.ts");

let dir: string;
let scenario: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "lidep-kill-"));
  scenario = join(dir, "tiny.json");
  writeFileSync(scenario, JSON.stringify(TINY));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms));
}

async function waitFor(what: string, pred: () => boolean, ms = 120_000): Promise<void> {
  const t0 = Date.now();
  while (!pred()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

async function kill9(child: ChildProcess): Promise<void> {
  const gone = new Promise((r) => child.once("exit", r));
  child.kill("SIGKILL");
  await gone;
}

/** Every file under `root` (relative paths, hidden ones included), sorted. */
const files = treeFiles;

/** Some run of a batch finished inside one of the hidden temporaries of `name`. */
function finishedRunInside(name: string): boolean {
  for (const t of readdirSync(dir).filter((n) => n.startsWith(`.${name}.tmp-`))) {
    if (files(join(dir, t)).some((f) => f.endsWith("summary.json"))) return true;
  }
  return false;
}

/** After a kill: `name` itself absent, only the dead process's temporaries and lock beside it. */
function onlyLeftovers(name: string, pid: number): string[] {
  expect(existsSync(join(dir, name)), `no partial ${name}`).toBe(false);
  const left = readdirSync(dir).filter((n) => n.startsWith(`.${name}.`));
  for (const n of left) expect(n === `.${name}.lock` || n.startsWith(`.${name}.tmp-${pid}-`), n).toBe(true);
  expect(left.some((n) => n.startsWith(`.${name}.tmp-`))).toBe(true);
  return left;
}

/** The same bytes in both directories, file for file, but for the runs' timing.json (wall time) and what `skip` names. */
function sameBytes(a: string, b: string, skip: RegExp): void {
  const keep = (f: string) => !skip.test(f) && !/(^|\/)timing\.json$/.test(f);
  const fa = files(a).filter(keep);
  expect(files(b).filter(keep)).toEqual(fa);
  expect(fa.length).toBeGreaterThan(3);
  for (const f of fa) expect(readFileSync(join(a, f)).equals(readFileSync(join(b, f))), f).toBe(true);
}

describe("kill -9", () => {
  it("a sweep killed half-way leaves no visible output; the next run cleans up and writes the uninterrupted bytes", async () => {
    const sweep = join(dir, "sweep.json");
    writeFileSync(sweep, JSON.stringify({ scenario: "tiny.json", grid: { "electrical.currentDensity_A_per_cm2": [0.5, 1, 2, 3] }, seeds: [1, 2] }));
    const cmd = (out: string) => [BIN, "sweep", sweep, "--out", join(dir, out), "--workers", "1", "--quiet"];
    const child = spawn(process.execPath, cmd("killed"), { stdio: "ignore" });
    await waitFor("a finished run of the sweep", () => finishedRunInside("killed"));
    await kill9(child);
    onlyLeftovers("killed", child.pid!);
    const again = spawnSync(process.execPath, cmd("killed"), { encoding: "utf8" });
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toContain(`locked by process ${child.pid}`);
    expect(readdirSync(dir).filter((n) => n.startsWith(".killed."))).toEqual([]);
    const whole = spawnSync(process.execPath, cmd("whole"), { encoding: "utf8" });
    expect(whole.status, whole.stderr).toBe(0);
    sameBytes(join(dir, "whole"), join(dir, "killed"), /summary\.json$/);
  });

  it("reproduce killed half-way leaves no partial report; the next run writes the uninterrupted bytes", async () => {
    const args = (out: string) => ["--import", "tsx", REPRODUCE, join(dir, out), scenario];
    const child = spawn(process.execPath, args("report"), { cwd: ROOT, stdio: "ignore" });
    await waitFor("a finished run of reproduce", () => finishedRunInside("report"));
    await kill9(child);
    onlyLeftovers("report", child.pid!);
    const again = spawnSync(process.execPath, args("report"), { cwd: ROOT, encoding: "utf8" });
    expect(again.status, again.stderr).toBe(0);
    expect(readdirSync(dir).filter((n) => n.startsWith(".report."))).toEqual([]);
    const whole = spawnSync(process.execPath, args("report-whole"), { cwd: ROOT, encoding: "utf8" });
    expect(whole.status, whole.stderr).toBe(0);
    sameBytes(join(dir, "report-whole"), join(dir, "report"), /(summary\.json|report\.md)$/);
    expect(readFileSync(join(dir, "report", "report.md"), "utf8")).toContain("| id | experiment | quantity | paper (source) | lidep median [min–max] |");
  });
});

describe("concurrent writers", () => {
  it("a second run, or a resume, into a folder a running run writes is refused in one line", async () => {
    const long = join(dir, "long.json");
    writeFileSync(long, JSON.stringify({ ...TINY, run: { ...TINY.run, maxEvents: 50_000_000, maxTime_s: 1e6 } }));
    const out = join(dir, "busy");
    const child = spawn(process.execPath, [BIN, "run", long, "--out", out, "--quiet", "--checkpoint-every", "20000"], { stdio: "ignore" });
    try {
      await waitFor("the run to start (its run.json)", () => existsSync(join(out, "run.json")));
      for (const args of [["run", long, "--out", out, "--force", "--seed", "2", "--checkpoint-every", "1000"], ["resume", out]]) {
        const r = spawnSync(process.execPath, [BIN, ...args, "--quiet"], { encoding: "utf8", timeout: 120_000 }); // a resume that ran would not stop
        expect(r.status, args.join(" ")).toBe(2);
        expect(r.stderr.trimEnd().split("\n"), r.stderr).toHaveLength(1);
        expect(r.stderr).toContain(`another lidep (pid ${child.pid}`);
      }
      expect(child.exitCode, "the first run is still running").toBeNull();
      expect(JSON.parse(readFileSync(join(out, "run.json"), "utf8")).seed).toBe(1);
    } finally {
      await kill9(child);
    }
  });
});

describe("a closed pipe", () => {
  it("`lidep run … | head`: the reader goes away, lidep ends quietly with status 141 and its output whole", async () => {
    const out = join(dir, "piped");
    const child = spawn(process.execPath, [BIN, "run", scenario, "--out", out], { stdio: ["ignore", "pipe", "pipe"] });
    child.stdout!.destroy(); // the reader has gone before lidep prints
    let err = "";
    child.stderr!.on("data", (d) => (err += d));
    const code = await new Promise((r) => child.once("close", r));
    expect(err).toBe("");
    expect(code).toBe(141);
    expect(existsSync(join(out, "summary.json"))).toBe(true);
    expect(readdirSync(dir).filter((n) => n.startsWith(".piped."))).toEqual([]); // lock released
  });

  it("a sweep whose stderr reader goes away ends quietly, its lock and temporary directory removed", async () => {
    const sweep = join(dir, "pipe-sweep.json");
    writeFileSync(sweep, JSON.stringify({ scenario: "tiny.json", grid: { "electrical.currentDensity_A_per_cm2": [1, 2] }, seeds: [1] }));
    const child = spawn(process.execPath, [BIN, "sweep", sweep, "--out", join(dir, "cut"), "--workers", "1"], { stdio: ["ignore", "ignore", "pipe"] });
    child.stderr!.destroy(); // its first line ("sweep …: 2 points …") goes nowhere
    const code = await new Promise((r) => child.once("close", r));
    expect(code).toBe(141);
    expect(existsSync(join(dir, "cut"))).toBe(false);
    expect(readdirSync(dir).filter((n) => n.startsWith(".cut."))).toEqual([]);
  });
});
