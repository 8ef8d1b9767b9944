/**
 * A run is a pure function of (scenario, seed, version): the same inputs give the same bytes in
 * every Arrow file and the same summary (but for the wall-clock fields); another seed gives a
 * different trajectory.
 */
import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resolveScenario } from "../src/scenario/load.ts";
import { simulate } from "../src/run/simulate.ts";
import { writeRunDirectory } from "../src/run/outputs.ts";
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
      for (const f of ["timeseries.arrow", "snapshots.arrow", "scenario.json"]) {
        expect(Buffer.compare(readFileSync(join(root, "a", f)), readFileSync(join(root, "b", f))), f).toBe(0);
      }
      const strip = (d: string) => {
        const s = JSON.parse(readFileSync(join(root, d, "summary.json"), "utf8"));
        delete s.wallTime_s;
        delete s.eventsPerSecond;
        return s;
      };
      expect(strip("a")).toEqual(strip("b"));
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
