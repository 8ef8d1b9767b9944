/**
 * Tracer diffusion of a lone adatom, from many seeded random walks, against the diffusivity that
 * the path parameters imply (D = ν·exp(−E/kT)·a² on a flat (001) terrace: 4 in-plane hops of
 * length a), for the surface path (an adatom on a Li film) and the interface path (an adatom on
 * bare LLZO); and the waiting times between events are exponential (Kolmogorov–Smirnov).
 */
import { describe, expect, it } from "vitest";
import { makeModel } from "./helpers/models.ts";
import { checkInvariants } from "./helpers/invariants.ts";
import { EMPTY, LI, LLZO } from "../src/model/species.ts";
import { Solver } from "../src/kmc/solver.ts";
import { Rng } from "../src/kmc/rng.ts";
import { BOLTZMANN_J_PER_K, LI_LATTICE_CONSTANT_M } from "../src/constants/physical.ts";
import type { LidepModel } from "../src/model/lidep/catalogue.ts";
import type { PathName } from "../src/model/params.ts";

const a = LI_LATTICE_CONSTANT_M;

/** Layer-major site of the single atom above `floor` (the adatom). */
function findAdatom(m: LidepModel, floor: number): number {
  const ls = m.lat.layerSize;
  for (let s = (floor + 1) * ls; s < m.N; s++) if (m.spec[s] === LI) return s;
  return -1;
}

function walk(path: PathName, floor: number, species: (L: number) => number, seed: number) {
  const m = makeModel({ nx: 8, ny: 8, nz: 4 }, (L, x, y) => (L === floor + 1 && x === 3 && y === 3 ? LI : species(L)));
  const T = m.p.temperature;
  const rate = m.p.hops[path];
  const k = rate.prefactor * Math.exp(-rate.barrier / (BOLTZMANN_J_PER_K * T));
  const Dexpected = k * a * a;
  const solver = new Solver(m, new Rng(seed));
  const R0 = solver.totalRate();
  // windows of τ = 50 mean hops; the windows of one long trajectory are independent walks
  const tau = 50 / (4 * k);
  const windows = 2000;
  const d = [0, 0, 0];
  let site = findAdatom(m, floor);
  const sq: number[] = [];
  const waits: number[] = [];
  for (let w = 0; w < windows; w++) {
    const tEnd = solver.time + tau;
    let dx = 0, dy = 0;
    for (;;) {
      const before = solver.time;
      const code = solver.run(tEnd, 1);
      if (solver.time >= tEnd) break;
      if (waits.length < 4000) waits.push(solver.time - before);
      void code;
      const next = findAdatom(m, floor);
      m.lat.displacement(site, next, d);
      dx += d[0];
      dy += d[1];
      site = next;
    }
    sq.push((dx * dx + dy * dy) * a * a);
  }
  expect(checkInvariants(m), "full-state recheck after the walk").toEqual([]);
  const msd = sq.reduce((s, v) => s + v, 0) / windows;
  const sd = Math.sqrt(sq.reduce((s, v) => s + (v - msd) ** 2, 0) / (windows - 1));
  return { D: msd / (4 * tau), Dexpected, se: sd / Math.sqrt(windows) / (4 * tau), waits, R0 };
}

/** Kolmogorov–Smirnov statistic of samples against Exp(rate). */
function ksExponential(xs: number[], rate: number): number {
  const s = [...xs].sort((p, q) => p - q);
  let dmax = 0;
  for (let i = 0; i < s.length; i++) {
    const F = 1 - Math.exp(-rate * s[i]);
    dmax = Math.max(dmax, Math.abs(F - i / s.length), Math.abs(F - (i + 1) / s.length));
  }
  return dmax;
}

describe("tracer diffusion of a lone adatom", () => {
  for (const [path, floor, species] of [
    ["surface", 3, (L: number) => (L === 0 ? LLZO : L <= 3 ? LI : EMPTY)],
    ["interface", 1, (L: number) => (L <= 1 ? LLZO : EMPTY)],
  ] as const) {
    it(`${path} path: D from random walks matches ν·exp(−E/kT)·a², waiting times exponential`, () => {
      const r = walk(path, floor, species, 5);
      const rel = Math.abs(r.D - r.Dexpected) / r.Dexpected;
      // 4 standard errors of the mean squared displacement (~2.2 % each for 2000 windows)
      expect(Math.abs(r.D - r.Dexpected), `D = ${r.D.toExponential(3)} m²/s vs ${r.Dexpected.toExponential(3)} (${(rel * 100).toFixed(1)} %)`).toBeLessThan(4 * r.se);
      // KS at the 1 % level: critical value 1.63/√n
      const ks = ksExponential(r.waits, r.R0);
      expect(ks, `KS statistic ${ks.toFixed(4)} for ${r.waits.length} waiting times`).toBeLessThan(1.63 / Math.sqrt(r.waits.length));
    });
  }
});
