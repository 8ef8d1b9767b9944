// Investigation (walls test, first event): the first event at which a brute-force scan finds a
// cluster (≥ WALL_MIN_BODY_SITES) on a wall, and what walls.ts looked at in that event.
import { readFileSync } from "node:fs";
import { resolveScenario } from "../src/scenario/load.ts";
import { Simulation } from "../src/run/simulate.ts";
import { WALL_MIN_BODY_SITES } from "../src/model/lidep/walls.ts";
import { LI } from "../src/model/species.ts";

const doc = JSON.parse(readFileSync(new URL("../scenarios/default.json", import.meta.url), "utf8"));
doc.lattice = { ...doc.lattice, size_nm: [24, 2.8, 10] };
doc.run = { ...doc.run, stopAtWall: false, maxTime_s: 1, maxEvents: 150_000 };
const sim = new Simulation(resolveScenario(doc), 1);
const m = sim.model as any;
const st = m.st;
const top = st.topLimitLayer;
let lastChanged: number[] = [];
const wallsStep = m.afterEvent.find((x: any) => x.name === "walls");
const orig = wallsStep.run;
wallsStep.run = () => {
  lastChanged = [];
  for (let i = 0; i < st.nchangedSites; i++) lastChanged.push(st.changedSite(i));
  orig();
};
const wallLi = (): number[] => {
  const out: number[] = [];
  for (let s = 0; s < m.N; s++) if (m.spec[s] === LI && m.lat.layerOf(s) > top) out.push(s);
  return out;
};
let prevWall: number[] = [];
let prevSizes = new Map<number, number>();
while (!sim.step(1)) {
  const w = wallLi();
  const hit = w.filter((s) => m.bodies.size[m.body[s]] >= WALL_MIN_BODY_SITES);
  if (hit.length > 0) {
    const s = hit[0];
    console.log("event", sim.solver.events, "time", sim.solver.time, "topLimitLayer", top, "layers", m.lat.nz ?? "?");
    console.log("wall Li now:", w.map((x) => `${x}(L${m.lat.layerOf(x)},body ${m.body[x]} size ${m.bodies.size[m.body[x]]})`).join(" "));
    console.log("wall Li before:", prevWall.map((x) => `${x}(L${m.lat.layerOf(x)} size ${prevSizes.get(x)})`).join(" "));
    console.log("changed this event:", lastChanged.map((x) => `${x}(L${m.lat.layerOf(x)} spec ${m.spec[x]} body ${m.body[x]} size ${m.spec[x] === LI ? m.bodies.size[m.body[x]] : "-"})`).join(" "));
    console.log("walls.reached", m.walls.reached, "counters.topBlocked", st.counters.topBlocked);
    break;
  }
  prevWall = w;
  prevSizes = new Map(w.map((x) => [x, m.bodies.size[m.body[x]]]));
}
