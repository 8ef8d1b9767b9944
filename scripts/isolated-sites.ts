/**
 * Isolated Li created by events (the hop kernel's "no vapour", hops.ts): runs a scenario to its
 * end and, after every event, counts the Li sites among the changed sites and their neighbours that
 * have no bond left (bond sum ≤ 0), and those with all 14 neighbours empty, by event kind; at the end,
 * how many Li sites have no bond, and the summary's morphology.
 *
 *   node --import tsx scripts/isolated-sites.ts [scenario.json] [seed]
 */
import { resolve } from "node:path";
import { loadScenario } from "../src/scenario/load.ts";
import { Simulation } from "../src/run/simulate.ts";
import { EMPTY, LI } from "../src/model/species.ts";

const ROOT = resolve(import.meta.dirname, "..");
const file = process.argv[2] ?? resolve(ROOT, "scenarios/default.json");
const seed = Number(process.argv[3] ?? 1);
const sim = new Simulation(loadScenario(file), seed);
const m = sim.model;
const st = m.st;
const N = st.N;
const nb = new Int32Array(14);
const bondless: Record<string, number> = {};
const vacuum: Record<string, number> = {};
const allEmpty = (s: number) => {
  m.lat.neighbours(s, nb);
  for (let k = 0; k < 14; k++) if (nb[k] < N && st.spec[nb[k]] !== EMPTY) return false;
  return nb.every((t) => t < N);
};
const seen = new Set<number>();
for (const g of m.groups) {
  const perform = g.perform;
  (g as { perform: typeof perform }).perform = (leaf, u) => {
    perform(leaf, u);
    seen.clear();
    for (let i = 0; i < st.nchangedSites; i++) {
      const x = st.changedSite(i);
      seen.add(x);
      m.lat.neighbours(x, nb);
      for (let k = 0; k < 14; k++) if (nb[k] < N) seen.add(nb[k]);
    }
    for (const y of seen) {
      if (st.spec[y] !== LI || st.bq[y] > 0) continue;
      bondless[g.name] = (bondless[g.name] ?? 0) + 1;
      if (allEmpty(y)) vacuum[g.name] = (vacuum[g.name] ?? 0) + 1;
    }
  };
}
while (!sim.step()) {
  /* to the scenario's end */
}
const r = sim.result().summary;
let endBondless = 0;
let endVacuum = 0;
for (let s = 0; s < N; s++)
  if (st.spec[s] === LI && st.bq[s] <= 0) {
    endBondless++;
    if (allEmpty(s)) endVacuum++;
  }
let bodies = 0;
for (let b = 0; b < st.bodies.used; b++) if (st.bodies.size[b] > 0) bodies++;
console.log(
  JSON.stringify({
    seed,
    events: r.events,
    stop: r.stopReason,
    time_s: r.simulatedTime_s,
    height_nm: r.finalHeight_nm,
    lateral_nm: r.finalLateralExtent_nm,
    contact_nm2: r.contactArea_nm2,
    bodies,
    hops: r.hops,
    endBondless,
    endVacuum,
    createdBondless: bondless,
    createdVacuum: vacuum,
  }),
);
