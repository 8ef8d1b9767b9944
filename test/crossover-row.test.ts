/**
 * The crossover law's rows of `lidep reproduce` (issue 19, item 4): `--long` runs every point of
 * the law entries' sweeps (never full mode without it, never `--quick`), and the rows are judged
 * from synthetic runs — a law with k = −3 and m = 1 passes both checks, k = −1 does not.
 */
import { describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { loadReference, parseReference, type Entry } from "../src/reproduce/reference.ts";
import { experiments, lawExperiments, lawRunName, SWEEP_DIR } from "../src/reproduce/experiments.ts";
import { buildRows, countRows, lawRow, type Runs } from "../src/reproduce/rows.ts";
import { crossoverChart } from "../src/reproduce/report.ts";
import type { RunData } from "../src/reproduce/observables.ts";

const ref = loadReference();
const lawEntries = ref.entries.filter((e) => e.law);

/** Runs of a synthetic law j* = A·s^m·R^k: aspect at 5× volume 1 + ½·ln(j/j*) on a quarter-decade grid, two seeds. */
function lawRuns(k: number, m: number, radii: number[], factors: number[], A = 4e3 * 0.01 ** -1): Runs {
  const runs: Runs = new Map();
  for (const s of factors)
    for (const R of radii) {
      const jStar = A * s ** m * R ** k;
      const q0 = Math.floor(Math.log10(jStar) * 4);
      for (let q = q0 - 3; q <= q0 + 3; q++) {
        const j = Number((10 ** (q / 4)).toPrecision(6));
        const aspect = Math.max(0.1, 1 + 0.5 * Math.log(j / jStar));
        const name = lawRunName(`synthetic-s${s}`, `R=${R}/j=${j}`);
        const bySeed = new Map<number, RunData>();
        for (const seed of [1, 2]) {
          const volume = Float64Array.from({ length: 10 }, (_, t) => 1 + t);
          bySeed.set(seed, {
            summary: { seed, stopReason: "maxTime", scenario: { li: { initialRadius_nm: R }, hops: { surface: { rateFactor: s } }, electrical: { currentDensity_A_per_cm2: j } } },
            ts: { liVolume_nm3: volume, height_nm: volume.map((_, t) => (t >= 4 ? aspect * 10 : 5)), lateralExtent_nm: volume.map(() => 10) },
            dir: "",
          } as unknown as RunData);
        }
        runs.set(name, bySeed);
      }
    }
  return runs;
}

/** The law entries pointed at the synthetic sweeps. */
function synthetic(): Entry[] {
  return lawEntries.map((e) => ({ ...e, law: { ...e.law!, sweeps: ["synthetic-s0.01", "synthetic-s0.1"], volumeFactor: 5, threshold: 1, refFactor: 0.01 } }));
}

describe("the crossover law's rows in lidep reproduce", () => {
  it("the reference has an exponent row and a paper-bracket row, both long, their sweep files present", () => {
    expect(lawEntries.map((e) => e.law!.check).sort()).toEqual(["exponent", "paperBracket"]);
    for (const e of lawEntries) {
      expect(e.long).toBeTruthy();
      for (const s of e.law!.sweeps) expect(existsSync(join(SWEEP_DIR, `${s}.json`)), s).toBe(true);
    }
  });

  it("--long runs every point of their sweeps on the sweep's seeds; full mode without it and --quick run none", () => {
    const all = lawExperiments(ref);
    expect(all.length).toBeGreaterThan(20);
    const names = (quick: boolean, long: boolean) => experiments(ref, [1], quick, {}, 1000, long).filter((x) => x.name.startsWith("law-"));
    expect(names(false, true).length).toBe(all.length);
    expect(names(false, false).length).toBe(0);
    expect(names(true, false).length).toBe(0);
    expect(names(true, true).length).toBe(0);
  });

  it("without their runs the rows are not-run, counted apart, their cost in the note", () => {
    const rows = buildRows({ ...ref, entries: lawEntries }, new Map(), [1, 2]);
    expect(rows.map((r) => r.status)).toEqual(["not-run", "not-run"]);
    expect(rows[0].note).toContain(lawEntries[0].long!);
    expect(countRows(rows).notRun).toBe(2);
  });

  it("a law with k = −3 and m = 1 passes: the exponent matches, and so does j* carried to 100 nm and s = 1 (inside the bracket)", () => {
    // A chosen so that j*(100 nm, s = 1) = 1e-3 A/cm², inside the paper's 2e-4–4e-3
    const runs = lawRuns(-3, 1, [4, 8, 16, 40], [0.01, 0.1], 1e-3 * 100 ** 3);
    const [ex, br] = synthetic().map((e) => lawRow(e, runs));
    expect(ex.status).toBe("match");
    expect(ex.values[0] as number).toBeCloseTo(-3, 1);
    expect(br.status).toBe("match");
    expect(br.values[0] as number).toBeGreaterThan(2e-4);
    expect(br.values[0] as number).toBeLessThanOrEqual(4e-3);
    expect(br.note).toMatch(/extrapolation over/);
    const chart = crossoverChart([ex, br])!;
    expect(chart.points.length).toBe(8); // 4 radii × 2 surface factors
    expect(chart.law!.k).toBeCloseTo(-3, 1);
    expect(chart.atPaper!.R).toBe(100);
    expect(chart.paper).toEqual({ R: 100, particleAt: 2e-4, whiskerAt: 4e-3 });
  });

  it("a law with k = −1 fails the exponent (trend: j* falls with R, −3 outside its interval), and its j* at 100 nm misses the bracket", () => {
    // same j* at R = 4 nm, s = 0.01 as the k = −3 law above; with k = −1 it lands ~250× higher at 100 nm
    const runs = lawRuns(-1, 1, [4, 8, 16, 40], [0.01, 0.1], 1e-3 * 100 ** 3 * 4 ** -2);
    const [ex, br] = synthetic().map((e) => lawRow(e, runs));
    expect(ex.status).toBe("trend");
    expect(ex.values[0] as number).toBeCloseTo(-1, 1);
    expect(br.status).not.toBe("match");
  });

  it("a surface factor the sweeps do not vary leaves m unmeasured: no extrapolation to the physical B (short, not scored)", () => {
    const runs = lawRuns(-3, 1, [4, 8, 16], [0.01]);
    const [ex, br] = synthetic().map((e) => lawRow(e, runs));
    expect(ex.status).toBe("match");
    expect(br.status).toBe("short");
    expect(br.note).toMatch(/m not measured/);
  });

  it("the schema refuses a law entry with a band, or not long", () => {
    const doc = JSON.parse(JSON.stringify(ref));
    const e = doc.entries.find((x: Entry) => x.law);
    e.band = { min: -4, max: -2 };
    expect(() => parseReference(doc)).toThrow(/law entry is simulated, has no band/);
    const doc2 = JSON.parse(JSON.stringify(ref));
    delete doc2.entries.find((x: Entry) => x.law).long;
    expect(() => parseReference(doc2)).toThrow(/law entry/);
  });
});

describe("the crossover figure", () => {
  it("puts each j* and its bracket, the law's interval at the paper's R and the paper's bracket on log–log axes", async () => {
    const { JSDOM } = await import("jsdom");
    const d3 = await import("d3");
    const { drawCrossover } = await import("../src/viz/charts/crossover.ts");
    const dom = new JSDOM("<!DOCTYPE html><html><body></body></html>");
    const data = {
      title: "t",
      points: [{ R: 4, surfaceFactor: 0.01, jStar: 0.1, below: 0.05, above: 0.2 }, { R: 8, surfaceFactor: 0.01, jStar: 0.0125, below: 0.01, above: 0.02 }, { R: 4, surfaceFactor: 0.1, jStar: 1, below: 0.5, above: 2 }],
      law: { k: -3, anchorR: 8, anchorJ: 0.0125, surfaceFactor: 0.01 },
      atPaper: { R: 100, jStar: 1e-3, lo: 1e-4, hi: 1e-2 },
      paper: { R: 100, particleAt: 2e-4, whiskerAt: 4e-3 },
      bounds: [{ R: 16, surfaceFactor: 0.01, upper: 0.01 }],
    };
    drawCrossover(d3.select(dom.window.document.body) as never, data, { width: 700, height: 450 });
    const doc = dom.window.document;
    const circles = [...doc.querySelectorAll("g.jstar circle")].map((c) => [Number(c.getAttribute("cx")), Number(c.getAttribute("cy"))]);
    expect(circles.length).toBe(3);
    // log axes: R 4 → 8 moves right, j* 0.1 → 0.0125 (×1/8) moves down by 3 × log10(2) of a decade; the two factors differ in colour
    const [a, b, c] = circles;
    expect(b[0]).toBeGreaterThan(a[0]);
    expect(c[0]).toBeCloseTo(a[0], 6);
    const rect = doc.querySelector("rect.paper-bracket")!;
    const decade = Number(rect.getAttribute("height")) / Math.log10(4e-3 / 2e-4);
    expect(b[1] - a[1]).toBeCloseTo(decade * Math.log10(8), 3);
    const fills = [...doc.querySelectorAll("g.jstar circle")].map((e) => e.getAttribute("fill"));
    expect(fills[0]).toBe(fills[1]);
    expect(fills[2]).not.toBe(fills[0]);
    // the interval at 100 nm spans two decades and holds the paper's bracket
    const iv = doc.querySelector("line.at-paper-interval")!;
    expect(Math.abs(Number(iv.getAttribute("y1")) - Number(iv.getAttribute("y2")))).toBeCloseTo(2 * decade, 3);
    // a radius whose every current was a whisker: an open triangle pointing down at its lowest current
    const up = doc.querySelector("path.jstar-upper")!;
    expect(up.getAttribute("transform")).toMatch(/rotate\(180\)/);
    expect(Number(up.getAttribute("transform")!.match(/translate\(([-\d.]+),([-\d.]+)\)/)![2])).toBeCloseTo(b[1] - decade * Math.log10(0.01 / 0.0125), 3);
    dom.window.close();
  });

  it("the report's figure data: a radius whose every current was a whisker is an upper bound on j*, and the paper's bracket comes from the row that has it", () => {
    const runs = lawRuns(-3, 1, [4, 8], [0.01]);
    // at 16 nm every current a whisker: aspect 2 everywhere
    const m = new Map<number, RunData>();
    for (const seed of [1, 2]) {
      const volume = Float64Array.from({ length: 10 }, (_, t) => 1 + t);
      m.set(seed, { summary: { seed, stopReason: "maxTime", scenario: { li: { initialRadius_nm: 16 }, hops: { surface: { rateFactor: 0.01 } }, electrical: { currentDensity_A_per_cm2: 0.5 } } }, ts: { liVolume_nm3: volume, height_nm: volume.map(() => 20), lateralExtent_nm: volume.map(() => 10) }, dir: "" } as unknown as RunData);
    }
    runs.set(lawRunName("synthetic-s0.01", "R=16/j=0.5"), m);
    const rows = synthetic().map((e) => lawRow(e, runs));
    const chart = crossoverChart(rows)!;
    expect(chart.bounds).toEqual([{ R: 16, surfaceFactor: 0.01, upper: 0.5 }]);
    expect(chart.paper).toEqual({ R: 100, particleAt: 2e-4, whiskerAt: 4e-3 });
  });
});
