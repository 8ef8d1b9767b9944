/**
 * Verdicts of the scoreboard, decided from a reference entry's band and the values of its seeds —
 * nothing here knows which row it judges.
 *
 * Numeric rows: the median over seeds and its distribution-free confidence interval (order
 * statistics, coverage ≥ 90 % where the number of seeds allows it: for 5 seeds [min, max] at
 * 93.8 %; for 2 seeds [min, max] at only 50 %, which `--quick` accepts). `match` needs the whole
 * interval inside the band and the median on the paper's side of any stated direction; `trend`
 * needs the median on that side and within `TREND_FACTOR` of the band (or inside it, when the
 * interval is not); anything else is a `miss`. A wrong direction is never a trend.
 *
 * Yes/no and categorical rows: each seed is `match` or `miss`; the row takes the median seed's
 * verdict (the worse of the two middle ones for an even number of seeds).
 */
import type { Band, Entry } from "./reference.ts";

export type Verdict = "match" | "trend" | "miss";
export type Value = number | boolean | string | null;

/** "Trend" means the right direction and within this factor of the band (issue 12, MODEL.md §5). */
export const TREND_FACTOR = 10;
/** The confidence level the median's interval aims at. */
export const CI_LEVEL = 0.9;

const RANK: Record<Verdict, number> = { miss: 0, trend: 1, match: 2 };

export interface MedianInterval {
  median: number;
  lo: number;
  hi: number;
  /** Probability that [lo, hi] holds the population median (order statistics, continuous case). */
  coverage: number;
}

/** P(Binomial(n, ½) ≤ k). */
function binomialHalfCdf(n: number, k: number): number {
  let term = 0.5 ** n; // C(n,0)/2^n
  let sum = 0;
  for (let i = 0; i <= k; i++) {
    sum += term;
    term = (term * (n - i)) / (i + 1);
  }
  return sum;
}

/**
 * The median of `xs` and the narrowest symmetric order-statistic interval [x(k), x(n−k+1)] whose
 * coverage 1 − 2·P(B ≤ k−1), B ~ Binomial(n, ½), is at least CI_LEVEL; [min, max] when no
 * interval reaches it.
 */
export function medianInterval(xs: number[]): MedianInterval {
  if (xs.length === 0) throw new RangeError("medianInterval: no values");
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  const median = n % 2 === 1 ? s[(n - 1) / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
  let k = 1;
  while (k + 1 <= Math.floor((n + 1) / 2) && 1 - 2 * binomialHalfCdf(n, k) >= CI_LEVEL) k++;
  return { median, lo: s[k - 1], hi: s[n - k], coverage: n === 1 ? 0 : 1 - 2 * binomialHalfCdf(n, k - 1) };
}

export function inBand(b: Band, x: Value): boolean {
  if ("equals" in b) return x === b.equals;
  if (typeof x !== "number" || Number.isNaN(x)) return false;
  if (b.min !== undefined && (b.minExclusive ? !(x > b.min) : !(x >= b.min))) return false;
  if (b.max !== undefined && (b.maxExclusive ? !(x < b.max) : !(x <= b.max))) return false;
  return true;
}

/** Is x on the paper's side of the entry's stated direction (true when none is stated)? */
export function directionHolds(e: Pick<Entry, "direction" | "directionThreshold">, x: number): boolean {
  if (e.direction === undefined || e.directionThreshold === undefined) return true;
  return e.direction === "greater" ? x > e.directionThreshold : x < e.directionThreshold;
}

/** Within TREND_FACTOR of the band's nearest edge (positive quantities only). */
export function nearBand(b: Band, x: number): boolean {
  if ("equals" in b) return false;
  if (inBand(b, x)) return true;
  if (b.min !== undefined && x < b.min) return b.min > 0 && x > 0 && x * TREND_FACTOR >= b.min;
  if (b.max !== undefined && x > b.max) return b.max > 0 && x <= b.max * TREND_FACTOR;
  return false;
}

export interface Judgement {
  verdict: Verdict;
  /** The per-seed verdicts, in seed order (null where the seed gave no value). */
  perSeed: (Verdict | null)[];
  /** Numeric rows: median and interval over the seeds that gave a value. */
  interval: MedianInterval | null;
  /** The categorical/yes-no value of the median seed. */
  medianValue: Value;
  /** Seeds whose verdicts differ from the row's, and seeds that gave no value. */
  disagree: number;
  missing: number;
  reason: string;
}

function judgeNumber(e: Pick<Entry, "band" | "direction" | "directionThreshold">, lo: number, median: number, hi: number): Verdict {
  const b = e.band!;
  const dir = directionHolds(e, median);
  if (dir && inBand(b, lo) && inBand(b, hi) && inBand(b, median)) return "match";
  if (dir && nearBand(b, median)) return "trend";
  return "miss";
}

/** Judges a row from its seeds' values (null: the seed did not produce the quantity). */
export function judge(e: Pick<Entry, "band" | "direction" | "directionThreshold">, values: Value[]): Judgement {
  if (e.band === null) throw new RangeError("judge: the entry has no band");
  const b = e.band;
  const present = values.filter((v) => v !== null && !(typeof v === "number" && Number.isNaN(v)));
  const missing = values.length - present.length;
  if ("equals" in b) {
    const perSeed = values.map((v) => (v === null ? null : v === b.equals ? "match" : "miss")) as (Verdict | null)[];
    const ranks = perSeed.map((v) => (v === null ? 0 : RANK[v])).sort((x, y) => x - y);
    const n = ranks.length;
    const mid = n === 0 ? 0 : ranks[Math.floor((n - 1) / 2)]; // the lower middle for even n
    const verdict = (Object.keys(RANK) as Verdict[]).find((k) => RANK[k] === mid)!;
    const disagree = perSeed.filter((v) => v !== null && v !== verdict).length;
    // the median seed's value: the most common value among the seeds with the row's verdict
    const withVerdict = values.filter((_, i) => perSeed[i] === verdict);
    const medianValue = withVerdict.length ? withVerdict[0] : present[0] ?? null;
    return { verdict, perSeed, interval: null, medianValue, disagree, missing, reason: missing > n / 2 ? `no value in ${missing} of ${n} seeds` : "" };
  }
  const nums = present.filter((v): v is number => typeof v === "number");
  const perSeed = values.map((v) => (typeof v === "number" && !Number.isNaN(v) ? judgeNumber(e, v, v, v) : null));
  if (nums.length === 0 || missing > values.length / 2) {
    return { verdict: "miss", perSeed, interval: nums.length ? medianInterval(nums) : null, medianValue: null, disagree: 0, missing, reason: `no value in ${missing} of ${values.length} seeds` };
  }
  const iv = medianInterval(nums);
  const verdict = missing > 0 ? "miss" : judgeNumber(e, iv.lo, iv.median, iv.hi);
  const disagree = perSeed.filter((v) => v !== null && v !== verdict).length;
  const reason = missing > 0 ? `no value in ${missing} of ${values.length} seeds` : "";
  return { verdict, perSeed, interval: iv, medianValue: iv.median, disagree, missing, reason };
}
