/**
 * The paper's analytic numbers (MODEL.md §5): Griffith stress and overpotential for 10 nm and
 * 100 nm flaws, the whisker's current density from its growth velocity, and Eq. 3 for that
 * whisker; and the equation of state's inverse.
 */
import { describe, expect, it } from "vitest";
import {
  griffithStress,
  overpotentialForStress,
  currentDensityForVelocity,
  whiskerOverpotential,
  whiskerStress,
  whiskerDiameterForStress,
  griffithFlawSize,
  stressForOverpotential,
} from "../src/mechanics/analytic.ts";
import { murnaghanExcess, murnaghanPressure } from "../src/mechanics/eos.ts";

describe("the paper's analytic relations", () => {
  it("Eq. 1 and 2: a = 10 nm → 4.8 GPa and 0.65 V; a = 100 nm → 1.5 GPa and 0.20 V", () => {
    const s10 = griffithStress(10e-9);
    const s100 = griffithStress(100e-9);
    // the paper quotes two significant figures: agree to within 1 %
    const rel = (x: number, y: number) => Math.abs(x - y) / y;
    expect(rel(s10 / 1e9, 4.8)).toBeLessThan(0.01);
    expect(rel(overpotentialForStress(s10), 0.65)).toBeLessThan(0.01);
    expect(rel(s100 / 1e9, 1.5)).toBeLessThan(0.01);
    expect(rel(overpotentialForStress(s100), 0.2)).toBeLessThan(0.025);
    expect(griffithFlawSize(s10)).toBeCloseTo(10e-9, 15);
    // 0.4 µm → 0.76 GPa (PARAMETERS.md)
    expect(griffithStress(0.4e-6) / 1e9).toBeCloseTo(0.76, 2);
  });

  it("Eq. 2: 1 GPa ↔ 135 mV; 10 mV ↔ 74 MPa", () => {
    expect(overpotentialForStress(1e9)).toBeCloseTo(0.135, 3);
    expect(stressForOverpotential(0.01) / 1e6).toBeCloseTo(74, 0);
  });

  it("v ↔ i: 1940 nm/s ↔ 1.44 A/cm²", () => {
    expect(currentDensityForVelocity(1940e-9) / 1e4).toBeCloseTo(1.44, 2);
  });

  it("Eq. 3: that whisker's ≈ 12 MPa and 1.65 mV imply a round contact ≈ 150 nm across", () => {
    const v = 1940e-9;
    expect(whiskerStress(150e-9, v) / 1e6).toBeCloseTo(12, 0);
    expect(whiskerOverpotential(150e-9, v) * 1e3).toBeCloseTo(1.6, 1);
    // the paper's 1.65 mV back to a diameter: ≈ 148 nm (100 nm would give 18 MPa)
    const d = whiskerDiameterForStress(stressForOverpotential(1.65e-3));
    expect(d * 1e9).toBeGreaterThan(140);
    expect(d * 1e9).toBeLessThan(155);
    expect(whiskerStress(100e-9, v) / 1e6).toBeCloseTo(18, 0);
    // the inertial term ½ρv² is negligible: ~1e-9 Pa (Eq. 3 on an unbounded contact keeps only it)
    const inertial = whiskerStress(Infinity, v);
    expect(inertial).toBeGreaterThan(5e-10);
    expect(inertial).toBeLessThan(2e-9);
  });

  it("Murnaghan's equation of state and its inverse agree", () => {
    for (const p of [1e6, 1e8, 1e9, 5e9]) expect(murnaghanPressure(murnaghanExcess(p)) / p).toBeCloseTo(1, 10);
    // small strain: p ≈ K0·x
    expect(murnaghanPressure(1e-4) / (11.6e9 * 1e-4)).toBeCloseTo(1, 3);
  });
});

import { squeezeFlowPressure, dislocationRate, creepEmergence, creepReentry, creepConductance, bernoulli, sizeYieldStrength } from "../src/mechanics/relief.ts";
import { BOLTZMANN_J_PER_K, LI_ATOMIC_VOLUME_M3 } from "../src/constants/physical.ts";

describe("relief rate laws", () => {
  it("squeeze flow: σy = 244 MPa, R = 0.5 µm, h = 20 nm → ≈ 2.6 GPa (MODEL.md §2.3)", () => {
    expect(squeezeFlowPressure(244e6, 0.5e-6, 20e-9) / 1e9).toBeCloseTo(2.6, 1);
  });
  it("creep pair: emergence/re-entry = exp(x) at every x, net flux K·x exactly (linear Coble law), equilibrium at x = 0", () => {
    for (const x of [-40, -5, -0.3, -1e-8, 0, 1e-8, 0.01, 1, 7.5, 60, 300]) {
      const f = creepEmergence(2.5, x), r = creepReentry(2.5, x);
      expect(Math.log(f / r), `x = ${x}`).toBeCloseTo(x, 8);
      expect((f - r) / 2.5, `x = ${x}`).toBeCloseTo(x, 8);
    }
    expect(creepEmergence(1, 0)).toBe(creepReentry(1, 0));
    expect(bernoulli(1e-7)).toBeCloseTo(1, 6);
    expect(Number.isFinite(creepEmergence(1, 1e4)) && Number.isFinite(creepReentry(1, -1e4))).toBe(true);
  });
  it("creep conductance: a disc's flux 8π·D·δ·p/kT at low p, independent of R; a slice keeps a disc's flux per edge length", () => {
    const D = 1e-13, delta = 3.51e-10, kT = BOLTZMANN_J_PER_K * 298.15, p = 1e7; // pΩ/kT ≈ 0.05 ≪ 1
    const x = (p * LI_ATOMIC_VOLUME_M3) / kT;
    const coble = (8 * Math.PI * D * delta * p) / kT; // atoms/s, derived in mechanics/relief.ts
    for (const R of [1e-8, 5e-7]) {
      const K = creepConductance(D, delta, LI_ATOMIC_VOLUME_M3, Math.PI * R * R, { kind: "disc" });
      expect((creepEmergence(K, x) - creepReentry(K, x)) / coble).toBeCloseTo(1, 9);
    }
    // slice of thickness L through a disc of radius R: its two edges of length L carry 4·D·δ·x/(Ω·R) per length each
    const L = 5.6e-9, R = 6e-8;
    const Ks = creepConductance(D, delta, LI_ATOMIC_VOLUME_M3, 2 * R * L, { kind: "slice", thickness: L });
    expect(Ks / ((2 * L * 4 * D * delta) / (LI_ATOMIC_VOLUME_M3 * R))).toBeCloseTo(1, 12);
    // the creep-to-supply group D·δ/(i·R²): a slice's conductance falls as 1/R at fixed L, its supply grows as R
    expect(creepConductance(D, delta, 1, 2 * 2 * R * L, { kind: "slice", thickness: L }) / creepConductance(D, delta, 1, 2 * R * L, { kind: "slice", thickness: L })).toBeCloseTo(0.5, 12);
  });
  it("yield strength: Xu et al.'s 105 MPa at 1 µm, ∝ D^−0.68, capped at 244 MPa and floored at bulk", () => {
    const y = (d: number) => sizeYieldStrength(d, 105e6, 1e-6, -0.68, 244e6, 0.8e6);
    expect(y(1e-6)).toBeCloseTo(105e6, 0);
    expect(y(4e-6) / y(2e-6)).toBeCloseTo(2 ** -0.68, 9);
    expect(y(1e-8)).toBe(244e6);
    expect(y(1)).toBe(0.8e6);
  });
  it("dislocation outflow: none below the flow pressure; ε̇_y·(p/p_f)^m·size shared by the edge above", () => {
    expect(dislocationRate(1e-3, 6.6, 1e8, 2e8, 100, 5)).toBe(0);
    expect(dislocationRate(1e-3, 6.6, 4e8, 2e8, 100, 5)).toBeCloseTo((1e-3 * 2 ** 6.6 * 100) / 5, 12);
  });
});
