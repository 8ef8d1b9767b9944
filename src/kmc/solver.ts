/**
 * Rejection-free kinetic Monte Carlo (BKL / n-fold way) over grouped rate indices.
 *
 * The solver knows nothing of the physics. An event catalogue owns G groups of events; group g has
 * a rate index over its leaves (lidep's 8-ary sum tree, see rate-index.ts) and
 * a scalar multiplier m_g (e.g. the Butler–Volmer factor of the
 * electrode potential, which scales every reduction rate at once without touching the leaves).
 * Each step: R = Σ m_g·total_g; t += −ln(u₁)/R; a group and a leaf are chosen in proportion to
 * their rates (u₂, 53 bits); the catalogue performs one event of that leaf (u₃ picks among the
 * leaf's own events) and, before returning, brings its trees and multipliers up to date.
 * A catalogue whose leaves bound the rates of their events instead (thinning) may return
 * NULL_EVENT: the selected event did not happen, and the clock's advance stays exact.
 */
import { setFlagsFromString } from "node:v8";
import type { RateIndex } from "./rate-index.ts";
import { Rng } from "./rng.ts";

/*
 * V8's inlining budget, raised for the hot loop. TurboFan inlines a callee only while its bytecode
 * is under --max-inlined-bytecode-size (460 by default) and the caller's inlined total under
 * --max-inlined-bytecode-size-cumulative (920). The solver loop's callees — the rate index's
 * `select` and `flush`, a catalogue's `perform` and its kernels — are over that, so each event
 * paid four calls, their argument checks and reloaded array fields. With the budget below the
 * whole event is compiled as one function (PERFORMANCE.md, item 2): the reference model ran
 * 5–8 % faster (two alternated series of 3 runs at 1,024,000 sites: 1.26–1.30 → 1.36 M events/s),
 * lidep's physics no slower. Flags are per process (worker threads share them) and read when a
 * function is optimised, so setting them here, when the engine is loaded and before any event
 * runs, covers every entry point (CLI, workers, benchmark).
 */
setFlagsFromString("--max-inlined-bytecode-size=2000");
setFlagsFromString("--max-inlined-bytecode-size-cumulative=5000");

export interface EventCatalogue {
  /** One rate index per group (see rate-index.ts). */
  readonly trees: readonly RateIndex[];
  /** One multiplier per group (same length as trees). */
  readonly multipliers: Float64Array;
  /**
   * Performs one event of `leaf` in `group`; `u` is uniform in [0, 1). Returns 0 to continue, or
   * a positive stop code defined by the catalogue.
   */
  perform(group: number, leaf: number, u: number, time: number): number;
}

export const STOP_NONE = 0;
/** No event has a positive rate. */
export const STOP_NO_EVENTS = -1;
export const STOP_TIME = -2;
export const STOP_EVENTS = -3;
/**
 * Returned by `perform` for a null event: the catalogue's leaf was a bound on the rate (thinning)
 * and the draw fell in the gap, so nothing happened. The clock has advanced — thinning a Poisson
 * process of rate R̄ ≥ R by accepting each event with its rate over its bound is that process of
 * rate R, exactly — but no event is counted (`nullEvents` counts these).
 */
export const NULL_EVENT = -4;

export class Solver {
  time = 0;
  events = 0;
  /** Selections the catalogue rejected (NULL_EVENT): the clock advanced, nothing changed. */
  nullEvents = 0;
  /** Total rate at the last step (1/s). */
  lastTotalRate = 0;
  /**
   * The time of the next event when a `run` stopped at `untilTime` before it (NaN when there is
   * none). Its waiting time was drawn from the random stream already, so the next `run` performs
   * that event at this time without drawing again: stopping to observe never changes the
   * trajectory. Observing changes no state, so the rates the time was drawn from still hold.
   * Saved and restored with checkpoints.
   */
  pendingTime = Number.NaN;

  constructor(
    readonly catalogue: EventCatalogue,
    readonly rng: Rng,
  ) {}

  /** Total rate of all events now. */
  totalRate(): number {
    const { trees, multipliers } = this.catalogue;
    let R = 0;
    for (let g = 0; g < trees.length; g++) R += multipliers[g] * trees[g].total();
    return R;
  }

  /**
   * Runs until `maxEvents` more events have happened, the next event would pass `untilTime`, or
   * the catalogue stops. At `untilTime` the clock reads exactly `untilTime` and the next event's
   * time is kept (`pendingTime`): the state at `untilTime` is the state before the first event
   * after it, and the next call goes on with the very trajectory an uninterrupted run follows —
   * the same random numbers, drawn in the same order. Returns the stop code.
   *
   * A caller that changes the rates between calls (none does in lidep: sampling only reads) must
   * set `pendingTime = NaN` first; the next call then draws afresh, exact by memorylessness.
   */
  run(untilTime: number, maxEvents: number): number {
    return runLoop(this, this.catalogue, this.rng, untilTime, maxEvents);
  }
}

/*
 * A kept event time replaces the first draw of the next call. The test for it, one comparison of a
 * local double per event (NaN when none is kept), is the loop's only addition: a loop rotated to
 * draw at its bottom has no test at all but took TurboFan's inlining budget from the event's
 * kernels (the reference model's hop lost two inlined neighbour walks; --trace-turbo-inlining),
 * while this form inlines exactly what the loop without kept times did.
 */
function runLoop(solver: Solver, cat: EventCatalogue, rng: Rng, untilTime: number, maxEvents: number): number {
  const trees = cat.trees;
  const mult = cat.multipliers;
  const G = trees.length;
  let t = solver.time;
  let done = 0;
  let code = STOP_NONE;
  let lastR = solver.lastTotalRate;
  let pending = solver.pendingTime;
  let nulls = 0;
  while (done < maxEvents) {
    let R = 0;
    for (let g = 0; g < G; g++) R += mult[g] * trees[g].total();
    if (!(R > 0)) {
      code = STOP_NO_EVENTS;
      break;
    }
    let tNext: number;
    if (pending === pending) {
      // the kept time of an event drawn by an earlier call (NaN: none)
      tNext = pending;
      pending = Number.NaN;
    } else tNext = t + -Math.log(1 - rng.next()) / R;
    if (tNext > untilTime) {
      pending = tNext;
      t = untilTime;
      code = STOP_TIME;
      break;
    }
    t = tNext;
    let r = rng.double() * R;
    let g = 0;
    for (; g < G - 1; g++) {
      const w = mult[g] * trees[g].total();
      if (r < w) break;
      r -= w;
    }
    // skip empty trailing groups that round-off may have pointed at
    while (g > 0 && !(mult[g] * trees[g].total() > 0)) g--;
    const tree = trees[g];
    const leaf = tree.select(r / mult[g], rng);
    done++;
    lastR = R; // written to the solver once, after the loop: a double stored in an object field is boxed
    const c = cat.perform(g, leaf, rng.next(), t);
    if (c !== STOP_NONE) {
      if (c === NULL_EVENT) {
        done--;
        nulls++;
        continue;
      }
      code = c;
      break;
    }
  }
  solver.time = t;
  solver.events += done;
  solver.nullEvents += nulls;
  solver.lastTotalRate = lastR;
  solver.pendingTime = pending;
  if (code === STOP_NONE) code = STOP_EVENTS;
  return code;
}
