/**
 * The statistics of the coarse-graining calibration (issue 14): the decay rate of an averaged
 * relaxation, the power law Γ ∝ q^α over wavevectors, bootstrap errors over seeds, and the
 * two-one-sided-tests (TOST) equivalence of an observable at two coarse-graining factors.
 * Pure functions of their inputs (the bootstrap draws from a seeded stream).
 */
import tQuantile from "@stdlib/stats-base-dists-t-quantile";
import { Rng } from "../kmc/rng.ts";

export interface LineFit {
  intercept: number;
  slope: number;
  seIntercept: number;
  seSlope: number;
  /** χ² per degree of freedom of the weighted fit (NaN without weights or with < 3 points). */
  chi2dof: number;
  points: number;
}

/**
 * Weighted least squares y = c + m·x with weights w = 1/σ² (all 1 when `sigma` is absent). The
 * standard errors are the formal ones (from σ); without σ they come from the residuals.
 */
export function fitLine(x: readonly number[], y: readonly number[], sigma?: readonly number[]): LineFit {
  const k = x.length;
  if (k < 2 || y.length !== k) throw new RangeError(`fitLine: need ≥ 2 points of x and y, got ${k} and ${y.length}`);
  let S = 0, Sx = 0, Sy = 0, Sxx = 0, Sxy = 0;
  for (let i = 0; i < k; i++) {
    const w = sigma ? 1 / (sigma[i] * sigma[i]) : 1;
    S += w;
    Sx += w * x[i];
    Sy += w * y[i];
    Sxx += w * x[i] * x[i];
    Sxy += w * x[i] * y[i];
  }
  const D = S * Sxx - Sx * Sx;
  const slope = (S * Sxy - Sx * Sy) / D;
  const intercept = (Sxx * Sy - Sx * Sxy) / D;
  let chi2 = 0;
  for (let i = 0; i < k; i++) {
    const r = y[i] - intercept - slope * x[i];
    chi2 += sigma ? (r / sigma[i]) ** 2 : r * r;
  }
  const dof = k - 2;
  // without σ, the residual variance stands for σ²
  const scale = sigma ? 1 : dof > 0 ? chi2 / dof : Number.NaN;
  return {
    intercept,
    slope,
    seIntercept: Math.sqrt((scale * Sxx) / D),
    seSlope: Math.sqrt((scale * S) / D),
    chi2dof: sigma && dof > 0 ? chi2 / dof : Number.NaN,
    points: k,
  };
}

export function mean(xs: readonly number[]): number {
  return xs.reduce((s, v) => s + v, 0) / xs.length;
}

/** Sample standard deviation (n − 1). */
export function sd(xs: readonly number[]): number {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((s, v) => s + (v - m) ** 2, 0) / (xs.length - 1));
}

export interface DecayFit {
  /** Decay rate Γ (1/s) of A(t) = A0·exp(−Γt). */
  rate: number;
  /** Times used (indices into the grid). */
  used: number[];
}

/** Bounds of the fit window, as fractions of the starting mean amplitude. */
export const DECAY_WINDOW = { upper: 0.9, lower: 0.15 } as const;

/**
 * Decay rate of the seeds' mean amplitude: a weighted fit of ln Ā(t) = c − Γ·t over the window
 * where Ā has fallen below 0.9·Ā(0) (past the first rearrangement of the lattice profile) and
 * stays above both 0.15·Ā(0) and 2.5 standard errors of the mean (before noise dominates). The
 * points are taken from the start of the window up to the first that leaves it.
 */
export function fitDecay(times: readonly number[], curves: readonly (readonly number[])[]): DecayFit {
  const S = curves.length;
  const T = times.length;
  const m: number[] = [], se: number[] = [];
  for (let i = 0; i < T; i++) {
    const col = curves.map((c) => c[i]);
    m.push(mean(col));
    se.push(S > 1 ? sd(col) / Math.sqrt(S) : 0);
  }
  const a0 = m[0];
  const used: number[] = [];
  for (let i = 1; i < T; i++) {
    if (m[i] > DECAY_WINDOW.upper * a0) {
      if (used.length === 0) continue;
      break;
    }
    if (m[i] < DECAY_WINDOW.lower * a0 || m[i] < 2.5 * se[i]) break;
    used.push(i);
  }
  if (used.length < 3) return { rate: Number.NaN, used };
  const x = used.map((i) => times[i]);
  const y = used.map((i) => Math.log(m[i]));
  const weighted = used.every((i) => se[i] > 0);
  const f = fitLine(x, y, weighted ? used.map((i) => se[i] / m[i]) : undefined);
  return { rate: -f.slope, used };
}

/** Indices 0..S−1 drawn with replacement. */
function resample(S: number, rng: Rng): number[] {
  const out: number[] = [];
  for (let i = 0; i < S; i++) out.push(Math.floor(rng.double() * S));
  return out;
}

/**
 * Γ and its standard error by bootstrap over seeds (resampling whole trajectories keeps their
 * correlation in time). Resamples whose window is too short are skipped.
 */
export function decayRateWithError(times: readonly number[], curves: readonly (readonly number[])[], reps = 400, seed = "decay"): { rate: number; se: number; used: number[] } {
  const fit = fitDecay(times, curves);
  const rng = new Rng(seed);
  const rs: number[] = [];
  for (let r = 0; r < reps; r++) {
    const g = fitDecay(times, resample(curves.length, rng).map((i) => curves[i])).rate;
    if (Number.isFinite(g)) rs.push(g);
  }
  return { rate: fit.rate, se: rs.length > 2 ? sd(rs) : Number.NaN, used: fit.used };
}

export interface PowerLawFit {
  /** Exponent α of Γ = C·q^α and its standard error. */
  exponent: number;
  seExponent: number;
  /** B = Γ/q⁴ from the points with the exponent fixed at 4 (weighted in ln), and its relative error. */
  B: number;
  relSeB: number;
  /** χ² per degree of freedom of the fixed-exponent fit (> 1: scatter beyond the error bars, folded into relSeB). */
  chi2dof: number;
}

/** Γ(q) = B·q⁴: the exponent fitted freely, and B with it fixed at 4 (errors inflated by √χ² when the scatter exceeds them). */
export function fitPowerLaw(q: readonly number[], rate: readonly number[], seRate: readonly number[]): PowerLawFit {
  const lx = q.map(Math.log);
  const ly = rate.map(Math.log);
  const sl = rate.map((g, i) => seRate[i] / g);
  const free = fitLine(lx, ly, sl);
  const inflate = (c: number) => (Number.isFinite(c) && c > 1 ? Math.sqrt(c) : 1);
  // fixed exponent: ln B_i = ln Γ_i − 4 ln q_i, weighted mean
  let W = 0, WB = 0;
  const lb = ly.map((v, i) => v - 4 * lx[i]);
  for (let i = 0; i < q.length; i++) {
    const w = 1 / (sl[i] * sl[i]);
    W += w;
    WB += w * lb[i];
  }
  const lnB = WB / W;
  let chi2 = 0;
  for (let i = 0; i < q.length; i++) chi2 += ((lb[i] - lnB) / sl[i]) ** 2;
  const chi2dof = q.length > 1 ? chi2 / (q.length - 1) : Number.NaN;
  return {
    exponent: free.slope,
    seExponent: free.seSlope * inflate(free.chi2dof),
    B: Math.exp(lnB),
    relSeB: Math.sqrt(1 / W) * inflate(chi2dof),
    chi2dof,
  };
}

export interface Tost {
  /** Ratio of the means (geometric: exp of the difference of mean logs) and its 90 % confidence interval. */
  ratio: number;
  ciLow: number;
  ciHigh: number;
  /** Welch degrees of freedom. */
  dof: number;
  /** Equivalent: the 90 % CI of the ratio lies inside [1 − margin, 1 + margin]. */
  equivalent: boolean;
  margin: number;
}

/**
 * Two one-sided tests (Schuirmann 1987) of the ratio of an observable at a test and a reference
 * setting, on the log scale: d = mean(ln x) − mean(ln y) with Welch's standard error and degrees of
 * freedom; the two one-sided tests at level α = 0.05 both reject (equivalence) exactly when the
 * 90 % confidence interval d ± t(0.95, ν)·SE lies inside (ln(1 − margin), ln(1 + margin)).
 * Every value must be positive.
 */
export function tost(test: readonly number[], reference: readonly number[], margin = 0.15): Tost {
  if (test.length < 2 || reference.length < 2) throw new RangeError("tost: need at least 2 values on each side");
  if ([...test, ...reference].some((v) => !(v > 0))) throw new RangeError("tost: values must be positive (a ratio on the log scale)");
  const lx = test.map(Math.log), ly = reference.map(Math.log);
  const d = mean(lx) - mean(ly);
  const vx = sd(lx) ** 2 / lx.length, vy = sd(ly) ** 2 / ly.length;
  const se = Math.sqrt(vx + vy);
  const dof = se > 0 ? (vx + vy) ** 2 / (vx ** 2 / (lx.length - 1) + vy ** 2 / (ly.length - 1)) : lx.length + ly.length - 2;
  const t = tQuantile(0.95, dof);
  const lo = d - t * se, hi = d + t * se;
  return { ratio: Math.exp(d), ciLow: Math.exp(lo), ciHigh: Math.exp(hi), dof, equivalent: lo > Math.log(1 - margin) && hi < Math.log(1 + margin), margin };
}
