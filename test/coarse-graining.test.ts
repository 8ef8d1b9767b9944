/**
 * The coarse-graining calibration (issue 14): the statistics it rests on (decay fit, power law,
 * TOST) on synthetic data with known answers; the calibration applied wherever a scenario sets n
 * and warned about outside the calibrated set; and one cheap point of the measurement re-run with
 * the stored factor, which must land on the physical B within the stated uncertainty.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import tQuantile from "@stdlib/stats-base-dists-t-quantile";
import { decayRateWithError, fitDecay, fitPowerLaw, mean, sd, tost } from "../src/calibration/stats.ts";
import { Rng } from "../src/kmc/rng.ts";
import { CALIBRATION_FILE, calibratedSet, calibrationData, coarseGraining, coarseGrainingWarning, readCalibration } from "../src/model/coarse-graining.ts";
import { resolveScenario } from "../src/scenario/load.ts";
import { modelParams } from "../src/scenario/build.ts";
import { HopRates } from "../src/model/lidep/hops.ts";
import { SURFACE, INTERFACE, COLLECTOR, BULK } from "../src/model/params.ts";
import { relax, type ProfileSpec } from "../src/calibration/profile.ts";
import { TARGETS, mullinsB } from "../src/calibration/targets.ts";
import { coarseGrainingTable, withSkipped } from "../src/calibration/table.ts";
import { depositedAtoms, equivalenceScenario } from "../src/calibration/equivalence.ts";
import { Simulation } from "../src/run/simulate.ts";
import { lidep } from "./helpers/cli.ts";
import { LI_LATTICE_CONSTANT_M } from "../src/constants/physical.ts";

function gauss(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng.double())) * Math.cos(2 * Math.PI * rng.double());
}

describe("calibration statistics on synthetic data", () => {
  it("the decay fit recovers Γ from noisy exponential relaxations, with a bootstrap error that covers it", () => {
    const rng = new Rng("decay");
    const gamma = 350, times = Array.from({ length: 25 }, (_, i) => (i * 2.2 * Math.log(1 / 0.3)) / gamma / 24);
    const curves = Array.from({ length: 8 }, () => times.map((t) => Math.exp(-gamma * t) + 0.05 * gauss(rng)));
    const r = decayRateWithError(times, curves, 300, "t");
    expect(Math.abs(r.rate - gamma), `Γ = ${r.rate} ± ${r.se}`).toBeLessThan(3 * r.se);
    expect(r.se / gamma).toBeLessThan(0.1);
    // the window leaves out the first rearrangement (> 0.9 A0) and the noise floor (< 0.15 A0)
    const m = (i: number) => mean(curves.map((c) => c[i]));
    for (const i of r.used) expect(m(i)).toBeLessThan(0.9 * m(0));
    expect(fitDecay(times, curves).used.length).toBeGreaterThanOrEqual(3);
  });

  it("the power law finds α = 4 and B for Γ = B·q⁴, and tells q² from q⁴", () => {
    const rng = new Rng("pl");
    const q = [1e8, 1.5e8, 2e8, 3e8];
    const B = 4e-30;
    const g4 = q.map((x) => B * x ** 4 * (1 + 0.05 * gauss(rng)));
    const f4 = fitPowerLaw(q, g4, g4.map((g) => 0.05 * g));
    expect(Math.abs(f4.exponent - 4)).toBeLessThan(3 * f4.seExponent);
    expect(Math.abs(Math.log(f4.B / B))).toBeLessThan(3 * f4.relSeB);
    const g2 = q.map((x) => 1e-14 * x ** 2 * (1 + 0.05 * gauss(rng)));
    const f2 = fitPowerLaw(q, g2, g2.map((g) => 0.05 * g));
    expect(Math.abs(f2.exponent - 2)).toBeLessThan(3 * f2.seExponent);
    expect(Math.abs(f2.exponent - 4)).toBeGreaterThan(5 * f2.seExponent);
    // forcing α = 4 on q² data leaves scatter far beyond the error bars
    expect(f2.chi2dof).toBeGreaterThan(10);
  });

  it("TOST: the 90 % CI of the ratio on the log scale, Welch's degrees of freedom", () => {
    const x = [1.0, 1.08, 0.95, 1.03, 0.99, 1.05];
    const y = [1.02, 0.97, 1.06, 1.0, 0.98, 1.01];
    const r = tost(x, y, 0.15);
    // by hand: d = mean ln x − mean ln y, SE² = s_x²/6 + s_y²/6, ν = Welch
    const lx = x.map(Math.log), ly = y.map(Math.log);
    const d = mean(lx) - mean(ly);
    const vx = sd(lx) ** 2 / 6, vy = sd(ly) ** 2 / 6;
    const nu = (vx + vy) ** 2 / (vx ** 2 / 5 + vy ** 2 / 5);
    expect(r.dof).toBeCloseTo(nu, 10);
    expect(Math.log(r.ciHigh)).toBeCloseTo(d + tQuantile(0.95, nu) * Math.sqrt(vx + vy), 12);
    expect(r.equivalent).toBe(true);
    // a 30 % shift is not equivalent; neither are two noisy samples whose CI is too wide
    expect(tost(x.map((v) => v * 1.3), y).equivalent).toBe(false);
    expect(tost([0.6, 1.5, 0.9, 1.2, 0.8], [1, 1.02, 0.98, 1.01, 0.99]).equivalent).toBe(false);
    // a case the 90 % interval accepts and a 95 % one would not: the level is the TOST's
    const a = [1.17, 0.968, 1.113, 1.038, 1.218, 1.017, 1.091, 1.048], b = [1, 1.01, 0.99, 1, 1.005, 0.995, 1, 1];
    const t90 = tost(a, b);
    const la = a.map(Math.log), lb = b.map(Math.log);
    const se = Math.sqrt(sd(la) ** 2 / 8 + sd(lb) ** 2 / 8);
    const d2 = mean(la) - mean(lb);
    expect(d2 + tQuantile(0.95, t90.dof) * se).toBeLessThan(Math.log(1.15));
    expect(d2 + tQuantile(0.975, t90.dof) * se).toBeGreaterThan(Math.log(1.15));
    expect(t90.equivalent).toBe(true);
  });
});

describe("the calibration, applied", () => {
  const set = calibratedSet();
  it("the stored data are labelled and the targets derived (B ≈ 4.15e-30 m⁴/s, D·δ = 1.755e-23 m³/s)", () => {
    const d = calibrationData() as unknown as Record<string, unknown>;
    expect(d).not.toBeNull();
    expect(d.label).toBe("calibrated");
    expect(set.length).toBeGreaterThan(0);
    expect(TARGETS.surface.value).toBeCloseTo(4.148e-30, 32);
    expect(mullinsB(1e-11, 298.15, 0.5) / mullinsB()).toBeCloseTo(0.5 / 0.45, 12);
    expect(TARGETS.interface.value).toBeCloseTo(1e-13 * (LI_LATTICE_CONSTANT_M / 2), 35);
  });

  it("a scenario at a calibrated n gets the stored factors in its hop rates; the relief laws keep the rule's rate", () => {
    const n = set.includes(4) ? 4 : set[0];
    const stored = (calibrationData() as unknown as { factors: Record<string, Record<string, { factor: number }>> }).factors[String(n)];
    const p = modelParams(resolveScenario({ lattice: { coarseGrain: n } }));
    expect(p.coarseGraining.calibrated).toBe(true);
    expect(p.coarseGraining.factors.surface).toBe(stored.surface.factor);
    expect(p.coarseGraining.factors.interface).toBe(stored.interface.factor);
    const r = new HopRates(p);
    expect(r.k[SURFACE] / r.kRule[SURFACE]).toBeCloseTo(stored.surface.factor, 10);
    expect(r.k[INTERFACE] / r.kRule[INTERFACE]).toBeCloseTo(stored.interface.factor, 10);
    expect(r.k[COLLECTOR] / r.kRule[COLLECTOR]).toBeCloseTo(p.coarseGraining.factors.collector, 10);
    expect(r.k[BULK]).toBe(r.kRule[BULK]);
    expect(coarseGrainingWarning(n)).toBeNull();
    // switched off by the scenario: the rule alone, and a warning
    const off = modelParams(resolveScenario({ lattice: { coarseGrain: n, calibratedTransport: false } }));
    expect(off.coarseGraining.factors).toEqual({ bulk: 1, surface: 1, interface: 1, collector: 1 });
    expect(Array.from(new HopRates(off).k)).toEqual(Array.from(r.kRule));
    expect(coarseGrainingWarning(n, undefined, false)).toContain("lattice.calibratedTransport = false");
  });

  it("an n outside the calibrated set runs by the rule alone, and validate says so on stderr", async () => {
    const n = [3, 5, 7, 9].find((k) => !set.includes(k))!;
    const cg = coarseGraining(n);
    expect(cg.calibrated).toBe(false);
    expect(cg.factors).toEqual({ bulk: 1, surface: 1, interface: 1, collector: 1 });
    const r = await lidep("validate", "scenarios/default.json", "--set", `lattice.coarseGrain=${n}`);
    expect(r.code).toBe(0);
    expect(r.err).toContain(`lattice.coarseGrain = ${n} is outside the calibrated set`);
    const ok = await lidep("validate", "scenarios/default.json", "--set", `lattice.coarseGrain=${set[0]}`);
    expect(ok.err).not.toContain("outside the calibrated set");
    // n = 1 is not coarse-grained: no factor, no warning
    expect(coarseGrainingWarning(1)).toBeNull();
    expect(coarseGraining(1).factors.surface).toBe(1);
  });

  it("a missing, unreadable or empty calibration file is told apart, never read as calibrated", () => {
    const dir = mkdtempSync(join(tmpdir(), "lidep-cg-"));
    expect(readCalibration(join(dir, "absent.json"))).toEqual({ data: null, problem: "is missing" });
    writeFileSync(join(dir, "bad.json"), "{ not json");
    const bad = readCalibration(join(dir, "bad.json"));
    expect(bad.data).toBeNull();
    expect(bad.problem).toMatch(/^is unreadable \(/);
    writeFileSync(join(dir, "empty.json"), "{}");
    expect(readCalibration(join(dir, "empty.json"))).toEqual({ data: null, problem: "holds no calibratedN and factors" });
    expect(readCalibration(CALIBRATION_FILE).data).not.toBeNull();
  });

  it("a calibrated n at another temperature is warned about (the factor is carried over), at the calibration's not", async () => {
    const n = set[0];
    const Tc = (calibrationData() as unknown as { temperature_K: number }).temperature_K;
    expect(coarseGrainingWarning(n, Tc)).toBeNull();
    expect(coarseGrainingWarning(1, 450)).toBeNull();
    const hot = await lidep("validate", "scenarios/default.json", "--set", `lattice.coarseGrain=${n}`, "--set", "temperature_K=450");
    expect(hot.code).toBe(0);
    expect(hot.err).toContain(`lattice.coarseGrain = ${n} was calibrated at ${Tc} K`);
    const room = await lidep("validate", "scenarios/default.json", "--set", `lattice.coarseGrain=${n}`, "--set", `temperature_K=${Tc}`);
    expect(room.err).not.toContain("was calibrated at");
  });

  it("re-measured with the stored factor, n = 4's surface relaxes at the physical B (one q, 4 seeds)", () => {
    const n = 4;
    expect(set).toContain(n);
    const cg = coarseGraining(n);
    const lam = 12;
    const spec: ProfileSpec = { n, wavelengthCells: lam, ny: 4, amplitudeCells: 1, baseCells: 6, tweak: (p) => void (p.coarseGraining = cg) };
    const q = (2 * Math.PI) / (lam * n * LI_LATTICE_CONSTANT_M);
    const expected = TARGETS.surface.value * q ** 4;
    const times = Array.from({ length: 24 }, (_, i) => ((i + 1) / 24) * (2.2 * Math.log(1 / 0.3)) / expected);
    const curves = [1, 2, 3, 4].map((seed) => relax(spec, `check/${seed}`, times).amplitudes);
    const r = decayRateWithError([0, ...times], curves, 300, "check");
    const stored = (calibrationData() as unknown as { surface: Record<string, { relSeB: number }> }).surface["4"].relSeB;
    const tol = 3 * Math.sqrt(stored ** 2 + (r.se / r.rate) ** 2);
    const msg = `Γ = ${r.rate.toExponential(3)} ± ${r.se.toExponential(2)} /s vs B·q⁴ = ${expected.toExponential(3)} /s (tolerance ±${(tol * 100).toFixed(0)} % on the log scale)`;
    expect(Math.abs(Math.log(r.rate / expected)), msg).toBeLessThan(tol);
  });

  it("the equivalence runs count deposited atoms as a run does (whole sites by redox, the excess in atoms)", () => {
    // n = 8: a site holds 512 atoms, an insertion into the excess a quantum of them
    const sim = new Simulation(equivalenceScenario("aspectHigh", 8), 1);
    sim.solver.run(Infinity, 3000);
    expect(sim.model.counters.inserted).toBeGreaterThan(0);
    const d = depositedAtoms(sim);
    expect(d).toBeGreaterThan(0);
    expect(d).toBe(sim.result().summary.depositedAtoms);
  });

  it("the table renders the calibration and the equivalence", () => {
    const t = coarseGrainingTable();
    expect(t).toContain("Coarse-graining calibration");
    for (const n of set) expect(t).toMatch(new RegExp(`^\\| ${n} \\|`, "m"));
  });

  it("the table names each n of 2, 4, 8 an observable was not run at, with the cost extrapolated from the runs it has", () => {
    const row = (n: number, meanEvents: number) => ({ observable: "aspectHigh" as const, label: "h/w", unit: "", n, reference: 4, seeds: 5, values: [1], mean: 1, se: 0.1, meanEvents, ratio: null, ciLow: null, ciHigh: null, pass: null, note: "" });
    const rows = withSkipped([row(4, 1e6), row(8, 1e4)], 3e6);
    expect(rows.map((r) => r.n)).toEqual([2, 4, 8]);
    // ×100 per halving of n: ~1e8 events at n = 2
    expect(rows[0].mean).toBeNull();
    expect(rows[0].note).toContain("~1e+8 at n = 2");
    // nothing to extrapolate from: just "not run"
    expect(withSkipped([row(8, 1e4)], 3e6).map((r) => [r.n, r.note])).toEqual([[2, "not run"], [4, "not run"], [8, ""]]);
  });
});
