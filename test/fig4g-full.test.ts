/**
 * Issue 19, item 3 and 5: the paper's whole Fig. 4g whisker (scenarios/fig4g-full.json) and how
 * `lidep reproduce` treats a paper-size scenario that its full mode cannot afford (`long` entries).
 * Tiny windows only: the whole run costs hours today (REPORT-i19b.md).
 */
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { loadScenario } from "../src/scenario/load.ts";
import { Simulation } from "../src/run/simulate.ts";
import { morphology } from "../src/run/observe.ts";
import { calibrationData } from "../src/model/coarse-graining.ts";
import { experiments, SCENARIO_DIR } from "../src/reproduce/experiments.ts";
import { atPaperSize, loadReference, parseReference, type Entry } from "../src/reproduce/reference.ts";
import { existsSync } from "node:fs";
import { buildRows, countRows, countsLine, type Runs } from "../src/reproduce/rows.ts";
import { OBSERVABLES, type RunData } from "../src/reproduce/observables.ts";
import type { Summary } from "../src/run/summary.ts";

const FILE = join(SCENARIO_DIR, "fig4g-full.json");
const PAPER_GROWTH_NM = 3800; // Fig. 4g: 3.8 µm in 2 s

describe("fig4g-full: the paper's whole whisker in the slab", () => {
  const s = loadScenario(FILE);
  it("runs the paper's 2 s at a calibrated n with no hand-set rate factor on any path", () => {
    expect(s.run.maxTime_s).toBe(2);
    expect(calibrationData()!.calibratedN).toContain(s.lattice.coarseGrain);
    expect(s.lattice.calibratedTransport).toBe(true);
    for (const path of ["bulk", "surface", "interface", "collector"] as const) expect(s.hops[path].rateFactor ?? 1, path).toBe(1);
    expect(s.acceleration.enabled).toBe(false);
  });

  it("has a box that holds the paper's 3.8 µm whisker above its nucleus and its LLZO, with the wall stop on", () => {
    const [, , height] = s.lattice.size_nm;
    const whiskerTop = s.llzo.thickness_nm + 2 * s.li.initialRadius_nm + PAPER_GROWTH_NM;
    expect(height).toBeGreaterThan(whiskerTop + 100); // ≥ 100 nm to spare: the top layers are root growth's lid
    expect(s.run.stopAtWall).toBe(true);
    expect(s.run.maxEvents).toBeGreaterThan(1e10); // the window is the time, not an event budget
  });

  it("starts as the paper-wide nucleus on the LLZO and deposits in a tiny window, with no wall contact and no crack", () => {
    const sim = new Simulation(loadScenario(FILE, ["run.maxEvents=3000", "run.samples=2", "run.snapshots=1"]), 1);
    const mo0 = morphology(sim.model, sim.built.surfaceLayer, sim.built.a);
    while (!sim.step(1000));
    expect(sim.stopReason).toBe("maxEvents");
    expect(sim.model.crack).toBeFalsy();
    const mo = morphology(sim.model, sim.built.surfaceLayer, sim.built.a);
    expect(mo.footprint).toBeGreaterThan(0); // still on the LLZO
    // the nucleus is the paper's width (d = 2R), not fig4g's 16 nm
    expect(mo0.lateralExtent * 1e9).toBeGreaterThan(1.8 * s.li.initialRadius_nm);
    expect(sim.model.counters.filled + sim.model.counters.inserted).toBeGreaterThan(0);
  });
});

describe("long (paper-size) entries in lidep reproduce", () => {
  const ref = loadReference();
  const longOnes = ref.entries.filter((e) => e.long);
  it("fig4g-full's rows are long: full mode leaves them out unless --long; --quick runs them at its cap", () => {
    expect(longOnes.map((e) => e.scenario)).toContain("fig4g-full");
    const names = (quick: boolean, long: boolean) => new Set(experiments(ref, [1], quick, {}, 1000, long).map((x) => x.name));
    expect(names(false, false).has("fig4g-full")).toBe(false);
    expect(names(false, true).has("fig4g-full")).toBe(true);
    expect(names(true, false).has("fig4g-full")).toBe(true);
    // the others are untouched by --long
    expect(names(false, false).has("fig4g-cnt-free-3V")).toBe(true);
  });

  it("a long row without its runs is not-run, counted apart, its cost in the note; with runs it is judged", () => {
    const e = ref.entries.find((x) => x.id === "fig4g.full.noCrack")!;
    const doc = JSON.parse(JSON.stringify(ref));
    doc.entries = doc.entries.filter((x: Entry) => x.id === e.id);
    const one = parseReference(doc);
    const [r] = buildRows(one, new Map(), [1, 2, 3]);
    expect(r.status).toBe("not-run");
    expect(r.note).toContain("--long");
    expect(r.note).toContain(e.long!);
    const c = countRows([r]);
    expect([c.notRun, c.short, c.simulated.match, c.simulated.miss]).toEqual([1, 0, 0, 0]);
    expect(countsLine(c)).toMatch(/not run: 1/);
    const run = { summary: { crack: { initiated: false }, stopReason: "maxTime" }, ts: {}, dir: "" } as unknown as RunData;
    const runs: Runs = new Map([["fig4g-full", new Map([1, 2, 3].map((s) => [s, run]))]]);
    expect(buildRows(one, runs, [1, 2, 3])[0].status).toBe("match");
  });

  it("the schema refuses a long entry without a scenario", () => {
    const doc = JSON.parse(JSON.stringify(ref));
    const f = doc.entries.find((x: Entry) => x.kind === "formula");
    f.long = "too long";
    expect(() => parseReference(doc)).toThrow(/long entry needs a scenario/);
  });
});

describe("the shape over time: width gain over height gain", () => {
  const run = (h: number[], w: number[]): RunData => ({ summary: {} as Summary, ts: { time_s: Float64Array.from(h.map((_, i) => i)), height_nm: Float64Array.from(h), lateralExtent_nm: Float64Array.from(w) }, dir: "" });
  const f = (r: RunData) => OBSERVABLES.widthGainOverHeightGain({ run: r, reference: null, slowed: {} });
  it("is Δw/Δh from the first sample to the last, null without a height gain", () => {
    expect(f(run([150, 1000, 3950], [150, 160, 188]))).toBeCloseTo(38 / 3800, 12);
    expect(f(run([150, 140], [150, 300]))).toBeNull();
    expect(f(run([150, 450], [150, 120]))).toBeCloseTo(-0.1, 12);
  });
});

describe("paper-size scenarios in full mode (issue 19, item 5)", () => {
  const ref = loadReference();
  const swapped = ref.entries.filter((e) => e.paperSize);
  it("full mode runs an entry's paperSize scenario in place of its own; --quick keeps the slab", () => {
    expect(swapped.length).toBeGreaterThan(0);
    const full = atPaperSize(ref);
    const names = (r: typeof ref, quick: boolean) => new Set(experiments(r, [1], quick, {}, 1000, false).map((x) => x.name));
    for (const e of swapped) {
      expect(existsSync(join(SCENARIO_DIR, `${e.paperSize}.json`)), e.paperSize).toBe(true);
      expect(full.entries.find((x) => x.id === e.id)!.scenario).toBe(e.paperSize);
      expect(names(full, false).has(e.paperSize!), e.id).toBe(true);
      expect(names(ref, true).has(e.paperSize!), e.id).toBe(ref.entries.some((x) => x.scenario === e.paperSize));
    }
    // entries without one are untouched
    for (const e of ref.entries.filter((x) => !x.paperSize)) expect(full.entries.find((x) => x.id === e.id)!.scenario).toBe(e.scenario);
    // a slab formula (2γ/w) is never moved to a round contact
    expect(swapped.map((e) => e.observable)).not.toContain("growthStressOverEq3");
  });
});
