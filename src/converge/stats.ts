/**
 * The statistics of `lidep converge` (issue 17): Welch's difference of two means and the two
 * one-sided tests (TOST, Schuirmann 1987) of equivalence within a stated margin.
 *
 * Issue 14's calibration/stats.ts has the means and a TOST on the log ratio of positive values
 * (Welch, unpaired); these are on the difference (observables here may be zero — a free whisker's
 * pressure), and paired (both arms share their seeds).
 */
import tQuantile from "@stdlib/stats-base-dists-t-quantile";
import { mean, sd } from "../calibration/stats.ts";

export { mean, sd };

export interface Equivalence {
  /** mean(test) − mean(reference), its standard error (Welch) and degrees of freedom. */
  diff: number;
  se: number;
  dof: number;
  /** The 90 % confidence interval of the difference: the two one-sided tests at α = 0.05. */
  ciLow: number;
  ciHigh: number;
  margin: number;
  /** Equivalent: the 90 % CI lies inside (−margin, +margin), i.e. both one-sided tests reject. */
  equivalent: boolean;
}

/**
 * Paired TOST: the runs of the two arms share their seeds (run i of each arm starts from the same
 * random stream), so the differences d_i = test_i − reference_i are compared: mean(d) ± t(0.95,
 * n − 1)·sd(d)/√n inside (−m, m). Identical trajectories give d = 0 exactly; trajectories that
 * decorrelate give sd(d) ≈ √2 σ, Welch's error.
 */
export function pairedTost(test: readonly number[], reference: readonly number[], margin: number): Equivalence {
  if (test.length !== reference.length || test.length < 2) throw new RangeError("pairedTost: need two arms of the same length ≥ 2");
  if (!(margin > 0)) throw new RangeError(`pairedTost: the margin must be positive, got ${margin}`);
  const d = test.map((x, i) => x - reference[i]);
  const m = mean(d);
  const se = sd(d) / Math.sqrt(d.length);
  const dof = d.length - 1;
  const half = se > 0 ? tQuantile(0.95, dof) * se : 0;
  return { diff: m, se, dof, ciLow: m - half, ciHigh: m + half, margin, equivalent: m - half > -margin && m + half < margin };
}

/**
 * TOST of mean(test) − mean(reference) against ±margin, with Welch's standard error and degrees
 * of freedom: equivalence at level 0.05 exactly when d ± t(0.95, ν)·SE lies inside (−m, m).
 */
export function tost(test: readonly number[], reference: readonly number[], margin: number): Equivalence {
  if (test.length < 2 || reference.length < 2) throw new RangeError("tost: need at least 2 values on each side");
  if (!(margin > 0)) throw new RangeError(`tost: the margin must be positive, got ${margin}`);
  const d = mean(test) - mean(reference);
  const vx = sd(test) ** 2 / test.length;
  const vy = sd(reference) ** 2 / reference.length;
  const se = Math.sqrt(vx + vy);
  const dof = se > 0 ? (vx + vy) ** 2 / ((vx > 0 ? vx ** 2 / (test.length - 1) : 0) + (vy > 0 ? vy ** 2 / (reference.length - 1) : 0)) : test.length + reference.length - 2;
  const half = se > 0 ? tQuantile(0.95, dof) * se : 0;
  const ciLow = d - half, ciHigh = d + half;
  return { diff: d, se, dof, ciLow, ciHigh, margin, equivalent: ciLow > -margin && ciHigh < margin };
}

/**
 * Whether a failed equivalence test had the power to pass at all: when the 90 % confidence
 * interval's half-width exceeds the margin, no true difference (not even 0) could have been shown
 * inside it with n paired seeds. Returns the half-width and the seeds that would bring it to half
 * the margin (the half-width scales as 1/√n; the t quantile's fall with n is ignored, so this errs
 * high), or null when the test passed or had the power.
 */
export function underpowered(e: Equivalence, n: number): { halfWidth: number; seedsForHalfMargin: number } | null {
  const halfWidth = (e.ciHigh - e.ciLow) / 2;
  if (e.equivalent || !(halfWidth > e.margin)) return null;
  return { halfWidth, seedsForHalfMargin: Math.ceil(n * (halfWidth / (e.margin / 2)) ** 2) };
}
