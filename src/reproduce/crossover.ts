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

/** One run of a crossover sweep: where it sits (R, surface factor, current, seed) and its series. */
export interface CrossoverRun {
  /** Nucleus (contact) radius, nm. */
  R: number;
  /** hops.surface.rateFactor of the run: B scales with it (Mullins: B ∝ D_s). */
  surfaceFactor: number;
  /** Current density, A/cm². */
  j: number;
  seed: number;
  volume: ArrayLike<number>;
  height: ArrayLike<number>;
  lateral: ArrayLike<number>;
}

/** One current of one (R, surface factor): the aspect per seed at equal volume (null: window too short). */
export interface CrossoverPoint {
  j: number;
  seeds: number[];
  aspects: (number | null)[];
  /** How far each seed's volume got (× the first sample's). */
  reached: number[];
  /** Median over seeds, null unless every seed reached the volume. */
  median: number | null;
}

export interface RadiusCrossover {
  R: number;
  surfaceFactor: number;
  points: CrossoverPoint[];
  crossover: Crossover;
}

const maxOf = (xs: ArrayLike<number>) => {
  let m = -Infinity;
  for (let i = 0; i < xs.length; i++) m = Math.max(m, xs[i]);
  return m;
};

const medianOf = (xs: number[]) => {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * j* per (R, surface factor): each run (the longest where sweeps repeat one) — its aspect at `factor` × its first volume, the median over
 * seeds per current (only where every seed got there: a median of the runs that happened to grow
 * is no median), and the crossover where that median passes `threshold`.
 */
export function crossoverByRadius(runs: readonly CrossoverRun[], factor: number, threshold: number): RadiusCrossover[] {
  // one run per (R, s, j, seed): two sweeps that share a point ran the same simulation (a pure
  // function of scenario and seed) over different windows; the one that got further is kept
  const unique = new Map<string, CrossoverRun>();
  for (const r of runs) {
    const k = `${r.R}|${r.surfaceFactor}|${r.j}|${r.seed}`;
    const had = unique.get(k);
    // the same trajectory: the one that got further grew more (sample counts differ with the window)
    if (!had || maxOf(r.volume) > maxOf(had.volume)) unique.set(k, r);
  }
  const groups = new Map<string, CrossoverRun[]>();
  for (const r of unique.values()) {
    const k = `${r.R}|${r.surfaceFactor}`;
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k)!.push(r);
  }
  const out: RadiusCrossover[] = [];
  for (const rs of groups.values()) {
    const byJ = new Map<number, CrossoverRun[]>();
    for (const r of rs) byJ.set(r.j, [...(byJ.get(r.j) ?? []), r]);
    const points: CrossoverPoint[] = [...byJ]
      .sort((a, b) => a[0] - b[0])
      .map(([j, list]) => {
        const sorted = list.slice().sort((a, b) => a.seed - b.seed);
        const res = sorted.map((r) => aspectAtVolume(r.volume, r.height, r.lateral, factor));
        const aspects = res.map((x) => x.aspect);
        const ok = aspects.every((a) => a !== null);
        return { j, seeds: sorted.map((r) => r.seed), aspects, reached: res.map((x) => x.reached), median: ok ? medianOf(aspects as number[]) : null };
      });
    const crossover = crossoverCurrent(points.filter((p) => p.median !== null).map((p) => ({ j: p.j, aspect: p.median! })), threshold);
    out.push({ R: rs[0].R, surfaceFactor: rs[0].surfaceFactor, points, crossover });
  }
  return out.sort((a, b) => a.surfaceFactor - b.surfaceFactor || a.R - b.R);
}

/** An estimate and the interval that holds it; `method` says where the interval comes from. */
export interface Estimate {
  estimate: number;
  lo: number;
  hi: number;
  method: string;
}

/**
 * The exponent of y ∝ x^p between two bracketed crossovers (y in [below, above] at each x): the
 * estimate from the interpolated values, and every p the two brackets allow — a bound, not a
 * statistical interval (the classification inside each bracket is taken as certain).
 */
export function exponentFromBrackets(a: { x: number; y: number; below: number; above: number }, b: { x: number; y: number; below: number; above: number }): Estimate {
  const L = Math.log(b.x / a.x);
  if (!(L !== 0 && Number.isFinite(L))) throw new RangeError("exponentFromBrackets: need two distinct positive x");
  const p1 = Math.log(b.below / a.above) / L, p2 = Math.log(b.above / a.below) / L;
  return { estimate: Math.log(b.y / a.y) / L, lo: Math.min(p1, p2), hi: Math.max(p1, p2), method: "the brackets' bounds" };
}

/** The law j* = A·s^m·R^k measured from the crossovers: s the surface factor (B ∝ s). */
export interface MeasuredLaw {
  k: Estimate;
  /** Radii with a j* at the reference factor, and the decades of R they span. */
  radii: number[];
  decades: number;
  /** The exponent of the surface factor, from two factors at one R; null when not measured. */
  m: Estimate | null;
  /** The crossover nearest the paper's size at the reference factor: what the extrapolation starts from. */
  anchor: { R: number; surfaceFactor: number; jStar: number; below: number; above: number };
}

/**
 * The law from the crossovers at `refFactor` (k: the free fit's 95 % interval with ≥ 3 radii, else
 * the brackets' bounds between the two radii) and, where another factor has a j* at one of those
 * radii, m from the brackets there. Null with the reason when fewer than two radii have a j*.
 */
export function measureLaw(rs: readonly RadiusCrossover[], refFactor: number): { law: MeasuredLaw | null; reason: string } {
  const ok = (r: RadiusCrossover) => r.crossover.jStar !== null && r.crossover.below !== null && r.crossover.above !== null;
  const ref = rs.filter((r) => r.surfaceFactor === refFactor && ok(r)).sort((a, b) => a.R - b.R);
  if (new Set(ref.map((r) => r.R)).size < 2) return { law: null, reason: `j* bracketed at ${ref.length} radius/radii at surface factor ${refFactor}: the exponent needs two` };
  const pt = (r: RadiusCrossover, x: number) => ({ x, y: r.crossover.jStar!, below: r.crossover.below!, above: r.crossover.above! });
  const first = ref[0], last = ref[ref.length - 1];
  let k: Estimate;
  if (ref.length >= 3) {
    const f = fitCrossoverLaw(ref.map((r) => r.R), ref.map((r) => r.crossover.jStar!));
    k = { estimate: f.exponent, lo: f.ci95[0], hi: f.ci95[1], method: `free fit over ${ref.length} radii, 95 % interval` };
  } else k = exponentFromBrackets(pt(first, first.R), pt(last, last.R));
  const m = surfaceExponent(rs, refFactor)?.m ?? null;
  return {
    law: { k, radii: ref.map((r) => r.R), decades: Math.log10(last.R / first.R), m, anchor: { R: last.R, surfaceFactor: refFactor, jStar: last.crossover.jStar!, below: last.crossover.below!, above: last.crossover.above! } },
    reason: "",
  };
}

/**
 * m of j* ∝ s^m from the first radius bracketed at `refFactor` and at another surface factor (the
 * brackets' bounds), or null when no radius has both.
 */
export function surfaceExponent(rs: readonly RadiusCrossover[], refFactor: number): { R: number; m: Estimate } | null {
  const ok = (r: RadiusCrossover) => r.crossover.jStar !== null && r.crossover.below !== null && r.crossover.above !== null;
  const pt = (r: RadiusCrossover) => ({ x: r.surfaceFactor, y: r.crossover.jStar!, below: r.crossover.below!, above: r.crossover.above! });
  for (const other of rs.filter((r) => r.surfaceFactor !== refFactor && ok(r))) {
    const same = rs.find((r) => r.surfaceFactor === refFactor && r.R === other.R && ok(r));
    if (same) return { R: same.R, m: exponentFromBrackets(pt(same), pt(other)) };
  }
  return null;
}

/**
 * j* of the measured law at radius R and surface factor s: from the anchor's crossover, times
 * (R/R_a)^k·(s/s_a)^m. The interval combines the anchor's bracket and the intervals of k and m at
 * their extremes (interval arithmetic: conservative). Null when the factor differs from the
 * anchor's and m was not measured.
 */
export function extrapolateLaw(law: MeasuredLaw, R: number, surfaceFactor: number): Estimate | null {
  const a = law.anchor;
  const LR = Math.log(R / a.R), LS = Math.log(surfaceFactor / a.surfaceFactor);
  if (LS !== 0 && law.m === null) return null;
  const m = law.m ?? { estimate: 0, lo: 0, hi: 0, method: "" };
  const span = (e: Estimate, L: number): [number, number] => [Math.min(e.lo * L, e.hi * L), Math.max(e.lo * L, e.hi * L)];
  const [kLo, kHi] = span(law.k, LR), [mLo, mHi] = span(m, LS);
  return {
    estimate: a.jStar * Math.exp(law.k.estimate * LR + m.estimate * LS),
    lo: a.below * Math.exp(kLo + mLo),
    hi: a.above * Math.exp(kHi + mHi),
    method: `from j* at R = ${a.R} nm (bracket ${a.below}–${a.above}), k (${law.k.method})${LS !== 0 ? ` and m (${m.method})` : ""} at their extremes`,
  };
}

export type LawVerdict = "match" | "trend" | "miss" | "short";

/**
 * The fitted exponent against the expected one (MODEL.md §5: −3), judged by the measurement's own
 * interval: `match` when the interval holds it and lies wholly below 0 (j* falls with R);
 * `trend` when j* falls with R but the interval excludes it; `short` when the interval holds it
 * but reaches 0 (too few radii to tell even the sign: not scored); `miss` otherwise.
 */
export function judgeExponent(k: Estimate, expected = -3): { verdict: LawVerdict; reason: string } {
  const holds = k.lo <= expected && expected <= k.hi;
  const iv = `k = ${k.estimate.toFixed(2)}, interval ${k.lo.toFixed(2)} to ${k.hi.toFixed(2)} (${k.method})`;
  if (k.hi < 0) return holds ? { verdict: "match", reason: `${iv} holds ${expected}` } : { verdict: "trend", reason: `${iv}: j* falls with R, but the interval excludes ${expected}` };
  if (holds) return { verdict: "short", reason: `${iv} holds ${expected} but reaches 0: the radii do not resolve even the sign` };
  return { verdict: "miss", reason: `${iv} excludes ${expected} and does not show j* falling with R` };
}

/**
 * The extrapolated j* against the paper's bracket (a particle at `particleAt`, a whisker at
 * `whiskerAt`: j* between them): `match` when the estimate lies in (particleAt, whiskerAt];
 * `trend` when only its interval reaches the bracket; `miss` when the interval misses it.
 */
export function judgeBracket(j: Estimate, particleAt: number, whiskerAt: number): { verdict: LawVerdict; reason: string } {
  if (!(particleAt < whiskerAt)) throw new RangeError("judgeBracket: the particle's current must be below the whisker's");
  const iv = `j* = ${j.estimate.toExponential(2)} (interval ${j.lo.toExponential(2)}–${j.hi.toExponential(2)})`;
  if (j.estimate > particleAt && j.estimate <= whiskerAt) return { verdict: "match", reason: `${iv} lies between the paper's particle (${particleAt}) and whisker (${whiskerAt})` };
  if (j.hi > particleAt && j.lo <= whiskerAt) return { verdict: "trend", reason: `${iv}: only the interval reaches the paper's bracket ${particleAt}–${whiskerAt}` };
  return { verdict: "miss", reason: `${iv} misses the paper's bracket ${particleAt}–${whiskerAt}` };
}
