/**
 * A sweep's mistakes are reported before anything runs, in one line naming the sweep file and the
 * key; a sweep that fails or is aborted while running leaves no output directory behind.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UserError } from "../src/errors.ts";
import { loadSweep, type ResolvedSweep } from "../src/parallel/sweepfile.ts";
import { runSweep } from "../src/parallel/sweep.ts";
import { sweepCommand } from "../src/cli/sweep.ts";

const BASE = {
  lattice: { coarseGrain: 2, size_nm: [8, 1.4, 8] },
  li: { initialRadius_nm: 1.5 },
  collector: { kind: "free", shape: "fibre", radius_nm: 1 },
  electrical: { currentDensity_A_per_cm2: 1 },
  run: { maxEvents: 5000, maxTime_s: 1, samples: 20, snapshots: 2 },
};

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "lidep-parallel-err-"));
  writeFileSync(join(dir, "base.json"), JSON.stringify(BASE));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function sweepFile(name: string, doc: unknown): string {
  const f = join(dir, name);
  writeFileSync(f, JSON.stringify(doc));
  return f;
}

function userError(f: () => unknown): UserError {
  try {
    f();
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error("no error");
}

describe("sweep file errors", () => {
  it("a bad grid key names the sweep file and the key, in one line, before anything runs", async () => {
    const f = sweepFile("badkey.json", { scenario: "base.json", grid: { "electrical.currentDensty_A_per_cm2": [0.1, 1] }, seeds: [1] });
    const e = userError(() => loadSweep(f));
    expect(e.message).toContain(f);
    expect(e.message).toContain("electrical.currentDensty_A_per_cm2");
    expect(e.message).toContain("unknown key");
    expect(e.message.split("\n")).toHaveLength(1);
    const out = join(dir, "out-badkey");
    await expect(sweepCommand({ file: f, out, workers: 2, quiet: true })).rejects.toThrow(UserError);
    expect(existsSync(out)).toBe(false);
  });

  it("a bad grid value names the file, the key and the value", () => {
    const f = sweepFile("badvalue.json", { scenario: "base.json", grid: { "collector.kind": ["rigid", "floppy"] } });
    const e = userError(() => loadSweep(f));
    expect(e.message).toContain(f);
    expect(e.message).toContain("collector.kind");
    expect(e.message).toContain("floppy");
  });

  it("rejects unknown sweep keys, mixed value types, duplicate values and seeds+replicas", () => {
    const cases: [unknown, string][] = [
      [{ scenario: "base.json", grdi: {} }, "key grdi"],
      [{ scenario: "base.json", grid: { "collector.kind": ["rigid", 1] } }, "key grid.collector.kind"],
      [{ scenario: "base.json", grid: { "collector.radius_nm": [1, 1] } }, "key grid.collector.radius_nm"],
      [{ scenario: "base.json", seeds: [1], replicas: 2 }, "key replicas"],
      [{ scenario: "missing.json" }, "key scenario"],
      [{ scenario: "base.json", overrides: { "run.maxEvnts": 5 } }, "run.maxEvnts"],
    ];
    cases.forEach(([doc, text], i) => {
      const f = sweepFile(`case${i}.json`, doc);
      const e = userError(() => loadSweep(f));
      expect(e.message, JSON.stringify(doc)).toContain(f);
      expect(e.message, JSON.stringify(doc)).toContain(text);
    });
  });
});

describe("a failing sweep", () => {
  function leftovers(): string[] {
    return readdirSync(dir).filter((n) => n.startsWith(".out-"));
  }

  it("leaves no output directory when a simulation fails after others have finished", async () => {
    const f = sweepFile("fails.json", { scenario: "base.json", grid: { "electrical.currentDensity_A_per_cm2": [1, 2, 3] }, seeds: [1, 2] });
    const sw: ResolvedSweep = loadSweep(f);
    // sabotage the last point after validation: its runs throw inside the worker
    const broken = structuredClone(sw.points[2].scenario) as unknown as Record<string, unknown>;
    delete broken.run;
    sw.points[2].scenario = broken as never;
    const out = join(dir, "out-fails");
    let done = 0;
    await expect(runSweep({ sweep: sw, workers: 2, outDir: out, onProgress: () => done++ })).rejects.toThrow(/simulation [45] \(seed [12]/);
    expect(done).toBeGreaterThan(0);
    expect(existsSync(out)).toBe(false);
    expect(leftovers()).toEqual([]);
  });

  it("leaves no new output when aborted, and keeps an existing one intact", async () => {
    const f = sweepFile("abort.json", { scenario: "base.json", grid: { "electrical.currentDensity_A_per_cm2": [0.5, 1, 2, 3] }, seeds: [1, 2] });
    const sw = loadSweep(f);
    const out = join(dir, "out-abort");
    mkdirSync(out);
    writeFileSync(join(out, "earlier.txt"), "an earlier sweep");
    const ac = new AbortController();
    await expect(runSweep({ sweep: sw, workers: 2, outDir: out, signal: ac.signal, onProgress: () => ac.abort(new Error("stop")) })).rejects.toThrow("stop");
    expect(readdirSync(out)).toEqual(["earlier.txt"]);
    expect(leftovers()).toEqual([]);
  });
});
