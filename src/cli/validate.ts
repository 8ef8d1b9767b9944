/**
 * `lidep validate <scenario> [--set key=value ...]`: load the scenario, apply the overrides,
 * validate it and print the resolved document (every default and derived value made explicit) as
 * the run would use it. A mistake in the file or an override is a UserError (file, key, expected,
 * found), as with `lidep run`.
 */
import { loadScenario } from "../scenario/load.ts";
import { coarseGrainingWarning } from "../model/coarse-graining.ts";

/** The resolved document, and the warnings a run of it would print (an uncalibrated coarse-graining factor). */
export function validateScenario(file: string, overrides: string[] = []): string {
  const s = loadScenario(file, overrides);
  const w = coarseGrainingWarning(s.lattice.coarseGrain, s.temperature_K, s.lattice.calibratedTransport);
  if (w) process.stderr.write(w + "\n");
  return JSON.stringify(s, null, 2) + "\n";
}
