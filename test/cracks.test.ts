/**
 * Cracks on the lattice (MODEL.md §3): the peeling path — a shallow crack that runs under the
 * surface and turns back up, spalling a piece — and its advance, one site at a time, only once
 * Li fills the tip; it never reaches the counter electrode. The Li a crack holds, taken from the
 * body it touches, which drops the pressure. And the criterion of the defect-free surface. Each
 * ends with the full-state recheck.
 */
import { describe, expect, it } from "vitest";
import { BccLattice } from "../src/lattice/bcc.ts";
import { crackPath, crackVolume } from "../src/mechanics/fracture.ts";
import { griffithStress } from "../src/mechanics/analytic.ts";
import { loadScenario, resolveScenario } from "../src/scenario/load.ts";
import { buildModel } from "../src/scenario/build.ts";
import { Solver } from "../src/kmc/solver.ts";
import { Rng } from "../src/kmc/rng.ts";
import { CC, EMPTY, LI, LLZO } from "../src/model/species.ts";
import { G_INSERT } from "../src/model/lidep/catalogue.ts";
import { LLZO_POISSON, LLZO_YOUNGS_MODULUS_GPA } from "../src/constants/materials.ts";
import { LI_ATOMIC_VOLUME_M3 } from "../src/constants/physical.ts";
import { checkInvariants } from "./helpers/invariants.ts";
import { makeModel } from "./helpers/models.ts";

/** Steps between consecutive sites, in units of a. */
function steps(lat: BccLattice, path: number[]): number[][] {
  const d = [0, 0, 0];
  return path.slice(1).map((s, i) => {
    lat.displacement(path[i], s, d);
    return [...d];
  });
}

describe("peeling cracks", () => {
  it("the path goes down, runs sideways under the surface and comes back up to it", () => {
    const lat = new BccLattice({ nx: 14, ny: 2, nz: 5, periodicX: false, periodicY: true });
    const surface = 6;
    const start = lat.index(2, 0, surface);
    const path = crackPath(lat, start, surface, "peel", (s) => lat.layerOf(s) <= surface);
    const st = steps(lat, path);
    // down by a twice (depth 2), then 8 steps of a along +x, then up by a to the surface
    expect(st.slice(0, 1)).toEqual([[0, 0, -1]]);
    expect(st.slice(1, 9)).toEqual(Array(8).fill([1, 0, 0]));
    expect(st.slice(9)).toEqual([[0, 0, 1]]);
    expect(path[0]).toBe(start);
    expect(lat.layerOf(path[path.length - 1])).toBe(surface);
    expect(new Set(path).size).toBe(path.length);
    // it stays within two layers of the surface: far from the counter electrode below
    expect(Math.min(...path.map((s) => lat.layerOf(s)))).toBe(surface - 2);
    // a split crack from the same site goes straight down to the bottom
    const split = crackPath(lat, start, surface, "split", (s) => lat.layerOf(s) <= surface);
    expect(steps(lat, split).every((d) => d.join() === "0,0,-1")).toBe(true);
    expect(lat.layerOf(split[split.length - 1])).toBeLessThanOrEqual(1);
  });

  it("a peel crack opens its path one site at a time as Li fills the tip, and never shorts the cell", () => {
    // a 10 nm flaw (σc = 4.8 GPa) in a 12 nm slab: it must fit in the LLZO
    const s = resolveScenario({
      lattice: { coarseGrain: 2, size_nm: [16, 2.8, 18] },
      li: { initialRadius_nm: 12 },
      llzo: { thickness_nm: 12, defects: [{ kind: "scratch", x_nm: 8, y_nm: 1.4, depth_nm: 10, width_nm: 2, subgrid: true }], fracture: { mode: "peel" } },
      collector: { kind: "rigid", shape: "flat", radius_nm: 12, gap_nm: 1.4, sideWallHalfWidth_nm: 5 },
      electrical: { mode: "potentiostatic", bias_V: 3, seriesResistance_Ohm: 1.2e8, seriesResistance_Ohm_cm2: 0, contactRadius_nm: null },
    });
    const { model } = buildModel(s, 1);
    const st = model.st;
    const initial = model.liSites();
    const d = model.cracks.defects[0];
    const solver = new Solver(model, new Rng(9));
    let opened = 0;
    let events = 0;
    while (!d.done && events < 20_000) {
      solver.run(Infinity, 1);
      events++;
      if (d.opened > opened) {
        // the site opened before this one held Li when the crack advanced
        if (opened > 0) expect(st.spec[d.path[opened - 1]], `tip ${opened - 1} filled before the crack advanced`).toBe(LI);
        expect(d.opened, "one site per event").toBe(opened + 1);
        opened = d.opened;
      }
    }
    expect(d.done, `the crack ran its path in ${events} events`).toBe(true);
    expect(model.crack).toMatchObject({ kind: "griffith", mode: "peel" });
    // fired at the Griffith stress of the 10 nm flaw
    expect(model.crack!.pressure).toBeGreaterThanOrEqual(griffithStress(10e-9));
    expect(model.shortCircuitTime).toBeNull();
    expect(st.stopCode).toBe(0);
    for (const c of d.path) expect(st.spec[c]).not.toBe(LLZO);
    expect(st.spec[d.path[d.path.length - 1]], "Li fills the crack to its end").toBe(LI);
    expect(model.counters.crackSites).toBe(d.path.length);
    expect(checkInvariants(model, initial)).toEqual([]);
  });
});

describe("the Li a crack holds", () => {
  const E = LLZO_YOUNGS_MODULUS_GPA * 1e9, nu = LLZO_POISSON;

  it("a surface crack of length L at pressure p holds 8(1 − ν²)·p·L³/(3E); a thin periodic slab of thickness w, its slice 2(1 − ν²)·p·L²·w/E", () => {
    const p = 1.5e9, L = 100e-9;
    const halfPenny = (8 * (1 - nu * nu) * p * L ** 3) / (3 * E);
    expect(crackVolume(p, L, E, nu) / halfPenny).toBeCloseTo(1, 12);
    // ≈ 25,000 nm³ for the 100 nm flaw at its Griffith stress, ≈ 2.4 nm wide at its mouth
    expect(halfPenny * 1e27).toBeCloseTo(24900, -2);
    const w = 5.6e-9;
    expect(crackVolume(p, L, E, nu, w) / ((2 * (1 - nu * nu) * p * L * L * w) / E)).toBeCloseTo(1, 12);
    // the slice is the whole crack once the slab is as thick as 4L/3
    expect(crackVolume(p, L, E, nu, (4 * L) / 3) / halfPenny).toBeCloseTo(1, 12);
    expect(crackVolume(p, L, E, nu, 10 * L)).toBe(crackVolume(p, L, E, nu));
    // linear in p, none without pressure
    expect(crackVolume(2 * p, L, E, nu, w) / crackVolume(p, L, E, nu, w)).toBeCloseTo(2, 12);
    expect(crackVolume(0, L, E, nu, w)).toBe(0);
  });

  it("an opening crack takes Li from the body it touches: the pressure drops to where the crack holds V(p)/Ω", () => {
    // Li confined under a flat punch between walls, a 10 nm flaw (σc = 4.8 GPa) in a 12 nm slab
    const s = resolveScenario({
      lattice: { coarseGrain: 2, size_nm: [16, 2.8, 18] },
      li: { initialRadius_nm: 12 },
      llzo: { thickness_nm: 12, defects: [{ kind: "scratch", x_nm: 8, y_nm: 1.4, depth_nm: 10, width_nm: 2, subgrid: true }] },
      collector: { kind: "rigid", shape: "flat", radius_nm: 12, gap_nm: 1.4, sideWallHalfWidth_nm: 5 },
      electrical: { mode: "potentiostatic", bias_V: 3, seriesResistance_Ohm: 1.2e8, seriesResistance_Ohm_cm2: 0, contactRadius_nm: null },
      run: { stopOnShortCircuit: false },
    });
    const { model } = buildModel(s, 1);
    const st = model.st;
    const B = st.bodies;
    const initial = model.liSites();
    const solver = new Solver(model, new Rng(9));
    const d = model.cracks.defects[0];
    let events = 0;
    while (!d.fired && events < 50_000) {
      solver.run(Infinity, 1);
      events++;
    }
    expect(d.fired, `fired within ${events} events`).toBe(true);
    const b = d.body;
    expect(b).toBeGreaterThanOrEqual(0);
    expect(d.held, "Li in the opening").toBeGreaterThan(0);
    expect(B.pressure[b], "the pressure dropped").toBeLessThan(model.crack!.pressure);
    // the crack holds what it opens to at the pressure the body is left with, to one atom
    const w = 2.8e-9;
    const f = st.p.fracture;
    const V = (p: number) => crackVolume(p, d.length, f.youngsModulus, f.poisson, w) / LI_ATOMIC_VOLUME_M3;
    expect(d.held).toBeLessThanOrEqual(V(B.pressure[b]));
    expect(d.held + 1).toBeGreaterThan(V(model.pressure.at(b, B.excess[b] - 1)));
    expect(model.cracks.heldAtoms()).toBe(d.held);
    expect(checkInvariants(model, initial), "atoms: on the lattice, stored and in the crack").toEqual([]);
    // the crack and the body go on sharing as Li comes in: the crack holds more as p builds
    const held = d.held;
    while (d.held <= held && events < 60_000) {
      solver.run(Infinity, 1);
      events++;
    }
    expect(d.held).toBeGreaterThan(held);
    expect(d.held).toBeLessThanOrEqual(V(B.pressure[d.body]));
    expect(checkInvariants(model, initial)).toEqual([]);
  });
  it("a crack never gives its Li to a body that no move can discharge it from (hot-li seed 9: its tip's fresh one-site bodies)", () => {
    // The crack shares its atoms with the body at its tip (or mouth). A body filled into the tip
    // starts free to rise until asked (root-growth.ts), and at a free body's p = 0 the crack would
    // close and hand it all its Li: 1,272 atoms over one 64-atom site, compression once the body
    // was found confined (1.4e14 Pa) or merged into a confined one (358 GPa), on main ff1a2fa.
    // That was seed 7 within 72,000 events, with hot-li's former hand-set surface factor 0.001
    // (issue 17 removed it from the file; kept here as an override). With hops.ts's no-vapour
    // neighbour rule seed 7's tip no longer changes body in that window (with the factor or
    // without it). Seed 4 caught it (a free body held a crack's Li at event 95,143) until
    // connectivity.ts's lockstep split search let the larger part of a split body keep its id,
    // which changed the trajectories; since then seeds 1–8, 10 and 11 do not within 110,000 events,
    // while seed 9's crack fires at event ~29,100, its tip takes a new body ~135 times, and without
    // the probe below (cracks.ts) a free body of one site holds 872 of the crack's atoms at event 99,433.
    const s = loadScenario("scenarios/hot-li-rigid-3V.json", ["hops.surface.rateFactor=0.001"]);
    const { model } = buildModel(s, 9);
    const st = model.st;
    const B = st.bodies;
    const d = model.cracks.defects[0];
    const solver = new Solver(model, new Rng(9));
    let switches = 0;
    let worst = "";
    for (let e = 0; e < 110_000 && worst === ""; e++) {
      const before = d.body;
      const fresh = d.fired && d.opened > 0 && d.path[d.opened - 1] >= 0;
      solver.run(Infinity, 1);
      if (fresh && d.body !== before && before >= 0) switches++;
      // a free body's excess is a partial layer that its next moves place: never more than a few
      // layers over its root
      for (let b = 0; b < B.used; b++)
        if (B.isLive(b) && !B.confined[b] && B.excess[b] > 4 * Math.max(1, B.root[b]) * st.m) worst = `event ${solver.events}: free body ${b} of ${B.size[b]} sites, root ${B.root[b]}, holds ${B.excess[b]} atoms`;
    }
    expect(worst).toBe("");
    expect(switches, "the crack passed to another body (the case under test)").toBeGreaterThanOrEqual(2);
    expect(st.records.peakPressure, "no pressure past the b.c.c. model's 7 GPa").toBeLessThan(7e9);
    expect(d.held, "the crack holds Li").toBeGreaterThan(0);
  });
});

describe("the defect-free surface", () => {
  /**
   * A Li film under a rigid collector on a 4-layer LLZO slab (surface layer 3), closed at x = 0,
   * with empty edge sites at x = 6, 7; no defects, no relief.
   */
  const film = (fracture: boolean) =>
    makeModel(
      { nx: 8, ny: 4, nz: 10, periodicX: false },
      (L, x) => (L <= 3 ? LLZO : L >= 8 ? CC : x < 6 ? LI : EMPTY),
      (p) => {
        p.fracture.enabled = fracture;
        p.mechanics.creep = false;
        p.mechanics.dislocation = false;
      },
      "rigid",
      3,
    );

  it("cracks at the edge of the pressed zone once (1 − 2ν)·p/2 reaches the theoretical strength (MODEL.md §3)", () => {
    const m = film(true);
    const st = m.st;
    const B = st.bodies;
    const initial = m.liSites();
    const sigma = st.p.fracture.theoreticalStrength;
    const factor = (1 - 2 * LLZO_POISSON) / 2;
    let t = 0;
    let before = 0;
    while (m.crack === null && B.excess[0] < 400) {
      before = B.pressure[0];
      m.perform(G_INSERT, 0, 0.5, (t += 1e-9));
    }
    expect(m.crack, "the surface cracked").not.toBeNull();
    const p = m.crack!.pressure;
    expect(factor * before, "not before").toBeLessThan(sigma);
    expect(factor * p, "at the first event past the strength").toBeGreaterThanOrEqual(sigma);
    expect(B.pressure[0], "the opening crack took Li: the pressure dropped").toBeLessThan(p);
    expect(m.crack).toMatchObject({ kind: "surface", defectSize: 0, pressure: p, mode: "split" });
    const c = m.cracks.surface!;
    expect(c.opened).toBe(1);
    expect(m.counters.crackSites).toBe(1);
    // the opened site was LLZO of the surface layer, right under a root site of the film that
    // has an empty interface site beside it: the edge of the contact
    const start = c.path[0];
    expect(st.spec[start]).toBe(EMPTY);
    expect(st.lat.layerOf(start)).toBe(3);
    const nb = new Int32Array(14), nb2 = new Int32Array(14);
    st.lat.neighbours(start, nb);
    const edgeRoots = Array.from(nb.subarray(4, 8)).filter((r) => {
      if (st.spec[r] !== LI || st.body[r] !== 0) return false;
      st.lat.neighbours(r, nb2);
      return Array.from(nb2).some((u) => u < st.N && st.spec[u] === EMPTY && u !== start && st.lat.layerOf(u) === 4);
    });
    expect(edgeRoots.length, "under the contact's edge").toBeGreaterThan(0);
    expect(checkInvariants(m, initial)).toEqual([]);
  });

  it("does not crack with fracture switched off", () => {
    const m = film(false);
    let t = 0;
    for (let i = 0; i < 200; i++) m.perform(G_INSERT, 0, 0.5, (t += 1e-9));
    expect((1 - 2 * LLZO_POISSON) / 2 * m.bodies.pressure[0]).toBeGreaterThan(m.st.p.fracture.theoreticalStrength);
    expect(m.crack).toBeNull();
    expect(m.counters.crackSites).toBe(0);
    expect(checkInvariants(m)).toEqual([]);
  });
});
