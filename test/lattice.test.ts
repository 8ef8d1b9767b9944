/**
 * The b.c.c. lattice: the neighbour tables agree with distances (8 at √3a/2, 6 at a), are
 * symmetric, and the fast paths (neighboursFast, neighbourRow) equal the general one.
 */
import { describe, expect, it } from "vitest";
import { BccLattice, SCRATCH_ROWS } from "../src/lattice/bcc.ts";

function check(periodicX: boolean, periodicY: boolean) {
  const lat = new BccLattice({ nx: 5, ny: 4, nz: 4, periodicX, periodicY });
  rows(lat);
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

/**
 * neighbourRow: s + neighbourOffsets[row + k] is neighbour k of s for every site (its class's row
 * or a scratch row), and a scratch row holds while other rows are written.
 */
function rows(lat: BccLattice) {
  const nb = new Int32Array(14);
  const off = lat.neighbourOffsets;
  const slow: number[] = [];
  for (let s = 0; s < lat.sites; s++) {
    const o = lat.neighbourRow(s, s % SCRATCH_ROWS);
    lat.neighbours(s, nb);
    for (let k = 0; k < 14; k++) expect(s + off[o + k]).toBe(nb[k]);
    if (o >= 32 * 14 && slow.length < SCRATCH_ROWS) slow.push(s);
  }
  // SCRATCH_ROWS sites on the general path, site j written into scratch row j in turn: each row
  // still lists its own site's neighbours
  expect(slow.length).toBe(SCRATCH_ROWS);
  const o = slow.map((s, j) => lat.neighbourRow(s, j));
  slow.forEach((s, j) => {
    lat.neighbours(s, nb);
    for (let k = 0; k < 14; k++) expect(s + off[o[j] + k]).toBe(nb[k]);
  });
}

describe("b.c.c. lattice", () => {
  it("neighbour rows in a box two cells across, closed in y, two layers thick on each side", () => rows(new BccLattice({ nx: 2, ny: 3, nz: 3, periodicX: true, periodicY: false })));
  it("periodic in x and y", () => check(true, true));
  it("closed in x and y", () => check(false, false));
  it("refuses a box thinner than two cells", () => {
    expect(() => new BccLattice({ nx: 4, ny: 1, nz: 4, periodicX: true, periodicY: true })).toThrow(/≥ 2/);
  });
});
