/**
 * Where default's Li goes at each n (issue 17's check of `npm start`'s scattered one-site blocks on
 * the Cu probe): runs a scenario at the given n (calibrated transport, its own geometry) over seeds
 * to a window, and prints at each checkpoint time the Li sites, the sites in one-site bodies
 * (those touching the collector among them), the sites outside the largest body, and the same as
 * a fraction of the Li's atoms (a site is n³ atoms), with the hop mix by path.
 *
 *   node --import tsx scripts/collector-adatoms.ts scenarios/default.json --n 2,4 --seeds 3 --times 1e-4,1e-3 [--set key=value …]
 */
import { applyOverrides, loadScenario, resolveScenario } from "../src/scenario/load.ts";
import { Simulation } from "../src/run/simulate.ts";
import { CC_MASK, LI } from "../src/model/species.ts";
import { takeAll, takeOption } from "./args.ts";

const args = process.argv.slice(2);
const sets: string[] = [];
const opt = (k: string) => takeOption(args, k);
sets.push(...takeAll(args, "--set"));
const ns = (opt("--n") ?? "2,4").split(",").map(Number);
const seeds = Number(opt("--seeds") ?? 3);
const times = (opt("--times") ?? "1e-4").split(",").map(Number).sort((a, b) => a - b);
const file = args[0];
const base = loadScenario(file, sets);

console.log("| n | seed | t (s) | events | Li sites | one-site bodies (on the CC) | Li sites outside the largest body | fraction of Li atoms outside it | height (nm) | hops surface / interface / collector (%) |");
console.log("|---|---|---|---|---|---|---|---|---|---|");
for (const n of ns) {
  const s = resolveScenario(applyOverrides(base, [`lattice.coarseGrain=${n}`, `run.maxTime_s=${times[times.length - 1]}`, "run.maxEvents=2000000000", "run.stopAtWall=false"], file), file);
  for (let seed = 1; seed <= seeds; seed++) {
    const sim = new Simulation(s, seed);
    const m = sim.model;
    const cnt = (m as unknown as { st: { cnt: Uint32Array } }).st.cnt;
    let k = 0, done = false;
    while (k < times.length) {
      done = sim.step(1000);
      while (k < times.length && (sim.solver.time >= times[k] || done)) {
        let li = 0, ones = 0, onesCC = 0, largest = 0;
        for (let i = 0; i < m.N; i++) {
          if (m.spec[i] !== LI) continue;
          li++;
          if (m.bodies.size[m.body[i]] === 1) {
            ones++;
            if ((cnt[i] & CC_MASK) !== 0) onesCC++;
          }
        }
        for (let b = 0; b < m.bodies.used; b++) largest = Math.max(largest, m.bodies.size[b]);
        const h = sim.result().summary.hops;
        const nh = h.surface + h.interface + h.collector + h.bulk || 1;
        const pc = (x: number) => ((100 * x) / nh).toFixed(0);
        console.log(`| ${n} | ${seed} | ${sim.solver.time.toExponential(2)} | ${sim.solver.events} | ${li} | ${ones} (${onesCC}) | ${li - largest} | ${((li - largest) / li).toFixed(3)} | ${sim.result().summary.finalHeight_nm.toFixed(1)} | ${pc(h.surface)} / ${pc(h.interface)} / ${pc(h.collector)} |`);
        k++;
      }
      if (done) break;
    }
  }
}
