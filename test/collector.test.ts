/**
 * The collector kinds under root growth (MODEL.md §1, §2.1, §3), and the load each puts on the
 * Li: a Li film between the LLZO and a flat collector receives interfacial excess, a quantum of
 * atoms at a time. Two layers' worth over the root lifts the film by (0, 0, a) with a free or a
 * spring-held collector; a rigid one blocks it, and the excess compresses the film (Murnaghan).
 * A free collector puts no load on the Li; a spring's force is borne over the root, F/A_root; the
 * work a step costs — the collector's load, the new surface, the adhesion — is the growth stress
 * an inserted atom works against (the insertion rates), not the body's pressure. When the Li
 * under a raised collector leaves, the collector settles back. Each case ends with the full-state
 * recheck.
 */
import { describe, expect, it } from "vitest";
import { makeModel } from "./helpers/models.ts";
import { checkInvariants } from "./helpers/invariants.ts";
import { CC, EMPTY, LI, LLZO } from "../src/model/species.ts";
import { G_INSERT, type LidepModel } from "../src/model/lidep/catalogue.ts";
import type { CollectorKind } from "../src/model/lidep/collector.ts";
import { murnaghanPressure } from "../src/mechanics/eos.ts";
import { facetEnergies } from "../src/model/energy.ts";
import { BOLTZMANN_J_PER_K, LI_ATOMIC_VOLUME_M3, LI_LATTICE_CONSTANT_M } from "../src/constants/physical.ts";
import { loadScenario } from "../src/scenario/load.ts";
import { Simulation } from "../src/run/simulate.ts";
import { griffithStress } from "../src/mechanics/analytic.ts";

/** 6 × 4 cells, periodic: LLZO in layers 0–1, a Li film in layers 2–5, the collector from layer 6 up. */
function film(kind: CollectorKind, stiffness = 1): LidepModel {
  return makeModel(
    { nx: 6, ny: 4, nz: 10 },
    (L) => (L <= 1 ? LLZO : L <= 5 ? LI : CC),
    (p) => {
      p.mechanics.springStiffness = stiffness;
      // no relief events are performed here; keep the rates simple
      p.mechanics.dislocation = false;
    },
    kind,
  );
}

let clock = 0;
/** n insertions into body b, each a full event (the after-event pipeline included). */
function insert(m: LidepModel, b: number, n: number): void {
  for (let i = 0; i < n; i++) m.perform(G_INSERT, b, 0.5, (clock += 1e-9));
}

/** σ·Ω/kT of a stress σ (Pa), per atom. */
const perAtom = (m: LidepModel, sigma: number) => (sigma * LI_ATOMIC_VOLUME_M3) / (BOLTZMANN_J_PER_K * m.p.temperature);

describe("collectors under root growth", () => {
  const a = LI_LATTICE_CONSTANT_M; // n = 1: a quantum is one atom, a site
  const A = a * a;

  it("a free collector is lifted at two layers' worth, and puts no load on the film", () => {
    const m = film("free");
    const B = m.bodies;
    const initial = m.liSites();
    expect([initial, B.root[0], B.cc[0]]).toEqual([96, 24, 48]);
    insert(m, 0, 47);
    expect(m.st.ccShift).toBe(0);
    expect(B.confined[0]).toBe(0);
    expect(B.pressure[0], "a partial layer, not compression").toBe(0);
    insert(m, 0, 1);
    expect(m.st.ccShift, "pushed up at 2·root atoms").toBe(1);
    expect(m.counters.rootMoves).toBe(1);
    expect(m.counters.rootPlaced).toBe(48);
    expect(B.excess[0]).toBe(0);
    expect(m.collectorDisplacement).toBe(a);
    expect(m.springForce()).toBe(0);
    expect(B.pressure[0], "no load").toBe(0);
    // a periodic film rising makes no new surface and keeps its adhesion: the step costs nothing
    expect(m.growth.stress(0)).toBe(0);
    expect(checkInvariants(m, initial)).toEqual([]);
  });

  it("a spring is lifted too; the film bears F/A_root, and each inserted atom pays the step's work k·(Δz + a/2)·a / (A_root·a)", () => {
    const k = 1;
    const m = film("spring", k);
    const B = m.bodies;
    const initial = m.liSites();
    const root = B.root[0];
    insert(m, 0, 8);
    // the spring does not confine: the excess is the partial layer that pays for the move
    expect(B.confined[0]).toBe(0);
    expect(B.pressure[0], "no load before the tip moves").toBe(0);
    const before = m.growth.stress(0);
    expect(before).toBeCloseTo((k * (a / 2)) / (root * A), 6);
    insert(m, 0, 40);
    expect(m.st.ccShift, "pushed up at two layers' worth").toBe(1);
    expect(m.springForce()).toBe(k * a);
    expect(B.pressure[0], "F/A_root, not F/A_contact").toBe((k * a) / (root * A));
    expect(B.cc[0], "the Li|CC contact differs from the root").not.toBe(root);
    const sigma = m.growth.stress(0);
    expect(sigma).toBeCloseTo((k * (a + a / 2)) / (root * A), 6);
    // insertion against σ, extraction with it: their ratio is exp(−σΩ/kT) at η = 0
    insert(m, 0, 1);
    const ratio = m.redox.insert.leaves[0] / m.redox.extract.leaves[0];
    expect(Math.log(ratio)).toBeCloseTo(-perAtom(m, sigma), 9);
    expect(checkInvariants(m, initial)).toEqual([]);
  });

  it("a rigid collector blocks the move: the excess compresses the film, p = Murnaghan(N_ex/N)", () => {
    const m = film("rigid");
    const B = m.bodies;
    const initial = m.liSites();
    insert(m, 0, 60);
    expect(m.st.ccShift).toBe(0);
    expect(B.confined[0]).toBe(1);
    expect(m.counters.rootBlocked).toBeGreaterThan(0);
    expect(B.pressure[0]).toBe(murnaghanPressure(60 / 96));
    // the insertion works against the pressure now
    const ratio = m.redox.insert.leaves[0] / m.redox.extract.leaves[0];
    expect(Math.log(ratio)).toBeCloseTo(-perAtom(m, B.pressure[0]), 9);
    expect(checkInvariants(m, initial)).toEqual([]);
  });

  it("a column of width w rising under a free collector costs its new side surface: growth stress 2γ{100}/w", () => {
    // a (100)-faced column 6 cells wide in x, periodic in y, empty beside it
    const m = makeModel({ nx: 12, ny: 4, nz: 10 }, (L, x) => (L <= 1 ? LLZO : L >= 6 ? CC : x < 6 ? LI : EMPTY), () => {}, "free");
    const initial = m.liSites();
    insert(m, 0, 1);
    const e = m.st.bonds.effective;
    const gamma100 = facetEnergies(e.liLi1, e.liLi2, a).gamma100;
    const expected = (2 * gamma100) / (6 * a);
    expect(m.bodies.pushes[0]).toBe(1);
    expect(m.growth.stress(0) / expected).toBeCloseTo(1, 12);
    expect(m.bodies.pressure[0], "and no pressure: the capillary work acts on insertion").toBe(0);
    expect(checkInvariants(m, initial)).toEqual([]);
  });

  it("a raised collector settles back when the Li under it leaves", () => {
    const m = film("free");
    insert(m, 0, 48);
    expect(m.st.ccShift).toBe(1);
    // take away the two Li layers under the collector (layers 6 and 7 after the move), as one event
    const st = m.st;
    st.beginEvent((clock += 1e-9));
    for (let s = 0; s < st.N; s++) {
      const L = st.lat.layerOf(s);
      if ((L === 6 || L === 7) && st.spec[s] === LI) {
        const b = st.body[s];
        st.setSpecies(s, EMPTY, -1);
        m.conn.splitAround(s, b);
      }
    }
    for (const step of m.afterEvent) step.run();
    expect(st.ccShift, "back at rest").toBe(0);
    expect(Array.from(st.ccSites)).toEqual(Array.from(st.ccTemplate));
    expect(checkInvariants(m)).toEqual([]);
  });

  it("a move carries every atom one step up with its deposition time and refills the bottom (only the boundary is rewritten)", () => {
    const m = film("free");
    const st = m.st;
    const lat = st.lat;
    const times: number[] = [];
    for (let move = 1; move <= 2; move++) {
      while (m.counters.rootMoves < move) insert(m, 0, 1);
      times.push(st.time);
    }
    expect(st.ccShift).toBe(2);
    // layers 2–3: refilled at the second move; 4–5: at the first, carried up; 6–9: the film, born 0
    const bornOfLayer = (L: number) => (L <= 3 ? times[1] : L <= 5 ? times[0] : 0);
    for (let s = 0; s < st.N; s++) {
      const L = lat.layerOf(s);
      if (L < 2 || L > 9) continue;
      expect(st.spec[s], `site ${s} (layer ${L})`).toBe(LI);
      expect(st.born[s], `born at site ${s} (layer ${L})`).toBe(Math.fround(bornOfLayer(L)));
    }
    expect(checkInvariants(m, 96)).toEqual([]);
  });
});

describe("Fig. 4g: the same tip on the same nucleus, free or rigid", () => {
  /**
   * The fig4g scenario (the CNT resting on the Li nucleus, a 100 nm flaw under it, 3 V) with its
   * collector free or rigid, over three seeds, each for the scenario's 4 ms or up to its first
   * crack. The free tip is lifted by root growth and puts no load on the Li; the rigid one blocks
   * the rise, and the excess compresses the nucleus until dislocation outflow carries it out at
   * the squeeze-flow pressure σy·(1 + 2R/(3√3·h)) — its sides are open — some 0.5 GPa; with
   * that channel off (its rate ε̇0 is an estimate, issue 16), diffusional creep alone cannot keep
   * up and the rigid tip cracks the LLZO at the flaw's Griffith stress, where the free one never does.
   */
  const scenario = new URL("../scenarios/fig4g-cnt-free-3V.json", import.meta.url).pathname;
  // surface hops slowed 100× here, as the scenario shipped until issue 17 removed it there: nine
  // runs at the calibrated surface transport cost ≈ 7 CPU-minutes (REPORT-i17b), and what this
  // test checks — load, confinement, outflow, crack — is carried by the root, not by B
  const run = (seed: number, sets: string[]) => {
    const sim = new Simulation(loadScenario(scenario, ["run.samples=20", "run.snapshots=1", "hops.surface.rateFactor=0.01", ...sets]), seed);
    while (!sim.step() && !sim.model.crack);
    return sim.result();
  };

  it("free: lifted without load, no crack; rigid: confined at hundreds of MPa, and without outflow it cracks at the flaw", () => {
    const sigmaC = griffithStress(100e-9);
    for (const seed of [1, 2, 3]) {
      const free = run(seed, ["collector.kind=free"]).summary;
      const rigid = run(seed, ["collector.kind=rigid"]).summary;
      const stiff = run(seed, ["collector.kind=rigid", "mechanics.dislocation=false"]).summary;
      const msg = `seed ${seed}: free ${free.rootGrowth.moves} moves, peak ${free.maxPressure_Pa} Pa, growth stress ${free.meanGrowthStress_Pa?.toExponential(2)} Pa, crack ${free.crack.initiated}; rigid ${rigid.rootGrowth.moves} moves, peak ${(rigid.maxPressure_Pa / 1e9).toFixed(2)} GPa, crack ${rigid.crack.initiated}; rigid without outflow: crack ${stiff.crack.initiated} at ${stiff.crack.pressure_Pa} Pa`;
      console.log(msg);
      expect(free.rootGrowth.moves, msg).toBeGreaterThan(0);
      expect(free.maxPressure_Pa, msg).toBe(0);
      expect(free.meanGrowthStress_Pa!, msg).toBeGreaterThan(1e6);
      expect(free.meanGrowthStress_Pa!, msg).toBeLessThan(200e6);
      expect(free.crack.initiated, msg).toBe(false);
      expect(rigid.rootGrowth.moves, msg).toBe(0);
      expect(rigid.maxPressure_Pa, msg).toBeGreaterThan(0.3e9);
      expect(rigid.relief.dislocation, msg).toBeGreaterThan(0);
      expect(stiff.crack.initiated, msg).toBe(true);
      expect(stiff.crack.pressure_Pa!, msg).toBeGreaterThanOrEqual(sigmaC);
    }
  });
});

