/**
 * What a growing whisker costs as it grows (issue 19, item 3: fig4g-full): runs a scenario file for
 * a bounded CPU budget and prints, every `--every` CPU seconds, the CPU seconds, events, simulated
 * time, the main body's height and lateral extent, and the events per simulated second and per CPU
 * second over the interval, with the interval's event mix (hops by path, root-growth moves).
 * Stops at the scenario's own end or at `--cpu` CPU seconds, whichever comes first: an
 * extrapolation of the rest is the reader's, from the rows.
 *
 *   node --import tsx scripts/whisker-cost.ts scenarios/fig4g-full.json [--cpu 300] [--every 30] [--seed 1] [--set key=value …]
 */
import { loadScenario } from "../src/scenario/load.ts";
import { Simulation } from "../src/run/simulate.ts";
import { morphology } from "../src/run/observe.ts";

const args = process.argv.slice(2);
const sets: string[] = [];
const opt = (k: string, d: string) => {
  const i = args.indexOf(k);
  return i >= 0 ? args[i + 1] : d;
};
for (let i = 0; i < args.length; i++) if (args[i] === "--set") sets.push(args[i + 1]);
const file = args[0];
const budget = Number(opt("--cpu", "300"));
const every = Number(opt("--every", "30"));
const seed = Number(opt("--seed", "1"));
const cpu = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
};
const c0 = cpu();
const sim = new Simulation(loadScenario(file, sets), seed);
const setup = cpu() - c0;
const m = sim.model;
const nm = (x: number) => (x * 1e9).toFixed(1);
console.log(`# ${file} seed ${seed} ${sets.join(" ")}: ${m.N} sites, set-up ${setup.toFixed(1)} CPU s`);
console.log("| CPU s | events | simulated s | height nm | extent nm | events/sim-s (interval) | events/CPU-s (interval) | surface | interface | collector | bulk | redox | root moves |");
console.log("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
let last = { c: cpu(), e: 0, t: 0, h: Array.from(m.counters.hops), r: 0, root: 0 };
const redox = () => m.counters.filled + m.counters.inserted + m.counters.oxidised + m.counters.extracted;
const row = () => {
  const c = cpu(), e = sim.solver.events, t = sim.solver.time;
  const mo = morphology(m, sim.built.surfaceLayer, sim.built.a);
  const h = Array.from(m.counters.hops);
  const d = (i: number) => h[i] - last.h[i];
  console.log(`| ${(c - c0 - setup).toFixed(0)} | ${e} | ${t.toExponential(3)} | ${nm(mo.height)} | ${nm(mo.lateralExtent)} | ${((e - last.e) / (t - last.t)).toExponential(2)} | ${Math.round((e - last.e) / (c - last.c))} | ${d(1)} | ${d(2)} | ${d(3)} | ${d(0)} | ${redox() - last.r} | ${m.counters.rootMoves - last.root} |`);
  last = { c, e, t, h, r: redox(), root: m.counters.rootMoves };
};
let next = cpu() + every;
let done = false;
while (!done && cpu() - c0 - setup < budget) {
  done = sim.step(20_000);
  if (cpu() >= next) {
    row();
    next = cpu() + every;
  }
}
row();
console.log(`# stop: ${done ? sim.stopReason : "CPU budget"} at ${sim.solver.time.toExponential(3)} s, ${sim.solver.events} events, ${(cpu() - c0 - setup).toFixed(0)} CPU s${m.crack ? ", cracked" : ""}`);
