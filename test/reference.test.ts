/**
 * The SPPARKS reference catalogue (the benchmark's second workload): after every event its
 * maintained vacant-neighbour counts and every site's rate equal a recomputation from scratch, and
 * the hop rule is SPPARKS' (rate 1 downhill, exp(−2ΔE/T) uphill with ΔE = v(j) + 1 − v(i)).
 */
import { describe, expect, it } from "vitest";
import { SpparksDiffusion, referenceOccupancy, stateOf, vacantNeighboursOf, OCCUPIED, VACANT } from "../src/model/reference/spparks-diffusion.ts";
import { Solver } from "../src/kmc/solver.ts";
import { Rng } from "../src/kmc/rng.ts";

/** The 8 first neighbours of s from its coordinates, independently of the catalogue's index arithmetic. */
function neighboursFromCoordinates(app: SpparksDiffusion, s: number): number[] {
  const { x, y, layer } = app.coordinates(s);
  const p = layer & 1;
  const out: number[] = [];
  for (const dl of [-1, 1]) for (const dy of [p - 1, p]) for (const dx of [p - 1, p]) out.push(app.siteAt(x + dx, y + dy, layer + dl));
  return out;
}

describe("SPPARKS reference model", () => {
  it("keeps its counts and rates exact over thousands of events", () => {
    const rng = new Rng(5);
    const app = new SpparksDiffusion({ cells: 6, temperature: 0.5 }, referenceOccupancy(6, () => rng.next()));
    const solver = new Solver(app, rng);
    const nbOf = (s: number) => neighboursFromCoordinates(app, s);
    for (let e = 0; e < 3000; e++) {
      solver.run(Infinity, 1);
      if (e % 100 !== 0) continue;
      const real = new Set<number>();
      for (let layer = 0; layer < app.layers; layer++)
        for (let y = 0; y < app.cells; y++) for (let x = 0; x < app.cells; x++) real.add(app.siteAt(x, y, layer));
      expect(real.size).toBe(app.sites);
      for (let s = 0; s < app.slots; s++) if (!real.has(s)) expect(app.tree.leaves[s]).toBe(0); // padding
      for (const s of real) {
        const nb = nbOf(s);
        let v = 0;
        for (const t of nb) if (stateOf(app.state[t]) === VACANT) v++;
        expect(vacantNeighboursOf(app.state[s])).toBe(v);
        // the rate from SPPARKS' rule, computed here independently
        let r = 0;
        if (stateOf(app.state[s]) === OCCUPIED) {
          for (const t of nb) {
            if (stateOf(app.state[t]) !== VACANT) continue;
            const vj = vacantNeighboursOf(app.state[t]);
            const dE = vj + 1 - v;
            r += dE <= 0 ? 1 : Math.exp((-2 * dE) / 0.5);
          }
        }
        expect(app.tree.leaves[s]).toBeCloseTo(r, 12);
      }
    }
    expect(app.hops).toBe(3000);
  });

  it("sends the atom to each vacant neighbour in proportion to that hop's rate", () => {
    // u swept over a fine grid: the share of u that sends the atom to j must be rate(i→j)/rate(i)
    // the same roughened surface every time: the initial layer after 500 hops
    const make = () => {
      const rng = new Rng(11);
      const app = new SpparksDiffusion({ cells: 5, temperature: 1.5 }, referenceOccupancy(5, () => rng.next()));
      new Solver(app, rng).run(Infinity, 500);
      return app;
    };
    const app0 = make();
    const nbOf = (s: number) => neighboursFromCoordinates(app0, s);
    const hopRates = (s: number): Map<number, number> => {
      const m = new Map<number, number>();
      const vi = vacantNeighboursOf(app0.state[s]);
      for (const t of nbOf(s)) {
        if (stateOf(app0.state[t]) !== VACANT) continue;
        const dE = vacantNeighboursOf(app0.state[t]) + 1 - vi;
        m.set(t, dE <= 0 ? 1 : Math.exp((-2 * dE) / 1.5));
      }
      return m;
    };
    // the occupied site whose hops have the most distinct rates
    let best = -1;
    let bestKinds = 0;
    for (let s = 0; s < app0.slots; s++) {
      if (stateOf(app0.state[s]) !== OCCUPIED) continue;
      const kinds = new Set([...hopRates(s).values()].map((r) => r.toFixed(12))).size;
      if (kinds > bestKinds) [best, bestKinds] = [s, kinds];
    }
    expect(bestKinds, "a site with hops of different rates").toBeGreaterThanOrEqual(2);
    const rates = hopRates(best);
    const total = [...rates.values()].reduce((a, b) => a + b, 0);
    const M = 4000;
    const counts = new Map<number, number>();
    for (let k = 0; k < M; k++) {
      const app = make();
      app.perform(0, best, (k + 0.5) / M);
      const to = [...rates.keys()].filter((t) => stateOf(app.state[t]) === OCCUPIED);
      expect(to.length).toBe(1);
      counts.set(to[0], (counts.get(to[0]) ?? 0) + 1);
    }
    for (const [t, r] of rates) expect(Math.abs((counts.get(t) ?? 0) - (M * r) / total), `target ${t}`).toBeLessThanOrEqual(1);
  });
});
