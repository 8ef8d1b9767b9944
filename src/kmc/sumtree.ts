/**
 * Sum tree over non-negative rates, for O(log N) selection and update in rejection-free KMC.
 *
 * An 8-ary tree: level 0 is `leaves` (one Float64 rate per leaf), and each level above holds the
 * sums of 8 consecutive entries of the level below (node q of level l + 1 sums entries 8q…8q + 7
 * of level l, pairwise: ((c0 + c1) + (c2 + c3)) + ((c4 + c5) + (c6 + c7)), a shorter chain of
 * dependent additions than a running sum), up to a single root. The internal levels live in one
 * array, `nodes`, at offsets `offsets[l]`; each level is padded to a multiple of 8 so that a sum
 * always reads 8 entries.
 * Memory: 8 bytes per leaf plus ~8/7 for the nodes and ~1/7 for the change flags.
 *
 * Why 8-ary: a node is one cache line of children, the tree is a third as deep as a binary one
 * (7 levels above a million leaves), and an update's cost is the latency of the climb — each level
 * waits for the one below — so fewer, wider levels are faster (PERFORMANCE.md, item 1: updates
 * merged). Updates are deferred: `set` writes the leaf and records it; `flush` then recomputes
 * the changed nodes level by level, each once (a flag per node de-duplicates the parents), from
 * their children: a node is always an exact function of the leaves, whatever the order of updates.
 */
import type { RateIndex } from "./rate-index.ts";

const FAN_SHIFT = 3;
const FAN = 1 << FAN_SHIFT;
// `flush` and `find` write the fan as literals (3, 8): V8 (Node 20) reloads a module constant from
// the module context, with a type check, at each use in a loop, and shifts by a register.

export class SumTree implements RateIndex {
  /** Number of leaves. */
  n: number;
  /** One rate per leaf (length padded to a multiple of 8; the padding stays 0). */
  leaves!: Float64Array;
  /** Internal levels 1…depth, level l at offsets[l] (level depth is the root, one entry). */
  nodes!: Float64Array;
  offsets!: Int32Array;
  /** Number of levels above the leaves. */
  depth = 0;
  /** 1 while a node is queued for recomputation in `flush`. */
  private queued!: Uint8Array;
  private pending: Int32Array = new Int32Array(64);
  private npending = 0;
  /** Set when more leaves changed than a rebuild costs: `flush` rebuilds, nothing more is listed. */
  private overflow = false;
  private lists: Int32Array = new Int32Array(128);

  constructor(n: number) {
    this.n = Math.max(1, n);
    this.allocate(this.n);
  }

  /** Bytes held by the tree's arrays. */
  get bytes(): number {
    return this.leaves.byteLength + this.nodes.byteLength + this.queued.byteLength + this.pending.byteLength + this.lists.byteLength;
  }

  /** Total rate (the root). */
  total(): number {
    return this.nodes[this.offsets[this.depth]];
  }

  get(i: number): number {
    return this.leaves[i];
  }

  /** Sets leaf i; call `flush` before the next selection. */
  set(i: number, v: number): void {
    this.leaves[i] = v;
    const k = this.npending;
    if (k === this.pending.length) {
      // past a rebuild's worth of changes (every leaf set in turn, say), stop listing them: the
      // list would otherwise grow to 4 bytes a leaf
      if (k > (this.leaves.length >> 6) + 256) {
        this.overflow = true;
        return;
      }
      this.pending = grown(this.pending);
    }
    this.pending[k] = i;
    this.npending = k + 1;
  }

  /**
   * Grows the number of leaves to at least n (new leaves are 0). Capacity doubles, so that
   * growing one leaf at a time costs O(1) amortised; the tree is rebuilt when it reallocates.
   */
  grow(n: number): void {
    if (n <= this.n) return;
    if (n <= this.leaves.length) {
      this.n = n;
      return;
    }
    const old = this.leaves;
    this.n = n;
    this.allocate(Math.max(n, 2 * old.length));
    this.leaves.set(old);
    this.rebuild();
  }

  /** Replaces all leaves (a restored state) and rebuilds. */
  load(leaves: Float64Array, n: number): void {
    this.n = Math.max(1, n);
    this.allocate(Math.max(this.n, leaves.length));
    this.leaves.set(leaves);
    this.rebuild();
  }

  /** Recomputes every node from the leaves, O(N). */
  rebuild(): void {
    const { leaves, nodes, offsets, depth } = this;
    let below = leaves;
    let belowOff = 0;
    let belowLen = leaves.length;
    for (let l = 1; l <= depth; l++) {
      const off = offsets[l];
      const len = Math.ceil(belowLen / FAN);
      for (let q = 0; q < len; q++) {
        const c = belowOff + (q << FAN_SHIFT);
        nodes[off + q] = below[c] + below[c + 1] + (below[c + 2] + below[c + 3]) + (below[c + 4] + below[c + 5] + (below[c + 6] + below[c + 7]));
      }
      below = nodes;
      belowOff = off;
      belowLen = len;
    }
    this.npending = 0;
  }

  /** Applies the pending leaf changes. */
  flush(): void {
    const k = this.npending;
    if (this.overflow) {
      this.overflow = false;
      this.rebuild();
      return;
    }
    if (k === 0) return;
    this.npending = 0;
    this.update(this.pending, k);
  }

  /**
   * Brings the nodes up to date after the caller wrote `leaves[p[0…k))` directly (a catalogue
   * that already keeps a list of the sites it changed saves `set`'s bookkeeping this way). Leaves
   * still pending from `set` are applied too.
   */
  flushList(p: Int32Array, k: number): void {
    this.flush();
    this.update(p, k);
  }

  /** Recomputes the ancestors of the leaves p[0…k), each once, level by level. */
  private update(p: Int32Array, k: number): void {
    const { leaves, nodes, offsets, queued, depth } = this;
    if (k > (leaves.length >> 6) + 256) {
      this.rebuild();
      return;
    }
    if (this.lists.length < 2 * k) this.lists = new Int32Array(4 * k);
    const list = this.lists;
    // level 1: the parents of the changed leaves, each once (written out rather than shared with
    // the loop of the levels above through a helper: the helper measured ~4 % slower here)
    const off1 = offsets[1];
    let m = 0;
    for (let j = 0; j < k; j++) {
      // branch-free: a parent is listed once (its flag set) however its children come
      const q = p[j] >> 3;
      const f = queued[off1 + q];
      queued[off1 + q] = 1;
      list[m] = q;
      m += f ^ 1;
    }
    for (let j = 0; j < m; j++) {
      const q = list[j];
      const c = q << 3;
      nodes[off1 + q] = leaves[c] + leaves[c + 1] + (leaves[c + 2] + leaves[c + 3]) + (leaves[c + 4] + leaves[c + 5] + (leaves[c + 6] + leaves[c + 7]));
      queued[off1 + q] = 0;
    }
    // levels 2…depth: parents of the nodes just recomputed, while there are several of them
    let l = 2;
    for (; l <= depth && m > 1; l++) {
      const off = offsets[l];
      const offB = offsets[l - 1];
      k = m;
      m = 0;
      for (let j = 0; j < k; j++) {
        const q = list[j] >> 3;
        const f = queued[off + q];
        queued[off + q] = 1;
        list[m] = q;
        m += f ^ 1;
      }
      for (let j = 0; j < m; j++) {
        const q = list[j];
        const c = offB + (q << 3);
        nodes[off + q] = nodes[c] + nodes[c + 1] + (nodes[c + 2] + nodes[c + 3]) + (nodes[c + 4] + nodes[c + 5] + (nodes[c + 6] + nodes[c + 7]));
        queued[off + q] = 0;
      }
    }
    // one path left: climb it to the root
    let q = list[0];
    for (; l <= depth; l++) {
      q >>= 3;
      const off = offsets[l];
      const c = offsets[l - 1] + (q << 3);
      nodes[off + q] = nodes[c] + nodes[c + 1] + (nodes[c + 2] + nodes[c + 3]) + (nodes[c + 4] + nodes[c + 5] + (nodes[c + 6] + nodes[c + 7]));
    }
  }

  select(r: number): number {
    return this.find(r);
  }

  /**
   * Finds the leaf where the cumulative sum crosses r, 0 ≤ r < total. Leaves with zero rate are
   * never returned (round-off past the last positive child falls back to that child).
   */
  find(r: number): number {
    const { nodes, offsets, leaves } = this;
    let q = 0;
    for (let l = this.depth - 1; l >= 1; l--) {
      const c = offsets[l] + (q << 3);
      let pick = -1;
      let j = 0;
      for (; j < 8; j++) {
        const v = nodes[c + j];
        if (v > 0) {
          if (r < v) break;
          r -= v;
          pick = j;
        }
      }
      if (j < 8) pick = j;
      else r = nodes[c + pick] * 0.999999999999; // past the last positive child by round-off
      q = (q << 3) + pick;
    }
    const c = q << 3;
    let last = -1;
    for (let j = 0; j < 8; j++) {
      const v = leaves[c + j];
      if (v > 0) {
        if (r < v) return c + j;
        last = c + j;
        r -= v;
      }
    }
    return last;
  }

  /** Largest |node − Σ children| relative to the node (0 when every node is consistent). */
  maxInconsistency(): number {
    const { leaves, nodes, offsets, depth } = this;
    let worst = 0;
    let below = leaves;
    let belowOff = 0;
    let belowLen = leaves.length;
    for (let l = 1; l <= depth; l++) {
      const off = offsets[l];
      const len = Math.ceil(belowLen / FAN);
      for (let q = 0; q < len; q++) {
        let s = 0;
        for (let j = 0; j < FAN; j++) s += below[belowOff + (q << FAN_SHIFT) + j];
        const d = Math.abs(nodes[off + q] - s) / Math.max(1e-300, Math.abs(nodes[off + q]));
        if (d > worst) worst = d;
      }
      below = nodes;
      belowOff = off;
      belowLen = len;
    }
    return worst;
  }

  /** Allocates leaves for capacity ≥ cap and the levels above them (all zero). */
  private allocate(cap: number): void {
    const leafLen = Math.ceil(cap / FAN) * FAN;
    const offs = [0, 0];
    let len = leafLen;
    let total = 0;
    let depth = 0;
    do {
      len = Math.ceil(len / FAN);
      depth++;
      offs[depth] = total;
      total += Math.ceil(len / FAN) * FAN;
    } while (len > 1);
    this.leaves = new Float64Array(leafLen);
    this.nodes = new Float64Array(total);
    this.queued = new Uint8Array(total);
    this.offsets = Int32Array.from(offs);
    this.depth = depth;
    this.npending = 0;
  }
}

function grown(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
