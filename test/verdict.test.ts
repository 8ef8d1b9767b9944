/**
 * The scoreboard's verdict machinery, tested by mutation: values are moved out of a band, across
 * a direction, spread across a band's edge, and kinds are switched — and the verdicts must follow.
 */
import { describe, expect, it } from "vitest";
import { judge, medianInterval, inBand, TREND_FACTOR } from "../src/reproduce/verdict.ts";
import { loadReference, parseReference, type Entry } from "../src/reproduce/reference.ts";
import { buildRows, countRows, type Runs } from "../src/reproduce/rows.ts";
import type { RunData } from "../src/reproduce/observables.ts";
import type { Summary } from "../src/run/summary.ts";
import { OBSERVABLES } from "../src/reproduce/observables.ts";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { SCENARIO_DIR } from "../src/reproduce/experiments.ts";

const ref = loadReference();
const entry = (id: string): Entry => {
  const e = ref.entries.find((x) => x.id === id);
  if (!e) throw new Error(`no entry ${id}`);
  return e;
};

describe("median and its confidence interval", () => {
  it("uses order statistics: 5 seeds → [min, max] at 93.75 %, 12 seeds → [x(3), x(10)] at ≥ 90 %", () => {
    const five = medianInterval([5, 1, 4, 2, 3]);
    expect(five).toMatchObject({ median: 3, lo: 1, hi: 5 });
    expect(five.coverage).toBeCloseTo(1 - 2 / 32, 12);
    const twelve = medianInterval(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(twelve.median).toBe(6.5);
    expect([twelve.lo, twelve.hi]).toEqual([3, 10]);
    expect(twelve.coverage).toBeGreaterThanOrEqual(0.9);
    expect(medianInterval([2, 4]).coverage).toBe(0.5);
  });
});

describe("numeric rows", () => {
  const e = entry("fig2.verticalOverLateral"); // band 2–4.5, vertical faster than lateral required
  it("inside the band on every seed: match", () => {
    expect(judge(e, [2.5, 3, 3.1, 2.9, 4]).verdict).toBe("match");
  });
  it("median inside but one seed outside: the interval leaves the band, so trend — noise never widens a band", () => {
    const j = judge(e, [2.5, 3, 3.1, 2.9, 6]);
    expect(j.verdict).toBe("trend");
    expect(j.disagree).toBe(4); // the four in-band seeds are each a match; the row, a trend
  });
  it("right direction, outside the band but within 10×: trend; beyond 10×: miss", () => {
    expect(judge(e, [1.5, 1.6, 1.4, 1.5, 1.7]).verdict).toBe("trend");
    expect(judge(e, [50, 60, 55, 52, 51]).verdict).toBe("miss");
  });
  it("the wrong direction is a miss even within 10× of the band (Fig. 2: 0.69 against ≈3)", () => {
    expect(judge(e, [0.69, 0.7, 0.65, 0.72, 0.68]).verdict).toBe("miss");
  });
  it("a one-sided band: ≥ 1 GPa, 0.2 GPa is a trend, 0.05 GPa a miss", () => {
    const p = entry("fig3.peakPressure");
    expect(judge(p, [1.2, 1.5, 2, 1.1, 3]).verdict).toBe("match");
    expect(judge(p, [0.2, 0.25, 0.2, 0.3, 0.2]).verdict).toBe("trend");
    expect(judge(p, [0.05, 0.06, 0.05, 0.07, 0.08]).verdict).toBe("miss");
  });
  it(`trend reaches exactly ${TREND_FACTOR}× below a band's edge`, () => {
    const p = entry("fig3.peakPressure");
    expect(judge(p, [0.1, 0.1]).verdict).toBe("trend");
    expect(judge(p, [0.099, 0.099]).verdict).toBe("miss");
  });
  it("an exclusive direction-only band: 1.0 is not > 1", () => {
    const g = entry("fig1.contactGrowth");
    expect(inBand(g.band!, 1)).toBe(false);
    expect(judge(g, [1, 1, 1]).verdict).toBe("miss");
    expect(judge(g, [1.2, 1.3, 1.1]).verdict).toBe("match");
  });
  it("a seed without a value makes the row a miss and says so", () => {
    const j = judge(e, [3, 3, null, 3, 3]);
    expect(j.verdict).toBe("miss");
    expect(j.reason).toMatch(/no value in 1 of 5/);
  });
});

describe("yes/no and categorical rows", () => {
  it("the median seed decides; disagreement is counted", () => {
    const c = entry("fig3.cracks");
    expect(judge(c, [true, true, false, true, false]).verdict).toBe("match");
    const j = judge(c, [true, false, false, true, false]);
    expect(j.verdict).toBe("miss");
    expect(j.disagree).toBe(2);
    expect(judge(c, [true, false]).verdict).toBe("miss"); // even: the worse of the two middle verdicts
  });
  it("a category must be the paper's, never one of two", () => {
    const p = entry("fig2d.slowedPath");
    expect(judge(p, ["surface", "surface", "surface"]).verdict).toBe("match");
    expect(judge(p, ["interface", "interface", "surface"]).verdict).toBe("miss");
  });
});

describe("kinds", () => {
  it("a calibrated row is never counted, whatever its value; a simulated row switched to calibrated leaves the count", () => {
    const doc = JSON.parse(JSON.stringify(ref));
    const base = countRows(buildRows(parseReference(doc), new Map(), []));
    const i = doc.entries.findIndex((e: Entry) => e.id === "fig3.peakPressure");
    doc.entries[i] = { ...doc.entries[i], kind: "calibrated", calibratedBy: ["electrical.seriesResistance_Ohm_cm2"] };
    const after = countRows(buildRows(parseReference(doc), new Map(), []));
    expect(after.calibrated).toBe(base.calibrated + 1);
    expect(after.simulated.miss + after.simulated.trend + after.simulated.match).toBe(base.simulated.miss + base.simulated.trend + base.simulated.match - 1);
  });
  it("the reference is self-consistent: every scored entry names an observable lidep computes and a scenario that exists", () => {
    for (const e of ref.entries) {
      if (e.observable) expect(OBSERVABLES[e.observable], `${e.id}: observable ${e.observable}`).toBeTypeOf("function");
      for (const s of [e.scenario, e.scenarioReference]) if (s) expect(existsSync(join(SCENARIO_DIR, `${s}.json`)), `${e.id}: scenario ${s}`).toBe(true);
    }
  });
  it("the schema refuses a simulated entry without a band, and a calibrated one that names no input", () => {
    const doc = JSON.parse(JSON.stringify(ref));
    doc.entries[10] = { ...doc.entries[10], kind: "simulated", band: null };
    expect(() => parseReference(doc)).toThrow(/needs a band/);
    const doc2 = JSON.parse(JSON.stringify(ref));
    const k = doc2.entries.findIndex((e: Entry) => e.kind === "calibrated");
    delete doc2.entries[k].calibratedBy;
    expect(() => parseReference(doc2)).toThrow(/calibratedBy/);
  });
  it("the paper's formulas agree with lidep's analytic module", () => {
    const rows = buildRows(ref, new Map(), []).filter((r) => r.kind === "formula");
    expect(rows.length).toBe(6);
    for (const r of rows) expect(r.status, r.entry.id).toBe("formula-agrees");
  });
});

describe("a window the quick cap cut (issue 16's follow-up: too short to judge)", () => {
  // fig4g.noCrack reads summary.crack.initiated of the fig4g run: a run cut at 1 ms of its 4 ms has
  // "no crack" because it stopped, not because the LLZO held
  const e = entry("fig4g.noCrack");
  const doc = JSON.parse(JSON.stringify(ref));
  doc.entries = doc.entries.filter((x: Entry) => x.id === e.id);
  const one = parseReference(doc);
  const run = (cut: boolean): RunData => ({
    summary: { crack: { initiated: false }, stopReason: cut ? "maxEvents" : "maxTime", simulatedTime_s: cut ? 1e-3 : 4e-3, scenario: { run: { maxTime_s: 4e-3 } } } as unknown as Summary,
    ts: {},
    dir: "",
    cutByQuickCap: cut,
  });
  const runs = (cutSeeds: number[]): Runs => new Map([[e.scenario!, new Map([1, 2, 3].map((s) => [s, run(cutSeeds.includes(s))]))]]);
  it("more than half the seeds cut: short, not scored, the provisional verdict in the note", () => {
    const [r] = buildRows(one, runs([1, 2]), [1, 2, 3]);
    expect(r.status).toBe("short");
    expect(r.note).toMatch(/window too short.*2 of 3 seeds.*0\.001 s.*0\.004 s.*provisional verdict match/);
    const c = countRows([r]);
    expect([c.short, c.simulated.match, c.simulated.trend, c.simulated.miss]).toEqual([1, 0, 0, 0]);
  });
  it("at most half cut: judged as usual", () => {
    expect(buildRows(one, runs([2]), [1, 2, 3])[0].status).toBe("match");
    expect(buildRows(one, runs([]), [1, 2, 3])[0].status).toBe("match");
  });
});

describe("fig1.ceiling's steady pressure", () => {
  it("is the time average over the window's second half, each sample holding until the next", async () => {
    const { secondHalfMean } = await import("../src/reproduce/observables.ts");
    // a spike early (before t_end/2) does not count; from t = 5 to 10: 1 GPa for 3 s, 2 GPa for 2 s
    const t = Float64Array.from([0, 1, 2, 5, 8, 10]);
    const p = Float64Array.from([9e9, 9e9, 1e9, 1e9, 2e9, 7e9]);
    expect(secondHalfMean(t, p)).toBeCloseTo((1e9 * 3 + 2e9 * 2) / 5, 3);
    // the half starts inside a sample's interval: t_end/2 = 4 falls in [2, 5)
    const t2 = Float64Array.from([0, 2, 5, 8]);
    const p2 = Float64Array.from([5, 1, 3, 100]);
    expect(secondHalfMean(t2, p2)).toBeCloseTo((1 * 1 + 3 * 3) / 4, 12);
    expect(secondHalfMean(Float64Array.from([0]), Float64Array.from([1]))).toBeNull();
  });
});

describe("a row read from a scenario that slows a path by hand", () => {
  it("says which path and by how much; a scenario without a factor says nothing", async () => {
    const { standInFactors } = await import("../src/reproduce/rows.ts");
    const note = standInFactors({ scenario: { hops: { surface: { rateFactor: 0.001 }, bulk: { rateFactor: 1 }, interface: {} } } });
    expect(note).toContain("surface hops slowed 1000×");
    expect(note).toContain("stand-in for speed");
    expect(note).not.toContain("bulk");
    expect(note).not.toContain("interface");
    expect(standInFactors({ scenario: { hops: { surface: { rateFactor: 1 } } } })).toBeNull();
    expect(standInFactors({ scenario: {} })).toBeNull();
  });
});
