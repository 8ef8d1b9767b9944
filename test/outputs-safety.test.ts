/**
 * Outputs never destroy anything lidep did not create: an existing --out is replaced only if it is
 * an empty directory or a lidep output and --force is given; never a file, a link, the working
 * directory, one of its parents, $HOME or /. Default names differ whenever the overrides do. A
 * live lock refuses a second writer; a dead one is taken over. Stale temporaries of dead
 * processes are cleaned, nobody else's.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { lidep, TINY } from "./helpers/cli.ts";
import { MARKER, OutputError, checkFreeSpace, cleanStaleTemps, forbiddenReason, lockFileOf, writeMarker } from "../src/io/outdir.ts";
import { defaultOutDir } from "../src/cli/run.ts";
import { defaultReplicasDir } from "../src/cli/sweep.ts";

const ROOT = resolve(import.meta.dirname, "..");

let dir: string;
let scenario: string;
let sweep: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "lidep-safety-"));
  scenario = join(dir, "tiny.json");
  writeFileSync(scenario, JSON.stringify(TINY));
  sweep = join(dir, "sweep.json");
  writeFileSync(sweep, JSON.stringify({ scenario: "tiny.json", grid: { "electrical.currentDensity_A_per_cm2": [1, 2] }, seeds: [1] }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Hidden entries of a folder (temporaries, locks). */
function hidden(folder: string): string[] {
  return readdirSync(folder).filter((n) => n.startsWith("."));
}

function oneLine(err: string): string {
  const lines = err.trimEnd().split("\n");
  expect(lines, err).toHaveLength(1);
  expect(err).not.toMatch(/\n\s+at /);
  return lines[0];
}

/** The pid of a process that has exited. */
function deadPid(): number {
  const r = spawnSync("true");
  return r.pid!;
}

function sleeper(): ChildProcess {
  return spawn("sleep", ["60"], { stdio: "ignore" });
}

async function stop(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null) return;
  const gone = new Promise((r) => p.once("exit", r));
  p.kill("SIGKILL");
  await gone;
}

describe("an existing --out", () => {
  it("that is not a lidep output is never replaced, even with --force (thesis.tex)", async () => {
    const parent = join(dir, "thesis");
    const important = join(parent, "important");
    mkdirSync(important, { recursive: true });
    writeFileSync(join(important, "thesis.tex"), "x");
    const commands: string[][] = [
      ["run", scenario],
      ["run", scenario, "--checkpoint-every", "1000"],
      ["run", scenario, "--replicas", "2", "--workers", "1"],
      ["sweep", sweep, "--workers", "1"],
      ["reproduce", "--quick", "--workers", "1"],
    ];
    for (const c of commands) {
      for (const force of [[], ["--force"]]) {
        const r = await lidep(...c, "--out", important, "--quiet", ...force);
        expect(r.code, `${c.join(" ")} ${force}`).toBe(2);
        const line = oneLine(r.err);
        expect(line).toContain(important);
        expect(line).toContain("not a lidep output");
        expect(line).toContain("thesis.tex");
      }
    }
    expect(readdirSync(important)).toEqual(["thesis.tex"]);
    expect(readFileSync(join(important, "thesis.tex"), "utf8")).toBe("x");
    expect(hidden(parent)).toEqual([]);
  });

  it("that is a lidep output is replaced only with --force", async () => {
    const out = join(dir, "again");
    expect((await lidep("run", scenario, "--out", out, "--quiet")).code).toBe(0);
    expect(JSON.parse(readFileSync(join(out, MARKER), "utf8")).lidep).toBe("run");
    writeFileSync(join(out, "note.txt"), "an earlier output");
    const r = await lidep("run", scenario, "--out", out, "--quiet", "--seed", "2");
    expect(r.code).toBe(2);
    expect(oneLine(r.err)).toMatch(/holds an earlier lidep run output; give --force/);
    expect(existsSync(join(out, "note.txt"))).toBe(true);
    const f = await lidep("run", scenario, "--out", out, "--quiet", "--seed", "2", "--force");
    expect(f.code, f.err).toBe(0);
    expect(existsSync(join(out, "note.txt"))).toBe(false);
    expect(JSON.parse(readFileSync(join(out, "summary.json"), "utf8")).seed).toBe(2);
    expect(hidden(dir).filter((n) => n.startsWith(".again"))).toEqual([]);
    // a sweep and replicas directory carry the marker too
    const sw = join(dir, "sweep-out");
    expect((await lidep("sweep", sweep, "--out", sw, "--workers", "1", "--quiet")).code).toBe(0);
    expect(JSON.parse(readFileSync(join(sw, MARKER), "utf8")).lidep).toBe("sweep");
    expect(JSON.parse(readFileSync(join(sw, "electrical.currentDensity_A_per_cm2=2", "seed=1", MARKER), "utf8")).lidep).toBe("run");
    expect((await lidep("sweep", sweep, "--out", sw, "--workers", "1", "--quiet")).code).toBe(2);
    expect((await lidep("sweep", sweep, "--out", sw, "--workers", "1", "--quiet", "--force")).code).toBe(0);
  });

  it("an empty directory is used", async () => {
    const out = join(dir, "empty");
    mkdirSync(out);
    expect((await lidep("run", scenario, "--out", out, "--quiet")).code).toBe(0);
    expect(existsSync(join(out, "summary.json"))).toBe(true);
  });

  it("a file, a link or a FIFO is never replaced by a directory", async () => {
    const file = join(dir, "afile");
    writeFileSync(file, "keep me");
    const target = join(dir, "linked");
    mkdirSync(target);
    writeFileSync(join(target, MARKER), "{}"); // even a link to a lidep output
    const link = join(dir, "alink");
    symlinkSync(target, link);
    const fifo = join(dir, "afifo");
    execFileSync("mkfifo", [fifo]);
    for (const [p, what] of [[file, "not a directory"], [link, "symbolic link"], [fifo, "not a directory"]]) {
      const r = await lidep("run", scenario, "--out", p, "--quiet", "--force");
      expect(r.code, p).toBe(2);
      expect(oneLine(r.err)).toContain(what);
    }
    expect(readFileSync(file, "utf8")).toBe("keep me");
    expect(readdirSync(target)).toEqual([MARKER]);
  });

  it("., the working directory's parents, $HOME and / are refused", async () => {
    const a = join(dir, "cwd-a");
    const b = join(a, "b");
    const home = join(dir, "home");
    mkdirSync(b, { recursive: true });
    mkdirSync(home);
    for (const d of [a, b, home]) writeFileSync(join(d, MARKER), "{}"); // a marker is no excuse
    const cwd = process.cwd();
    const HOME = process.env.HOME;
    process.chdir(b);
    process.env.HOME = home;
    try {
      const cases: [string, string][] = [
        [".", "the current directory"],
        [b, "the current directory"],
        ["..", "a parent of the current directory"],
        [a, "a parent of the current directory"],
        [home, "your home directory"],
      ];
      for (const [out, why] of cases) {
        const r = await lidep("run", scenario, "--out", out, "--quiet", "--force");
        expect(r.code, out).toBe(2);
        expect(oneLine(r.err)).toContain(why);
      }
    } finally {
      process.chdir(cwd);
      process.env.HOME = HOME;
    }
    expect(forbiddenReason("/")).toBe("that is the root of the file system");
    expect(forbiddenReason(join(dir, "fresh"))).toBeNull();
    for (const d of [a, b, home]) expect(existsSync(join(d, MARKER))).toBe(true);
    expect(readdirSync(a).sort()).toEqual([MARKER, "b"]);
    expect(hidden(dir).filter((n) => /^\.(cwd-a|b|home)\./.test(n))).toEqual([]);
  });

  it("render and export never replace a directory or another program's file", async () => {
    const run = join(dir, "for-render");
    expect((await lidep("run", scenario, "--out", run, "--quiet")).code).toBe(0);
    const pic = join(dir, "pic.svg");
    mkdirSync(join(dir, "picdir.svg"));
    writeFileSync(pic, "someone's drawing");
    let r = await lidep("render", run, "--view", "growth", "--out", join(dir, "picdir.svg"), "--force");
    expect(r.code).toBe(2);
    expect(oneLine(r.err)).toContain("is a directory");
    r = await lidep("render", run, "--view", "growth", "--out", pic);
    expect(r.code).toBe(2);
    expect(oneLine(r.err)).toMatch(/exists; give --force/);
    expect(readFileSync(pic, "utf8")).toBe("someone's drawing");
    expect((await lidep("render", run, "--view", "growth", "--out", pic, "--force")).code).toBe(0);
    expect(readFileSync(pic, "utf8")).toContain("<svg");
    // inside a lidep output its own files are replaced without --force
    expect((await lidep("render", run, "--view", "growth", "--out", join(run, "g.svg"))).code).toBe(0);
    expect((await lidep("render", run, "--view", "growth", "--out", join(run, "g.svg"))).code).toBe(0);
    expect((await lidep("export", run, "--xyz")).code).toBe(0);
    expect((await lidep("export", run, "--xyz")).code).toBe(0);
    r = await lidep("export", run, "--xyz", "--out", join(dir, "picdir.svg"), "--force");
    expect(r.code).toBe(2);
    expect(oneLine(r.err)).toContain("is a directory");
  });
});

describe("default names", () => {
  it("carry the scenario, the seed and a hash of the overrides", () => {
    const base = defaultOutDir("scenarios/default.json", 1);
    expect(base).toBe(resolve("data/runs/default-seed1"));
    const a = defaultOutDir("scenarios/default.json", 1, ["temperature_K=330"]);
    expect(a).toMatch(/default-seed1-set[0-9a-f]{6}$/);
    expect(defaultOutDir("scenarios/default.json", 1, ["temperature_K=331"])).not.toBe(a);
    expect(defaultOutDir("scenarios/default.json", 2, ["temperature_K=330"])).not.toBe(a);
    const two = ["temperature_K=330", "electrical.currentDensity_A_per_cm2=0.5"];
    expect(defaultOutDir("x/default.json", 1, two)).toBe(defaultOutDir("x/default.json", 1, [...two].reverse()));
    expect(defaultOutDir("x/default.json", 1, ["temperature_K=1", "temperature_K=330"])).toBe(a); // the last value counts
    expect(defaultReplicasDir("s/default.json", 1, 8)).toBe(resolve("data/runs/default-seeds1-8"));
    expect(defaultReplicasDir("s/default.json", 1, 8, ["temperature_K=330"])).toMatch(/default-seeds1-8-set[0-9a-f]{6}$/);
  });

  it("the README's run examples write to different folders, none of them npm start's", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const lines = readme.split("\n").filter((l) => /^npx lidep run /.test(l));
    expect(lines.length).toBeGreaterThanOrEqual(3);
    const dirs = lines.map((line) => {
      const args = line.replace(/#.*$/, "").trim().split(/\s+/).slice(3);
      const scenarioFile = args[0];
      let seed = 1, replicas: number | undefined, out: string | undefined;
      const set: string[] = [];
      for (let i = 1; i < args.length; i++) {
        if (args[i] === "--seed") seed = Number(args[++i]);
        else if (args[i] === "--set") set.push(args[++i]);
        else if (args[i] === "--replicas") replicas = Number(args[++i]);
        else if (args[i] === "--out") out = resolve(args[++i]);
      }
      return out ?? (replicas ? defaultReplicasDir(scenarioFile, seed, replicas, set) : defaultOutDir(scenarioFile, seed, set));
    });
    expect(new Set(dirs).size, dirs.join("\n")).toBe(dirs.length);
    expect(dirs).not.toContain(defaultOutDir("scenarios/default.json", 1)); // what `npm start` writes
  });
});

describe("locks", () => {
  it("a live process's lock refuses a second writer; a dead one's is taken over", async () => {
    const out = join(dir, "locked");
    const lock = lockFileOf(out);
    const holder = sleeper();
    try {
      const held = JSON.stringify({ pid: holder.pid, host: hostname(), started: "2026-01-01T00:00:00.000Z", command: "run" });
      writeFileSync(lock, held);
      const r = await lidep("run", scenario, "--out", out, "--quiet");
      expect(r.code).toBe(2);
      expect(oneLine(r.err)).toContain(`another lidep (pid ${holder.pid}, started 2026-01-01T00:00:00.000Z) is writing it`);
      expect(readFileSync(lock, "utf8")).toBe(held);
      expect(existsSync(out)).toBe(false);
      await stop(holder);
      const t = await lidep("run", scenario, "--out", out, "--quiet");
      expect(t.code, t.err).toBe(0);
      expect(t.err).toContain(`locked by process ${holder.pid}`);
      expect(t.err).toContain("taking over");
      expect(existsSync(lock)).toBe(false);
      expect(hidden(dir).filter((n) => n.startsWith(".locked"))).toEqual([]);
    } finally {
      await stop(holder);
    }
  });

  it("a lock taken on another host is never taken over", async () => {
    const out = join(dir, "locked-elsewhere");
    writeFileSync(lockFileOf(out), JSON.stringify({ pid: deadPid(), host: "some-other-host", started: "2026-01-01T00:00:00.000Z", command: "run" }));
    const r = await lidep("run", scenario, "--out", out, "--quiet");
    expect(r.code).toBe(2);
    expect(oneLine(r.err)).toMatch(/on some-other-host.*delete .*\.locked-elsewhere\.lock/);
  });
});

describe("stale temporaries", () => {
  it("of dead processes are removed by the next command writing into the same folder; nobody else's", async () => {
    const parent = join(dir, "stale");
    mkdirSync(parent);
    const dead = deadPid();
    const holder = sleeper();
    try {
      const mk = (name: string, marker: boolean, file?: string) => {
        const p = join(parent, name);
        mkdirSync(p);
        if (marker) writeMarker(p, "run");
        if (file) writeFileSync(join(p, file), "data");
        return p;
      };
      const gone = [mk(`.x.tmp-${dead}-lq1-0`, true, "timeseries.arrow"), mk(`.x.old-${dead}-lq2-1`, true, "summary.json"), mk(`.y.tmp-${dead}-lq3-2`, false)];
      const kept = [mk(`.x.tmp-${holder.pid}-lq4-3`, true, "timeseries.arrow"), mk(`.notes.tmp-${dead}-1`, false, "mine.txt")];
      writeFileSync(join(parent, `.z.tmp-${dead}`), "another program's temporary file");
      kept.push(join(parent, `.z.tmp-${dead}`));
      const r = await lidep("run", scenario, "--out", join(parent, "new"), "--quiet");
      expect(r.code, r.err).toBe(0);
      for (const p of gone) expect(existsSync(p), p).toBe(false);
      for (const p of kept) expect(existsSync(p), p).toBe(true);
      // inside a lidep output, its file temporaries are lidep's
      const inside = join(parent, "new");
      writeFileSync(join(inside, `.summary.json.tmp-${dead}`), "half");
      writeFileSync(join(inside, `.summary.json.tmp-${holder.pid}`), "being written");
      expect(cleanStaleTemps(inside)).toEqual([join(inside, `.summary.json.tmp-${dead}`)]);
    } finally {
      await stop(holder);
    }
  });
});

describe("free space", () => {
  it("is checked before computing: too little is one line, exit code 1", () => {
    let err: unknown = null;
    try {
      checkFreeSpace(dir, Number.MAX_SAFE_INTEGER);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(OutputError);
    expect((err as OutputError).exitCode).toBe(1);
    expect((err as Error).message).toMatch(/needs up to 9\.0 PB but only .* is free there/);
    expect(() => checkFreeSpace(dir, 1000)).not.toThrow();
  });
});
