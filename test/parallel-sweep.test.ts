/**
 * Sweeps and replicas on the worker pool: the outputs do not depend on the number of workers
 * (byte for byte), every simulation's seed is the documented function of its index, and the
 * combined tables have one row per simulation with the grid columns.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DataType, Precision } from "apache-arrow";
import { readArrow } from "../src/io/arrow.ts";
import { expectSameOutputs, treeFiles as files } from "./helpers/outputs.ts";
import { paramsHash, SCHEMA_VERSION } from "../src/run/provenance.ts";
import { writeRunDirectory } from "../src/run/outputs.ts";
import { simulate } from "../src/run/simulate.ts";
import { loadSweep } from "../src/parallel/sweepfile.ts";
import { runSweep, sweepRuns } from "../src/parallel/sweep.ts";
import { replicaSeed, runReplicas } from "../src/parallel/replicas.ts";

/** A tiny scenario: ~0.1 s per run. */
const BASE = {
  lattice: { coarseGrain: 2, size_nm: [8, 1.4, 8] },
  li: { initialRadius_nm: 1.5 },
  collector: { kind: "free", shape: "fibre", radius_nm: 1 },
  electrical: { currentDensity_A_per_cm2: 1 },
  run: { maxEvents: 20000, maxTime_s: 1, samples: 50, snapshots: 3 },
};

const SWEEP = {
  description: "test sweep",
  scenario: "base.json",
  overrides: { "run.maxEvents": 6000 },
  grid: { "electrical.currentDensity_A_per_cm2": [0.05, 1], "collector.kind": ["rigid", "free"] },
  seeds: [3, 5],
};

let dir: string;
let sweepFile: string;

function isFloat64(t: DataType): boolean {
  return DataType.isFloat(t) && t.precision === Precision.DOUBLE;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "lidep-parallel-"));
  writeFileSync(join(dir, "base.json"), JSON.stringify(BASE));
  sweepFile = join(dir, "tiny.json");
  writeFileSync(sweepFile, JSON.stringify(SWEEP));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("sweep", () => {
  let out1: string, out2: string;
  beforeAll(async () => {
    const sw = loadSweep(sweepFile);
    out1 = join(dir, "w1");
    out2 = join(dir, "w2");
    const progress: number[] = [];
    await runSweep({ sweep: sw, workers: 1, outDir: out1 });
    await runSweep({ sweep: sw, workers: 2, outDir: out2, onProgress: (p) => progress.push(p.done) });
    expect(progress).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it("writes the same bytes with 1 and with 2 workers", () => {
    const f1 = files(out1);
    expect(files(out2)).toEqual(f1);
    const arrows = f1.filter((f) => f.endsWith(".arrow"));
    expect(arrows.length).toBe(2 + 8 * 3); // sweep.arrow, timeseries.arrow, 8 runs × (timeseries, snapshots, events)
    expectSameOutputs(out1, out2);
  });

  it("lays the runs out as Hive partitions, every point with the same seeds", () => {
    const runs = files(out1).filter((f) => f.endsWith("scenario.json")).map((f) => f.replace(/\/scenario\.json$/, ""));
    const expected: string[] = [];
    for (const j of ["0.05", "1"]) for (const k of ["free", "rigid"]) for (const s of [3, 5]) expected.push(`electrical.currentDensity_A_per_cm2=${j}/collector.kind=${k}/seed=${s}`);
    expect(runs.sort()).toEqual(expected.sort());
    for (const r of runs) {
      const doc = JSON.parse(readFileSync(join(out1, r, "scenario.json"), "utf8"));
      expect(doc.seed).toBe(Number(r.match(/seed=(\d+)$/)![1]));
      expect(doc.scenario.collector.kind).toBe(r.match(/collector\.kind=(\w+)/)![1]);
      expect(doc.scenario.electrical.currentDensity_A_per_cm2).toBe(Number(r.match(/A_per_cm2=([\d.]+)/)![1]));
      expect(doc.scenario.run.maxEvents).toBe(6000);
    }
  });

  it("runs each simulation exactly as simulate(scenario, seed) on the main thread", () => {
    const sw = loadSweep(sweepFile);
    const runs = sweepRuns(sw);
    expect(runs.map((r) => r.seed)).toEqual([3, 5, 3, 5, 3, 5, 3, 5]);
    for (const r of [runs[1], runs[6]]) {
      const ref = join(dir, `ref-${r.index}`);
      writeRunDirectory(ref, simulate(r.scenario, { seed: r.seed }));
      for (const f of ["timeseries.arrow", "snapshots.arrow", "scenario.json"]) {
        expect(readFileSync(join(out2, r.rel, f)).equals(readFileSync(join(ref, f))), `${r.rel}/${f}`).toBe(true);
      }
    }
  });

  it("has one sweep.arrow row per grid point × seed, with typed grid columns", () => {
    const t = readArrow(join(out1, "sweep.arrow"));
    expect(t.numRows).toBe(8);
    const names = t.schema.fields.map((f) => f.name);
    expect(names.slice(0, 3)).toEqual(["electrical.currentDensity_A_per_cm2", "collector.kind", "seed"]);
    for (const c of ["outcome", "maxPressure_Pa", "finalHeight_nm", "finalLateralExtent_nm", "aspectRatio", "contactArea_nm2", "cracked", "simulatedTime_s", "events", "depositedAtoms", "meanCurrentDensity_A_per_cm2"]) {
      expect(names).toContain(c);
    }
    const type = (n: string) => t.schema.fields.find((f) => f.name === n)!.type;
    expect(isFloat64(type("electrical.currentDensity_A_per_cm2"))).toBe(true);
    expect(DataType.isUtf8(type("collector.kind"))).toBe(true);
    expect(DataType.isUtf8(type("outcome"))).toBe(true);
    expect(DataType.isBool(type("cracked"))).toBe(true);
    expect(isFloat64(type("seed"))).toBe(true);
    const rows = t.toArray().map((r) => r.toJSON());
    expect(rows.map((r) => [r["electrical.currentDensity_A_per_cm2"], r["collector.kind"], r.seed])).toEqual([
      [0.05, "rigid", 3], [0.05, "rigid", 5], [0.05, "free", 3], [0.05, "free", 5],
      [1, "rigid", 3], [1, "rigid", 5], [1, "free", 3], [1, "free", 5],
    ]);
    for (const r of rows) {
      const s = JSON.parse(readFileSync(join(out1, `electrical.currentDensity_A_per_cm2=${r["electrical.currentDensity_A_per_cm2"]}/collector.kind=${r["collector.kind"]}/seed=${r.seed}/summary.json`), "utf8"));
      expect(r.events).toBe(s.events);
      expect(r.finalHeight_nm).toBe(s.finalHeight_nm);
      expect(r.aspectRatio).toBeCloseTo(s.finalHeight_nm / s.finalLateralExtent_nm, 12);
      expect(r.outcome).toBe(s.outcome);
    }
    const meta = t.schema.metadata;
    const doc = JSON.parse(meta.get("lidep.sweep")!);
    expect(doc.grid).toEqual(SWEEP.grid);
    expect(doc.seeds).toEqual([3, 5]);
    expect(doc.base.run.maxEvents).toBe(6000);
    expect(meta.get("lidep.version")).toMatch(/^\d+\.\d+\.\d+/);
    const sweepJson = JSON.parse(readFileSync(join(out1, "sweep.json"), "utf8"));
    expect(sweepJson.runs).toHaveLength(8);
    // provenance: schema version, commit and the hash of the resolved sweep, in both places
    const run0 = JSON.parse(readFileSync(join(out1, `electrical.currentDensity_A_per_cm2=0.05/collector.kind=rigid/seed=3/summary.json`), "utf8"));
    expect(meta.get("lidep.schemaVersion")).toBe(String(SCHEMA_VERSION));
    expect(meta.get("lidep.commit")).toBe(run0.commit);
    expect(meta.get("lidep.paramsHash")).toBe(paramsHash(doc));
    expect(meta.get("lidep.paramsHash")).not.toBe(run0.paramsHash);
    expect([sweepJson.schemaVersion, sweepJson.commit, sweepJson.paramsHash]).toEqual([SCHEMA_VERSION, run0.commit, paramsHash(doc)]);
    expect(readArrow(join(out1, "timeseries.arrow")).schema.metadata.get("lidep.paramsHash")).toBe(paramsHash(doc));
  });

  it("concatenates every run's time series with its grid values and seed", () => {
    const t = readArrow(join(out1, "timeseries.arrow"));
    const rel = "electrical.currentDensity_A_per_cm2=1/collector.kind=free/seed=5";
    const one = readArrow(join(out1, rel, "timeseries.arrow"));
    expect(t.schema.fields.map((f) => f.name)).toEqual(["electrical.currentDensity_A_per_cm2", "collector.kind", "seed", ...one.schema.fields.map((f) => f.name)]);
    const j = t.getChild("electrical.currentDensity_A_per_cm2")!.toArray() as Float64Array;
    const kind = t.getChild("collector.kind")!.toArray() as string[];
    const seed = t.getChild("seed")!.toArray() as Float64Array;
    const time = t.getChild("time_s")!.toArray() as Float64Array;
    const mine: number[] = [];
    for (let i = 0; i < t.numRows; i++) if (j[i] === 1 && kind[i] === "free" && seed[i] === 5) mine.push(time[i]);
    expect(mine).toEqual(Array.from(one.getChild("time_s")!.toArray() as Float64Array));
    let total = 0;
    for (const f of files(out1).filter((f) => f.endsWith("/timeseries.arrow"))) total += readArrow(join(out1, f)).numRows;
    expect(t.numRows).toBe(total);
    // the runs' field metadata (units, descriptions) and nullability carry over
    for (const f of one.schema.fields) {
      const g = t.schema.fields.find((x) => x.name === f.name)!;
      expect([g.nullable, g.metadata.get("unit"), g.metadata.get("description")], f.name).toEqual([f.nullable, f.metadata.get("unit"), f.metadata.get("description")]);
    }
    expect(t.getChild("bias_V")!.nullCount).toBe(t.numRows); // galvanostatic: no bias, null
  });
});

describe("replicas", () => {
  it("replica r of base seed S has seed S + r and is the run of that seed", async () => {
    expect([0, 1, 2].map((r) => replicaSeed(7, r))).toEqual([7, 8, 9]);
    const sw = loadSweep(sweepFile);
    const scenario = sw.points[3].scenario; // j = 1, free: stops early
    const out = join(dir, "replicas");
    const done: number[] = [];
    const summaries = await runReplicas({ scenario, baseSeed: 7, replicas: 3, workers: 2, outDir: out, onProgress: (p) => done.push(p.seed) });
    expect(summaries.map((s) => s.seed)).toEqual([7, 8, 9]);
    expect(done.sort()).toEqual([7, 8, 9]);
    expect(readdirSync(out).sort()).toEqual([".lidep-output", "replicas.arrow", "replicas.json", "seed=7", "seed=8", "seed=9", "timeseries.arrow"]);
    const ref = join(dir, "ref-replica");
    writeRunDirectory(ref, simulate(scenario, { seed: 8 }));
    expect(readFileSync(join(out, "seed=8", "timeseries.arrow")).equals(readFileSync(join(ref, "timeseries.arrow")))).toBe(true);
    const t = readArrow(join(out, "replicas.arrow"));
    expect(t.numRows).toBe(3);
    expect(Array.from(t.getChild("seed")!.toArray() as Float64Array)).toEqual([7, 8, 9]);
    expect(Array.from(t.getChild("events")!.toArray() as Float64Array)).toEqual(summaries.map((s) => s.events));
    expect(t.getChild("wallTime_s")).toBeNull(); // not reproducible: in each run's timing.json only
    const meta = t.schema.metadata;
    expect([meta.get("lidep.schemaVersion"), meta.get("lidep.commit"), meta.get("lidep.paramsHash")]).toEqual([String(SCHEMA_VERSION), summaries[0].commit, paramsHash(scenario)]);
    expect(summaries[0].paramsHash).toBe(paramsHash(scenario));
    const json = JSON.parse(readFileSync(join(out, "replicas.json"), "utf8"));
    expect([json.schemaVersion, json.commit, json.paramsHash]).toEqual([SCHEMA_VERSION, summaries[0].commit, paramsHash(scenario)]);
    expect(t.getChild("commit")).toBeNull(); // in the metadata, not a column
  });

  it("a sweep's replicas/baseSeed give seeds baseSeed + r at every point", () => {
    const f = join(dir, "rep.json");
    writeFileSync(f, JSON.stringify({ ...SWEEP, seeds: undefined, replicas: 3, baseSeed: 10 }));
    const sw = loadSweep(f);
    expect(sw.doc.seeds).toEqual([10, 11, 12]);
    expect(sweepRuns(sw).map((r) => r.seed)).toEqual([10, 11, 12, 10, 11, 12, 10, 11, 12, 10, 11, 12]);
    expect(sweepRuns(sw).map((r) => r.index)).toEqual([...Array(12).keys()]);
  });
});
