/**
 * The simulations behind `lidep reproduce`: every scenario the reference entries name, plus the
 * Fig. 2d hypothesis runs (the W-tip case with one diffusion path slowed 100× at a time), each
 * over seeds 1 … N. `--quick` caps each run's events. Full mode leaves out the entries marked
 * `long` (paper-size scenarios beyond its ~30 minutes on 2 workers) unless `--long`.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runSpec, type Reference, type RunSpec } from "./reference.ts";
import { loadSweep } from "../parallel/sweepfile.ts";
import { BOLTZMANN_J_PER_K, EV_J, ROOM_TEMPERATURE_K } from "../constants/physical.ts";

export const SCENARIO_DIR = fileURLToPath(new URL("../../scenarios/", import.meta.url));

export interface Experiment {
  /** Scenario name (the run directory is `<name>/seed=<seed>`). */
  name: string;
  scenario: string;
  overrides: string[];
  seed: number;
  /** `--quick`'s event cap, when it is among the overrides (the last one). */
  quickCap?: number;
}

/**
 * Fig. 2d: the paths slowed in turn, and the factor (100×) relative to the scenario's own — by
 * raising the path's barrier by kT_ref·ln 100, i.e. a 100× lower physical D at 25 °C (the Fig. 2d
 * knob, which slows the path's hops and, on the interface, its creep together), not by a
 * rateFactor, which the relief-carrying paths refuse below 1.
 */
export const PATH_HYPOTHESES = ["bulk", "surface", "interface"] as const;
export const HYPOTHESIS_SLOWING = 100;
export const FIG2 = "fig2-w-spring-0.2V";

/** Events per simulation in quick mode. */
export const QUICK_EVENTS = 120_000;

export function slowedName(path: string): string {
  return `fig2-slow-${path}`;
}

/**
 * The run sets the entries need (scenario and variant), in the order they first appear; a `long`
 * entry's (a paper-size scenario) only when `long` is asked for.
 */
export function runSpecs(ref: Reference, long = true): RunSpec[] {
  const out: RunSpec[] = [];
  for (const e of ref.entries) {
    if ((e.long && !long) || e.law) continue;
    for (const r of [runSpec(e, "run"), runSpec(e, "reference")]) if (r && !out.some((o) => o.name === r.name)) out.push(r);
  }
  return out;
}

/**
 * The runs: each needed scenario × seeds, then the Fig. 2d hypotheses when an entry asks for
 * them. `barriers` are the fig2 scenario's own path barriers (eV; the slowed run adds
 * kT_ref·ln 100 to one of them).
 */
export function experiments(ref: Reference, seeds: number[], quick: boolean, barriers: Record<string, number>, quickEvents = QUICK_EVENTS, long = false): Experiment[] {
  const slow = (BOLTZMANN_J_PER_K * ROOM_TEMPERATURE_K * Math.log(HYPOTHESIS_SLOWING)) / EV_J;
  const q = quick ? [`run.maxEvents=${quickEvents}`] : [];
  const list: Experiment[] = [];
  const cap = quick ? { quickCap: quickEvents } : {};
  // --quick runs the long (paper-size) scenarios too, at its event cap: a smoke check of their chain
  for (const r of runSpecs(ref, quick || long)) for (const seed of seeds) list.push({ name: r.name, scenario: join(SCENARIO_DIR, `${r.scenario}.json`), overrides: [...r.overrides, ...q], seed, ...cap });
  // the law entries' sweeps (issue 19, item 4): every run of each sweep file, on the sweep's own
  // seeds, only in full mode with --long (never --quick: a capped window reads no crossover)
  if (long && !quick) for (const x of lawExperiments(ref)) if (!list.some((o) => o.name === x.name && o.seed === x.seed)) list.push(x);
  if (ref.entries.some((e) => e.observable === "mostLimitingPath")) {
    for (const path of PATH_HYPOTHESES) {
      for (const seed of seeds) {
        list.push({
          name: slowedName(path),
          scenario: join(SCENARIO_DIR, `${FIG2}.json`),
          overrides: [`hops.${path}.barrier_eV=${(barriers[path] ?? 0) + slow}`, ...q],
          seed,
          ...cap,
        });
      }
    }
  }
  return list;
}

export const SWEEP_DIR = join(SCENARIO_DIR, "sweeps");

/** The run name of one point of a law entry's sweep: `law-<sweep>/<partition>`. */
export function lawRunName(sweep: string, partition: string): string {
  return `law-${sweep}/${partition}`;
}

/** Every run of every sweep the law entries name, once (each point × the sweep's seeds). */
export function lawExperiments(ref: Reference): Experiment[] {
  const out: Experiment[] = [];
  const names = [...new Set(ref.entries.flatMap((e) => e.law?.sweeps ?? []))];
  for (const name of names) {
    const sw = loadSweep(join(SWEEP_DIR, `${name}.json`));
    const base = Object.entries(sw.doc.overrides).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
    for (const p of sw.points) {
      const grid = Object.entries(p.values).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
      for (const seed of sw.doc.seeds) out.push({ name: lawRunName(name, p.partition), scenario: sw.scenarioFile, overrides: [...base, ...grid], seed });
    }
  }
  return out;
}
