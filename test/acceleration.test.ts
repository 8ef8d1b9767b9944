/**
 * Acceleration of fast quasi-equilibrated hops (issue 17; model/lidep/acceleration.ts): a pair of
 * classes shares one factor (detailed balance), relief-carrying paths and self-reverse classes are
 * never scaled, the kernel's rates follow the factors, and the run logs what was scaled.
 */
import { describe, expect, it } from "vitest";
import { slabSpec } from "../src/converge/mullins.ts";
import { buildProfile } from "../src/calibration/profile.ts";
import { defaultParams } from "../src/model/params.ts";
import { HOP_CLASSES, NEIGHBOUR_BINS, reverseClass } from "../src/model/lidep/hop-classes.ts";
import { Solver } from "../src/kmc/solver.ts";
import { Rng } from "../src/kmc/rng.ts";
import { LI } from "../src/model/species.ts";
import { Simulation } from "../src/run/simulate.ts";
import { applyOverrides, resolveScenario } from "../src/scenario/load.ts";
import { TIMESERIES_FIELDS } from "../src/run/columns.ts";
import { decodeCheckpoint, encodeCheckpoint } from "../src/io/checkpoint.ts";

/** The Li cap under a rigid arc at 50 mA/cm², n = 2 by the rule alone (the default before issue 14; its calibrated factors leave the cap almost no surface hops), with overrides. */
const cap = (sets: string[]) =>
  resolveScenario(applyOverrides({ lattice: { coarseGrain: 2, size_nm: [24, 2.8, 10], calibratedTransport: false }, li: { initialRadius_nm: 1.5 }, collector: { kind: "rigid", shape: "arc", radius_nm: 6 }, electrical: { currentDensity_A_per_cm2: 0.05 } }, sets));

/** A relaxing sinusoidal slab (no deposition: every slow event is absent) with the controller on. */
function relaxingSlab(windowEvents = 2000, on = true) {
  const p = defaultParams();
  p.coarseGrain = 2;
  const slab = buildProfile(slabSpec(p, []));
  const m = slab.model;
  // the controller, switched on after construction (the slab is built with it off)
  Object.assign(m.accel.p, { paths: [1], windowEvents, balanceTolerance: 0.1, minExecutions: 100, separation: 10, minFactor: 1e-3 });
  if (on) m.accel.enable();
  return m;
}

describe("acceleration of quasi-equilibrated hop pairs", () => {
  const m = relaxingSlab();
  const solver = new Solver(m, new Rng("accel"));
  solver.run(Infinity, 60_000);
  const f = m.accel.factor;

  it("scales balanced pairs of a relaxing surface, each pair by one factor (detailed balance)", () => {
    expect(m.accel.windows).toBe(30);
    expect(m.accel.scaledPairsNow()).toBeGreaterThan(0);
    for (let c = 0; c < HOP_CLASSES; c++) expect(f[reverseClass(c)]).toBe(f[c]);
  });

  it("never scales interface or collector hops (relief), nor a self-reverse class (terrace diffusion)", () => {
    for (let c = 0; c < HOP_CLASSES; c++) {
      const path = Math.floor(c / (NEIGHBOUR_BINS * NEIGHBOUR_BINS));
      if (path !== 1 || reverseClass(c) === c) expect(f[c]).toBe(1);
    }
  });

  it("keeps every site's hop rate equal to the kernel's rate with the factors, and a scaled pair's ratio of rates unchanged", () => {
    for (let s = 0; s < m.N; s++) if (m.spec[s] === LI) expect(m.hops.tree.leaves[s]).toBe(m.hops.rate(s));
    for (let c = 0; c < HOP_CLASSES; c++) expect(m.hops.classRate[c] / m.hops.rates.k[Math.floor(c / (NEIGHBOUR_BINS * NEIGHBOUR_BINS))]).toBe(f[c]);
  });

  it("reports each scaled pair with the forward/backward counts that justified it", () => {
    const rep = m.accel.report();
    expect(rep.length).toBeGreaterThan(0);
    for (const r of rep) {
      expect(r.path).toBe("surface");
      expect(r.from).not.toBe(r.to);
      expect(r.minFactor).toBeLessThan(1);
      if (r.forward + r.backward >= 1000) expect(r.imbalance).toBeLessThan(0.1 + 3 / Math.sqrt(r.forward + r.backward));
    }
  });

  it("is off by default and leaves the trajectory of a run unchanged when off", () => {
    expect(defaultParams().acceleration.enabled).toBe(false);
    const a = relaxingSlab(2000, false);
    expect(a.hops.classed).toBe(false);
    new Solver(a, new Rng("off")).run(Infinity, 20_000);
    expect(a.accel.windows).toBe(0);
    for (let c = 0; c < HOP_CLASSES; c++) expect(a.accel.factor[c]).toBe(1);
  });
});

describe("acceleration in a run's outputs", () => {
  it("logs scaled pairs, factors and balance as time-series columns with units, and in the summary", () => {
    const s = cap(["acceleration.enabled=true", "acceleration.windowEvents=5000", "acceleration.minExecutions=100", "acceleration.separation=2", "run.maxEvents=40000", "run.maxTime_s=1000", "run.stopAtWall=false", "run.samples=20", "run.snapshots=1"]);
    // seeds chosen so that a pair is scaled within the window (a precondition of what is tested: on
    // issue 18's thinning stream seed 1 scales none here, seeds 2 and 3 one pair)
    const sim = new Simulation(s, 2);
    while (!sim.step()) {
      /* run */
    }
    const r = sim.result();
    for (const c of ["accelScaledPairs", "accelMinFactor", "accelMaxImbalance", "accelScaledHops"]) {
      expect(TIMESERIES_FIELDS[c].unit).toBe("1");
      expect(r.timeseries[c]).toHaveLength(r.timeseries.time_s.length);
    }
    const acc = r.summary.acceleration;
    expect(acc.enabled).toBe(true);
    expect(acc.windows).toBe(8);
    expect(acc.pairs.length).toBeGreaterThan(0);
    const minF = Math.min(...Array.from(r.timeseries.accelMinFactor as Float64Array));
    expect(minF).toBeLessThan(1);
    expect(minF).toBeGreaterThanOrEqual(Math.min(...acc.pairs.map((p) => p.minFactor)));
  });
});

describe("acceleration and checkpoints", () => {
  it("a run restored from a checkpoint mid-run continues the accelerated trajectory exactly", () => {
    const s = cap(["acceleration.enabled=true", "acceleration.windowEvents=2000", "acceleration.minExecutions=100", "acceleration.separation=2", "run.maxEvents=30000", "run.maxTime_s=1000", "run.stopAtWall=false", "run.samples=10", "run.snapshots=1"]);
    const whole = new Simulation(s, 1);
    while (!whole.step(5000)) {
      /* run */
    }
    const first = new Simulation(s, 1); // seed 1 rescales within 15,000 events on the thinning stream (2–5 do not)
    while (first.solver.events < 15_000) first.step(5000);
    expect(first.model.accel.rescales).toBeGreaterThan(0);
    const restored = new Simulation(s, 1, decodeCheckpoint(encodeCheckpoint(first.save()))!);
    while (!restored.step(5000)) {
      /* run */
    }
    const a = whole.result(), b = restored.result();
    expect(b.summary.acceleration).toEqual(a.summary.acceleration);
    expect(Array.from(b.timeseries.events as Float64Array)).toEqual(Array.from(a.timeseries.events as Float64Array));
    expect(Array.from(b.timeseries.time_s as Float64Array)).toEqual(Array.from(a.timeseries.time_s as Float64Array));
    expect(Array.from(b.timeseries.accelMinFactor as Float64Array)).toEqual(Array.from(a.timeseries.accelMinFactor as Float64Array));
  });
});

describe("the classed hop kernel (acceleration on)", () => {
  /**
   * Every class on every path scaled by ½ (a power of two: each product and each sum halves
   * exactly), so each site's rate must be exactly half the unscaled kernel's, and every pick the
   * same target (u·total and every term halve together).
   */
  it("applies the class factors in the site's total and in the pick alike", () => {
    const p = defaultParams();
    p.coarseGrain = 2;
    const slab = buildProfile(slabSpec(p, []));
    const m = slab.model;
    new Solver(m, new Rng("classed")).run(Infinity, 5000); // a rough surface: many classes in use
    const sites: number[] = [];
    for (let s = 0; s < m.N; s++) if (m.spec[s] === LI && m.hops.tree.leaves[s] > 0) sites.push(s);
    const us = [0.01, 0.13, 0.37, 0.5, 0.71, 0.93, 0.999];
    const plain = sites.map((s) => m.hops.rate(s));
    const picks = sites.map((s) => us.map((u) => m.hops.choose(s, u)));
    expect(m.hops.classed).toBe(false);
    const all = Array.from({ length: HOP_CLASSES }, (_, index) => ({ index, factor: 0.5 }));
    m.accel.freeze(all);
    expect(m.hops.classed).toBe(true);
    expect(sites.length).toBeGreaterThan(50);
    let distinct = 0;
    sites.forEach((s, i) => {
      expect(m.hops.tree.leaves[s]).toBe(plain[i] / 2);
      const now = us.map((u) => m.hops.choose(s, u));
      expect(now).toEqual(picks[i]);
      if (new Set(now).size > 1) distinct++;
    });
    expect(distinct).toBeGreaterThan(10); // the picks do depend on u
  });
});

describe("hop classes pair a hop with its return", () => {
  /**
   * The premise of scaling a class and its reverse by one factor: the hop s → t and, right after
   * it, the return t → s are of classes c and reverseClass(c) — the counts of each end taken
   * without the mover, before and after alike.
   */
  it("classes every return of a relaxing surface's hops as the reverse class", () => {
    const m = relaxingSlab(1e9); // classed, factors 1 (the window never ends)
    let checked = 0;
    const perform = m.perform.bind(m);
    m.perform = (g: number, leaf: number, u: number, time: number): number => {
      if (g !== 0) return perform(g, leaf, u, time);
      const t = m.hops.choose(leaf, u);
      const c = m.hops.chosenClass;
      const code = perform(g, leaf, u, time);
      for (let k = 0; t >= 0 && k < 200; k++)
        if (m.hops.choose(t, (k + 0.5) / 200) === leaf) {
          expect(m.hops.chosenClass).toBe(reverseClass(c));
          checked++;
          break;
        }
      return code;
    };
    new Solver(m, new Rng("reverse")).run(Infinity, 3000);
    expect(checked).toBeGreaterThan(1000);
  });
});
