/**
 * Electrochemo-mechanics (MODEL.md §2–3): pressure from stored interfacial excess, its relief by
 * creep at the triple-phase boundary, the thermodynamic ceiling of a potentiostat, and cracking at
 * a defect with a short circuit.
 */
import { describe, expect, it } from "vitest";
import { resolveScenario } from "../src/scenario/load.ts";
import { Simulation, simulate, type RunResult } from "../src/run/simulate.ts";
import { checkInvariants } from "./helpers/invariants.ts";
import { griffithStress, stressForOverpotential } from "../src/mechanics/analytic.ts";
import { murnaghanPressure } from "../src/mechanics/eos.ts";
import type { ScenarioInput } from "../src/scenario/schema.ts";

/** A run, with the full-state recheck of its model at the end. */
function run(doc: ScenarioInput, seed = 1): RunResult {
  const r = simulate(resolveScenario(doc), { seed });
  expect(checkInvariants(r.built.model), "full-state recheck at the end").toEqual([]);
  return r;
}

/** A run up to its first crack (or its end), with the full-state recheck. */
function runToCrack(doc: ScenarioInput, seed = 1): RunResult {
  const sim = new Simulation(resolveScenario(doc), seed);
  while (!sim.step() && !sim.model.crack);
  expect(checkInvariants(sim.model), "full-state recheck at the crack").toEqual([]);
  return sim.result();
}
const col = (r: RunResult, name: string) => Array.from(r.timeseries[name] as Float64Array);
const max = (xs: number[]) => xs.reduce((a, b) => Math.max(a, b), -Infinity);

/** Li filling a 1.4 nm gap under a flat rigid punch, walled in at ±5 nm: nowhere to go. */
const confined = (extra: ScenarioInput = {}): ScenarioInput => ({
  lattice: { coarseGrain: 2, size_nm: [16, 2.8, 8] },
  li: { initialRadius_nm: 12 },
  collector: { kind: "rigid", shape: "flat", radius_nm: 12, gap_nm: 1.4, sideWallHalfWidth_nm: 5 },
  llzo: { fracture: { enabled: false } },
  run: { maxEvents: 400_000, maxTime_s: 3e-5, samples: 40, snapshots: 2 },
  ...extra,
});

/**
 * A cap under a rigid arc-shaped tip (R = 40 nm) with free sides: the Li can creep out into the gap.
 * The tip stands for the paper's 0.515 µm contact by the similarity rule (as fem-rigid-top-4mA).
 */
const freeSides = (j: number, extra: Record<string, unknown> = {}): ScenarioInput => ({
  lattice: { coarseGrain: 4, size_nm: [120, 5.6, 24], periodicX: false },
  similarity: { paperContactRadius_nm: 515, contactRadius_nm: 40 },
  li: { initialRadius_nm: 10 },
  collector: { kind: "rigid", shape: "arc", radius_nm: 40, workOfAdhesion_J_per_m2: 0.3 },
  // surface hops slowed 1000× (each forward/reverse pair alike, so detailed balance holds): still
  // ≫ the plating rate, so the Li shape stays near equilibrium (MODEL.md §5); the relief-carrying
  // interface and collector paths at their physical D (a slower one is refused)
  hops: { surface: { rateFactor: 1e-3 } },
  electrical: { mode: "galvanostatic", currentDensity_A_per_cm2: j },
  run: { maxEvents: 600_000, maxTime_s: 0.6, samples: 40, snapshots: 2 },
  ...extra,
});

describe("pressure and its relief", () => {
  it("rigid collector, free sides, 4 mA/cm²: about a GPa (creep off: tens of GPa) and the Li spreads sideways", () => {
    const r = run(freeSides(0.004));
    const p = max(col(r, "maxPressure_Pa"));
    const area = col(r, "contactArea_nm2");
    const width = col(r, "lateralExtent_nm");
    const msg = `peak ${(p / 1e6).toFixed(0)} MPa; Li|LLZO contact ${area[0].toFixed(0)} → ${area[area.length - 1].toFixed(0)} nm²; lateral extent ${width[0].toFixed(0)} → ${width[width.length - 1].toFixed(0)} nm; ${r.summary.depositedAtoms} atoms`;
    console.log(msg);
    expect(r.summary.depositedAtoms, msg).toBeGreaterThan(5000);
    // diffusional creep into the nanometre Cu|LLZO gap needs p·Ω to pay the edge sites' energy
    // (capillarity of non-wetting Li, several kT): about a GPa — well below the confined case at
    // A/cm² (next tests) and below the flaw-free LLZO's edge tension limit; it was sub-GPa when an
    // estimated dislocation rate (1e3 /s) carried the relief (issue 16)
    expect(p, msg).toBeLessThan(2e9);
    // the Li spreads sideways: its contact with the LLZO grows (creep places the atoms at the
    // contact's edge). The deposit's overall lateral extent is not asserted: with MODEL.md §1's
    // rule alone it grew 20 → 53 nm here, with the calibrated transport of issue 14 (collector and
    // interface hops 377× and 56× faster at n = 4) 20 → 26 nm at the same contact growth (110 →
    // 260 nm²) — the shape of the deposit is the calibrated transport's answer, scored in
    // `lidep reproduce` (fig1.lateralCreep), not a fixed fact of this test
    expect(area[area.length - 1], msg).toBeGreaterThan(1.5 * area[0]);
  });

  it("switching off creep raises the peak pressure", () => {
    // the same charge in both (a fixed time at a fixed current), before the Li reaches the box's sides
    const window = { run: { maxEvents: 300_000, maxTime_s: 0.3, samples: 40, snapshots: 2 } };
    const on = run(freeSides(0.004, window));
    const off = run(freeSides(0.004, { ...window, mechanics: { creep: false, dislocation: false } }));
    const pOn = max(col(on, "maxPressure_Pa"));
    const pOff = max(col(off, "maxPressure_Pa"));
    const msg = `creep on: ${(pOn / 1e6).toFixed(0)} MPa; off: ${(pOff / 1e6).toFixed(0)} MPa`;
    console.log(msg);
    expect(pOff, msg).toBeGreaterThan(1.5 * pOn);
  });

  it("rigid top and sides: GPa at A/cm², rising with the current density", () => {
    const peaks = [1, 2, 4].map((j) => max(col(run(confined({ electrical: { mode: "galvanostatic", currentDensity_A_per_cm2: j } })), "maxPressure_Pa")));
    const msg = `1, 2, 4 A/cm² after 30 µs: ${peaks.map((p) => (p / 1e9).toFixed(2)).join(", ")} GPa`;
    console.log(msg);
    expect(peaks[2], msg).toBeGreaterThan(1e9);
    expect(peaks[1], msg).toBeGreaterThan(peaks[0]);
    expect(peaks[2], msg).toBeGreaterThan(peaks[1]);
  });

  it("a potentiostat cannot build more than F·V/Vm (1.48 GPa at 0.2 V)", () => {
    const r = run(confined({ electrical: { mode: "potentiostatic", bias_V: 0.2 }, run: { maxEvents: 400_000, maxTime_s: 1e-2, samples: 60, snapshots: 2 } }));
    const p = max(col(r, "maxPressure_Pa"));
    const ceiling = stressForOverpotential(0.2);
    // one excess site more than the ceiling is the lattice's resolution
    const size = r.built.model.liSites();
    const step = murnaghanPressure(1 / size) * 1.5;
    const msg = `peak ${(p / 1e9).toFixed(3)} GPa vs ceiling ${(ceiling / 1e9).toFixed(3)} GPa (step ${(step / 1e6).toFixed(0)} MPa)`;
    console.log(msg);
    expect(p, msg).toBeLessThanOrEqual(ceiling + step);
    expect(p, msg).toBeGreaterThan(0.5 * ceiling);
  });
});

describe("constraint and cracking", () => {
  // a 100 nm flaw (σc = 1.5 GPa) fits in a 110 nm slab (a flaw deeper than the slab is refused)
  const flaw = { kind: "scratch" as const, x_nm: 8, y_nm: 1.4, depth_nm: 100, width_nm: 2, subgrid: true };
  it("same high current: a free CNT grows a whisker at MPa, a rigid Cu tip cracks LLZO at the Griffith stress", () => {
    // the mechanism under MODEL.md §1's rule: the rule alone (lattice.calibratedTransport: false): at n = 2 the calibrated surface, interface and collector hops are 10³–10⁵× faster (data/coarse-graining.json), which this event budget cannot pay for
    const free = run({
      lattice: { coarseGrain: 2, calibratedTransport: false, size_nm: [16, 2.8, 130] },
      li: { initialRadius_nm: 2 },
      // the CNT rests on the nucleus: root growth lifts it
      collector: { kind: "free", shape: "fibre", radius_nm: 0.5, gap_nm: 2, workOfAdhesion_J_per_m2: 0.3 },
      llzo: { thickness_nm: 110, defects: [flaw] },
      electrical: { currentDensity_A_per_cm2: 2 },
      run: { maxEvents: 300_000, maxTime_s: 1, samples: 40, snapshots: 2 },
    });
    // the rigid case needs only the run up to its crack (which comes within ~1,000 events)
    const rigid = runToCrack({
      lattice: { coarseGrain: 2, calibratedTransport: false, size_nm: [16, 2.8, 118] },
      li: { initialRadius_nm: 3 },
      collector: { kind: "rigid", shape: "arc", radius_nm: 6 },
      llzo: { thickness_nm: 110, defects: [flaw] },
      electrical: { currentDensity_A_per_cm2: 2 },
      run: { maxEvents: 300_000, maxTime_s: 1, samples: 40, snapshots: 2, stopOnShortCircuit: false },
    });
    const pFree = max(col(free, "maxPressure_Pa"));
    const crack = rigid.summary.crack;
    const griffith = griffithStress(100e-9);
    const msg = `free: ${(pFree / 1e6).toFixed(1)} MPa, height ${free.summary.finalHeight_nm.toFixed(1)} nm, crack ${free.summary.crack.initiated}; rigid: crack ${crack.initiated} at ${crack.pressure_Pa ? (crack.pressure_Pa / 1e9).toFixed(2) : "-"} GPa (Griffith ${(griffith / 1e9).toFixed(2)} GPa)`;
    console.log(msg);
    expect(free.summary.crack.initiated, msg).toBe(false);
    expect(pFree, msg).toBeLessThan(100e6);
    expect(free.summary.rootGrowth.moves, msg).toBeGreaterThan(0);
    expect(free.summary.finalHeight_nm, msg).toBeGreaterThan(free.summary.finalLateralExtent_nm);
    expect(crack.initiated, msg).toBe(true);
    // the pressure climbs in steps of one excess site: the crack fires within one step of σc
    expect(crack.pressure_Pa!, msg).toBeGreaterThanOrEqual(griffith);
    expect(crack.pressure_Pa!, msg).toBeLessThan(griffith * 1.25);
  });

  it("a crack filled with Li that reaches the counter electrode is a short circuit, with a current jump", () => {
    // a 10 nm flaw (σc = 4.8 GPa) in a 12 nm slab
    const r = run({
      lattice: { coarseGrain: 2, size_nm: [16, 2.8, 18] },
      li: { initialRadius_nm: 12 },
      llzo: { thickness_nm: 12, defects: [{ ...flaw, depth_nm: 10 }] },
      collector: { kind: "rigid", shape: "flat", radius_nm: 12, gap_nm: 1.4, sideWallHalfWidth_nm: 5 },
      // the paper's whole circuit as one resistance (3 V / 25 nA), not the per-area one circuit
      electrical: { mode: "potentiostatic", bias_V: 3, seriesResistance_Ohm: 1.2e8, seriesResistance_Ohm_cm2: 0, contactRadius_nm: null },
      run: { maxEvents: 400_000, maxTime_s: 1e-2, samples: 80, snapshots: 3 },
    });
    const s = r.summary;
    const I = col(r, "current_A");
    const msg = `outcome ${s.outcome}, crack at ${s.crack.time_s} s, short circuit at ${s.shortCircuit_s} s; current before ${I[I.length - 2]?.toExponential(2)} A, after ${I[I.length - 1].toExponential(2)} A`;
    console.log(msg);
    expect(s.crack.initiated, msg).toBe(true);
    expect(s.outcome, msg).toBe("short_circuit");
    expect(s.shortCircuit_s!, msg).toBeGreaterThanOrEqual(s.crack.time_s!);
    expect(I[I.length - 1], msg).toBeGreaterThan(10 * Math.abs(I[I.length - 2]));
  });
});
