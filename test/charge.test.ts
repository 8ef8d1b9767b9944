/**
 * Charge ↔ atoms: every Li atom on the lattice or stored at an interface came from a reduction,
 * exactly; and the atoms deposited match ∫ I dt / e of the applied galvanostatic current to
 * counting accuracy (the difference is a martingale with variance ≈ the number of redox events).
 * Along the way, every maintained quantity (counts, bond sums, bodies, all rates) is checked
 * against a recomputation from scratch.
 */
import { describe, expect, it } from "vitest";
import { resolveScenario } from "../src/scenario/load.ts";
import { buildModel } from "../src/scenario/build.ts";
import { Solver } from "../src/kmc/solver.ts";
import { Rng } from "../src/kmc/rng.ts";
import { checkInvariants } from "./helpers/invariants.ts";
import { ELEMENTARY_CHARGE_C } from "../src/constants/physical.ts";

describe("charge conservation", () => {
  for (const kind of ["free", "rigid"] as const) {
    it(`atoms placed + stored − oxidised = ∫ i·A dt / e (${kind} collector)`, () => {
      // bookkeeping, whatever the transport: the rule alone (lattice.calibratedTransport: false): at n = 2 the calibrated surface, interface and collector hops are 10³–10⁵× faster (data/coarse-graining.json), which this event budget cannot pay for
      const s = resolveScenario({
        lattice: { coarseGrain: 2, calibratedTransport: false, size_nm: [12, 1.4, 10] },
        li: { initialRadius_nm: 1.5 },
        collector: { kind, shape: kind === "free" ? "fibre" : "arc", radius_nm: kind === "free" ? 1 : 4 },
        electrical: { mode: "galvanostatic", currentDensity_A_per_cm2: 2 },
      });
      const { model } = buildModel(s, 1);
      const initial = model.liSites();
      const solver = new Solver(model, new Rng(3));
      const c = model.counters;
      for (let chunk = 0; chunk < 40 && c.filled + c.inserted + c.oxidised + c.extracted < 200; chunk++) {
        solver.run(Infinity, 3000);
        const errors = checkInvariants(model, initial);
        expect(errors.slice(0, 5), `after ${solver.events} events`).toEqual([]);
      }
      // exact bookkeeping, in atoms (a site holds n³; insertions move quanta of atoms)
      const m = model.m;
      expect(model.liSites() * m + model.storedExcess()).toBe((initial + c.filled - c.oxidised) * m + c.insertedAtoms - c.extractedAtoms);
      const redox = c.filled + c.inserted + c.oxidised + c.extracted;
      expect(redox, "the run must deposit something").toBeGreaterThan(50);
      // statistical: N_net·e vs ∫ I dt, atoms; the variance of the net count is Σ over events of
      // the atoms each moves, squared (n³ for a site, q for a quantum)
      const net = (c.filled - c.oxidised) * m + c.insertedAtoms - c.extractedAtoms;
      const expected = c.charge / ELEMENTARY_CHARGE_C;
      const variance = (c.filled + c.oxidised) * m * m + c.insertedAtoms * m + c.extractedAtoms * m;
      expect(Math.abs(net - expected), `net ${net} atoms vs ∫I dt/e = ${expected.toFixed(1)} over ${redox} redox events`).toBeLessThan(4 * Math.sqrt(variance) + m);
    });
  }
});

import { makeModel } from "./helpers/models.ts";
import { CC, LI, LLZO } from "../src/model/species.ts";
import { DEFAULT_SERIES_RESISTANCE_OHM_CM2 } from "../src/model/params.ts";
import { paperContactRadius } from "../src/mechanics/circuit.ts";

describe("one circuit (issue 16)", () => {
  it("the series resistance calibrated from Fig. 3 gives back its ~3 A/cm² at 3 V on an unstressed contact standing for the paper's", () => {
    // a Li film covering the interface under a rigid collector: the whole interface is contact
    const m = makeModel({ nx: 4, ny: 4, nz: 6 }, (L) => (L <= 1 ? LLZO : L >= 6 ? CC : LI), (p) => {
      p.electrical.mode = "potentiostatic";
      p.electrical.bias = 3;
      p.electrical.specificResistance = DEFAULT_SERIES_RESISTANCE_OHM_CM2 * 1e-4;
      p.electrical.spreadingRadius = paperContactRadius();
    });
    m.electrode.update(true);
    expect(m.st.bodies.pressure[0]).toBe(0);
    expect(m.currentDensity / 3e4).toBeCloseTo(1, 3);
    expect(DEFAULT_SERIES_RESISTANCE_OHM_CM2).toBeCloseTo(0.804, 3);
  });
});
