/**
 * Detailed balance: a closed system (two Li atoms on an LLZO slab, no collector, so no redox)
 * must visit its configurations with Boltzmann weights exp(−E/kT) of the bond-counting energy,
 * whatever the per-path barriers, the step-edge term and the path classification — checked
 * against exact enumeration of every reachable configuration.
 */
import { describe, expect, it } from "vitest";
import { makeModel } from "./helpers/models.ts";
import { checkInvariants } from "./helpers/invariants.ts";
import { siteEnergy } from "../src/model/energy.ts";
import { EMPTY, LI, LLZO, WALL } from "../src/model/species.ts";
import { Solver } from "../src/kmc/solver.ts";
import { Rng } from "../src/kmc/rng.ts";
import { EV_J } from "../src/constants/physical.ts";

describe("detailed balance", () => {
  it("a closed system reaches the Boltzmann distribution over its configurations", () => {
    const T = 1000;
    const free = (L: number) => L >= 1;
    const m = makeModel({ nx: 3, ny: 3, nz: 2 }, (L, x, y) => (L === 0 ? LLZO : L === 1 && x === 0 && y === 0 ? LI : L === 2 && x === 1 && y === 1 ? LI : EMPTY), (p) => {
      p.temperature = T;
      // strongly different path barriers, so that an asymmetric classification would show
      p.hops.bulk.barrier = 0.25 * EV_J;
      p.hops.surface.barrier = 0.05 * EV_J;
      p.hops.interface.barrier = 0.15 * EV_J;
      p.hops.collector.barrier = 0.35 * EV_J;
      p.schwoebelBarrier = 0.12 * EV_J;
      p.schwoebelMaxSaddle = 2;
    });
    const lat = m.lat;
    const sites: number[] = [];
    for (let s = 0; s < lat.sites; s++) if (free(lat.layerOf(s))) sites.push(s);
    expect(sites.length).toBe(27);
    // the two atoms, and nothing else, on the free layers
    expect(sites.filter((s) => m.spec[s] === LI)).toEqual([lat.index(0, 0, 1), lat.index(1, 1, 2)]);
    // exact enumeration with the model's (quantised) bonds
    const q = m.st.bonds.q;
    const quantum = m.st.bonds.quantum;
    const nb = new Int32Array(14);
    const energy = (occ: Set<number>): number => {
      let e = 0;
      for (const s of occ) {
        lat.neighbours(s, nb);
        for (let k = 0; k < 14; k++) {
          const t = nb[k];
          const second = k >= 8 ? 1 : 0;
          if (occ.has(t)) e -= q[LI * 2 + second] / 2;
          else if (t < lat.sites && m.spec[t] === LLZO) e -= q[LLZO * 2 + second];
        }
      }
      return e * quantum;
    };
    const kT = 1.380649e-23 * T;
    const exact = new Map<string, number>();
    let Z = 0;
    // no vapour: an atom with no bond does not move, no hop goes where the mover would have none,
    // and no hop leaves the other atom without one (hops.ts), so the chain's state space is the
    // configurations in which both atoms have a bond (to each other or to the LLZO); a state with
    // a bondless atom is never reached from the start
    const bonded = (s: number, other: number) => {
      lat.neighbours(s, nb);
      for (let k = 0; k < 14; k++) if (nb[k] === other || (nb[k] < lat.sites && m.spec[nb[k]] === LLZO)) return true;
      return false;
    };
    for (let i = 0; i < sites.length; i++)
      for (let j = i + 1; j < sites.length; j++) {
        if (!bonded(sites[i], sites[j]) || !bonded(sites[j], sites[i])) continue;
        const w = Math.exp(-energy(new Set([sites[i], sites[j]])) / kT);
        exact.set(`${sites[i]},${sites[j]}`, w);
        Z += w;
      }
    for (const [k, w] of exact) exact.set(k, w / Z);
    // the model's own energy function agrees with the enumeration
    const occ0 = new Set(sites.filter((s) => m.spec[s] === LI));
    let e0 = 0;
    for (const s of occ0) e0 += siteEnergy(m.lat, m.spec, m.st.bonds, s);
    expect(e0).toBeCloseTo(energy(occ0), 25);

    const solver = new Solver(m, new Rng(11));
    const batches = 20;
    const perBatch = 30_000;
    const occupancy: Map<string, number>[] = [];
    const key = () => {
      const a: number[] = [];
      for (const s of sites) if (m.spec[s] === LI) a.push(s);
      return `${a[0]},${a[1]}`;
    };
    solver.run(Infinity, 5000); // burn-in
    for (let b = 0; b < batches; b++) {
      const occ = new Map<string, number>();
      const t0 = solver.time;
      for (let e = 0; e < perBatch; e++) {
        const k = key();
        const before = solver.time;
        solver.run(Infinity, 1);
        occ.set(k, (occ.get(k) ?? 0) + (solver.time - before));
      }
      const span = solver.time - t0;
      for (const [k, v] of occ) occ.set(k, v / span);
      occupancy.push(occ);
    }
    void WALL;
    let worst = 0;
    let tvd = 0;
    for (const [k, p] of exact) {
      const xs = occupancy.map((o) => o.get(k) ?? 0);
      const mean = xs.reduce((a, b) => a + b, 0) / batches;
      const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (batches - 1) / batches);
      tvd += Math.abs(mean - p) / 2;
      if (p > 0.002) worst = Math.max(worst, Math.abs(mean - p) / (sd + 1e-12));
    }
    // batch means: each configuration within 5 standard errors; and close overall
    expect(worst, `worst deviation ${worst.toFixed(2)} σ`).toBeLessThan(5);
    expect(tvd, `total variation distance ${tvd.toFixed(4)}`).toBeLessThan(0.03);
    expect(checkInvariants(m, 2)).toEqual([]);
  });
});
