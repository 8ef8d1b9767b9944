/**
 * A run directory, written whole or not at all (io/outdir.ts), with lidep's marker (.lidep-output):
 *
 *   timeseries.arrow   one row per sample (run/columns.ts: units and meanings in the field metadata)
 *   snapshots.arrow    one row per drawn site per snapshot
 *   events.arrow       one row per rare event (crack initiation and advance, short circuit, root-growth and collector moves), when it happened
 *   summary.json       the results
 *   scenario.json      the resolved scenario, the seed and the provenance
 *   timing.json        wall time, events per second, Node and platform — the only machine-dependent file
 *
 * Every file but timing.json is a function of (scenario, seed, version, commit), byte for byte. The
 * Arrow files carry the resolved scenario, the seed and the provenance (run/provenance.ts) in
 * their schema metadata.
 */
import { join } from "node:path";
import { writeArrow } from "../io/arrow.ts";
import { writeFileAtomic } from "../io/atomic.ts";
import { fillDirectorySync } from "../io/outdir.ts";
import { cellsFor } from "../scenario/build.ts";
import { LI_LATTICE_CONSTANT_M } from "../constants/physical.ts";
import type { Scenario } from "../scenario/schema.ts";
import type { RunResult } from "./simulate.ts";
import { EVENT_FIELDS, SNAPSHOT_FIELDS, TIMESERIES_FIELDS } from "./columns.ts";
import { provenanceMetadata } from "./provenance.ts";

/** The files of a run directory that differ from one machine or one run to the next. */
export const MACHINE_DEPENDENT_FILES = ["timing.json"] as const;

export function runMetadata(r: RunResult): Record<string, string> {
  const s = r.summary;
  return {
    ...provenanceMetadata(s),
    "lidep.scenario": JSON.stringify(s.scenario),
    "lidep.seed": String(s.seed),
  };
}

const json = (v: unknown) => JSON.stringify(v, null, 2) + "\n";

export function writeRunFiles(dir: string, r: RunResult): void {
  const meta = runMetadata(r);
  const s = r.summary;
  writeArrow(join(dir, "timeseries.arrow"), r.timeseries, meta, TIMESERIES_FIELDS);
  writeArrow(join(dir, "snapshots.arrow"), r.snapshots, meta, SNAPSHOT_FIELDS);
  writeArrow(join(dir, "events.arrow"), r.events, meta, EVENT_FIELDS);
  writeFileAtomic(join(dir, "scenario.json"), json({ schemaVersion: s.schemaVersion, scenario: s.scenario, seed: s.seed, version: s.version, commit: s.commit, paramsHash: s.paramsHash }));
  writeFileAtomic(join(dir, "summary.json"), json(s));
  writeFileAtomic(join(dir, "timing.json"), json(r.timing));
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
