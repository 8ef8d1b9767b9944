/**
 * What connectivity upkeep costs per event on a fixed event window (issue 18, item 2): runs a
 * scenario (or the checkpoint `--from`, written by an earlier `--save`) to `--skip` events in all,
 * then times `--events` more in CPU time and prints events per CPU second, the SHA-256 of the
 * window's events (group, leaf, time: for bit-identity checks across versions) and, when the
 * model's Connectivity keeps them, its walk counters per event.
 *
 *   node --import tsx scripts/split-cost.ts scenarios/fig4g-full.json [--skip 0] [--events 200000]
 *        [--seed 1] [--save file] [--from file] [--set key=value …]
 */
import { readFileSync, writeFileSync } from "node:fs";
import { deserialize, serialize } from "node:v8";
import { loadScenario } from "../src/scenario/load.ts";
import { Simulation, type CheckpointState } from "../src/run/simulate.ts";
import { takeAll, takeOption } from "./args.ts";
import { hashEvents } from "./event-hash.ts";

const args = process.argv.slice(2);
const sets = takeAll(args, "--set");
const skip = Number(takeOption(args, "--skip") ?? 0);
const events = Number(takeOption(args, "--events") ?? 200_000);
const seed = Number(takeOption(args, "--seed") ?? 1);
const save = takeOption(args, "--save");
const from = takeOption(args, "--from");
const file = args[0];
const cpu = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
};

const scenario = loadScenario(file, [...sets, "run.maxEvents=100000000000"]);
const sim = new Simulation(scenario, seed, from ? (deserialize(readFileSync(from)) as CheckpointState) : undefined);
while (sim.solver.events < skip && !sim.step(Math.min(20_000, skip - sim.solver.events))) {
  /* advance */
}
if (save) writeFileSync(save, serialize(sim.save()));

const eventsHash = hashEvents(sim.solver.catalogue);
const conn = (sim.model as unknown as { conn: { stats?: Record<string, number> } }).conn;
const before = { ...(conn.stats ?? {}) };
const e0 = sim.solver.events;
const c0 = cpu();
let done = false;
while (!done && sim.solver.events - e0 < events) done = sim.step(Math.min(20_000, events - (sim.solver.events - e0)));
const c = cpu() - c0;
const n = sim.solver.events - e0;
const out: Record<string, unknown> = {
  file,
  seed,
  from: e0,
  events: n,
  cpuSeconds: +c.toFixed(3),
  eventsPerCpuSecond: Math.round(n / c),
  time_s: sim.solver.time,
  hash: eventsHash(),
  done: done ? sim.stopReason : null,
};
if (conn.stats) {
  const per: Record<string, number> = {};
  for (const [key, v] of Object.entries(conn.stats)) per[key] = +((v - (before[key] ?? 0)) / Math.max(1, n)).toPrecision(4);
  out.perEvent = per;
}
console.log(JSON.stringify(out));
