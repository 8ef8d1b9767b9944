/**
 * A run is a pure function of (scenario, seed, version): the same inputs give the same bytes in
 * every file of the run directory but timing.json (wall time and speed); another seed gives a
 * different trajectory.
 */
import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resolveScenario } from "../src/scenario/load.ts";
import { simulate } from "../src/run/simulate.ts";
import { MACHINE_DEPENDENT_FILES, writeRunDirectory } from "../src/run/outputs.ts";
import { readArrow } from "../src/io/arrow.ts";

const scenario = resolveScenario({
  lattice: { coarseGrain: 2, size_nm: [12, 2.8, 10] },
  li: { initialRadius_nm: 1.5 },
  collector: { kind: "rigid", shape: "arc", radius_nm: 4 },
  electrical: { currentDensity_A_per_cm2: 0.1 },
  run: { maxEvents: 60_000, maxTime_s: 1, samples: 30, snapshots: 3 },
});

function runTo(dir: string, seed: number) {
  writeRunDirectory(dir, simulate(scenario, { seed }));
}

describe("reproducibility", () => {
  it("same scenario and seed → identical bytes; another seed → different output", () => {
    const root = mkdtempSync(join(tmpdir(), "lidep-repro-"));
    try {
      runTo(join(root, "a"), 7);
      runTo(join(root, "b"), 7);
      runTo(join(root, "c"), 8);
      // every file but timing.json, byte for byte (summary.json included)
      const files = readdirSync(join(root, "a")).sort();
      expect(readdirSync(join(root, "b")).sort()).toEqual(files);
      expect(files).toEqual([".lidep-output", "events.arrow", "scenario.json", "snapshots.arrow", "summary.json", "timeseries.arrow", "timing.json"]);
      for (const f of files.filter((f) => !MACHINE_DEPENDENT_FILES.includes(f as never))) {
        expect(Buffer.compare(readFileSync(join(root, "a", f)), readFileSync(join(root, "b", f))), f).toBe(0);
      }
      // the machine's numbers are in timing.json, and nowhere else
      const timing = JSON.parse(readFileSync(join(root, "a", "timing.json"), "utf8"));
      expect(timing.wallTime_s).toBeGreaterThan(0);
      expect(timing.eventsPerSecond).toBeGreaterThan(0);
      const summary = readFileSync(join(root, "a", "summary.json"), "utf8");
      expect(summary).not.toMatch(/wallTime|eventsPerSecond|"node"/);
      expect(Buffer.compare(readFileSync(join(root, "a", "snapshots.arrow")), readFileSync(join(root, "c", "snapshots.arrow")))).not.toBe(0);
      // the Arrow files say what made them
      const t = readArrow(join(root, "a", "timeseries.arrow"));
      expect(t.schema.metadata.get("lidep.seed")).toBe("7");
      expect(JSON.parse(t.schema.metadata.get("lidep.scenario")!)).toEqual(scenario);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
