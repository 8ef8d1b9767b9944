/**
 * The b.c.c. lattice: the neighbour tables agree with distances (8 at √3a/2, 6 at a), are
 * symmetric, and the fast path equals the general one.
 */
import { describe, expect, it } from "vitest";
import { BccLattice } from "../src/lattice/bcc.ts";

function check(periodicX: boolean, periodicY: boolean) {
  const lat = new BccLattice({ nx: 5, ny: 4, nz: 4, periodicX, periodicY });
  const nb = new Int32Array(14), back = new Int32Array(14), fast = new Int32Array(14);
  const d = [0, 0, 0];
  for (let s = 0; s < lat.sites; s++) {
    lat.neighbours(s, nb);
    lat.neighboursFast(s, fast);
    for (let k = 0; k < 14; k++) {
      expect(fast[k]).toBe(nb[k]);
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
}

describe("b.c.c. lattice", () => {
  it("periodic in x and y", () => check(true, true));
  it("closed in x and y", () => check(false, false));
  it("refuses a box thinner than two cells", () => {
    expect(() => new BccLattice({ nx: 4, ny: 1, nz: 4, periodicX: true, periodicY: true })).toThrow(/≥ 2/);
  });
});
