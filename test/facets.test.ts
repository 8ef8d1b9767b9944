/**
 * Facet energies from bond counting: the calibration reproduces its targets in the right order,
 * and an independent count of broken bonds on slabs of a periodic b.c.c. crystal (neighbours found
 * by distance, not by lidep's lattice code) gives the same γ{100}, γ{110}, γ{112}.
 */
import { describe, expect, it } from "vitest";
import { calibrateLiBonds, facetEnergies, quantiseBonds, adhesionBonds, contactAngleDeg } from "../src/model/energy.ts";
import { LI_LATTICE_CONSTANT_M, BOLTZMANN_J_PER_K } from "../src/constants/physical.ts";
import { CC, LI, LLZO } from "../src/model/species.ts";

const a = LI_LATTICE_CONSTANT_M;

/** γ of the plane with normal (h,k,l) from slabs of a periodic L³-cell b.c.c. crystal. */
function slabGamma(hkl: [number, number, number], e1: number, e2: number, L = 6): number {
  const pts: [number, number, number][] = [];
  for (let x = 0; x < L; x++) for (let y = 0; y < L; y++) for (let z = 0; z < L; z++) {
    pts.push([x, y, z], [x + 0.5, y + 0.5, z + 0.5]);
  }
  // u = h·x + k·y + l·z is defined modulo L on the torus (integer h, k, l)
  const [h, k, l] = hkl;
  const u = (p: number[]) => (((h * p[0] + k * p[1] + l * p[2]) % L) + L) % L;
  const inSlab = pts.map((p) => u(p) < L / 2);
  let broken = 0;
  for (let i = 0; i < pts.length; i++) {
    if (!inSlab[i]) continue;
    for (let j = 0; j < pts.length; j++) {
      if (inSlab[j]) continue;
      let d2 = 0;
      for (let c = 0; c < 3; c++) {
        let d = pts[i][c] - pts[j][c];
        d -= L * Math.round(d / L);
        d2 += d * d;
      }
      if (Math.abs(d2 - 0.75) < 1e-9) broken += e1;
      else if (Math.abs(d2 - 1) < 1e-9) broken += e2;
    }
  }
  // two cuts, each making two surfaces (both the slab and its complement are crystal); one plane
  // (h,k,l) across the torus has area L²·|(h,k,l)|·a²
  const norm = Math.sqrt(h * h + k * k + l * l);
  const area = L * L * norm * a * a;
  return broken / (4 * area);
}

describe("facet energies", () => {
  it("the calibration reproduces γ{110} < γ{100} < γ{112} at the targets", () => {
    const { liLi1, liLi2 } = calibrateLiBonds(0.45, 0.5);
    const g = facetEnergies(liLi1, liLi2);
    expect(g.gamma110).toBeCloseTo(0.45, 12);
    expect(g.gamma100).toBeCloseTo(0.5, 12);
    expect(g.gamma112 / g.gamma110).toBeCloseTo(2 / Math.sqrt(3), 12);
    expect(g.gamma110).toBeLessThan(g.gamma100);
    expect(g.gamma100).toBeLessThan(g.gamma112);
    expect(liLi2).toBeLessThan(Math.SQRT2 * liLi1);
  });

  it("independent broken-bond counts on slabs give the same facet energies", () => {
    const { liLi1, liLi2 } = calibrateLiBonds(0.45, 0.5);
    const g = facetEnergies(liLi1, liLi2);
    expect(slabGamma([1, 0, 0], liLi1, liLi2)).toBeCloseTo(g.gamma100, 10);
    expect(slabGamma([1, 1, 0], liLi1, liLi2)).toBeCloseTo(g.gamma110, 10);
    expect(slabGamma([1, 1, 2], liLi1, liLi2)).toBeCloseTo(g.gamma112, 10);
  });

  it("rejects targets that would make {110} not the lowest", () => {
    expect(() => calibrateLiBonds(0.5, 0.45)).toThrow(/lowest|positive/);
  });

  it("coarse-grained, quantised bonds keep the facet energies within the quantisation error", () => {
    const { liLi1, liLi2 } = calibrateLiBonds(0.45, 0.5);
    const [l1, l2] = adhesionBonds(0.25, liLi1, liLi2);
    for (const n of [1, 2, 4]) {
      const kTn = BOLTZMANN_J_PER_K * 298.15 * n ** 3;
      const qb = quantiseBonds({ liLi1, liLi2, llzo1: l1, llzo2: l2, cc1: 0, cc2: 0 }, n, kTn, { LI, LLZO, CC });
      const g = facetEnergies(qb.effective.liLi1 * n * n, qb.effective.liLi2 * n * n, n * a);
      // each bond is off by at most half a quantum (kT_n/128)
      const tol = (2 * (qb.quantum / 2)) / (n * a) ** 2;
      expect(Math.abs(g.gamma110 - 0.45)).toBeLessThan(tol + 1e-12);
      expect(Math.abs(g.gamma100 - 0.5)).toBeLessThan(1.5 * tol + 1e-12);
    }
  });

  it("the Li|LLZO work of adhesion gives a non-wetting contact angle (> 90°)", () => {
    expect(contactAngleDeg(0.25, 0.45)).toBeGreaterThan(90);
    expect(contactAngleDeg(0.9, 0.45)).toBeCloseTo(0, 6);
  });
});
