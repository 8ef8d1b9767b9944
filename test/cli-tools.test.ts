/**
 * The CLI's tools (issue 4): `inspect` shows a run directory's summary and the schema of its Arrow
 * files, `validate` prints the resolved scenario or names the file and key of a mistake,
 * `analytic` gives the paper's numbers, and `export --xyz` writes an extended XYZ trajectory that
 * a strict reader (test/helpers/extxyz.ts) and, where it is installed, ASE read back frame by frame.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resolveScenario } from "../src/scenario/load.ts";
import { simulate } from "../src/run/simulate.ts";
import { writeRunDirectory } from "../src/run/outputs.ts";
import { readArrow } from "../src/io/arrow.ts";
import { UserError } from "../src/errors.ts";
import { SCHEMA_VERSION } from "../src/run/provenance.ts";
import { inspectRunDir } from "../src/cli/inspect.ts";
import { validateScenario } from "../src/cli/validate.ts";
import { analyticReport } from "../src/cli/analytic.ts";
import { exportXyz } from "../src/cli/export.ts";
import { readExtXyz } from "./helpers/extxyz.ts";

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
    expect(text).toMatch(new RegExp(`schema version\\s+${SCHEMA_VERSION}\\n`));
    expect(text).toMatch(new RegExp(`parameters\\s+${summary.paramsHash}\n`));
    expect(text).toMatch(new RegExp(`commit\\s+${summary.commit}`));
    expect(text).toMatch(/wall time\s+\d+\.\d s/); // from timing.json
    for (const [file, types] of [
      ["snapshots.arrow", { snapshot: "Int32", time_s: "Float64", x_nm: "Float32", z_nm: "Float32", species: "Dictionary<Int8, Utf8>", born_s: "Float32" }],
      ["timeseries.arrow", { time_s: "Float64", maxPressure_Pa: "Float64", height_nm: "Float64" }],
    ] as const) {
      const rows = readArrow(join(runDir, file)).numRows;
      expect(rows).toBeGreaterThan(0);
      // the dataset's block: its header with the row count, then its columns and metadata
      const start = text.indexOf(`${file}  (`);
      expect(start).toBeGreaterThanOrEqual(0);
      const block = text.slice(start).split(/\n(?= {2}\S)/)[0];
      expect(block).toContain(`${file}  (${rows} rows`);
      const t = readArrow(join(runDir, file));
      for (const [col, type] of Object.entries(types)) {
        // name, type, nullability, unit and description, from the file's own field metadata
        const f = t.schema.fields.find((x) => x.name === col)!;
        const line = block.split("\n").find((l) => l.startsWith(`    ${col} `));
        expect(line, col).toBeDefined();
        const cells = line!.trim().split(/ {2,}/);
        expect(cells.slice(0, 4), col).toEqual([col, type, f.nullable ? "nullable" : "not null", f.metadata.get("unit")]);
        expect(cells[4], col).toContain(f.metadata.get("description"));
      }
      if (file === "snapshots.arrow") {
        expect(block).toMatch(/\n {4}species .*\[names: Li, LLZO, CC, Wall\]/);
        expect(block).toMatch(/\n {4}born_s +Float32 +nullable +s /);
      } else expect(block).toMatch(/\n {4}bias_V +Float64 +nullable +V /);
      const meta = t.schema.metadata;
      for (const k of ["lidep.schemaVersion", "lidep.version", "lidep.commit", "lidep.paramsHash", "lidep.seed"]) expect(block).toContain(`${k} = ${meta.get(k)}`);
      expect(block).toMatch(/lidep\.scenario \(\d+ characters\)/);
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

/** A Python 3 with ASE (Debian: apt-get install python3-ase), or null. */
function pythonWithAse(): string | null {
  for (const py of ["python3", "/usr/bin/python3"]) {
    const r = spawnSync(py, ["-c", "import ase"], { encoding: "utf8" });
    if (r.status === 0) return py;
  }
  return null;
}
const ASE_PYTHON = pythonWithAse();

describe("lidep export --xyz", () => {
  it("writes one frame per snapshot that a strict extended-XYZ reader takes back: elements, cell, Å, materials", () => {
    const path = exportXyz(runDir);
    expect(path).toBe(join(runDir, "snapshots.xyz"));
    const frames = readExtXyz(readFileSync(path, "utf8"));
    const t = readArrow(join(runDir, "snapshots.arrow"));
    const snap = t.getChild("snapshot")!.toArray() as Int32Array;
    const time = t.getChild("time_s")!.toArray() as Float64Array;
    const x = t.getChild("x_nm")!.toArray() as Float32Array;
    const y = t.getChild("y_nm")!.toArray() as Float32Array;
    const z = t.getChild("z_nm")!.toArray() as Float32Array;
    const material = Array.from(t.getChild("species")! as Iterable<string>);
    const born = Array.from(t.getChild("born_s")! as Iterable<number | null>);
    const ids = [...new Set(snap)];
    expect(ids.length).toBeGreaterThanOrEqual(2); // the initial and the final state at least
    expect(frames.length).toBe(ids.length);

    const summary = JSON.parse(readFileSync(join(runDir, "summary.json"), "utf8"));
    const { nx, ny, nz, a_nm } = summary.lattice;
    // the documented stand-ins, for this run's rigid collector
    const element: Record<string, string> = { Li: "Li", LLZO: "La", CC: "Cu", Wall: "X" };
    let row = 0;
    frames.forEach((f, k) => {
      expect(f.natoms).toBe(snap.filter((s) => s === ids[k]).length);
      expect(f.properties.map((p) => `${p.name}:${p.type}:${p.count}`).join(":")).toBe("species:S:1:pos:R:3:material:S:1:born:R:1");
      expect(f.pbc).toEqual([true, true, false]);
      const L = f.lattice;
      expect(L[0]).toBeCloseTo(nx * a_nm * 10, 4);
      expect(L[4]).toBeCloseTo(ny * a_nm * 10, 4);
      expect(L[8]).toBeCloseTo(nz * a_nm * 10, 4);
      expect([L[1], L[2], L[3], L[5], L[6], L[7]]).toEqual([0, 0, 0, 0, 0, 0]);
      const origin = f.info.Origin as number[];
      expect(origin).toHaveLength(3);
      expect(f.info.Time).toBeCloseTo(time[row], 12);
      expect(f.info.materials).toBe("Li=Li LLZO=La CC=Cu Wall=X");
      for (let a = 0; a < f.natoms; a++) {
        const p = f.arrays.pos[a] as number[];
        expect(f.arrays.material[a]).toBe(material[row]);
        expect(f.arrays.species[a]).toBe(element[material[row]]);
        expect(p[0]).toBeCloseTo(x[row] * 10, 3);
        expect(p[1]).toBeCloseTo(y[row] * 10, 3);
        expect(p[2]).toBeCloseTo(z[row] * 10, 3);
        // inside the cell
        for (let c = 0; c < 3; c++) {
          expect(p[c]).toBeGreaterThanOrEqual(origin[c] - 1e-3);
          expect(p[c]).toBeLessThan(origin[c] + L[4 * c]);
        }
        const b = f.arrays.born[a] as number;
        if (born[row] === null) expect(b).toBe(-1);
        else expect(Math.abs(b - born[row]!)).toBeLessThanOrEqual(1e-6 * Math.abs(born[row]!));
        row++;
      }
    });
    expect(row).toBe(t.numRows);
    const all = frames.flatMap((f) => f.arrays.material.map((m, a) => ({ m, z: (f.arrays.pos[a] as number[])[2] })));
    expect(all.some((r) => r.m === "Li")).toBe(true);
    expect(all.some((r) => r.m === "LLZO" && r.z < 0)).toBe(true);
  });

  it("the strict reader rejects what ASE would: a species that is not an element, a column short, an integer for a real", () => {
    const good = readFileSync(exportXyz(runDir), "utf8").split("\n");
    expect(() => readExtXyz(good.join("\n"))).not.toThrow();
    const atom = good[2].split(" ");
    const mutate = (line: string) => readExtXyz([good[0], good[1], line, ...good.slice(3)].join("\n"));
    expect(() => mutate(["LLZO", ...atom.slice(1)].join(" "))).toThrow(/not a chemical element/);
    expect(() => mutate(atom.slice(0, -1).join(" "))).toThrow(/columns/);
    expect(() => mutate([...atom.slice(0, 1), "3", ...atom.slice(2)].join(" "))).toThrow(/not a real/);
  });

  it.skipIf(!ASE_PYTHON)(`ASE reads it${ASE_PYTHON ? "" : " (skipped: no python3 with ASE here; Debian: apt-get install python3-ase)"}`, () => {
    const path = exportXyz(runDir);
    const script = [
      "import json, sys",
      "from ase.io import read",
      "frames = read(sys.argv[1], index=':')",
      "print(json.dumps([{'n': len(a), 'symbols': a.get_chemical_symbols(), 'material': [str(m) for m in a.arrays['material']], 'z': [float(p[2]) for p in a.positions], 'cell': [float(x) for x in a.cell.lengths()], 'pbc': [bool(p) for p in a.pbc], 'time': float(a.info['Time'])} for a in frames]))",
    ].join("\n");
    const r = spawnSync(ASE_PYTHON!, ["-c", script, path], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    const ase = JSON.parse(r.stdout) as { n: number; symbols: string[]; material: string[]; z: number[]; cell: number[]; pbc: boolean[]; time: number }[];
    const mine = readExtXyz(readFileSync(path, "utf8"));
    expect(ase.length).toBe(mine.length);
    ase.forEach((a, k) => {
      expect(a.n).toBe(mine[k].natoms);
      expect(a.symbols).toEqual(mine[k].arrays.species);
      expect(a.material).toEqual(mine[k].arrays.material);
      a.z.forEach((zz, i) => expect(zz).toBeCloseTo((mine[k].arrays.pos[i] as number[])[2], 6));
      expect(a.cell).toEqual([mine[k].lattice[0], mine[k].lattice[4], mine[k].lattice[8]]);
      expect(a.pbc).toEqual([true, true, false]);
      expect(a.time).toBe(mine[k].info.Time);
    });
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
