/**
 * A run directory: timeseries.arrow, snapshots.arrow, summary.json and scenario.json, written
 * whole or not at all (io/atomic.ts). The Arrow files carry the resolved scenario, the seed and the
 * version in their schema metadata; every byte of them is a function of (scenario, seed, version).
 */
import { join } from "node:path";
import { writeArrow } from "../io/arrow.ts";
import { writeDirectoryAtomic, writeFileAtomic } from "../io/atomic.ts";
import type { RunResult } from "./simulate.ts";

export function runMetadata(r: RunResult): Record<string, string> {
  return {
    "lidep.scenario": JSON.stringify(r.summary.scenario),
    "lidep.seed": String(r.summary.seed),
    "lidep.version": r.summary.version,
  };
}

export function writeRunFiles(dir: string, r: RunResult): void {
  const meta = runMetadata(r);
  writeArrow(join(dir, "timeseries.arrow"), r.timeseries, meta);
  writeArrow(join(dir, "snapshots.arrow"), r.snapshots, meta);
  writeFileAtomic(join(dir, "scenario.json"), JSON.stringify({ scenario: r.summary.scenario, seed: r.summary.seed, version: r.summary.version }, null, 2) + "\n");
  writeFileAtomic(join(dir, "summary.json"), JSON.stringify(r.summary, null, 2) + "\n");
}

export function writeRunDirectory(dir: string, r: RunResult): void {
  writeDirectoryAtomic(dir, (tmp) => writeRunFiles(tmp, r));
}
