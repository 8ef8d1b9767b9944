/**
 * One home for the defaults (constants/materials.ts): a scenario that sets nothing gives exactly
 * the model's `defaultParams()` (what the tests and the benchmark build), number for number.
 */
import { describe, expect, it } from "vitest";
import { resolveScenario } from "../src/scenario/load.ts";
import { modelParams } from "../src/scenario/build.ts";
import { defaultInputs, defaultParams, type ParamInputs } from "../src/model/params.ts";

/** The leaves of `b` at the key paths of `a` (a's shape decides which keys are compared). */
function pick(a: unknown, b: unknown): unknown {
  if (a === null || typeof a !== "object" || Array.isArray(a)) return b; // an array (acceleration.paths) is a leaf
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(a)) out[k] = pick((a as Record<string, unknown>)[k], (b as Record<string, unknown> | undefined)?.[k]);
  return out;
}

describe("defaults", () => {
  it("the schema's defaults are the model's default inputs, and give defaultParams() exactly", () => {
    const resolved = resolveScenario({});
    const inputs: ParamInputs = defaultInputs();
    // every default input, as the schema resolves it (hop barriers derived from the diffusivities)
    expect(pick(inputs, resolved)).toEqual(inputs);
    // and the SI parameters, bit for bit (toEqual compares numbers with Object.is)
    expect(modelParams(resolved)).toEqual(defaultParams());
  });
});
