/**
 * Acceleration of fast, quasi-equilibrated Li0 hops (issue 17): the hop classes, their scaling
 * factors and the controller that chooses them on the fly.
 *
 * Scheme: adaptive scaling of quasi-equilibrated fast processes — Dybeck, Plaisance & Neurock,
 * J. Chem. Theory Comput. 13, 1525 (2017), in the lattice form with lateral interactions of
 * Andersen, Plaisance & Reuter, J. Chem. Phys. 147, 152705 (2017), where a "process" is an
 * elementary move classified by its local environment. Chosen over Fichthorn & Lin's exact local
 * superbasin KMC (J. Chem. Phys. 138, 164104 (2013)) because (a) one factor per class multiplies
 * the class's rate constant in the kernel, with no change to the event list; (b) it also thins
 * flicker that is not a strict two-site basin (an atom rattling among three or four sites at a
 * kink); (c) measured on main's scenarios (scripts/flicker.ts, REPORT-i17.md on the branch), the
 * exact two-site basin would gain little: clean A → B → A runs are short (1.1–3 returns before the
 * surroundings change), so removing the surface's runs exactly would give ≤ 1.26× fewer events on
 * default formed on detection (≤ 1.77× with perfect foresight) and ≈ 1.0× on fig1 and the fig4g
 * whisker; (d) its error is checked, not assumed: `lidep converge`.
 *
 * Classes. A hop s → t is of class (path, n_s, n_t): its path (hops.ts) and the Li first- and
 * second-neighbour counts of its start and end with the mover removed (hop-classes.ts: the Li–Li
 * part of each end's bond sum; the LLZO and CC bonds enter through the path). The reverse hop
 * t → s has class (path, n_t, n_s): the path is symmetric, and the counts swap. A class and its reverse form a *pair*, scaled by
 * one factor α ≤ 1, so k'(s→t)/k'(t→s) = k(s→t)/k(t→s) = exp(−ΔE/kT_n): detailed balance with
 * respect to the same energy holds, and the equilibrium distribution is unchanged.
 *
 * Which pairs may be scaled:
 *  - only hops on the paths listed in the scenario (`acceleration.paths`, surface and/or bulk).
 *    Interface and collector hops carry diffusional creep's relief (MODEL.md §2.3) and are never
 *    scaled; creep itself is its own event group and is never touched;
 *  - never a self-reverse class (n_s = n_t): its forward and backward counts are the same
 *    number, so the balance test says nothing (terrace diffusion passes it trivially), yet it
 *    carries the surface's mass transport — scaling it would lower B (issue 17's trap);
 *  - a pair is quasi-equilibrated in a window of W events when it ran at least N_e times and
 *    |n_f − n_b|/(n_f + n_b) ≤ δ (Dybeck et al.'s criterion).
 *
 * Factors. At the end of each window, with S the window's slow events (every event that is not a
 * hop: reduction, oxidation, insertion, extraction, relief — the events that change the amount
 * of Li, its pressure and its shape's driving force), a quasi-equilibrated pair that ran E times
 * gets α ← clamp(α·max(N_e, F·S)/E, α_min, 1): it keeps running at least F (the separation,
 * default 100) times as often as all slow events together, and at least N_e times a window, so it
 * stays fast and equilibrated on the slow events' time scale (Dybeck et al.: scaled fast
 * processes stay N_e-fold sampled within each superbasin). A pair that fails the criterion is
 * reset to α = 1 (Dybeck et al.'s reset on leaving quasi-equilibrium; applied per pair, not to
 * all pairs at once: here deposition, a non-equilibrated event, happens all the time, and a
 * global reset would undo all scaling every few events — the two-way per-channel regulation is
 * what Prats, Li & Stamatakis, JCTC 21, 12262 (2025) also do). Factors change only by more than
 * a factor HYSTERESIS, so that statistical noise does not rescale every window.
 *
 * Cost. With acceleration on, the hop kernel runs classed (hops.ts `pick`): each hop's rate
 * constant is its class's entry of a per-class table (k_path·α), the class read from the two ends'
 * packed neighbour counts — a plain loop over the 14 neighbours instead of main's unrolled one.
 * Off, the unrolled kernel runs untouched (trajectories bit-identical to a build without this
 * file). When factors change, every Li site's hop rate is recomputed and the hop tree rebuilt:
 * O(N_Li) once per window of W events, not per event. The solver's group multipliers scale a
 * whole group; the hop group's leaves are per-site sums over hops of several classes, so scaling
 * by class through them would need a rate tree per class; the per-class table is the one touch.
 */
import type { Hops } from "./hops.ts";
import type { LiState } from "./state.ts";
import { LI } from "../species.ts";
import { PATH_NAMES } from "../params.ts";
import type { AccelerationParams } from "../acceleration-params.ts";
import { HOP_CLASSES, NEIGHBOUR_BINS, classIndex, reverseClass, describeClass } from "./hop-classes.ts";

export { HOP_CLASSES, NEIGHBOUR_BINS, classIndex, reverseClass, describeClass };
export type { AccelerationParams };

/** What summary.json names the scheme. */
export const ACCELERATION_SCHEME = "adaptive scaling of quasi-equilibrated hop pairs (Dybeck, Plaisance & Neurock, JCTC 13, 1525 (2017); lattice classes after Andersen, Plaisance & Reuter, JCP 147, 152705 (2017))";

/** A factor changes only when the new one differs by more than this ratio (or resets to 1). */
export const HYSTERESIS = 1.5;





/** What the controller has done to one pair (keyed by its lower class index). */
export interface PairLog {
  /** Windows in which the pair was scaled (α < 1). */
  windowsScaled: number;
  /** Smallest factor it had. */
  minFactor: number;
  /** Executions forward (the lower class) and backward while it was scaled. */
  forward: number;
  backward: number;
}

/** A window's summary, for the time series. */
export interface WindowStats {
  scaledPairs: number;
  minFactor: number;
  /** Largest |n_f − n_b|/(n_f + n_b) among pairs scaled in the window (0 when none). */
  maxImbalance: number;
  slowEvents: number;
}

export class Acceleration {
  readonly p: AccelerationParams;
  /** α per class (a pair's two classes always hold the same value). */
  readonly factor = new Float64Array(HOP_CLASSES).fill(1);
  /** Cumulative executions per class at the start of the window. */
  private readonly start = new Float64Array(HOP_CLASSES);
  private readonly eligible = new Uint8Array(HOP_CLASSES);
  /** Events and slow events in the current window. */
  windowEvents = 0;
  slowEvents = 0;
  /** Windows completed, and rescalings (factor changes that recomputed the hop rates). */
  windows = 0;
  rescales = 0;
  /** Cumulative hops executed in scaled classes. */
  scaledHops = 0;
  last: WindowStats = { scaledPairs: 0, minFactor: 1, maxImbalance: 0, slowEvents: 0 };
  readonly pairs = new Map<number, PairLog>();

  constructor(
    private readonly st: LiState,
    private readonly hops: Hops,
    params: AccelerationParams,
  ) {
    this.p = params;
    for (const path of params.paths) if (path > 1) throw new RangeError(`acceleration: path ${PATH_NAMES[path]} carries relief and is never scaled`);
    for (let c = 0; c < HOP_CLASSES; c++) {
      const d = describeClass(c);
      this.eligible[c] = params.paths.includes(PATH_NAMES.indexOf(d.path as never)) && d.from !== d.to ? 1 : 0;
    }
    hops.classed = params.enabled;
    this.writeRates();
  }

  get enabled(): boolean {
    return this.p.enabled;
  }

  /** Switches the controller on after construction (tests, measurements): the classed kernel, every hop rate recomputed. */
  enable(): void {
    this.p.enabled = true;
    this.hops.classed = true;
    this.rescale();
  }

  /** Called after every event of `group` (0 = hop). Returns true when the hop rates were rescaled. */
  afterEvent(isHop: boolean): boolean {
    if (!isHop) this.slowEvents++;
    if (++this.windowEvents < this.p.windowEvents) return false;
    return this.adapt();
  }

  /** The end of a window: judge every eligible pair, update the factors. */
  adapt(): boolean {
    const p = this.p;
    const counts = this.hops.classHops;
    const S = this.slowEvents;
    const target = Math.max(p.minExecutions, p.separation * S);
    let changed = false;
    let scaled = 0, minF = 1, maxImb = 0;
    for (let c = 0; c < HOP_CLASSES; c++) {
      const r = reverseClass(c);
      if (r <= c || !this.eligible[c]) continue; // each pair once, by its lower index
      const nf = counts[c] - this.start[c];
      const nb = counts[r] - this.start[r];
      const E = nf + nb;
      const alpha = this.factor[c];
      const imbalance = E > 0 ? Math.abs(nf - nb) / E : 1;
      if (alpha < 1) {
        this.scaledHops += E;
        const log = this.pairs.get(c)!;
        log.windowsScaled++;
        log.forward += nf;
        log.backward += nb;
        scaled++;
        if (imbalance > maxImb) maxImb = imbalance;
      }
      // an unscaled pair is judged on N_e executions; a scaled one runs about max(N_e, F·S) times,
      // and its balance is allowed its counting noise (3/√E) on top of δ
      const judged = alpha < 1 ? E > 0 : E >= p.minExecutions;
      const tolerance = p.balanceTolerance + (alpha < 1 ? 3 / Math.sqrt(Math.max(E, 1)) : 0);
      let next = 1;
      if (judged && imbalance <= tolerance) next = Math.min(1, Math.max(p.minFactor, (alpha * target) / E));
      if (next === alpha) continue;
      if (next < 1 && next > alpha / HYSTERESIS && next < alpha * HYSTERESIS) continue;
      this.factor[c] = next;
      this.factor[r] = next;
      changed = true;
      if (next < 1) {
        let log = this.pairs.get(c);
        if (!log) this.pairs.set(c, (log = { windowsScaled: 0, minFactor: 1, forward: 0, backward: 0 }));
        if (next < log.minFactor) log.minFactor = next;
      }
    }
    for (let c = 0; c < HOP_CLASSES; c++) if (this.factor[c] < minF) minF = this.factor[c];
    this.last = { scaledPairs: scaled, minFactor: minF, maxImbalance: maxImb, slowEvents: S };
    this.start.set(counts);
    this.windowEvents = 0;
    this.slowEvents = 0;
    this.windows++;
    if (changed) this.rescale();
    return changed;
  }

  /** Sets the factors of pairs by hand (class index of either direction → α) with the controller's windows left as they are: for measurements only (converge's B). */
  freeze(pairs: readonly { index: number; factor: number }[]): void {
    if (pairs.length === 0) return; // nothing to scale: the kernel as it was
    for (const { index, factor } of pairs) {
      this.factor[index] = factor;
      this.factor[reverseClass(index)] = factor;
    }
    this.hops.classed = true; // the factors enter only through the classed kernel
    this.rescale();
  }

  /** Scaled pairs now. */
  /**
   * One time-series row (columns.ts): the pairs scaled now, the last window's smallest factor and
   * largest imbalance (NaN when no pair was scaled: no balance to show; null in the file), and the
   * scaled hops so far.
   */
  sample(rows: Record<"accelScaledPairs" | "accelMinFactor" | "accelMaxImbalance" | "accelScaledHops", number[]>): void {
    rows.accelScaledPairs.push(this.scaledPairsNow());
    rows.accelMinFactor.push(this.last.minFactor);
    rows.accelMaxImbalance.push(this.last.scaledPairs > 0 ? this.last.maxImbalance : Number.NaN);
    rows.accelScaledHops.push(this.scaledHops);
  }

  scaledPairsNow(): number {
    let n = 0;
    for (let c = 0; c < HOP_CLASSES; c++) if (this.factor[c] < 1 && reverseClass(c) > c) n++;
    return n;
  }

  /** The per-class rate table of the kernel: k_path·α. */
  private writeRates(): void {
    const k = this.hops.rates.k;
    const rate = this.hops.classRate;
    for (let c = 0; c < HOP_CLASSES; c++) rate[c] = k[Math.floor(c / (NEIGHBOUR_BINS * NEIGHBOUR_BINS))] * this.factor[c];
  }

  /** New factors: the rate table, and every Li site's hop rate (O(N), once per changed window). */
  private rescale(): void {
    this.writeRates();
    const st = this.st;
    const tree = this.hops.tree;
    const leaves = tree.leaves;
    for (let s = 0; s < st.N; s++) leaves[s] = st.spec[s] === LI ? this.hops.rate(s) : 0;
    tree.rebuild();
    this.rescales++;
  }

  /** Everything the future depends on (checkpoints). */
  save(): { scalars: Record<string, unknown>; arrays: { factor: Float64Array; start: Float64Array } } {
    return {
      scalars: { windowEvents: this.windowEvents, slowEvents: this.slowEvents, windows: this.windows, rescales: this.rescales, scaledHops: this.scaledHops, last: this.last, pairs: [...this.pairs.entries()] },
      arrays: { factor: this.factor, start: this.start },
    };
  }

  /** Restores a state from `save` (the hop leaves are restored with the trees; the rate table is rewritten). */
  load(scalars: Record<string, never>, arrays: Record<string, never>): void {
    this.factor.set(arrays.factor as Float64Array);
    this.start.set(arrays.start as Float64Array);
    this.windowEvents = scalars.windowEvents;
    this.slowEvents = scalars.slowEvents;
    this.windows = scalars.windows;
    this.rescales = scalars.rescales;
    this.scaledHops = scalars.scaledHops;
    this.last = scalars.last;
    this.pairs.clear();
    for (const [k, v] of scalars.pairs as [number, PairLog][]) this.pairs.set(k, { ...v });
    this.writeRates();
  }

  /** summary.json's `acceleration`. */
  summary() {
    return { enabled: this.enabled, scheme: ACCELERATION_SCHEME, windows: this.windows, rescales: this.rescales, scaledHops: this.scaledHops, pairs: this.report() };
  }

  /** For summary.json: every pair ever scaled. */
  report(): { index: number; path: string; from: string; to: string; factorNow: number; minFactor: number; windowsScaled: number; forward: number; backward: number; imbalance: number }[] {
    return [...this.pairs.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([c, l]) => ({ index: c, ...describeClass(c), factorNow: this.factor[c], minFactor: l.minFactor, windowsScaled: l.windowsScaled, forward: l.forward, backward: l.backward, imbalance: l.forward + l.backward > 0 ? Math.abs(l.forward - l.backward) / (l.forward + l.backward) : 0 }));
  }
}
