/**
 * The runs of the crossover law (crossover.ts) read from disk: one run directory (its summary's
 * resolved scenario says where it sits: nucleus radius, surface factor, current; its time series
 * the shape), or every run of a sweep dataset (`lidep sweep scenarios/sweeps/crossover-R*.json`).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadRun, type RunData } from "./observables.ts";
import type { CrossoverRun } from "./crossover.ts";

/** Where a run sits in the law and its series; its stop reason rides along for the notes. */
export function crossoverRunOf(r: RunData): CrossoverRun & { stopReason: string } {
  const s = r.summary.scenario as unknown as { li: { initialRadius_nm: number }; hops: { surface: { rateFactor?: number } }; electrical: { currentDensity_A_per_cm2: number } };
  return {
    R: s.li.initialRadius_nm,
    surfaceFactor: s.hops.surface.rateFactor ?? 1,
    j: s.electrical.currentDensity_A_per_cm2,
    seed: r.summary.seed,
    volume: r.ts.liVolume_nm3,
    height: r.ts.height_nm,
    lateral: r.ts.lateralExtent_nm,
    stopReason: r.summary.stopReason,
  };
}

/** Every run of a sweep dataset directory (its sweep.json lists them). */
export function crossoverRunsOfSweep(dir: string): (CrossoverRun & { stopReason: string })[] {
  const doc = JSON.parse(readFileSync(join(dir, "sweep.json"), "utf8")) as { runs: string[] };
  return doc.runs.map((rel) => {
    const r = loadRun(join(dir, rel));
    if (!r) throw new Error(`${join(dir, rel)}: no summary.json (an unfinished sweep?)`);
    return crossoverRunOf(r);
  });
}
