/**
 * Fixtures of the view tests (test/viz-*.test.ts): a small real run made by the engine, a copy of
 * it that cracked (synthetic series, with an extra and a missing column), a synthetic sweep
 * directory, and a PNG decoder to look at pixels.
 */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { inflateSync } from "node:zlib";
import * as A from "apache-arrow";
import { resolveScenario } from "../src/scenario/load.ts";
import { simulate } from "../src/run/simulate.ts";
import { writeRunDirectory } from "../src/run/outputs.ts";

/** A rigid arc collector over an initial Li cap, coarse-grained, with one pit: a second of work. */
export const SMALL_SCENARIO = {
  description: "viz test: small rigid-arc run",
  // MODEL.md §1's rule alone (lattice.calibratedTransport: false): the views need Li to grow within
  // 100,000 events, which the calibrated n = 2 hops (10³–10⁵× faster, data/coarse-graining.json) do not leave
  lattice: { coarseGrain: 2, calibratedTransport: false, size_nm: [10, 1.4, 6] },
  collector: { kind: "rigid", shape: "arc", radius_nm: 3 },
  li: { initialRadius_nm: 1.5 },
  llzo: { defects: [{ kind: "pit", x_nm: 2.5, depth_nm: 0.7 }], fracture: { enabled: false } },
  electrical: { currentDensity_A_per_cm2: 0.5 },
  run: { maxTime_s: 0.03, maxEvents: 100_000, samples: 60, snapshots: 8 },
};

export function makeSmallRun(dir: string, seed = 3): string {
  const s = resolveScenario(structuredClone(SMALL_SCENARIO), "viz-test");
  writeRunDirectory(dir, simulate(s, { seed }));
  return dir;
}

/** Every column of an Arrow file as plain arrays (read here without the viz code). */
export function arrowColumns(file: string): { numRows: number; cols: Record<string, unknown[]> } {
  const t = A.tableFromIPC(readFileSync(file));
  const cols: Record<string, unknown[]> = {};
  for (const f of t.schema.fields) cols[f.name] = Array.from(t.getChild(f.name)!);
  return { numRows: t.numRows, cols };
}

/** Li sites per snapshot, straight from snapshots.arrow. */
export function liPerSnapshot(runDir: string): number[] {
  const { numRows, cols } = arrowColumns(join(runDir, "snapshots.arrow"));
  const out: number[] = [];
  for (let i = 0; i < numRows; i++) {
    const k = cols.snapshot[i] as number;
    while (out.length <= k) out.push(0);
    if (cols.species[i] === "Li") out[k]++;
  }
  return out;
}

function writeTable(file: string, columns: Record<string, A.Vector>): void {
  writeFileSync(file, A.tableToIPC(new A.Table(columns), "file"));
}

const f64 = (a: ArrayLike<number>) => A.makeVector(Float64Array.from(a));

/**
 * A copy of a run that cracked: pressure rising to 20 GPa, crack initiated at 40 % of the time,
 * short circuit at 70 %, a current spike after the crack and a jump at the short circuit; with an
 * extra column (crackLength_nm) and without meanPressure_Pa.
 */
export function makeCrackedRun(src: string, dst: string): { crack_s: number; short_s: number; n: number; spike: number } {
  rmSync(dst, { recursive: true, force: true });
  cpSync(src, dst, { recursive: true });
  const { numRows: n, cols } = arrowColumns(join(src, "timeseries.arrow"));
  const t = cols.time_s as number[];
  const T = t[n - 1];
  const crack_s = t[Math.floor(n * 0.4)];
  const short_s = t[Math.floor(n * 0.7)];
  const out: Record<string, A.Vector> = {};
  for (const [k, v] of Object.entries(cols)) if (k !== "meanPressure_Pa") out[k] = f64(v as number[]);
  out.maxPressure_Pa = f64(t.map((x) => 2e10 * (x / T) ** 2));
  out.crackState = f64(t.map((x) => (x >= short_s ? 2 : x >= crack_s ? 1 : 0)));
  const i0 = cols.current_A as number[];
  out.current_A = f64(t.map((x, i) => (x >= short_s ? 5e-12 : x > crack_s && i === Math.floor(n * 0.4) + 1 ? 1e-12 : i0[i])));
  out.crackLength_nm = f64(t.map((x) => (x >= crack_s ? (x - crack_s) * 1e9 : 0)));
  writeTable(join(dst, "timeseries.arrow"), out);
  const summary = JSON.parse(readFileSync(join(src, "summary.json"), "utf8"));
  summary.outcome = "short_circuit";
  summary.crack = { initiated: true, time_s: crack_s, defectSize_nm: 0.7, kind: "pit" };
  summary.shortCircuit_s = short_s;
  writeFileSync(join(dst, "summary.json"), JSON.stringify(summary, null, 2));
  return { crack_s, short_s, n, spike: Math.floor(n * 0.4) + 1 };
}

export interface SweepRow {
  cd: number;
  k: number;
  seed: number;
  cracked: boolean;
  outcome: string;
  h: number;
  w: number;
}

/**
 * A synthetic sweep directory: current density 1e-3…1 A/cm² × stiffness 1…100 N/m × 2 seeds
 * (24 rows; both keys span decades), collector.kind as a Utf8 column, `cracked` as Bool; the
 * given run directory copied under the hive path of one row.
 */
export function makeSweep(dir: string, runDir: string): { rows: SweepRow[]; runRow: number; runPath: string } {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const rows: SweepRow[] = [];
  for (const cd of [0.001, 0.01, 0.1, 1])
    for (const k of [1, 10, 100])
      for (const seed of [1, 2]) {
        const cracked = cd >= 0.1 && k >= 100;
        const outcome = cracked ? (cd === 1 && seed === 2 ? "short_circuit" : "cracked") : "completed";
        rows.push({ cd, k, seed, cracked, outcome, h: 1 + 4 * cd * Math.log10(10 * k), w: cd === 0.001 && k === 1 && seed === 2 ? 0 : 2 + seed });
      }
  writeTable(join(dir, "sweep.arrow"), {
    "electrical.currentDensity_A_per_cm2": f64(rows.map((r) => r.cd)),
    "collector.stiffness_N_per_m": f64(rows.map((r) => r.k)),
    "collector.kind": A.vectorFromArray(rows.map(() => "spring"), new A.Utf8()),
    seed: f64(rows.map((r) => r.seed)),
    outcome: A.vectorFromArray(rows.map((r) => r.outcome), new A.Utf8()),
    maxPressure_Pa: f64(rows.map((r) => (r.cracked ? 2e10 : 1e8))),
    finalHeight_nm: f64(rows.map((r) => r.h)),
    finalLateralExtent_nm: f64(rows.map((r) => r.w)),
    cracked: A.vectorFromArray(rows.map((r) => r.cracked), new A.Bool()),
  });
  const runRow = rows.findIndex((r) => r.cd === 0.1 && r.k === 10 && r.seed === 1);
  const runPath = "electrical.currentDensity_A_per_cm2=0.1/collector.stiffness_N_per_m=10/seed=1";
  cpSync(runDir, join(dir, ...runPath.split("/")), { recursive: true });
  return { rows, runRow, runPath };
}

/** Decodes an 8-bit, non-interlaced RGB or RGBA PNG (what resvg and chromium write). */
export function decodePng(buf: Uint8Array): { width: number; height: number; channels: number; data: Uint8Array } {
  const b = Buffer.from(buf);
  if (b.readUInt32BE(0) !== 0x89504e47) throw new Error("not a PNG");
  let off = 8;
  let width = 0, height = 0, channels = 0;
  const idat: Buffer[] = [];
  while (off < b.length) {
    const len = b.readUInt32BE(off);
    const type = b.toString("latin1", off + 4, off + 8);
    const body = b.subarray(off + 8, off + 8 + len);
    if (type === "IHDR") {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const depth = body[8], color = body[9], interlace = body[12];
      if (depth !== 8 || interlace !== 0 || (color !== 2 && color !== 6)) throw new Error(`unsupported PNG (depth ${depth}, colour ${color}, interlace ${interlace})`);
      channels = color === 6 ? 4 : 3;
    } else if (type === "IDAT") idat.push(body);
    else if (type === "IEND") break;
    off += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const data = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = data.subarray(y * stride, (y + 1) * stride);
    const prev = y > 0 ? data.subarray((y - 1) * stride, y * stride) : new Uint8Array(stride);
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? out[i - channels] : 0;
      const up = prev[i];
      const c = i >= channels ? prev[i - channels] : 0;
      let v = line[i];
      if (filter === 1) v += a;
      else if (filter === 2) v += up;
      else if (filter === 3) v += (a + up) >> 1;
      else if (filter === 4) {
        const p = a + up - c, pa = Math.abs(p - a), pb = Math.abs(p - up), pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? up : c;
      }
      out[i] = v & 0xff;
    }
  }
  return { width, height, channels, data };
}

/** Number of distinct colours in a decoded PNG (1 means blank). */
export function distinctColours(png: { channels: number; data: Uint8Array }): number {
  const seen = new Set<number>();
  for (let i = 0; i < png.data.length; i += png.channels) {
    seen.add((png.data[i] << 16) | (png.data[i + 1] << 8) | png.data[i + 2]);
    if (seen.size > 10000) break;
  }
  return seen.size;
}
