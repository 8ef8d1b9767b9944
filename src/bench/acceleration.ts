/**
 * The bench's acceleration rows (issue 17, item 5): a paper scenario run with and without
 * acceleration for a fixed event budget after a warm-up, in a fresh process each: events per
 * simulated second (what acceleration removes) and simulated seconds per CPU second (what a user
 * gains). `measure.ts accel <name> <events> <0|1>`. default and the fig4g whisker are the pinned
 * workloads of scenarios.ts (the whisker without its hand-set surface factor, which acceleration
 * is to replace); fig1 the shipped file.
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadScenario, resolveScenario } from "../scenario/load.ts";
import { Simulation } from "../run/simulate.ts";
import { checkPinned, SCENARIO_WORKLOADS } from "./scenarios.ts";

export interface AccelMeasurement {
  workload: "accel";
  scenario: string;
  accelerated: boolean;
  events: number;
  simulated_s: number;
  cpu_s: number;
  eventsPerSimSecond: number;
  simSecondsPerCpuSecond: number;
  scaledPairs: number;
}

const W = SCENARIO_WORKLOADS;
/** The rows: default and the fig4g whisker as pinned in scenarios.ts (the whisker without its hand-set surface factor), fig1 as shipped. */
export const ACCEL_ROWS: { name: string; file: string; set: string[]; pin?: string }[] = [
  { name: "default", file: W.default.file, set: W.default.overrides, pin: "default" },
  { name: "fig1", file: "scenarios/fig1-cu-rigid-0.2V.json", set: [] },
  { name: "fig4g", file: W["fig4g-whisker"].file, set: [...W["fig4g-whisker"].overrides, "hops.surface.rateFactor=1"], pin: "fig4g-whisker" },
];

export function measureAccel(name: string, accelerate: boolean, events: number): AccelMeasurement {
  const row = ACCEL_ROWS.find((r) => r.name === name)!;
  const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
  if (row.pin) checkPinned(row.pin, W[row.pin], root);
  const s0 = loadScenario(join(root, row.file), row.set);
  const s = resolveScenario({ ...s0, acceleration: { ...s0.acceleration, enabled: accelerate }, run: { ...s0.run, maxTime_s: 1e6, maxEvents: events * 2, samples: 2, snapshots: 1 } });
  const sim = new Simulation(s, 1);
  // warm-up: the first half of the budget (JIT, initial transient, the controller's first windows)
  while (sim.solver.events < events && !sim.step(10_000)) {
    /* run */
  }
  const t0 = sim.solver.time, e0 = sim.solver.events;
  const c0 = process.cpuUsage();
  while (!sim.step(10_000)) {
    /* run */
  }
  const cu = process.cpuUsage(c0);
  const cpu = (cu.user + cu.system) / 1e6;
  const dt = sim.solver.time - t0, de = sim.solver.events - e0;
  return { workload: "accel", scenario: name, accelerated: accelerate, events: de, simulated_s: dt, cpu_s: cpu, eventsPerSimSecond: de / dt, simSecondsPerCpuSecond: dt / cpu, scaledPairs: sim.model.accel.scaledPairsNow() };
}
