/**
 * Strain relief by power-law creep (MODEL.md §2.3; the rate law in mechanics/relief.ts):
 * ε̇ = A·(p/1 MPa)^n·exp(−Q/RT), shared by a body's edge sites — its stress exponent, its
 * activation energy, the default's calibration, and, in the model, the relief event it drives:
 * with only this channel on, the weight of an edge site is that rate and an event moves one
 * excess site of the confined body onto the lattice, counted as power-law creep.
 */
import { describe, expect, it } from "vitest";
import { powerLawRate } from "../src/mechanics/relief.ts";
import { GAS_CONSTANT_J_PER_MOL_K, ROOM_TEMPERATURE_K } from "../src/constants/physical.ts";
import { LI_POWER_LAW_A_PER_S, LI_POWER_LAW_N, LI_POWER_LAW_Q_J_PER_MOL } from "../src/constants/materials.ts";
import { makeModel } from "./helpers/models.ts";
import { checkInvariants } from "./helpers/invariants.ts";
import { CC, EMPTY, LI, LLZO } from "../src/model/species.ts";
import { G_INSERT, G_RELIEF } from "../src/model/lidep/catalogue.ts";

describe("power-law creep", () => {
  const [A, n, Q] = [LI_POWER_LAW_A_PER_S, LI_POWER_LAW_N, LI_POWER_LAW_Q_J_PER_MOL];
  const T = ROOM_TEMPERATURE_K;

  it("goes as p^n and exp(−Q/RT), shared by the edge sites; the default gives ≈ 1e-3 /s at 1 MPa and 25 °C", () => {
    const r = (p: number, temp = T, size = 100, ring = 10) => powerLawRate(A, n, Q, temp, p, size, ring);
    expect(r(2e8) / r(1e8)).toBeCloseTo(2 ** n, 9);
    expect(r(1e8, 350) / r(1e8, T)).toBeCloseTo(Math.exp((-Q / GAS_CONSTANT_J_PER_MOL_K) * (1 / 350 - 1 / T)), 9);
    expect(r(1e8, T, 200, 10) / r(1e8, T, 100, 10)).toBeCloseTo(2, 12);
    expect(r(1e8, T, 100, 20) / r(1e8, T, 100, 10)).toBeCloseTo(0.5, 12);
    expect(r(0)).toBe(0);
    expect(r(-1e8)).toBe(0);
    // strain rate of a body shared by no one (size = ring): the calibration stated with A
    const rate1MPa = powerLawRate(A, n, Q, T, 1e6, 1, 1);
    expect(Math.abs(rate1MPa / 1e-3 - 1)).toBeLessThan(0.02);
  });

  it("relieves a confined film at its edge at that rate, counted as power-law creep", () => {
    // a Li film under a rigid collector, LLZO below, with empty edge sites at x = 6, 7
    const m = makeModel(
      { nx: 8, ny: 4, nz: 8 },
      (L, x) => (L <= 1 ? LLZO : L >= 6 ? CC : x < 6 ? LI : EMPTY),
      (p) => {
        p.mechanics.creep = false;
        p.mechanics.dislocation = false;
        p.mechanics.powerLaw = true;
      },
    );
    const st = m.st;
    const B = st.bodies;
    const initial = m.liSites();
    let t = 0;
    for (let i = 0; i < 10; i++) m.perform(G_INSERT, 0, 0.5, (t += 1e-9));
    expect(B.confined[0]).toBe(1);
    const p = B.pressure[0];
    expect(p).toBeGreaterThan(1e8);
    // every empty edge slot next to the film weighs the shared power-law rate
    const rate = powerLawRate(A, n, Q, T, p, B.size[0], B.ring[0]);
    let edge = -1;
    for (let i = 0; i < st.nslots; i++) {
      const s = st.isite[i];
      const w = m.relief.tree.leaves[i];
      if (st.spec[s] === EMPTY && w > 0) {
        expect(w, `slot ${i}`).toBe(rate);
        if (edge < 0) edge = i;
      }
    }
    expect(edge, "an edge site to relieve into").toBeGreaterThanOrEqual(0);
    expect(B.ring[0]).toBeGreaterThan(1);
    const site = st.isite[edge];
    m.perform(G_RELIEF, edge, 0.5, (t += 1e-9));
    expect(m.counters.powerLaw).toBe(1);
    expect(m.counters.creep + m.counters.dislocation).toBe(0);
    expect(st.spec[site]).toBe(LI);
    expect(st.body[site]).toBe(0);
    expect(B.excess[0]).toBe(9);
    expect(checkInvariants(m, initial)).toEqual([]);
  });
});
