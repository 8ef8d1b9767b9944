/**
 * No vapour (hops.ts): a hop may not leave an atom without a bond — neither the mover (a target
 * with no bond of its own) nor a Li neighbour of the mover bonded to it alone. An atom k hanging
 * from s (k's one bond is s) lets s hop only to sites that are neighbours of k; every other hop
 * of s has rate exactly 0 (the kernel never picks it), in each of the kernel's three forms.
 */
import { describe, expect, it } from "vitest";
import { makeModel } from "./helpers/models.ts";
import { checkInvariants } from "./helpers/invariants.ts";
import { EMPTY, LI, LLZO } from "../src/model/species.ts";
import type { LidepModel } from "../src/model/lidep/catalogue.ts";
import { join } from "node:path";
import { loadScenario } from "../src/scenario/load.ts";
import { Simulation } from "../src/run/simulate.ts";

// LLZO far below; Li: a2 – a (a second-neighbour pair, so a has two bonds), s on a, k on s alone
const A2 = [2, 2, 2], A = [2, 2, 4], S = [2, 2, 5], K = [3, 3, 6];
const at = (p: number[], L: number, x: number, y: number) => p[2] === L && p[0] === x && p[1] === y;

function hanging(tweak: (m: LidepModel) => void, schwoebel: boolean) {
  const m = makeModel({ nx: 6, ny: 6, nz: 5 }, (L, x, y) => (L === 0 ? LLZO : [A2, A, S, K].some((p) => at(p, L, x, y)) ? LI : EMPTY), (p) => {
    p.temperature = 1000; // mild Boltzmann factors: every allowed hop has a visible share
    if (!schwoebel) p.schwoebelBarrier = 0;
  });
  tweak(m);
  const lat = m.lat;
  const s = lat.index(S[0], S[1], S[2]);
  const k = lat.index(K[0], K[1], K[2]);
  const nb = new Int32Array(14);
  lat.neighbours(k, nb);
  const nearK = new Set(nb);
  lat.neighbours(s, nb);
  const q = m.st.bonds.q;
  // the empty neighbours of s with a bond of their own besides s: the hops the old rule allowed
  const bonded: number[] = [];
  for (let c = 0; c < 14; c++) if (m.spec[nb[c]] === EMPTY && m.st.bq[nb[c]] - q[LI * 2 + (c >= 8 ? 1 : 0)] > 0) bonded.push(nb[c]);
  // the share of each target in s's hops, from `choose` over a fine grid of u
  const share = new Map<number, number>();
  const M = 200_000;
  for (let i = 0; i < M; i++) {
    const t = m.hops.choose(s, (i + 0.5) / M);
    share.set(t, (share.get(t) ?? 0) + 1 / M);
  }
  return { m, s, k, nearK, bonded, share };
}

describe("no vapour: a hop does not leave a Li neighbour without a bond", () => {
  for (const [name, tweak, es] of [
    ["unrolled kernel", () => {}, false],
    ["with the step-edge term", () => {}, true],
    ["classed (acceleration)", (m: LidepModel) => m.accel.enable(), false],
  ] as const)
    it(`${name}: s, the one bond of k, hops only next to k`, () => {
      const { m, s, k, nearK, bonded, share } = hanging(tweak, es);
      expect(m.hops.rates.schwoebelFactor !== 1).toBe(es); // the kernel's form under test
      expect(m.st.bq[k]).toBe(m.st.bonds.q[LI * 2]); // k's one bond is s
      const blocked = bonded.filter((t) => !nearK.has(t));
      const allowed = bonded.filter((t) => nearK.has(t));
      // both kinds exist: hops the old rule allowed that would strand k, and hops that keep k bonded
      expect(blocked.length).toBeGreaterThanOrEqual(3);
      expect(allowed.length).toBeGreaterThanOrEqual(3);
      expect(m.hops.tree.leaves[s]).toBeGreaterThan(0);
      for (const t of blocked) expect(share.get(t) ?? 0, `target ${t} leaves k bondless`).toBe(0);
      for (const t of allowed) expect(share.get(t) ?? 0, `target ${t} next to k`).toBeGreaterThan(0);
      expect([...share.keys()].every((t) => nearK.has(t))).toBe(true);
      expect(checkInvariants(m, 4)).toEqual([]);
      // the total (rate) and the pick are one kernel: the classed form, term by term the same
      // products at factor 1, gives the same total
      const r0 = m.hops.rate(s);
      if (!m.hops.classed) m.accel.enable();
      expect(m.hops.rate(s)).toBe(r0);
    });

  it("k's second bond frees s: its hops away from k come back, and the rates are refreshed", () => {
    const { m, s, nearK, share } = hanging(() => {}, false);
    expect([...share.keys()].every((t) => nearK.has(t))).toBe(true);
    const before = m.hops.tree.leaves[s];
    const lat = m.lat;
    // an atom j next to k (k gains a bond), not a neighbour of s, placed as an event does (the
    // steps that follow every event refresh the rates)
    const j = lat.index(3, 3, 7);
    const nb = new Int32Array(14);
    lat.neighbours(s, nb);
    expect([...nb].includes(j)).toBe(false);
    m.st.beginEvent(0);
    m.st.setSpecies(j, LI, m.st.body[lat.index(K[0], K[1], K[2])]);
    for (const step of m.afterEvent) step.run();
    // every rate as a recomputation from scratch gives it (atoms not counted: j came from no event)
    expect(checkInvariants(m)).toEqual([]);
    expect(m.hops.tree.leaves[s]).toBeGreaterThan(before);
    // and s now hops away from k too: to a target that is no neighbour of k
    let away = 0;
    for (let i = 0; i < 20_000; i++) if (!nearK.has(m.hops.choose(s, (i + 0.5) / 20_000))) away++;
    expect(away).toBeGreaterThan(0);
  });
});

describe("no vapour on the default scenario", () => {
  it("no hop leaves a Li atom without a bond (default.json, seed 1, 60,000 events; 2-cell periodic y)", () => {
    const sim = new Simulation(loadScenario(join(import.meta.dirname, "../scenarios/default.json"), ["run.maxEvents=60000"]), 1);
    const m = sim.model;
    const st = m.st;
    const nb = new Int32Array(14);
    let stranded = 0;
    let hops = 0;
    const g = m.groups[0];
    const perform = g.perform;
    // after each hop, the changed sites (source and target) and their neighbours: none bondless
    (g as { perform: typeof perform }).perform = (leaf, u) => {
      perform(leaf, u);
      hops++;
      for (let i = 0; i < st.nchangedSites; i++) {
        const x = st.changedSite(i);
        m.lat.neighbours(x, nb);
        for (const y of [x, ...nb]) if (y < st.N && st.spec[y] === LI && st.bq[y] <= 0) stranded++;
      }
    };
    while (!sim.step()) {
      /* to 60,000 events */
    }
    expect(hops).toBeGreaterThan(50_000);
    expect(stranded).toBe(0);
    expect(checkInvariants(m)).toEqual([]);
  });
});
