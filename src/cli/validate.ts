/**
 * `lidep validate <scenario> [--set key=value ...]`: load the scenario, apply the overrides,
 * validate it and print the resolved document (every default and derived value made explicit) as
 * the run would use it. A mistake in the file or an override is a UserError (file, key, expected,
 * found), as with `lidep run`.
 */
import { loadScenario } from "../scenario/load.ts";

export function validateScenario(file: string, overrides: string[] = []): string {
  return JSON.stringify(loadScenario(file, overrides), null, 2) + "\n";
}
