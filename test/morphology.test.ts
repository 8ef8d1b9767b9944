/**
 * Growth morphology without a constraint (a free carbon-nanotube collector): at a low rate,
 * surface diffusion keeps up and the Li stays a compact particle with {110}-rich facets; at a
 * high rate, root insertion outruns it and the Li grows as a whisker, taller than wide.
 */
import { describe, expect, it } from "vitest";
import { resolveScenario } from "../src/scenario/load.ts";
import { simulate } from "../src/run/simulate.ts";
import { LI, EMPTY } from "../src/model/species.ts";
import type { LidepModel } from "../src/model/lidep/catalogue.ts";
import { checkInvariants } from "./helpers/invariants.ts";

function scenario(j: number, maxEvents: number) {
  // the mechanism under MODEL.md §1's rule: the rule alone (lattice.calibratedTransport: false): at n = 2 the calibrated surface, interface and collector hops are 10³–10⁵× faster (data/coarse-graining.json), which this event budget cannot pay for
  return resolveScenario({
    lattice: { coarseGrain: 2, calibratedTransport: false, size_nm: [16, 2.8, 30] },
    li: { initialRadius_nm: 2 },
    // the CNT rests on the nucleus (gap = its radius): root growth lifts it
    collector: { kind: "free", shape: "fibre", radius_nm: 0.5, gap_nm: 2, workOfAdhesion_J_per_m2: 0.3 },
    electrical: { mode: "galvanostatic", currentDensity_A_per_cm2: j },
    run: { maxEvents, maxTime_s: 10, samples: 20, snapshots: 2 },
  });
}

/** Fraction of surface Li (with an empty first neighbour) having ≥ 6 Li first neighbours: {110} terraces and better. */
function facetFraction(m: LidepModel): number {
  const nb = new Int32Array(14);
  let surface = 0, dense = 0;
  for (let s = 0; s < m.N; s++) {
    if (m.spec[s] !== LI) continue;
    m.lat.neighbours(s, nb);
    let li = 0, empty = 0;
    for (let k = 0; k < 8; k++) {
      if (m.spec[nb[k]] === LI) li++;
      else if (m.spec[nb[k]] === EMPTY) empty++;
    }
    if (empty === 0) continue;
    surface++;
    if (li >= 6) dense++;
  }
  return dense / surface;
}

describe("growth morphology without a constraint", () => {
  it("low rate: a compact faceted particle; high rate: a whisker taller than wide", () => {
    const low = simulate(scenario(0.02, 600_000), { seed: 2 });
    const high = simulate(scenario(5, 300_000), { seed: 2 });
    const aLow = low.summary.finalHeight_nm / low.summary.finalLateralExtent_nm;
    const aHigh = high.summary.finalHeight_nm / high.summary.finalLateralExtent_nm;
    const fLow = facetFraction(low.built.model);
    const msg = `low rate: ${low.summary.finalHeight_nm.toFixed(2)} nm tall × ${low.summary.finalLateralExtent_nm.toFixed(2)} nm wide (aspect ${aLow.toFixed(2)}, {110}-dense surface ${(fLow * 100).toFixed(0)} %, ${low.summary.depositedAtoms} atoms); high rate: ${high.summary.finalHeight_nm.toFixed(2)} × ${high.summary.finalLateralExtent_nm.toFixed(2)} nm (aspect ${aHigh.toFixed(2)}, ${high.summary.depositedAtoms} atoms)`;
    console.log(msg);
    expect(low.summary.depositedAtoms, msg).toBeGreaterThan(200);
    expect(aLow, msg).toBeGreaterThan(0.5);
    expect(aLow, msg).toBeLessThan(1.5);
    expect(fLow, msg).toBeGreaterThan(0.3);
    expect(aHigh, msg).toBeGreaterThan(2);
    expect(low.summary.contactArea_nm2, msg).toBeGreaterThan(0);
    expect(high.summary.contactArea_nm2, msg).toBeGreaterThan(0);
    expect(checkInvariants(low.built.model), "full-state recheck, low rate").toEqual([]);
    expect(checkInvariants(high.built.model), "full-state recheck, high rate").toEqual([]);
  });
});
