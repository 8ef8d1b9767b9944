/**
 * The CLI's tools (issue 4): `inspect` shows a run directory's summary and the schema of its Arrow
 * files, `validate` prints the resolved scenario or names the file and key of a mistake,
 * `analytic` gives the paper's numbers, and `export --xyz` writes an extended XYZ trajectory that
 * parses back frame by frame.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resolveScenario } from "../src/scenario/load.ts";
import { simulate } from "../src/run/simulate.ts";
import { writeRunDirectory } from "../src/run/outputs.ts";
import { readArrow } from "../src/io/arrow.ts";
import { UserError } from "../src/errors.ts";
import { inspectRunDir } from "../src/cli/inspect.ts";
import { validateScenario } from "../src/cli/validate.ts";
import { analyticReport } from "../src/cli/analytic.ts";
import { exportXyz } from "../src/cli/export.ts";

let tmp = "";
let runDir = "";

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "lidep-cli-tools-"));
  runDir = join(tmp, "run");
  const scenario = resolveScenario({
    lattice: { coarseGrain: 2, size_nm: [8, 2.8, 8] },
    li: { initialRadius_nm: 1.5 },
    collector: { kind: "rigid", shape: "arc", radius_nm: 4 },
    run: { maxEvents: 20000, snapshots: 3 },
  });
  writeRunDirectory(runDir, simulate(scenario, { seed: 7 }));
});

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** The UserError a call throws (fails the test when it throws nothing or something else). */
function userError(f: () => unknown): UserError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return e as UserError;
  }
  throw new Error("expected a UserError, nothing was thrown");
}

describe("lidep inspect", () => {
  it("shows the summary and the schema of both Arrow files with their row counts", () => {
    const text = inspectRunDir(runDir);
    const summary = JSON.parse(readFileSync(join(runDir, "summary.json"), "utf8"));
    expect(text).toMatch(new RegExp(`outcome\\s+${summary.outcome}`));
    expect(text).toMatch(new RegExp(`events\\s+${summary.events}\\b`));
    expect(text).toMatch(/seed\s+7\b/);
    for (const [file, types] of [
      ["snapshots.arrow", { snapshot: "Int32", time_s: "Float64", x_nm: "Float32", z_nm: "Float32", species: "Int8", born_s: "Float32" }],
      ["timeseries.arrow", { time_s: "Float64", maxPressure_Pa: "Float64", height_nm: "Float64" }],
    ] as const) {
      const rows = readArrow(join(runDir, file)).numRows;
      expect(rows).toBeGreaterThan(0);
      // the dataset's block: its header with the row count, then its columns and metadata
      const start = text.indexOf(`${file}  (`);
      expect(start).toBeGreaterThanOrEqual(0);
      const block = text.slice(start).split(/\n(?= {2}\S)/)[0];
      expect(block).toContain(`${file}  (${rows} rows`);
      for (const [col, type] of Object.entries(types)) expect(block).toMatch(new RegExp(`\\n {4}${col}\\s+${type}\\b`));
      expect(block).toMatch(/metadata: .*lidep\.scenario.*lidep\.seed.*lidep\.version/);
    }
  });

  it("names the path of a missing directory or a file that is not Arrow", () => {
    const missing = join(tmp, "nope");
    expect(userError(() => inspectRunDir(missing)).message).toContain(missing);
    const bad = join(tmp, "bad");
    mkdirSync(bad);
    writeFileSync(join(bad, "timeseries.arrow"), "not arrow");
    expect(userError(() => inspectRunDir(bad)).message).toContain(join(bad, "timeseries.arrow"));
  });
});

describe("lidep validate", () => {
  it("prints the resolved scenario with its defaults and overrides", () => {
    const file = join(tmp, "min.json");
    writeFileSync(file, JSON.stringify({ lattice: { size_nm: [8, 2.8, 8] } }));
    const text = validateScenario(file, ["run.maxEvents=1234"]);
    const doc = JSON.parse(text);
    expect(doc.temperature_K).toBe(298.15);
    expect(text).toContain('  "temperature_K": 298.15');
    expect(doc.run.maxEvents).toBe(1234);
    expect(doc.lattice.size_nm).toEqual([8, 2.8, 8]);
    expect(doc.collector.x_nm).toBe(4); // derived: the centre of the box
  });

  it("rejects an unknown key, naming the file and the key", () => {
    const file = join(tmp, "typo.json");
    writeFileSync(file, JSON.stringify({ lattice: { sizee_nm: [8, 2.8, 8] } }));
    const msg = userError(() => validateScenario(file, [])).message;
    expect(msg).toContain(file);
    expect(msg).toContain("lattice.sizee_nm");
    expect(msg).toMatch(/unknown key/);
  });
});

describe("lidep analytic", () => {
  const rel = (x: number, y: number) => Math.abs(x - y) / y;

  it("gives the paper's numbers with the defaults", () => {
    const { json, text } = analyticReport({});
    expect(json.defect_nm).toBe(10);
    expect(rel(json.griffithStress_Pa / 1e9, 4.8)).toBeLessThan(0.01);
    expect(rel(json.griffithOverpotential_V, 0.65)).toBeLessThan(0.01);
    expect(json.velocity_nm_per_s).toBe(1940);
    expect(json.currentDensity_A_per_cm2).toBeCloseTo(1.44, 2);
    expect(json.contactRadius_nm).toBe(75);
    expect(json.whiskerStress_Pa / 1e6).toBeCloseTo(12, 0);
    expect(json.whiskerOverpotential_V * 1e3).toBeCloseTo(1.6, 1);
    expect(text).toMatch(/4\.79 GPa/);
    expect(text).toMatch(/1\.44 A\/cm²/);
  });

  it("follows its inputs: a = 100 nm → 1.5 GPa; R = 50 nm → 18 MPa; v scales i", () => {
    const { json } = analyticReport({ defectNm: 100, velocityNmPerS: 3880, contactRadiusNm: 50 });
    expect(rel(json.griffithStress_Pa / 1e9, 1.5)).toBeLessThan(0.01);
    expect(json.currentDensity_A_per_cm2).toBeCloseTo(2.88, 2);
    expect(json.whiskerStress_Pa / 1e6).toBeCloseTo(18, 0);
  });

  it("rejects non-positive or non-finite inputs, naming the flag", () => {
    expect(userError(() => analyticReport({ defectNm: 0 })).message).toContain("--defect-nm");
    expect(userError(() => analyticReport({ velocityNmPerS: Number.NaN })).message).toContain("--velocity-nm-per-s");
    expect(userError(() => analyticReport({ contactRadiusNm: -5 })).message).toContain("--contact-radius-nm");
    expect(userError(() => analyticReport({ contactRadiusNm: Number.POSITIVE_INFINITY })).message).toContain("--contact-radius-nm");
  });
});

interface Frame {
  count: number;
  comment: string;
  rows: { species: string; x: number; y: number; z: number; born: number }[];
}

/** A minimal extended XYZ reader, independent of the writer. */
function parseXyz(text: string): Frame[] {
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  const frames: Frame[] = [];
  let i = 0;
  while (i < lines.length) {
    const count = Number(lines[i]);
    expect(Number.isInteger(count), `atom count line ${i + 1}: ${lines[i]}`).toBe(true);
    const comment = lines[i + 1];
    const rows = lines.slice(i + 2, i + 2 + count).map((l) => {
      const f = l.trim().split(/\s+/);
      expect(f.length).toBe(5);
      return { species: f[0], x: Number(f[1]), y: Number(f[2]), z: Number(f[3]), born: Number(f[4]) };
    });
    expect(rows.length).toBe(count);
    frames.push({ count, comment, rows });
    i += 2 + count;
  }
  return frames;
}

/** key=value pairs of a comment line (values quoted when they hold spaces). */
function keyValues(comment: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of comment.matchAll(/(\w+)=(?:"([^"]*)"|(\S+))/g)) out[m[1]] = m[2] ?? m[3];
  return out;
}

describe("lidep export --xyz", () => {
  it("writes one frame per snapshot, in Å, with the cell and the properties", () => {
    const path = exportXyz(runDir);
    expect(path).toBe(join(runDir, "snapshots.xyz"));
    const frames = parseXyz(readFileSync(path, "utf8"));
    const t = readArrow(join(runDir, "snapshots.arrow"));
    const snap = t.getChild("snapshot")!.toArray() as Int32Array;
    const time = t.getChild("time_s")!.toArray() as Float64Array;
    const x = t.getChild("x_nm")!.toArray() as Float32Array;
    const y = t.getChild("y_nm")!.toArray() as Float32Array;
    const z = t.getChild("z_nm")!.toArray() as Float32Array;
    const sp = t.getChild("species")!.toArray() as Int8Array;
    const ids = [...new Set(snap)];
    expect(ids.length).toBeGreaterThanOrEqual(2); // the initial and the final state at least
    expect(frames.length).toBe(ids.length);

    const summary = JSON.parse(readFileSync(join(runDir, "summary.json"), "utf8"));
    const { nx, ny, nz, a_nm } = summary.lattice;
    const names: Record<number, string> = { 1: "Li", 2: "LLZO", 3: "CC", 4: "Wall" };
    let row = 0;
    frames.forEach((f, k) => {
      const rows = snap.filter((s) => s === ids[k]).length;
      expect(f.count).toBe(rows);
      const kv = keyValues(f.comment);
      expect(kv.Properties).toBe("species:S:1:pos:R:3:born:R:1");
      expect(kv.pbc).toBe("T T F");
      const lattice = kv.Lattice.split(" ").map(Number);
      expect(lattice).toHaveLength(9);
      expect(lattice[0]).toBeCloseTo(nx * a_nm * 10, 4);
      expect(lattice[4]).toBeCloseTo(ny * a_nm * 10, 4);
      expect(lattice[8]).toBeCloseTo(nz * a_nm * 10, 4);
      expect([lattice[1], lattice[2], lattice[3], lattice[5], lattice[6], lattice[7]]).toEqual([0, 0, 0, 0, 0, 0]);
      const origin = kv.Origin.split(" ").map(Number);
      expect(Number(kv.Time)).toBeCloseTo(time[row], 12);
      for (const r of f.rows) {
        expect(r.species).toBe(names[sp[row]]);
        expect(r.x).toBeCloseTo(x[row] * 10, 3);
        expect(r.y).toBeCloseTo(y[row] * 10, 3);
        expect(r.z).toBeCloseTo(z[row] * 10, 3);
        // inside the cell
        for (const [c, o, L] of [[r.x, origin[0], lattice[0]], [r.y, origin[1], lattice[4]], [r.z, origin[2], lattice[8]]]) {
          expect(c).toBeGreaterThanOrEqual(o - 1e-3);
          expect(c).toBeLessThan(o + L);
        }
        if (r.species !== "Li") expect(r.born).toBe(-1);
        row++;
      }
    });
    expect(row).toBe(t.numRows);
    expect(frames.flatMap((f) => f.rows).some((r) => r.species === "Li")).toBe(true);
    expect(frames.flatMap((f) => f.rows).some((r) => r.species === "LLZO" && r.z < 0)).toBe(true);
  });

  it("writes to --out, and names the missing snapshots file of a directory without one", () => {
    const out = join(tmp, "elsewhere", "t.xyz");
    expect(exportXyz(runDir, out)).toBe(out);
    expect(readFileSync(out, "utf8").split("\n")[1]).toMatch(/^Lattice="/);
    const empty = join(tmp, "empty");
    mkdirSync(empty);
    expect(userError(() => exportXyz(empty)).message).toContain(join(empty, "snapshots.arrow"));
  });
});
