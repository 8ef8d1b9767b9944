/**
 * The b.c.c. lattice: the neighbour tables agree with distances (8 at √3a/2, 6 at a), are
 * symmetric, the fast path equals the general one, and the layer-raising translations are
 * rigid lattice translations (a/2)(±1, ±1, 1) with exact inverses.
 */
import { describe, expect, it } from "vitest";
import { BccLattice, firstNeighbours } from "../src/lattice/bcc.ts";

function check(periodicX: boolean, periodicY: boolean) {
  const lat = new BccLattice({ nx: 5, ny: 4, nz: 4, periodicX, periodicY });
  const nb = new Int32Array(14), back = new Int32Array(14), fast = new Int32Array(14), first = new Int32Array(8);
  const d = [0, 0, 0];
  for (let s = 0; s < lat.sites; s++) {
    lat.neighbours(s, nb);
    lat.neighboursFast(s, fast);
    firstNeighbours(lat, s, first);
    for (let k = 0; k < 14; k++) {
      expect(fast[k]).toBe(nb[k]);
      if (k < 8) expect(first[k]).toBe(nb[k]);
      const t = nb[k];
      if (t === lat.sites) continue;
      lat.displacement(s, t, d);
      expect(d[0] ** 2 + d[1] ** 2 + d[2] ** 2).toBeCloseTo(k < 8 ? 0.75 : 1, 12);
      lat.neighbours(t, back);
      expect(Array.from(back)).toContain(s);
    }
  }
  // interior sites have 14 distinct neighbours
  const s = lat.index(2, 2, 4);
  lat.neighbours(s, nb);
  expect(new Set(nb).size).toBe(14);
  for (const dir of [1, -1]) {
    for (let s2 = 0; s2 < lat.sites; s2++) {
      const t = lat.raised(s2, dir);
      if (t === lat.sites) continue;
      lat.displacement(s2, t, d);
      expect(d).toEqual([dir / 2, dir / 2, 0.5]);
      expect(lat.raised(t, dir, true)).toBe(s2);
    }
  }
}

describe("b.c.c. lattice", () => {
  it("periodic in x and y", () => check(true, true));
  it("closed in x and y", () => check(false, false));
  it("refuses a box thinner than two cells", () => {
    expect(() => new BccLattice({ nx: 4, ny: 1, nz: 4, periodicX: true, periodicY: true })).toThrow(/≥ 2/);
  });
});
