/**
 * The run directory as a user sees it: the Arrow files open in an independent reader (polars)
 * with the values the run reported, and a user's mistake gets one clear line (file, key, what was
 * expected, what was found), exit code 2, no stack trace and no output directory.
 */
import { describe, expect, it } from "vitest";
import { createRequire } from "node:module";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const require = createRequire(import.meta.url);
// nodejs-polars is CommonJS with a native binding: an independent Arrow reader (Rust arrow2)
const pl = require("nodejs-polars") as typeof import("nodejs-polars");
// (0.25.2 misreads a path argument; the file's bytes read fine)
const readIPC = (file: string) => pl.readIPC(readFileSync(file));

const ROOT = resolve(import.meta.dirname, "..");
const BIN = join(ROOT, "bin/lidep.mjs");
const lidep = (args: string[], cwd: string) => spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8" });

const small = {
  lattice: { coarseGrain: 2, size_nm: [12, 2.8, 10] },
  li: { initialRadius_nm: 1.5 },
  collector: { kind: "rigid", shape: "arc", radius_nm: 4 },
  electrical: { currentDensity_A_per_cm2: 0.5 },
  run: { maxEvents: 40_000, maxTime_s: 1, samples: 25, snapshots: 3 },
};

describe("outputs", () => {
  it("the Arrow files open in polars with the run's numbers", () => {
    const root = mkdtempSync(join(tmpdir(), "lidep-out-"));
    try {
      writeFileSync(join(root, "s.json"), JSON.stringify(small));
      const r = lidep(["run", "s.json", "--out", "run", "--quiet"], root);
      expect(r.status, r.stderr).toBe(0);
      const summary = JSON.parse(readFileSync(join(root, "run", "summary.json"), "utf8"));
      const ts = readIPC(join(root, "run", "timeseries.arrow"));
      expect(ts.columns).toEqual(expect.arrayContaining(["time_s", "events", "depositedAtoms", "storedAtoms", "current_A", "maxPressure_Pa", "contactArea_nm2", "height_nm", "lateralExtent_nm", "hopsBulk", "hopsSurface", "hopsInterface", "crackState"]));
      const time = ts.getColumn("time_s").toArray() as number[];
      for (let i = 1; i < time.length; i++) expect(time[i]).toBeGreaterThanOrEqual(time[i - 1]);
      const last = ts.height - 1;
      expect(ts.getColumn("events").toArray()[last]).toBe(summary.events);
      expect(ts.getColumn("depositedAtoms").toArray()[last]).toBe(summary.depositedAtoms);
      expect(ts.getColumn("hopsSurface").toArray()[last]).toBe(summary.hops.surface);
      // the summary's peak is recorded at every event: no sample can exceed it
      expect(Math.max(...(ts.getColumn("maxPressure_Pa").toArray() as number[]))).toBeLessThanOrEqual(summary.maxPressure_Pa);
      const snaps = readIPC(join(root, "run", "snapshots.arrow"));
      const lastSnap = Math.max(...(snaps.getColumn("snapshot").toArray() as number[]));
      const li = snaps.filter(pl.col("snapshot").eq(lastSnap).and(pl.col("species").eq(pl.lit("Li")))).height;
      expect(li).toBeGreaterThan(0);
      expect(snaps.getColumn("species").dtype.toString()).toMatch(/Categorical/);
      // nulls, not NaN: born_s exists for Li only
      const born = snaps.filter(pl.col("species").eq(pl.lit("Li")).not());
      expect(born.height).toBeGreaterThan(0);
      expect(born.getColumn("born_s").nullCount()).toBe(born.height);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  const cases: [string, string, string[], RegExp][] = [
    ["unknown key", JSON.stringify({ ...small, lattice: { ...small.lattice, coarsegrain: 2 } }), [], /s\.json: key lattice\.coarsegrain: unknown key/],
    ["wrong type", JSON.stringify({ ...small, temperature_K: "hot" }), [], /s\.json: key temperature_K: expected number, .*found "hot"/],
    ["out of range", JSON.stringify({ ...small, temperature_K: -5 }), [], /s\.json: key temperature_K: expected 75–453.65 K.*found -5/],
    ["malformed JSON", "{ \"lattice\": ", [], /s\.json: malformed JSON/],
    ["bad override", JSON.stringify(small), ["--set", "collector.kind=springy"], /key collector\.kind: .*found "springy"/],
  ];
  for (const [name, text, extra, message] of cases) {
    it(`bad input (${name}): one clear line, exit code 2, no stack trace, no output directory`, () => {
      const root = mkdtempSync(join(tmpdir(), "lidep-bad-"));
      try {
        writeFileSync(join(root, "s.json"), text);
        const r = lidep(["run", "s.json", "--out", "out", "--quiet", ...extra], root);
        expect(r.status).toBe(2);
        expect(r.stderr).toMatch(message);
        expect(r.stderr).not.toMatch(/\n\s+at /);
        expect(r.stderr.trim().split("\n").length).toBeLessThanOrEqual(2);
        expect(existsSync(join(root, "out"))).toBe(false);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    });
  }

  it("a missing scenario file is named", () => {
    const r = lidep(["run", "nowhere.json", "--quiet"], tmpdir());
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/nowhere\.json: no such scenario file/);
  });
});
