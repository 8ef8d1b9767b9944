/**
 * The worker side of the pool (piscina): one task = one simulation. It receives the resolved
 * scenario, the seed and the run directory, simulates, writes the run directory itself
 * (atomically) and returns the summary, plain JSON. The live model (`built`) never leaves the
 * worker, and nothing here depends on which worker runs the task: a run is a function of
 * (scenario, seed, version) only.
 */
import type { Scenario } from "../scenario/schema.ts";
import { simulate, type Summary } from "../run/simulate.ts";
import { writeRunDirectory } from "../run/outputs.ts";

export interface SimTask {
  /** Index of the simulation in its batch (for messages only; the seed is already derived). */
  index: number;
  scenario: Scenario;
  seed: number;
  /** The run directory to create (written whole, io/outdir.ts; an existing one only if empty). */
  dir: string;
}

export function runTask(t: SimTask): Summary {
  const result = simulate(t.scenario, { seed: t.seed });
  writeRunDirectory(t.dir, result);
  return result.summary;
}

export default runTask;
