/**
 * The sites of each body (members.ts) and the cost of a root-growth move (root-growth.ts, issue
 * 18 item 3). The member lists are kept by LiState where a site's body changes; through hops,
 * merges, splits and root-growth moves each list must be its body's component (the full-state
 * recheck compares them with a fresh walk), and a checkpoint must give them back in their order
 * (the order decides the order of a move's writes, so a resumed run's trajectory). A move finds
 * its body's sites in the list: it walks nothing, and reads neighbours only at the body's surface.
 */
import { describe, expect, it } from "vitest";
import { Solver } from "../src/kmc/solver.ts";
import { Rng } from "../src/kmc/rng.ts";
import { loadModelState, saveModelState } from "../src/model/lidep/checkpoint.ts";
import { CC, EMPTY, LI, LLZO, SUB_MASK } from "../src/model/species.ts";
import { QUANTA_PER_KT } from "../src/model/energy.ts";
import { LI_ATOMIC_VOLUME_M3 } from "../src/constants/physical.ts";
import { checkInvariants } from "./helpers/invariants.ts";
import { makeModel } from "./helpers/models.ts";
import type { LidepModel } from "../src/model/lidep/catalogue.ts";

function liveBodies(m: LidepModel): number {
  let n = 0;
  for (let b = 0; b < m.st.bodies.used; b++) if (m.st.bodies.isLive(b)) n++;
  return n;
}

/**
 * The growth work of body b's next step (root-growth.ts capillaryStress, no collector) from every
 * site of the body: the bonds of each site after the step less before (Li–Li halved), the refilled
 * bottoms' included, against μ per refilled site.
 */
function fullGrowthWork(m: LidepModel, b: number): number {
  const st = m.st;
  const N = st.N;
  const LS2 = 2 * st.lat.layerSize;
  const q = st.bonds.q;
  const inB = (x: number) => x >= 0 && x < N && st.spec[x] === LI && st.body[x] === b;
  const sites: number[] = [];
  for (let s = 0; s < N; s++) if (inB(s)) sites.push(s);
  const bottoms = new Set(sites.filter((s) => !inB(s - LS2) && (st.cnt[s] & SUB_MASK) !== 0));
  const occ = (x: number) => (x >= N ? st.spec[N] : inB(x - LS2) || bottoms.has(x) ? LI : inB(x) ? EMPTY : st.spec[x]);
  const nb = new Int32Array(14);
  const bound = (s: number, at: (x: number) => number) => {
    st.lat.neighbours(s, nb);
    let e = 0;
    for (let k = 0; k < 14; k++) {
      const sp = at(nb[k]);
      const second = k >= 8 ? 1 : 0;
      if (sp === LI) e += 0.5 * q[LI * 2 + second];
      else if (sp === LLZO || sp === CC) e += q[sp * 2 + second];
    }
    return e;
  };
  let before = 0;
  let after = 0;
  for (const s of sites) {
    before += bound(s, (x) => st.spec[x]);
    after += bound(s + LS2, occ);
  }
  for (const s of bottoms) after += bound(s, occ);
  const work = (before - after + bottoms.size * st.muq) / QUANTA_PER_KT;
  return (work * st.kTn) / (bottoms.size * st.m * LI_ATOMIC_VOLUME_M3);
}

describe("member lists", () => {
  it("through hops, merges, splits and root-growth moves each body's list is its component, the growth work from the surface is the full bond sum, and a checkpoint keeps the lists' order", () => {
    // a Li column on the LLZO among scattered atoms, free to rise (no collector): atoms hop onto
    // the column and off it (bodies merge and split off), and the column makes root-growth moves
    const model = makeModel(
      { nx: 10, ny: 10, nz: 20 },
      (L, x, y) => (L <= 1 ? LLZO : L < 14 && x >= 2 && x < 6 && y >= 2 && y < 6 ? LI : L < 14 && (x >= 7 || y >= 7) && (7 * x + 3 * y + 5 * L) % 11 === 0 ? LI : EMPTY),
      () => {},
      "free",
      1,
    );
    const solver = new Solver(model, new Rng(5));
    let live = liveBodies(model);
    let up = 0;
    let down = 0;
    let works = 0;
    const st = model.st;
    const B = st.bodies;
    const growth = model.growth as unknown as { tryGrow(b: number, probe: boolean): void };
    for (let e = 1; e <= 12_000; e++) {
      solver.run(Infinity, 1);
      if (e % 500 === 0) {
        // a root-growth move of the largest rooted body as an event of its own: two layers'
        // worth of excess handed to it (the atoms are not counted: no conservation check here)
        let b = -1;
        for (let c = 0; c < B.used; c++) if (B.isLive(c) && B.root[c] > 0 && !B.confined[c] && (b < 0 || B.size[c] > B.size[b])) b = c;
        if (b < 0) continue;
        st.beginEvent(st.time);
        B.setExcess(b, B.excess[b] + 2 * B.root[b] * st.m);
        st.markBody(b);
        // its growth work from the surface alone is the full bond sum over every site
        growth.tryGrow(b, true);
        if (!B.confined[b]) {
          expect(B.capillaryStress[b], `growth work of body ${b} at event ${e}`).toBe(fullGrowthWork(model, b));
          works++;
        }
        growth.tryGrow(b, false);
        for (const step of model.afterEvent) step.run();
      }
      const l = liveBodies(model);
      if (l > live) up++;
      if (l < live) down++;
      live = l;
      if (e % 3000 === 0) expect(checkInvariants(model), `after ${e} events`).toEqual([]);
    }
    // the cases under test happened: root-growth moves, bodies that appeared (splits, nuclei) and went (merges, vanishing)
    expect(model.counters.rootMoves).toBeGreaterThan(0);
    expect(works).toBeGreaterThan(10);
    expect(up).toBeGreaterThan(3);
    expect(down).toBeGreaterThan(10);
    const copy = makeModel({ nx: 10, ny: 10, nz: 20 }, (L) => (L <= 1 ? LLZO : EMPTY), () => {}, "free", 1);
    loadModelState(copy, saveModelState(model));
    for (let b = 0; b < B.used; b++) {
      if (!B.isLive(b)) continue;
      const n = model.st.members.count(b);
      expect(copy.st.members.count(b)).toBe(n);
      expect(Array.from(copy.st.members.list(b).subarray(0, n)), `body ${b}'s list in its order`).toEqual(Array.from(model.st.members.list(b).subarray(0, n)));
    }
    expect(checkInvariants(copy)).toEqual([]);
  });

  it("a moved body merges with the Li it reaches (only there: where a site has more Li neighbours than before)", () => {
    // a column of 4 × 4 cells up to layer 9, and a lone atom above it at layer 13: after the
    // move (two layers up) the column's top site below it is its second neighbour
    const m = makeModel({ nx: 8, ny: 8, nz: 10 }, (L, x, y) => (L <= 1 ? LLZO : L < 10 && x >= 2 && x < 6 && y >= 2 && y < 6 ? LI : L === 13 && x === 3 && y === 3 ? LI : EMPTY), () => {}, "free", 1);
    const st = m.st;
    const B = st.bodies;
    const b = st.body[st.lat.index(2, 2, 2)];
    const atom = st.lat.index(3, 3, 13);
    expect(st.body[atom]).not.toBe(b);
    const growth = m.growth as unknown as { tryGrow(b: number, probe: boolean): void };
    B.setExcess(b, 2 * B.root[b] * st.m);
    st.beginEvent(0);
    growth.tryGrow(b, false);
    for (const step of m.afterEvent) step.run();
    expect(st.counters.rootMoves).toBe(1);
    expect(st.body[atom], "the atom joined the column").toBe(st.body[st.lat.index(3, 3, 11)]);
    expect(checkInvariants(m)).toEqual([]);
  });

  it("a root-growth move walks nothing and reads neighbours only at the body's surface", () => {
    // a column of 8 × 8 cells and 40 layers on the LLZO, free to rise (no collector)
    const w = 8;
    const h = 40;
    const m = makeModel({ nx: w + 4, ny: w + 4, nz: (2 + h + 12) / 2 }, (L, x, y) => (L <= 1 ? LLZO : L < 2 + h && x >= 2 && x < 2 + w && y >= 2 && y < 2 + w ? LI : EMPTY), () => {}, "free", 1);
    const st = m.st;
    const B = st.bodies;
    const b = st.body[st.lat.index(2, 2, 2)];
    const growth = m.growth as unknown as { tryGrow(b: number, probe: boolean): void; lastMove: { surface: number; changed: number } };
    for (let k = 0; k < 3; k++) {
      const size = B.size[b];
      // the body's surface, counted here: sites with a neighbour that is not Li
      let surface = 0;
      for (let s = 0; s < st.N; s++) if (st.body[s] === b && ((st.cnt[s] & 15) !== 8 || ((st.cnt[s] >> 4) & 7) !== 6)) surface++;
      B.setExcess(b, 4 * B.root[b] * st.m);
      const walks = m.conn.seenEpoch;
      const moves = st.counters.rootMoves;
      st.beginEvent(k);
      growth.tryGrow(b, false);
      for (const step of m.afterEvent) step.run();
      expect(st.counters.rootMoves).toBe(moves + 1);
      expect(m.conn.seenEpoch, "no walk of the body, in the move or after it").toBe(walks);
      expect(growth.lastMove.surface).toBe(surface);
      expect(surface, "the surface of a column is a fraction of it").toBeLessThan(0.6 * size);
      // what the move rewrites: the top layers (arrivals) and the bottom ones (vacated, refilled)
      expect(growth.lastMove.changed, "two layers arrive on top, two are vacated (and refilled) at the bottom").toBe(4 * B.root[b]);
      expect(checkInvariants(m), `after move ${k + 1}`).toEqual([]);
    }
  });
});
