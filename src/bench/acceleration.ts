/**
 * The bench's acceleration rows (issue 17, item 5): a paper scenario run with and without
 * acceleration for a fixed event budget after a warm-up, in a fresh process each: events per
 * simulated second (what acceleration removes) and simulated seconds per CPU second (what a user
 * gains). `measure.ts scenario <file> <0|1> <events>`.
 */
import { loadScenario, resolveScenario } from "../scenario/load.ts";
import { Simulation } from "../run/simulate.ts";

export interface ScenarioMeasurement {
  workload: "scenario";
  scenario: string;
  accelerated: boolean;
  events: number;
  simulated_s: number;
  cpu_s: number;
  eventsPerSimSecond: number;
  simSecondsPerCpuSecond: number;
  scaledPairs: number;
}

/** The scenario's `--set`s of the rows: fig4g without its hand-set surface/collector factors (the whisker growing). */
export const SCENARIO_ROWS: { name: string; file: string; set: string[] }[] = [
  { name: "default", file: "scenarios/default.json", set: [] },
  { name: "fig1", file: "scenarios/fig1-cu-rigid-0.2V.json", set: [] },
  { name: "fig4g", file: "scenarios/fig4g-cnt-free-3V.json", set: ["hops.surface.rateFactor=1", "hops.collector.rateFactor=1"] },
];

export function measureScenario(name: string, accelerate: boolean, events: number): ScenarioMeasurement {
  const row = SCENARIO_ROWS.find((r) => r.name === name)!;
  const s0 = loadScenario(row.file, row.set);
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
  return { workload: "scenario", scenario: name, accelerated: accelerate, events: de, simulated_s: dt, cpu_s: cpu, eventsPerSimSecond: de / dt, simSecondsPerCpuSecond: dt / cpu, scaledPairs: sim.model.accel.scaledPairsNow() };
}
