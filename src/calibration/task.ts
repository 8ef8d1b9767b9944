/**
 * One unit of the coarse-graining measurement, run on a worker thread (worker.mjs) or in process:
 * a pilot relaxation, a seeded relaxation on a time grid, an interface measurement, or one
 * equivalence run. Self-contained and deterministic in its inputs.
 */
import { pilotTime, relax, type ProfileSpec } from "./profile.ts";
import { measureInterface, type InterfaceSpec } from "./interface.ts";
import { runEquivalence, TooLong, type EquivalenceTask } from "./equivalence.ts";
import type { PathName } from "../model/params.ts";

export type CalibrationTask =
  | { kind: "pilot"; spec: ProfileSpecData; seed: number; maxEvents: number }
  | { kind: "relax"; spec: ProfileSpecData; seed: number; times: number[] }
  | { kind: "interface"; spec: InterfaceSpecData; seed: number; equilibrationEvents: number; blocks: number; blockEvents: number }
  | { kind: "equivalence"; task: EquivalenceTask };

/** Specs as plain data (structured-cloneable): factors instead of a tweak function. */
export type ProfileSpecData = Omit<ProfileSpec, "tweak"> & { factors?: Partial<Record<PathName, number>> };
export type InterfaceSpecData = Omit<InterfaceSpec, "tweak"> & { factors?: Partial<Record<PathName, number>> };

function withFactors<T extends { factors?: Partial<Record<PathName, number>> }>(spec: T) {
  const f = spec.factors;
  return { ...spec, tweak: f ? (p: { hops: Record<PathName, { prefactor: number }> }) => { for (const [k, v] of Object.entries(f)) p.hops[k as PathName].prefactor *= v as number; } : undefined };
}

export function runCalibrationTask(t: CalibrationTask): unknown {
  switch (t.kind) {
    case "pilot":
      return pilotTime(withFactors(t.spec), t.seed, 0.3, t.maxEvents);
    case "relax":
      return relax(withFactors(t.spec), t.seed, t.times);
    case "interface":
      return measureInterface(withFactors(t.spec), t.seed, t.equilibrationEvents, t.blocks, t.blockEvents);
    case "equivalence":
      try {
        return runEquivalence(t.task);
      } catch (e) {
        // past the event budget: reported as not run at this n
        if (e instanceof TooLong) return { ...t.task, value: Number.NaN, tooLong: e.message };
        throw e;
      }
  }
}
