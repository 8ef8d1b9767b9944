/**
 * Statistics over seeds of a scenario at a fixed number of events, for changes that alter the
 * trajectory but must not alter the physics (e.g. which part of a split body keeps its id,
 * connectivity.ts): per seed the simulated time, the main body's height and lateral extent, the
 * Li sites, the bodies alive, the hops by path and the redox events; then mean ± standard error
 * of each over the seeds. Compare two versions' outputs by eye or with a two-sample test.
 *
 *   node --import tsx scripts/seed-stats.ts scenarios/fig4g-cnt-free-3V.json [--events 200000] [--seeds 8] [--first 1] [--set key=value …]
 */
import { loadScenario } from "../src/scenario/load.ts";
import { Simulation } from "../src/run/simulate.ts";
import { morphology } from "../src/run/observe.ts";
import { LI } from "../src/model/species.ts";
import { takeAll, takeOption } from "./args.ts";

const args = process.argv.slice(2);
const sets = takeAll(args, "--set");
const events = Number(takeOption(args, "--events") ?? 200_000);
const seeds = Number(takeOption(args, "--seeds") ?? 8);
const first = Number(takeOption(args, "--first") ?? 1);
const file = args[0];

const rows: Record<string, number>[] = [];
for (let seed = first; seed < first + seeds; seed++) {
  const sim = new Simulation(loadScenario(file, [...sets, `run.maxEvents=${events}`]), seed);
  while (!sim.step()) {
    /* run */
  }
  const m = sim.model;
  const mo = morphology(m, sim.built.surfaceLayer, sim.built.a);
  let li = 0;
  for (let s = 0; s < m.N; s++) if (m.spec[s] === LI) li++;
  let live = 0;
  for (let b = 0; b < m.bodies.used; b++) if (m.bodies.isLive(b) && m.bodies.size[b] > 0) live++;
  const c = m.counters;
  const row = {
    seed,
    events: sim.solver.events,
    time_us: sim.solver.time * 1e6,
    height_nm: mo.height * 1e9,
    extent_nm: mo.lateralExtent * 1e9,
    liSites: li,
    bodies: live,
    hopsSurface: c.hops[1],
    hopsInterface: c.hops[2],
    hopsCollector: c.hops[3],
    redox: c.filled + c.inserted + c.oxidised + c.extracted,
    rootMoves: c.rootMoves,
  };
  rows.push(row);
  console.log(JSON.stringify(row));
}
const keys = Object.keys(rows[0]).filter((k) => k !== "seed");
const summary: Record<string, string> = {};
for (const k of keys) {
  const v = rows.map((r) => r[k]);
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, v.length - 1));
  summary[k] = `${mean.toPrecision(5)} ± ${(sd / Math.sqrt(v.length)).toPrecision(2)}`;
}
console.log(JSON.stringify({ file, events, seeds, first, sets, summary }));
