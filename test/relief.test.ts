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
import { pressureKT } from "../src/model/lidep/pressure.ts";
import { CREEP_MIN_SITES } from "../src/model/lidep/relief.ts";
import { murnaghanPressure } from "../src/mechanics/eos.ts";
import { INTERFACE, SURFACE } from "../src/model/params.ts";
import { LI_ATOMIC_VOLUME_M3, BOLTZMANN_J_PER_K } from "../src/constants/physical.ts";
import type { LidepModel } from "../src/model/lidep/catalogue.ts";

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
    // every empty edge slot next to the film weighs the shared power-law rate, placed with its
    // energy cost: × min(1, exp((p·Ω − ΔE_s)/kT))
    const rate = powerLawRate(A, n, Q, T, p, B.size[0], B.ring[0]);
    let edge = -1;
    for (let i = 0; i < st.nslots; i++) {
      const s = st.isite[i];
      const w = m.relief.tree.leaves[i];
      if (st.spec[s] === EMPTY && w > 0) {
        const x = pressureKT(st, 0) - st.excessEnergyKT(s);
        expect(w / (rate * Math.min(1, Math.exp(x))), `slot ${i}`).toBeCloseTo(1, 12);
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

/**
 * A Li film (192 sites: above CREEP_MIN_SITES) under a rigid collector on LLZO with empty edge
 * slots at x ≥ 12 (creep only), compressed by `inserts` insertions.
 */
function creepFilm(inserts: number, tweak: (p: import("../src/model/params.ts").ModelParams) => void = () => {}): LidepModel {
  const m = makeModel(
    { nx: 16, ny: 4, nz: 8 },
    (L, x) => (L <= 1 ? LLZO : L >= 6 ? CC : x < 12 ? LI : EMPTY),
    (p) => {
      p.mechanics.dislocation = false;
      p.mechanics.powerLaw = false;
      tweak(p);
    },
  );
  let t = 0;
  for (let i = 0; i < inserts; i++) m.perform(G_INSERT, 0, 0.5, (t += 1e-9));
  return m;
}

describe("diffusional creep: emergence and re-entry in detailed balance (issue 16)", () => {
  it("emergence into an edge slot over the re-entry of the same atoms = exp((p·Ω − ΔE)/kT), p at the pair's midpoint; ring-normalised", () => {
    const m = creepFilm(24);
    const st = m.st;
    const B = st.bodies;
    expect(B.confined[0]).toBe(1);
    const initial = m.liSites();
    let checked = 0;
    for (let i = 0; i < st.nslots && checked < 3; i++) {
      const s = st.isite[i];
      if (st.spec[s] !== EMPTY) continue;
      const wf = m.relief.weightAt(s);
      if (!(wf > 0)) continue;
      const [E, S, ringA] = [B.excess[0], B.size[0], B.ring[0]];
      const pMid = murnaghanPressure((E - st.m / 2) / ((S + 0.5) * st.m), st.p.mechanics.bulkModulus, st.p.mechanics.bulkModulusDerivative);
      const x = (pMid * LI_ATOMIC_VOLUME_M3) / (BOLTZMANN_J_PER_K * st.p.temperature) - st.excessEnergyKT(s);
      m.perform(G_RELIEF, i, 0, st.time + 1e-9);
      expect(st.spec[s]).toBe(LI);
      const wr = m.relief.weightAt(s);
      expect(wr, "the re-entry of the atoms just placed").toBeGreaterThan(0);
      expect(Math.log((wf * ringA) / (wr * B.ring[0])), `slot ${i}`).toBeCloseTo(x, 9);
      // and back: re-entry restores the excess, the slot is empty again
      m.perform(G_RELIEF, i, 0, st.time + 1e-9);
      expect(st.spec[s]).toBe(EMPTY);
      expect(B.excess[0]).toBe(E);
      checked++;
    }
    expect(checked).toBe(3);
    expect(m.counters.creep).toBe(3);
    expect(m.counters.creepReentry).toBe(3);
    expect(checkInvariants(m, initial)).toEqual([]);
  });

  it("net flux over the edge keeps growing with p, towards K per unit p·Ω/kT once p·Ω passes the edge sites' ΔE (no plateau)", () => {
    // Σ emergence − Σ re-entry over the body's edge, in atoms/s: every pair contributes
    // K/ring·x_s, x_s = p·Ω/kT − ΔE_s, as long as x_s > 0; the edge slots' ΔE here reach 27 kT
    const net = (m: LidepModel) => {
      const st = m.st;
      let f = 0, r = 0;
      for (let i = 0; i < st.nslots; i++) {
        const s = st.isite[i];
        const w = m.relief.weightAt(s);
        if (st.spec[s] === EMPTY) f += w;
        else if (st.spec[s] === LI) r += w;
      }
      return (f - r) * st.m;
    };
    const counts = [8, 16, 32, 64, 96];
    const films = counts.map((k) => creepFilm(k));
    expect(films[0].st.bodies.size[0]).toBeGreaterThanOrEqual(CREEP_MIN_SITES);
    const nets = films.map(net);
    for (let i = 1; i < nets.length; i++) expect(nets[i], `after ${counts[i]} insertions`).toBeGreaterThan(nets[i - 1]);
    const [a, b] = [films[3], films[4]];
    const kT = BOLTZMANN_J_PER_K * a.st.p.temperature;
    const dx = ((b.st.bodies.pressure[0] - a.st.bodies.pressure[0]) * LI_ATOMIC_VOLUME_M3) / kT;
    const slope = (nets[4] - nets[3]) / dx / b.relief.conductance(0, INTERFACE);
    expect(slope).toBeGreaterThan(0.5);
    expect(slope).toBeLessThanOrEqual(1 + 1e-9);
  });

  it("a body below CREEP_MIN_SITES does not creep (one event would be a strain step past 1/16)", () => {
    const m = makeModel({ nx: 8, ny: 2, nz: 8 }, (L, x) => (L <= 1 ? LLZO : L >= 6 ? CC : x < 1 ? LI : EMPTY), (p) => {
      p.mechanics.dislocation = false;
    });
    let t = 0;
    for (let i = 0; i < 24; i++) m.perform(G_INSERT, 0, 0.5, (t += 1e-9));
    const st = m.st;
    expect(st.bodies.size[0]).toBeLessThan(CREEP_MIN_SITES);
    expect(st.bodies.pressure[0]).toBeGreaterThan(1e9);
    for (let i = 0; i < st.nslots; i++) expect(m.relief.weightAt(st.isite[i]), `slot ${i}`).toBe(0);
  });

  it("one physical D per path: a path's prefactor scales its hops and its creep together; creep in atoms/s does not depend on n", () => {
    const a = creepFilm(0), b = creepFilm(0, (p) => (p.hops.interface.prefactor *= 3));
    expect(b.hops.rates.k[INTERFACE] / a.hops.rates.k[INTERFACE]).toBeCloseTo(3, 12);
    expect(b.relief.conductance(0, INTERFACE) / a.relief.conductance(0, INTERFACE)).toBeCloseTo(3, 12);
    expect(b.hops.rates.k[SURFACE]).toBe(a.hops.rates.k[SURFACE]);
    // the same physical film (4.2 × 1.4 nm of contact in a 2.8 × 1.4 nm slice) at n = 1 and n = 2
    const film = (n: number) =>
      makeModel(
        { nx: 8 / n, ny: 4 / n, nz: 8 / n },
        (L, x) => (L <= 2 / n - 1 ? LLZO : L >= 6 / n ? CC : x < 6 / n ? LI : EMPTY),
        (p) => (p.coarseGrain = n),
      );
    const [f1, f2] = [film(1), film(2)];
    expect(f2.st.bodies.root[0] * 4).toBe(f1.st.bodies.root[0]);
    expect(f2.relief.conductance(0, INTERFACE) / f1.relief.conductance(0, INTERFACE)).toBeCloseTo(1, 12);
    expect(f1.hops.rates.k[INTERFACE] / f2.hops.rates.k[INTERFACE]).toBeCloseTo(8, 12);
  });
});
