/**
 * A run directory, written whole or not at all (io/atomic.ts):
 *
 *   timeseries.arrow   one row per sample (run/columns.ts: units and meanings in the field metadata)
 *   snapshots.arrow    one row per drawn site per snapshot
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
import { writeDirectoryAtomic, writeFileAtomic } from "../io/atomic.ts";
import type { RunResult } from "./simulate.ts";
import { SNAPSHOT_FIELDS, TIMESERIES_FIELDS } from "./columns.ts";
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
  writeFileAtomic(join(dir, "scenario.json"), json({ schemaVersion: s.schemaVersion, scenario: s.scenario, seed: s.seed, version: s.version, commit: s.commit, paramsHash: s.paramsHash }));
  writeFileAtomic(join(dir, "summary.json"), json(s));
  writeFileAtomic(join(dir, "timing.json"), json(r.timing));
}

export function writeRunDirectory(dir: string, r: RunResult): void {
  writeDirectoryAtomic(dir, (tmp) => writeRunFiles(tmp, r));
}
