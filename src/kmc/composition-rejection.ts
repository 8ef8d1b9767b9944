/**
 * Composition–rejection selection (Slepoy, Thompson & Plimpton, J. Chem. Phys. 128, 205101
 * (2008); SPPARKS' `solve_style group`), with exact group sums.
 *
 * Leaves with a positive rate are grouped by the binary exponent of their rate: group e (the
 * biased IEEE-754 exponent, 0…2046) holds the rates in [2^(e−1023), 2^(e−1022)), group 0 the
 * subnormals. A leaf is selected in two steps: the group with probability sum_e/total (a scan
 * from the largest exponent down, where the mass is), then a member by rejection — a uniform
 * member m is accepted with probability rate_m / 2^(e−1022) ≥ ½, so the expected number of tries
 * is below 2. Updates are O(1): a leaf that changes group is swapped out of its list and appended
 * to the new one; no tree to climb.
 *
 * Exact sums: a rate of group e is an integer mantissa m < 2^53 times 2^(e−1075). Each group keeps
 * Σ⌊m/2^26⌋ and Σ(m mod 2^26) as two doubles; both stay integers below 2^53 for up to 2^25
 * members, so every addition and subtraction is exact and a group's sum is a pure function of its
 * members' rates, whatever the order of updates — no drift over billions of events, and a
 * restored state sums to the same bits. The total is recomputed, in a fixed order, when asked for
 * after a change.
 *
 * Memory: 12 bytes per leaf (the rate, Float64, and the leaf's position in its group's list,
 * Int32), plus 4 bytes per leaf with a positive rate for the lists. A leaf's group is read from
 * its rate's exponent, so it is not stored.
 */
import type { RateIndex } from "./rate-index.ts";
import type { Rng } from "./rng.ts";

const GROUPS = 2047;
const TWO26 = 67108864;
/** Scratch to read a double's bits (little-endian, as on every platform Node runs on). */
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
f64[0] = 1;
if (u32[1] !== 0x3ff00000) throw new Error("composition-rejection: big-endian platforms are not supported");

/** scale[e]: value of one mantissa unit in group e, 2^(max(e, 1) − 1075). */
const SCALE = new Float64Array(GROUPS);
/** bound[e]: upper bound of the rates in group e, 2^(e − 1022). */
const BOUND = new Float64Array(GROUPS);
for (let e = 0; e < GROUPS; e++) {
  SCALE[e] = Math.pow(2, Math.max(e, 1) - 1075);
  BOUND[e] = Math.pow(2, e - 1022);
}

export class CompositionRejection implements RateIndex {
  n: number;
  /** Rate of each leaf. */
  leaves: Float64Array;
  /** Position of each leaf with a positive rate in its group's list. */
  private pos: Int32Array;
  private readonly lists: Int32Array[] = [];
  private readonly count = new Int32Array(GROUPS);
  /** Σ⌊m/2^26⌋ and Σ(m mod 2^26) over each group's members (exact integers). */
  private readonly accHi = new Float64Array(GROUPS);
  private readonly accLo = new Float64Array(GROUPS);
  /** Sum of each group, refreshed from the accumulators when the group is stale. */
  private readonly sums = new Float64Array(GROUPS);
  private readonly stale = new Uint8Array(GROUPS);
  private readonly staleList = new Int32Array(GROUPS);
  private nstale = 0;
  /** The non-empty groups, largest exponent first (where the mass is, for the selection scan). */
  private readonly active = new Int32Array(GROUPS);
  private nactive = 0;
  private tot = 0;

  constructor(n: number) {
    this.n = Math.max(1, n);
    this.leaves = new Float64Array(this.n);
    this.pos = new Int32Array(this.n);
    for (let e = 0; e < GROUPS; e++) this.lists.push(EMPTY);
  }

  get bytes(): number {
    let b = this.leaves.byteLength + this.pos.byteLength;
    for (let e = 0; e < GROUPS; e++) b += this.lists[e].byteLength;
    return b + GROUPS * (4 + 8 + 8 + 8);
  }

  get(i: number): number {
    return this.leaves[i];
  }

  set(i: number, v: number): void {
    const leaves = this.leaves;
    const old = leaves[i];
    if (v === old) return;
    if (!(v >= 0 && v < Infinity)) throw new RangeError(`rate of leaf ${i} must be finite and ≥ 0, got ${v}`);
    leaves[i] = v;
    const accHi = this.accHi, accLo = this.accLo, stale = this.stale;
    let og = -1;
    if (old > 0) {
      f64[0] = old;
      const h = u32[1], l = u32[0];
      og = h >>> 20;
      accHi[og] -= ((h & 0xfffff) << 6) + (l >>> 26) + (og > 0 ? TWO26 : 0);
      accLo[og] -= l & 0x3ffffff;
      if (stale[og] === 0) {
        stale[og] = 1;
        this.staleList[this.nstale++] = og;
      }
    }
    let ng = -1;
    if (v > 0) {
      f64[0] = v;
      const h = u32[1], l = u32[0];
      ng = h >>> 20;
      accHi[ng] += ((h & 0xfffff) << 6) + (l >>> 26) + (ng > 0 ? TWO26 : 0);
      accLo[ng] += l & 0x3ffffff;
      if (stale[ng] === 0) {
        stale[ng] = 1;
        this.staleList[this.nstale++] = ng;
      }
    }
    if (og === ng) return;
    const pos = this.pos, count = this.count;
    if (og >= 0) {
      // swap the last member into i's place
      const p = pos[i];
      const c = --count[og];
      const list = this.lists[og];
      const last = list[c];
      list[p] = last;
      pos[last] = p;
      if (c === 0) this.deactivate(og);
    }
    if (ng >= 0) {
      let list = this.lists[ng];
      const c = count[ng];
      if (c === list.length) list = this.growList(ng);
      list[c] = i;
      pos[i] = c;
      count[ng] = c + 1;
      if (c === 0) this.activate(ng);
    }
  }

  /** Inserts group e into the active list (kept in decreasing order). */
  private activate(e: number): void {
    const a = this.active;
    let k = this.nactive++;
    while (k > 0 && a[k - 1] < e) {
      a[k] = a[k - 1];
      k--;
    }
    a[k] = e;
  }

  private deactivate(e: number): void {
    const a = this.active;
    const n = --this.nactive;
    let k = 0;
    while (a[k] !== e) k++;
    for (; k < n; k++) a[k] = a[k + 1];
  }

  flush(): void {}

  total(): number {
    const n = this.nstale;
    if (n > 0) {
      // refresh the stale group sums from the exact accumulators, then the total in a fixed order
      const sums = this.sums, accHi = this.accHi, accLo = this.accLo, stale = this.stale, list = this.staleList;
      for (let k = 0; k < n; k++) {
        const e = list[k];
        sums[e] = (accHi[e] * TWO26 + accLo[e]) * SCALE[e];
        stale[e] = 0;
      }
      this.nstale = 0;
      const a = this.active;
      let t = 0;
      for (let k = 0, m = this.nactive; k < m; k++) t += sums[a[k]];
      this.tot = t;
    }
    return this.tot;
  }

  select(r: number, rng: Rng): number {
    if (this.nstale > 0) this.total();
    const sums = this.sums, a = this.active;
    const last = this.nactive - 1;
    let k = 0;
    for (; k < last; k++) {
      const s = sums[a[k]];
      if (r < s) break;
      r -= s;
    }
    // round-off can only leave r past the last group, which is non-empty
    const e = a[k];
    const list = this.lists[e];
    const c = this.count[e];
    const leaves = this.leaves;
    if (e === 0) {
      // subnormal rates: no useful rejection bound, so pick by cumulative sum (never in practice)
      for (let k = 0; k < c; k++) {
        r -= leaves[list[k]];
        if (r < 0) return list[k];
      }
      return list[c - 1];
    }
    // one 53-bit uniform per try: its integer part (× c) picks the member, the fraction (still
    // ≥ 30 bits for lists below 2^23) decides acceptance
    const bound = BOUND[e];
    for (;;) {
      const x = rng.double() * c;
      const k = Math.floor(x);
      const m = list[k];
      if ((x - k) * bound < leaves[m]) return m;
    }
  }

  /** Grows the number of leaves to at least n (new leaves are 0); capacity doubles. */
  grow(n: number): void {
    if (n <= this.n) return;
    if (n > this.leaves.length) {
      const cap = Math.max(n, 2 * this.leaves.length);
      const leaves = new Float64Array(cap);
      leaves.set(this.leaves);
      const pos = new Int32Array(cap);
      pos.set(this.pos);
      this.leaves = leaves;
      this.pos = pos;
    }
    this.n = n;
  }

  /** Replaces all leaves (a restored state): members are listed in leaf order. */
  load(leaves: Float64Array, n: number): void {
    this.n = Math.max(1, n);
    this.leaves = new Float64Array(Math.max(this.n, leaves.length));
    this.pos = new Int32Array(this.leaves.length);
    this.count.fill(0);
    this.accHi.fill(0);
    this.accLo.fill(0);
    this.sums.fill(0);
    this.stale.fill(0);
    this.nstale = 0;
    this.nactive = 0;
    this.tot = 0;
    for (let i = 0; i < leaves.length; i++) this.set(i, leaves[i]);
    this.total();
  }

  private growList(e: number): Int32Array {
    const old = this.lists[e];
    const list = new Int32Array(Math.max(16, old.length * 2));
    list.set(old);
    this.lists[e] = list;
    return list;
  }
}

const EMPTY = new Int32Array(0);
