/**
 * Thinning of the pressure-dependent slot weights (issue 18; pressure.ts, redox.ts, relief.ts):
 * the slot trees hold bounds of the redox and relief weights over each body's pressure window, a
 * selected slot happens with its exact weight over its bound, and a rejection is a null event that
 * advances the clock and changes nothing (kmc/solver.ts).
 *  - The solver: with a leaf that bounds its event's rate by 4× and a catalogue that accepts a
 *    quarter of the selections, the real events form a Poisson process of the exact rate (mean
 *    waiting time 1/rate), and only they are counted.
 *  - The model: an insertion that leaves the body's p·Ω/kT inside its window rewrites no slot's
 *    leaf although the exact weights moved; one that leaves it re-centres the window and rewrites
 *    them; every leaf stays at or above its exact weight, the electrode reads the exact sums, and
 *    a selection is accepted with probability exact/bound.
 */
import { describe, expect, it } from "vitest";
import { NULL_EVENT, Solver, STOP_NONE, type EventCatalogue } from "../src/kmc/solver.ts";
import { SumTree } from "../src/kmc/sumtree.ts";
import { Rng } from "../src/kmc/rng.ts";
import { makeModel } from "./helpers/models.ts";
import { checkInvariants } from "./helpers/invariants.ts";
import { CC, EMPTY, LI, LLZO } from "../src/model/species.ts";
import { G_INSERT } from "../src/model/lidep/catalogue.ts";
import { pressureKT, WINDOW_PI } from "../src/model/lidep/pressure.ts";

describe("thinning in the solver", () => {
  it("a leaf bounding its rate 4× with acceptance ¼: real events at the exact rate, nulls not counted, time exact", () => {
    const tree = new SumTree(1);
    tree.set(0, 4);
    tree.flush();
    let performed = 0;
    const cat: EventCatalogue = {
      trees: [tree],
      multipliers: new Float64Array([1]),
      perform: (_g, _leaf, u) => {
        if (u >= 0.25) return NULL_EVENT;
        performed++;
        return STOP_NONE;
      },
    };
    const solver = new Solver(cat, new Rng(7));
    const n = 40_000;
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      solver.run(Infinity, 1);
      times.push(solver.time);
    }
    expect(solver.events).toBe(n);
    expect(performed).toBe(n);
    // nulls: geometric, 3 per real event on average (σ of the total ≈ √(n·12) ≈ 700)
    expect(Math.abs(solver.nullEvents - 3 * n)).toBeLessThan(5 * Math.sqrt(12 * n));
    // waiting times of the real events: exponential of rate 4 × ¼ = 1 (mean 1, sd 1)
    const mean = solver.time / n;
    expect(Math.abs(mean - 1)).toBeLessThan(4 / Math.sqrt(n));
    let v = 0;
    for (let i = 1; i < n; i++) v += (times[i] - times[i - 1] - mean) ** 2;
    expect(Math.abs(Math.sqrt(v / (n - 1)) - 1)).toBeLessThan(0.05);
  });
});

describe("thinning of the slots' redox and relief weights", () => {
  it.each([true, false])("insertions inside the pressure window rewrite no slot; leaving it re-centres the window; leaves bound the exact weights; the electrode's sums are exact (creep %s)", (creep) => {
    // a Li film (192 sites) under a rigid collector on LLZO, empty edge slots at x ≥ 12; with creep
    // off only p·Ω/kT itself opens a walk (on: its creep midpoints too)
    const m = makeModel({ nx: 16, ny: 4, nz: 8 }, (L, x) => (L <= 1 ? LLZO : L >= 6 ? CC : x < 12 ? LI : EMPTY), (p) => {
      p.mechanics.creep = creep;
    });
    const st = m.st;
    const B = st.bodies;
    const initial = m.liSites();
    const trees = [m.redox.red, m.redox.ox, m.relief.tree];
    const snapshot = () => trees.map((t) => Array.from(t.leaves.subarray(0, st.nslots)));
    let t = 0;
    let inside = 0, walked = 0;
    for (let k = 0; k < 80; k++) {
      const before = snapshot();
      const centre = B.refreshedPi[0];
      const oxBefore = exactSum(m, false);
      m.perform(G_INSERT, 0, 0.5, (t += 1e-9));
      const pi = pressureKT(st, 0);
      if (B.refreshedPi[0] === centre) {
        // inside the window: not one leaf rewritten, although the exact oxidation weights rose
        expect(Math.abs(pi - centre)).toBeLessThanOrEqual(WINDOW_PI);
        expect(snapshot()).toEqual(before);
        if (pi > centre + 1e-3 && oxBefore > 0) expect(exactSum(m, false)).toBeGreaterThan(oxBefore);
        inside++;
      } else {
        // walked: the window is centred on p·Ω/kT now and the leaves follow it
        expect(B.refreshedPi[0]).toBe(pi);
        expect(snapshot()).not.toEqual(before);
        walked++;
      }
      // the electrode's weights are the exact sums (its η is solved from them)
      expect(m.redox.redWeight.total() / exactSum(m, true)).toBeCloseTo(1, 12);
      expect(m.redox.oxWeight.total() / exactSum(m, false)).toBeCloseTo(1, 12);
      if (k % 10 === 0) expect(checkInvariants(m, initial)).toEqual([]);
    }
    expect(B.pressure[0]).toBeGreaterThan(1e8);
    // (n = 1, 192 sites: one atom moves p·Ω/kT by ≈ 0.1–0.3 here, so the window holds a few)
    expect(inside, "insertions inside the window").toBeGreaterThan(10);
    expect(walked, "walks when p·Ω/kT left it").toBeGreaterThan(1);
    expect(checkInvariants(m, initial)).toEqual([]);

    // a selection happens with probability exact weight / bound: over a grid of u, that fraction
    let tested = 0;
    for (let i = 0; i < st.nslots && tested < 4; i++) {
      const s = st.isite[i];
      const leaf = m.redox.ox.leaves[i];
      if (!(leaf > 0)) continue;
      const w = m.redox.weightNow(s, false);
      expect(w).toBeLessThanOrEqual(leaf);
      expect(w / leaf, "the window is ±0.5 in p·Ω/kT: ratio ≥ e^{−α}").toBeGreaterThanOrEqual(Math.exp(-st.p.alphaAnodic * 2 * WINDOW_PI) - 1e-12);
      let accepted = 0;
      const M = 2000;
      for (let j = 0; j < M; j++) if (m.redox.accept(i, (j + 0.5) / M, false) >= 0) accepted++;
      expect(Math.abs(accepted / M - w / leaf)).toBeLessThanOrEqual(1 / M);
      tested++;
    }
    expect(tested).toBe(4);
  });
});

/** Σ over the slots of the exact reduction (or oxidation) weights now. */
function exactSum(m: ReturnType<typeof makeModel>, reduction: boolean): number {
  const st = m.st;
  let w = 0;
  for (let i = 0; i < st.nslots; i++) w += m.redox.weightNow(st.isite[i], reduction);
  return w;
}
