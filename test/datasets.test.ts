/**
 * The datasets describe themselves: every column carries a unit and a description, species is a
 * dictionary of names, a value that does not exist is null (and only such columns are nullable),
 * redox counts come gross and net, and every output records the schema version, the commit and a
 * hash of the resolved scenario. The README's polars snippet runs as printed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as A from "apache-arrow";
import { resolveScenario } from "../src/scenario/load.ts";
import { simulate } from "../src/run/simulate.ts";
import { writeRunDirectory } from "../src/run/outputs.ts";
import { readArrow } from "../src/io/arrow.ts";
import { SCHEMA_VERSION } from "../src/run/provenance.ts";
import type { Scenario } from "../src/scenario/schema.ts";

const ROOT = resolve(import.meta.dirname, "..");

// the outputs, whatever the transport: MODEL.md §1's rule alone (lattice.calibratedTransport: false), since
// the calibrated n = 2 hops (10³–10⁵× faster, data/coarse-graining.json) leave no plating, pushing or stripping in 15,000 events
const base = {
  lattice: { coarseGrain: 2, calibratedTransport: false, size_nm: [10, 2.8, 8] },
  li: { initialRadius_nm: 1.5 },
  run: { maxEvents: 15_000, maxTime_s: 1, samples: 20, snapshots: 3 },
};
/** Galvanostatic under a rigid collector: no bias, no collector force. */
const galvano = { ...base, collector: { kind: "rigid", shape: "arc", radius_nm: 3 }, electrical: { mode: "galvanostatic", currentDensity_A_per_cm2: 4e-3 } };
/** Potentiostatic under a spring: both exist. */
const potentio = { ...base, collector: { kind: "spring", shape: "arc", radius_nm: 3, stiffness_N_per_m: 0.05 }, electrical: { mode: "potentiostatic", bias_V: 0.3, seriesResistance_Ohm_cm2: 0, contactRadius_nm: null } };

/** Seed 3: the spring is pushed (≈ 9,500 events); whether it is within 15,000 events depends on the seed (9–10 of seeds 1–12, before and after the random stream changed: issue 18). */
const SEED = 3;

let tmp = "";
const dirs: Record<string, string> = {};
const scenarios: Record<string, Scenario> = {};

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "lidep-datasets-"));
  for (const [name, doc] of Object.entries({ galvano, potentio })) {
    scenarios[name] = resolveScenario(structuredClone(doc));
    dirs[name] = join(tmp, name);
    writeRunDirectory(dirs[name], simulate(scenarios[name], { seed: SEED }));
  }
});
afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const NULLABLE: Record<string, string[]> = { "timeseries.arrow": ["bias_V", "growthStress_Pa", "ccForce_N", "accelMaxImbalance"], "snapshots.arrow": ["born_s"] };

/** The values of a column, null where the validity bitmap says so. */
const values = (t: A.Table, name: string) => Array.from(t.getChild(name)! as Iterable<unknown>);

/** Canonical JSON written here independently of the code: keys sorted at every level. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v && typeof v === "object") {
    return `{${Object.entries(v as Record<string, unknown>)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`)
      .join(",")}}`;
  }
  return JSON.stringify(v);
}

describe("self-describing datasets", () => {
  it("every column has a unit and a description; only columns that may lack a value are nullable", () => {
    for (const file of ["timeseries.arrow", "snapshots.arrow"]) {
      const t = readArrow(join(dirs.galvano, file));
      expect(t.numRows, file).toBeGreaterThan(0);
      for (const f of t.schema.fields) {
        expect(f.metadata.get("unit"), `${file} ${f.name}: unit`).toMatch(/\S/);
        expect(f.metadata.get("description")?.length ?? 0, `${file} ${f.name}: description`).toBeGreaterThan(15);
        expect(f.nullable, `${file} ${f.name}: nullable`).toBe(NULLABLE[file].includes(f.name));
        if (f.nullable) continue;
        const col = t.getChild(f.name)!;
        expect(col.nullCount, `${file} ${f.name}`).toBe(0);
        if (A.DataType.isFloat(f.type)) expect(values(t, f.name).some((v) => Number.isNaN(v)), `${file} ${f.name}: NaN`).toBe(false);
      }
    }
  });

  it("null, not NaN: no bias in a galvanostatic run, no force on a rigid collector, no birth time but for Li", () => {
    const g = readArrow(join(dirs.galvano, "timeseries.arrow"));
    const p = readArrow(join(dirs.potentio, "timeseries.arrow"));
    expect(g.getChild("bias_V")!.nullCount).toBe(g.numRows);
    expect(g.getChild("ccForce_N")!.nullCount).toBe(g.numRows);
    expect(new Set(values(p, "bias_V"))).toEqual(new Set([0.3]));
    expect(p.getChild("ccForce_N")!.nullCount).toBe(0);
    // the spring force is stiffness × displacement
    const x = values(p, "ccPosition_nm") as number[];
    const F = values(p, "ccForce_N") as number[];
    expect(Math.max(...x), "the spring was pushed").toBeGreaterThan(0);
    x.forEach((xi, i) => expect(F[i]).toBeCloseTo(0.05 * xi * 1e-9, 20));

    const s = readArrow(join(dirs.galvano, "snapshots.arrow"));
    const species = values(s, "species");
    const born = values(s, "born_s");
    let li = 0;
    species.forEach((sp, i) => {
      if (sp === "Li") {
        li++;
        expect(born[i], `row ${i}`).not.toBeNull();
        expect(Number.isFinite(born[i] as number), `row ${i}`).toBe(true);
      } else expect(born[i], `row ${i} (${sp})`).toBeNull();
    });
    expect(li).toBeGreaterThan(0);
    expect(li).toBeLessThan(s.numRows);
  });

  it("species is a dictionary of names", () => {
    const s = readArrow(join(dirs.potentio, "snapshots.arrow"));
    const f = s.schema.fields.find((x) => x.name === "species")!;
    expect(A.DataType.isDictionary(f.type)).toBe(true);
    expect(Array.from(s.getChild("species")!.data[0].dictionary! as Iterable<string>)).toEqual(["Li", "LLZO", "CC", "Wall"]);
    expect(new Set(values(s, "species"))).toEqual(new Set(["Li", "LLZO", "CC"]));
    // every drawn site is below the box top and LLZO lies below its surface
    const z = values(s, "z_nm") as number[];
    values(s, "species").forEach((sp, i) => {
      if (sp === "LLZO") expect(z[i]).toBeLessThanOrEqual(0);
    });
  });

  it("deposited atoms are net of stripping: reduced − oxidised, both gross counts never decreasing", () => {
    let stripped = 0;
    for (const dir of Object.values(dirs)) {
      const t = readArrow(join(dir, "timeseries.arrow"));
      const red = values(t, "reducedAtoms") as number[];
      const ox = values(t, "oxidisedAtoms") as number[];
      const dep = values(t, "depositedAtoms") as number[];
      for (let i = 0; i < t.numRows; i++) {
        expect(dep[i]).toBe(red[i] - ox[i]);
        if (i > 0) expect(red[i]).toBeGreaterThanOrEqual(red[i - 1]);
        if (i > 0) expect(ox[i]).toBeGreaterThanOrEqual(ox[i - 1]);
      }
      expect(t.schema.fields.find((f) => f.name === "depositedAtoms")!.metadata.get("description")).toMatch(/net of stripping/);
      const summary = JSON.parse(readFileSync(join(dir, "summary.json"), "utf8"));
      const last = t.numRows - 1;
      expect([summary.reducedAtoms, summary.oxidisedAtoms, summary.depositedAtoms]).toEqual([red[last], ox[last], dep[last]]);
      stripped += ox[last];
    }
    expect(stripped, "some atoms were stripped, so net and gross differ").toBeGreaterThan(0);
  });

  it("every output records the schema version, the commit and the hash of the resolved scenario", () => {
    const git = (args: string[]) => execFileSync("git", ["-C", ROOT, ...args], { encoding: "utf8" }).trim();
    // the commit as git says it: the checkout's HEAD, "-dirty" when tracked files differ from it
    let commit = "unknown";
    try {
      commit = git(["rev-parse", "HEAD"]) + (git(["status", "--porcelain", "--untracked-files=no"]) === "" ? "" : "-dirty");
    } catch {
      /* not a checkout: "unknown" */
    }
    for (const [name, dir] of Object.entries(dirs)) {
      const hash = "sha256:" + createHash("sha256").update(canonical(scenarios[name])).digest("hex");
      const summary = JSON.parse(readFileSync(join(dir, "summary.json"), "utf8"));
      const scen = JSON.parse(readFileSync(join(dir, "scenario.json"), "utf8"));
      for (const doc of [summary, scen]) {
        expect(doc.schemaVersion).toBe(SCHEMA_VERSION);
        expect(doc.paramsHash).toBe(hash);
        expect(doc.commit).toBe(commit);
      }
      for (const file of ["timeseries.arrow", "snapshots.arrow"]) {
        const m = readArrow(join(dir, file)).schema.metadata;
        expect([m.get("lidep.schemaVersion"), m.get("lidep.commit"), m.get("lidep.paramsHash"), m.get("lidep.seed")]).toEqual([String(SCHEMA_VERSION), summary.commit, hash, String(SEED)]);
        expect(JSON.parse(m.get("lidep.scenario")!)).toEqual(scenarios[name]);
      }
    }
    expect(JSON.parse(readFileSync(join(dirs.galvano, "summary.json"), "utf8")).paramsHash).not.toBe(JSON.parse(readFileSync(join(dirs.potentio, "summary.json"), "utf8")).paramsHash);
  });

  it("the README's polars snippet runs on this Node and prints the run's numbers", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const m = /<!-- snippet: polars -->\s*```js\n([\s\S]*?)```\s*<!-- \/snippet -->/.exec(readme);
    expect(m, "README.md has the polars snippet").not.toBeNull();
    const line = 'const run = "data/runs/default-seed1";';
    expect(m![1]).toContain(line);
    const code = m![1].replace(line, `const run = ${JSON.stringify(dirs.galvano)};`);
    // run from the checkout, so that `import pl from "nodejs-polars"` resolves as in a user's project
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", code], { cwd: ROOT, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    const ts = readArrow(join(dirs.galvano, "timeseries.arrow"));
    const dep = values(ts, "depositedAtoms") as number[];
    expect(r.stdout).toContain(`${dep[dep.length - 1].toFixed(1)}`);
    const s = readArrow(join(dirs.galvano, "snapshots.arrow"));
    const snap = values(s, "snapshot") as number[];
    const last = Math.max(...snap);
    const liLast = values(s, "species").filter((sp, i) => sp === "Li" && snap[i] === last).length;
    expect(r.stdout).toMatch(new RegExp(`│ Li\\s+┆ ${liLast}\\s+┆ \\d`));
    expect(r.stdout).toMatch(/│ LLZO\s+┆ \d+\s+┆ null/);
  });
});
