/**
 * The SPPARKS reference catalogue (the benchmark's second workload): after every event its
 * maintained vacant-neighbour counts and every site's rate equal a recomputation from scratch, and
 * the hop rule is SPPARKS' (rate 1 downhill, exp(−2ΔE/T) uphill with ΔE = v(j) + 1 − v(i)).
 */
import { describe, expect, it } from "vitest";
import { SpparksDiffusion, referenceOccupancy, OCCUPIED, VACANT } from "../src/model/reference/spparks-diffusion.ts";
import { firstNeighbours } from "../src/lattice/bcc.ts";
import { Solver } from "../src/kmc/solver.ts";
import { Rng } from "../src/kmc/rng.ts";

describe("SPPARKS reference model", () => {
  it("keeps its counts and rates exact over thousands of events", () => {
    const rng = new Rng(5);
    const app = new SpparksDiffusion({ cells: 6, temperature: 0.5 }, referenceOccupancy(6, () => rng.next()));
    const solver = new Solver(app, rng);
    const nb = new Int32Array(8);
    const lat = app.lat;
    for (let e = 0; e < 3000; e++) {
      solver.run(Infinity, 1);
      if (e % 100 !== 0) continue;
      for (let s = 0; s < lat.sites; s++) {
        firstNeighbours(lat, s, nb);
        let v = 0;
        for (const t of nb) if ((app.state[t] & 3) === VACANT) v++;
        expect((app.state[s] >> 2) & 15).toBe(v);
        // the rate from SPPARKS' rule, computed here independently
        let r = 0;
        if ((app.state[s] & 3) === OCCUPIED) {
          for (const t of nb) {
            if ((app.state[t] & 3) !== VACANT) continue;
            const vj = (app.state[t] >> 2) & 15;
            const dE = vj + 1 - v;
            r += dE <= 0 ? 1 : Math.exp((-2 * dE) / 0.5);
          }
        }
        expect(app.tree.leaves[s]).toBeCloseTo(r, 12);
      }
    }
    expect(app.hops).toBe(3000);
  });
});
