/** Equivalence runs (filled in below). */
export interface EquivalenceTask { observable: string; n: number; seed: number }
export function runEquivalence(t: EquivalenceTask): unknown {
  return t;
}
