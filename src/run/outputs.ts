/**
 * A run directory: timeseries.arrow, snapshots.arrow, summary.json and scenario.json (and lidep's
 * marker, .lidep-output), written whole or not at all (io/outdir.ts). The Arrow files carry the
 * resolved scenario, the seed and the version in their schema metadata; every byte of them is a
 * function of (scenario, seed, version).
 */
import { join } from "node:path";
import { writeArrow } from "../io/arrow.ts";
import { writeFileAtomic } from "../io/atomic.ts";
import { fillDirectorySync } from "../io/outdir.ts";
import { cellsFor } from "../scenario/build.ts";
import { LI_LATTICE_CONSTANT_M } from "../model/constants.ts";
import type { Scenario } from "../scenario/schema.ts";
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

/**
 * Writes a run directory whole (io/outdir.ts: built under a hidden sibling, renamed into place).
 * An existing directory at `dir` is replaced only if it is empty, or a lidep output and `force`.
 */
export function writeRunDirectory(dir: string, r: RunResult, o: { force?: boolean } = {}): void {
  fillDirectorySync(dir, "run", (tmp) => writeRunFiles(tmp, r), o);
}

/**
 * A generous upper bound of the bytes a run writes (its run directory, and its two checkpoint
 * files when checkpointing), for the free-space check before computing. A snapshot row (29 bytes)
 * is a Li site or a surface site of LLZO or collector: at most every site, and at most the
 * initial Li cap, what maxEvents events can deposit and sixteen layers of surface. Doubled for
 * the Arrow framing and the JSON files.
 */
export function estimateRunBytes(s: Scenario, o: { checkpoints?: boolean } = {}): number {
  const n = s.lattice.coarseGrain;
  const [nx, ny, nz] = s.lattice.size_nm.map((v) => cellsFor(v, n));
  const sites = 2 * nx * ny * nz;
  const a_nm = (n * LI_LATTICE_CONSTANT_M) / 1e-9;
  const siteVolume = (a_nm * a_nm * a_nm) / 2;
  const r = s.li.initialRadius_nm;
  const cap = Math.max((2 / 3) * Math.PI * r ** 3, (Math.PI / 2) * r * r * s.lattice.size_nm[1]) / siteVolume;
  const rows = Math.min(sites, 16 * nx * ny + cap + s.run.maxEvents);
  const snapshots = (s.run.snapshots + 2) * rows * 32;
  const series = (s.run.samples + 2) * 64 * 8;
  const run = 2 * (1e6 + series + snapshots);
  return run + (o.checkpoints ? 2 * (1e6 + 64 * sites) : 0);
}
