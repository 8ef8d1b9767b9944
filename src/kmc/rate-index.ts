/**
 * What the solver needs from a structure that holds one rate per leaf: set a leaf, know the total,
 * and pick a leaf with probability rate/total. lidep's is `SumTree` (sumtree.ts, an 8-ary sum
 * tree whose nodes are a pure function of the leaf rates, so a checkpoint needs only the rates);
 * the solver sees only this interface, so another scheme (composition–rejection, say) can be
 * given to a catalogue without touching the solver. `select` may draw extra uniforms from the
 * run's stream (a rejection scheme would).
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
