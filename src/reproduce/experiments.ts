/**
 * The simulations behind `lidep reproduce`: the paper's experiments (scenarios/*.json) and the
 * diffusion-path hypothesis runs of Fig. 2d. `--quick` runs each with fewer events.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const SCENARIO_DIR = fileURLToPath(new URL("../../scenarios/", import.meta.url));

export interface Experiment {
  /** Run directory name. */
  name: string;
  scenario: string;
  overrides: string[];
  seed: number;
}

const base: [string, string[]][] = [
  ["fig1-cu-rigid-0.2V", []],
  ["fig2-w-spring-0.2V", []],
  ["cnt-free-0.2mA", []],
  ["cnt-free-4mA", []],
  ["fig3-cu-rigid-3V", []],
  ["fig4g-cnt-free-3V", []],
  ["fig4i-acnt-host", []],
  ["fem-confined-2A", []],
  ["fem-confined-3A", []],
  ["fem-confined-4A", []],
  ["fem-rigid-top-4mA", []],
  ["hot-li-rigid-3V", []],
];

/** Fig. 2d: the W-tip case with one diffusion path slowed 100× at a time. */
export const PATH_HYPOTHESES = ["bulk", "surface", "interface"] as const;

/** Events per simulation in quick mode. */
export const QUICK_EVENTS = 120_000;

export function experiments(quick: boolean, quickEvents = QUICK_EVENTS): Experiment[] {
  const q = quick ? [`run.maxEvents=${quickEvents}`] : [];
  const list: Experiment[] = base.map(([name, o]) => ({ name, scenario: join(SCENARIO_DIR, `${name}.json`), overrides: [...o, ...q], seed: 1 }));
  const fig2 = join(SCENARIO_DIR, "fig2-w-spring-0.2V.json");
  const slow: Record<string, number> = { bulk: 1, surface: 1e-2, interface: 1e-1 }; // fig2's own factors
  for (const path of PATH_HYPOTHESES) {
    list.push({ name: `fig2-slow-${path}`, scenario: fig2, overrides: [`hops.${path}.rateFactor=${slow[path] / 100}`, ...q], seed: 1 });
  }
  return list;
}
