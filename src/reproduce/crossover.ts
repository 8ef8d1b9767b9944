/**
 * The particle/whisker crossover as a measured law (issue 19, item 4; MODEL.md §5): from a sweep of
 * current density j at each contact radius R, the crossover current j*(R) — where the deposit's
 * aspect ratio (height over lateral extent) first passes a threshold — and the exponent of
 * j* ∝ R^k fitted freely on log–log axes, with its standard error and 95 % confidence interval
 * (Student's t on n − 2 degrees of freedom), and the law extrapolated to another R with the 95 %
 * confidence interval of the fitted line there. MODEL.md §5 expects k = −3 (Λ = B/(v·R³) ≈ 1);
 * nothing here assumes it. Pure functions of their inputs.
 */
import tQuantile from "@stdlib/stats-base-dists-t-quantile";
import { fitLine } from "../calibration/stats.ts";

export interface ShapePoint {
  /** Current density (A/cm², or any unit: j* comes out in it). */
  j: number;
  /** Height over lateral extent of the deposit at the end of the window (> threshold: a whisker). */
  aspect: number;
}

export interface Crossover {
  /** The interpolated crossover current (geometric between the bracketing currents), or null. */
  jStar: number | null;
  /** The currents that bracket it: the highest particle below it and the lowest whisker above it. */
  below: number | null;
  above: number | null;
  /** Why there is no j*: every point a particle, every point a whisker, or no points. */
  reason: string | null;
}

/**
 * j* from one R's points: sorted by j, the first pair whose aspect ratio goes from at most
 * `threshold` to above it; j* interpolated linearly in ln j against the aspect ratio between them.
 */
export function crossoverCurrent(points: readonly ShapePoint[], threshold = 1): Crossover {
  const ps = points.filter((p) => p.j > 0 && Number.isFinite(p.aspect)).slice().sort((a, b) => a.j - b.j);
  if (ps.length === 0) return { jStar: null, below: null, above: null, reason: "no points" };
  for (let i = 1; i < ps.length; i++) {
    const lo = ps[i - 1], hi = ps[i];
    if (lo.aspect <= threshold && hi.aspect > threshold) {
      const f = (threshold - lo.aspect) / (hi.aspect - lo.aspect);
      const jStar = Math.exp(Math.log(lo.j) + f * (Math.log(hi.j) - Math.log(lo.j)));
      return { jStar, below: lo.j, above: hi.j, reason: null };
    }
  }
  if (ps.every((p) => p.aspect <= threshold)) return { jStar: null, below: ps[ps.length - 1].j, above: null, reason: `every point a particle (aspect ≤ ${threshold}): j* is above ${ps[ps.length - 1].j}` };
  if (ps.every((p) => p.aspect > threshold)) return { jStar: null, below: null, above: ps[0].j, reason: `every point a whisker (aspect > ${threshold}): j* is below ${ps[0].j}` };
  // the lowest current above the threshold and a higher one below it: no rise to interpolate
  return { jStar: null, below: null, above: null, reason: `the aspect does not rise through ${threshold} with the current (${ps.map((p) => `${p.j}: ${p.aspect.toFixed(2)}`).join(", ")})` };
}

export interface CrossoverLaw {
  /** k of j* = A·R^k, its standard error and 95 % confidence interval. */
  exponent: number;
  seExponent: number;
  ci95: [number, number];
  /** ln A (R and j* in the units given). */
  lnPrefactor: number;
  /** Points fitted, and the spread of ln R they cover (decades = Δln R / ln 10). */
  points: number;
  decades: number;
  /** For `extrapolate`: the mean of ln R, Σ(ln R − mean)², the residual variance. */
  meanLnR: number;
  sxx: number;
  residualVariance: number;
}

/** Fits ln j* = ln A + k·ln R by least squares (at least 3 points, two distinct R). */
export function fitCrossoverLaw(R: readonly number[], jStar: readonly number[]): CrossoverLaw {
  if (R.length !== jStar.length || R.length < 3) throw new RangeError(`fitCrossoverLaw: need ≥ 3 pairs of R and j*, got ${R.length} and ${jStar.length}`);
  if ([...R, ...jStar].some((v) => !(v > 0))) throw new RangeError("fitCrossoverLaw: R and j* must be positive (a power law on log axes)");
  const x = R.map(Math.log), y = jStar.map(Math.log);
  const line = fitLine(x, y);
  const n = x.length;
  const meanLnR = x.reduce((s, v) => s + v, 0) / n;
  const sxx = x.reduce((s, v) => s + (v - meanLnR) ** 2, 0);
  if (!(sxx > 0)) throw new RangeError("fitCrossoverLaw: need at least two distinct R");
  let rss = 0;
  for (let i = 0; i < n; i++) rss += (y[i] - line.intercept - line.slope * x[i]) ** 2;
  const t = tQuantile(0.975, n - 2);
  return {
    exponent: line.slope,
    seExponent: line.seSlope,
    ci95: [line.slope - t * line.seSlope, line.slope + t * line.seSlope],
    lnPrefactor: line.intercept,
    points: n,
    decades: (Math.max(...x) - Math.min(...x)) / Math.LN10,
    meanLnR,
    sxx,
    residualVariance: rss / (n - 2),
  };
}

/** j* of the fitted law at R, with the 95 % confidence interval of the line there (wider the farther R is from the data). */
export function extrapolate(law: CrossoverLaw, R: number): { jStar: number; ci95: [number, number] } {
  const x = Math.log(R);
  const y = law.lnPrefactor + law.exponent * x;
  const se = Math.sqrt(law.residualVariance * (1 / law.points + (x - law.meanLnR) ** 2 / law.sxx));
  const t = tQuantile(0.975, law.points - 2);
  return { jStar: Math.exp(y), ci95: [Math.exp(y - t * se), Math.exp(y + t * se)] };
}

/**
 * A run's shape at equal deposit: height over lateral extent at the first sample whose Li volume
 * reaches `factor` times the first sample's — so that runs at different currents are compared at
 * the same grown volume, not at the same number of events. Null when the window ended first; then
 * `reached` says how far it got (the largest volume over the first).
 */
export function aspectAtVolume(volume: ArrayLike<number>, height: ArrayLike<number>, lateral: ArrayLike<number>, factor: number): { aspect: number | null; reached: number } {
  const v0 = volume[0];
  let reached = 1;
  for (let i = 0; i < volume.length; i++) {
    reached = Math.max(reached, volume[i] / v0);
    if (volume[i] >= factor * v0 && lateral[i] > 0) return { aspect: height[i] / lateral[i], reached };
  }
  return { aspect: null, reached };
}
