/**
 * Where a scenario's Li is against the walls of its box (issue 19, item 1), and what a window
 * costs (item 2): runs each scenario file for seed 1 — its own window, or `--events N` events —
 * and prints one markdown row per file: why it stopped (sideWall / topOfBox: Li reached a wall,
 * walls.ts), when its LLZO cracked, when Li reached a wall, the closest approach to each closed
 * side and to the top at the end of Li in a cluster (a body of at least WALL_MIN_BODY_SITES sites,
 * as walls.ts counts a contact: lone adatoms wander), in nm ("periodic" for an open side),
 * events, simulated time, CPU seconds, events per CPU second and the model's bytes per site (its typed arrays and trees, `LidepModel.bytes`) with the
 * process's peak RSS.
 *
 *   node --import tsx scripts/box-margins.ts scenarios/fig1-cu-rigid-0.2V.json … [--events N] [--seed S] [--no-stop]
 *
 * `--no-stop` sets run.stopAtWall = false: the run goes on past a contact, which is still listed.
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { resolveScenario } from "../src/scenario/load.ts";
import { Simulation } from "../src/run/simulate.ts";
import { LI } from "../src/model/species.ts";
import { WALL_MIN_BODY_SITES } from "../src/model/lidep/walls.ts";
import { takeOption } from "./args.ts";

const args = process.argv.slice(2);
const opt = (k: string) => takeOption(args, k);
const events = opt("--events");
const seed = Number(opt("--seed") ?? 1);
const noStop = args.includes("--no-stop");
const files = args.filter((a) => !a.startsWith("--"));
const cpu = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
};
const f = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : "—");

console.log("| scenario | sites | box (nm) | stop | crack (t) | wall (t) | margin x0 / x1 / y0 / y1 / top (nm) | events | simulated | CPU s | events/CPU-s | B/site (arrays) | peak RSS (MB) |");
console.log("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
for (const file of files) {
  const doc = JSON.parse(readFileSync(file, "utf8"));
  doc.run = { ...(doc.run ?? {}), ...(events ? { maxEvents: Number(events), maxTime_s: 1e3 } : {}), ...(noStop ? { stopAtWall: false } : {}) };
  const s = resolveScenario(doc, file);
  const c0 = cpu();
  const sim = new Simulation(s, seed);
  const setup = cpu() - c0;
  let last = Date.now();
  while (!sim.step(20_000)) {
    if (Date.now() - last > 30_000) {
      last = Date.now();
      process.stderr.write(`${basename(file)}: ${sim.solver.events} events, t = ${sim.solver.time.toExponential(3)} s\n`);
    }
  }
  const run = cpu() - c0 - setup;
  const m = sim.model;
  const lat = m.lat;
  const a = sim.built.a * 1e9;
  // the Li's extremes at the end, in cells from each side, and layers from the top limit
  let x0 = Infinity, x1 = Infinity, y0 = Infinity, y1 = Infinity, top = Infinity;
  for (let i = 0; i < m.N; i++) {
    if (m.spec[i] !== LI || m.bodies.size[m.body[i]] < WALL_MIN_BODY_SITES) continue;
    const x = lat.xOf(i), y = lat.yOf(i), L = lat.layerOf(i);
    x0 = Math.min(x0, x); x1 = Math.min(x1, lat.nx - 1 - x);
    y0 = Math.min(y0, y); y1 = Math.min(y1, lat.ny - 1 - y);
    top = Math.min(top, m.st.topLimitLayer - L);
  }
  const side = (v: number, periodic: boolean) => (periodic ? "periodic" : f(v * a));
  const w = m.walls.reached;
  const wall = w ? `${["x0", "x1", "y0", "y1", "top"][w.wall]} (${w.time.toExponential(2)} s)` : "none";
  const [sx, sy, sz] = s.lattice.size_nm;
  console.log(
    `| ${basename(file, ".json")} | ${lat.sites.toExponential(2)} | ${sx} × ${sy} × ${sz} | ${sim.stopReason} | ${m.crack ? `${m.crack.time.toExponential(2)} s` : "none"} | ${wall} | ${side(x0, lat.periodicX)} / ${side(x1, lat.periodicX)} / ${side(y0, lat.periodicY)} / ${side(y1, lat.periodicY)} / ${f((top * a) / 2)} | ${sim.solver.events} | ${sim.solver.time.toExponential(3)} s | ${f(run)} (+${f(setup)} set-up) | ${Math.round(sim.solver.events / run)} | ${f(m.bytes / lat.sites)} | ${f(process.resourceUsage().maxRSS / 1024, 0)} |`,
  );
}
