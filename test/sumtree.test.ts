/**
 * The sum tree: totals after arbitrary merged updates equal the brute-force sums, and selection
 * frequencies follow the leaf rates (a χ² test with a fixed seed).
 */
import { describe, expect, it } from "vitest";
import { SumTree } from "../src/kmc/sumtree.ts";
import { Rng } from "../src/kmc/rng.ts";

describe("sum tree", () => {
  for (const n of [1, 3, 4, 5, 17, 1000, 4097]) {
    it(`keeps every node consistent under random merged updates (${n} leaves)`, () => {
      const t = new SumTree(n);
      const rng = new Rng(n);
      const ref = new Float64Array(n);
      for (let round = 0; round < 300; round++) {
        const k = 1 + Math.floor(rng.next() * Math.min(n, 40));
        for (let j = 0; j < k; j++) {
          const i = Math.floor(rng.next() * n);
          const v = rng.next() < 0.2 ? 0 : rng.next() * 10;
          ref[i] = v;
          t.set(i, v);
        }
        t.flush();
        let sum = 0;
        for (let i = 0; i < n; i++) sum += ref[i];
        expect(t.total()).toBeCloseTo(sum, 9);
      }
      // every internal node is the sum of its children
      expect(t.maxInconsistency()).toBeLessThan(1e-12);
    });
  }

  it("gives the same nodes, bit for bit, from leaves written directly and flushList as from set and flush", () => {
    const n = 5000;
    const a = new SumTree(n);
    const b = new SumTree(n);
    const rng = new Rng(7);
    const list = new Int32Array(64);
    for (let round = 0; round < 500; round++) {
      const k = 1 + Math.floor(rng.next() * 40);
      let m = 0;
      for (let j = 0; j < k; j++) {
        const i = Math.floor(rng.next() * n);
        const v = rng.next() < 0.2 ? 0 : rng.next() * 10;
        a.set(i, v);
        if (j % 5 === 4) b.set(i, v); // some through set, still pending when flushList runs
        else {
          b.leaves[i] = v;
          list[m++] = i;
        }
      }
      a.flush();
      b.flushList(list, m);
    }
    expect(Array.from(b.nodes)).toEqual(Array.from(a.nodes));
    expect(b.maxInconsistency()).toBeLessThan(1e-12);
  });

  it("selects leaves in proportion to their rates and never a zero leaf", () => {
    const n = 37;
    const t = new SumTree(n);
    const w = new Float64Array(n);
    for (let i = 0; i < n; i++) w[i] = i % 5 === 0 ? 0 : 1 + (i % 7);
    for (let i = 0; i < n; i++) t.set(i, w[i]);
    t.flush();
    const rng = new Rng(42);
    const counts = new Float64Array(n);
    const draws = 200_000;
    for (let d = 0; d < draws; d++) counts[t.find(rng.double() * t.total())]++;
    const W = w.reduce((a, b) => a + b, 0);
    let chi2 = 0;
    let dof = -1;
    for (let i = 0; i < n; i++) {
      if (w[i] === 0) {
        expect(counts[i]).toBe(0);
        continue;
      }
      const e = (draws * w[i]) / W;
      chi2 += (counts[i] - e) ** 2 / e;
      dof++;
    }
    // χ² with ~28 degrees of freedom: the 0.1 % critical value is about 56
    expect(chi2, `χ² = ${chi2.toFixed(1)} with ${dof} degrees of freedom`).toBeLessThan(56);
  });

  it("grows without losing its leaves", () => {
    const t = new SumTree(5);
    for (let i = 0; i < 5; i++) t.set(i, i + 1);
    t.flush();
    t.grow(1000);
    t.set(999, 2);
    t.flush();
    expect(t.total()).toBe(17);
  });

  it("setting every leaf before a flush rebuilds instead of listing a million changes", () => {
    const n = 1 << 20;
    const t = new SumTree(n);
    const bytes0 = t.bytes;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const v = (i % 13) * 0.25;
      t.set(i, v);
      sum += v;
    }
    // listing every change would add 4 bytes a leaf; the list stops at ~1/64 of the leaves
    expect(t.bytes - bytes0, "memory added by the change list").toBeLessThan(0.25 * n);
    t.flush();
    expect(t.total()).toBeCloseTo(sum, 6);
    expect(t.maxInconsistency()).toBeLessThan(1e-12);
  });
});
