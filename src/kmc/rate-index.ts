/**
 * What the solver needs from a structure that holds one rate per leaf: set a leaf, know the total,
 * and pick a leaf with probability rate/total. Two implementations, chosen by the catalogue:
 *
 * - `SumTree` (sumtree.ts): a binary sum tree, O(log N) per update and per selection; its state is
 *   a pure function of the leaf rates, so a checkpoint needs only the rates.
 * - `CompositionRejection` (composition-rejection.ts): leaves grouped by the binary exponent of
 *   their rate, the group chosen by its exact sum and a member by rejection (acceptance ≥ ½);
 *   O(1) per update and expected O(1) per selection.
 */
import type { Rng } from "./rng.ts";

export interface RateIndex {
  /** Number of leaves. */
  readonly n: number;
  /** Total rate over all leaves (after `flush`). */
  total(): number;
  /** Rate of leaf i. */
  get(i: number): number;
  /** Sets the rate of leaf i (finite, ≥ 0); call `flush` before the next selection. */
  set(i: number, v: number): void;
  /** Applies pending updates. */
  flush(): void;
  /**
   * A leaf with probability rate/total: `r` is uniform in [0, total()); the structure may draw
   * more uniforms from `rng`. Never returns a leaf of rate 0 while total() > 0.
   */
  select(r: number, rng: Rng): number;
  /** Bytes held by the structure's arrays. */
  readonly bytes: number;
}
