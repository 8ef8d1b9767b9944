/**
 * Sum tree over non-negative rates, for O(log N) selection and update in rejection-free KMC.
 *
 * Layout (12 bytes per leaf): `leaves` holds one rate per leaf (Float64); leaves are grouped in
 * blocks of 4, and `nodes` is an implicit binary tree over the blocks without power-of-two
 * padding: block b is node nb + b, internal node i < nb holds nodes[2i] + nodes[2i + 1], the root
 * is node 1. Every block reaches the root exactly once, so the root is the total.
 *
 * Updates are deferred: `set` writes the leaf and records its block; `flush` recomputes the
 * changed blocks and climbs their ancestors in one merged pass (node ids in decreasing order, each
 * ancestor recomputed once), which is what made the difference in PERFORMANCE.md (item 1).
 */
const BLOCK_SHIFT = 2;
const BLOCK = 1 << BLOCK_SHIFT;

export class SumTree {
  n: number;
  leaves: Float64Array;
  nodes: Float64Array;
  /** Number of leaf blocks. */
  nb: number;
  private pending: Int32Array;
  private npending = 0;
  private parents: Int32Array;

  constructor(n: number) {
    this.n = Math.max(1, n);
    this.nb = Math.ceil(this.n / BLOCK);
    this.leaves = new Float64Array(this.nb * BLOCK);
    this.nodes = new Float64Array(2 * this.nb + 1);
    this.pending = new Int32Array(64);
    this.parents = new Int32Array(64);
  }

  /** Bytes held by the tree's arrays. */
  get bytes(): number {
    return this.leaves.byteLength + this.nodes.byteLength + this.pending.byteLength + this.parents.byteLength;
  }

  /** Total rate (the root). */
  total(): number {
    return this.nb === 1 ? this.nodes[1] : this.nodes[1];
  }

  get(i: number): number {
    return this.leaves[i];
  }

  /** Sets leaf i; call `flush` before the next selection. */
  set(i: number, v: number): void {
    this.leaves[i] = v;
    let k = this.npending;
    if (k === this.pending.length) {
      const grown = new Int32Array(k * 2);
      grown.set(this.pending);
      this.pending = grown;
    }
    this.pending[k] = i >> BLOCK_SHIFT;
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
    const leaves = this.leaves;
    this.n = n;
    this.nb = Math.ceil(Math.max(n, 2 * leaves.length) / BLOCK);
    this.leaves = new Float64Array(this.nb * BLOCK);
    this.leaves.set(leaves);
    this.nodes = new Float64Array(2 * this.nb + 1);
    this.npending = 0;
    this.rebuild();
  }

  /** Replaces all leaves (a restored state) and rebuilds. */
  load(leaves: Float64Array, n: number): void {
    this.n = n;
    this.nb = Math.ceil(leaves.length / BLOCK);
    this.leaves = new Float64Array(this.nb * BLOCK);
    this.leaves.set(leaves);
    this.nodes = new Float64Array(2 * this.nb + 1);
    this.npending = 0;
    this.rebuild();
  }

  /** Recomputes every node from the leaves, O(N). */
  rebuild(): void {
    const { leaves, nodes, nb } = this;
    for (let b = 0; b < nb; b++) {
      const o = b << BLOCK_SHIFT;
      nodes[nb + b] = leaves[o] + leaves[o + 1] + leaves[o + 2] + leaves[o + 3];
    }
    for (let i = nb - 1; i >= 1; i--) nodes[i] = nodes[2 * i] + nodes[2 * i + 1];
    this.npending = 0;
  }

  /** Applies the pending leaf changes. */
  flush(): void {
    const k0 = this.npending;
    if (k0 === 0) return;
    const nb = this.nb;
    if (k0 > (nb >> 4) + 64) {
      this.rebuild();
      return;
    }
    if (this.parents.length < k0) this.parents = new Int32Array(this.pending.length);
    const p = this.pending;
    // sort block ids in decreasing order (insertion sort: a few dozen entries per event)
    if (k0 > 48) {
      const sub = p.subarray(0, k0);
      sub.sort();
      sub.reverse();
    } else {
      for (let i = 1; i < k0; i++) {
        const v = p[i];
        let j = i - 1;
        while (j >= 0 && p[j] < v) {
          p[j + 1] = p[j];
          j--;
        }
        p[j + 1] = v;
      }
    }
    const { leaves, nodes } = this;
    // dedupe, recompute the blocks, turn block ids into node ids (still decreasing)
    let k = 0;
    let last = -1;
    for (let i = 0; i < k0; i++) {
      const b = p[i];
      if (b === last) continue;
      last = b;
      const o = b << BLOCK_SHIFT;
      const id = nb + b;
      let sum = leaves[o];
      for (let j = 1; j < BLOCK; j++) sum += leaves[o + j];
      nodes[id] = sum;
      p[k++] = id;
    }
    // Blocks sit at two depths of the heap: ids ≥ deep = 2^(⌊log2 nb⌋+1) one level below the
    // rest. Lift the deep ones first; their parents are internal nodes (ids < nb), smaller than
    // every block id, so appending them after the shallow blocks keeps the list decreasing.
    const deep = 1 << (32 - Math.clz32(nb));
    let nd = 0;
    while (nd < k && p[nd] >= deep) nd++;
    if (nd > 0) {
      const q = this.parents;
      let m = 0;
      let lastParent = -1;
      for (let i = 0; i < nd; i++) {
        const par = p[i] >> 1;
        if (par !== lastParent) {
          q[m++] = par;
          lastParent = par;
          nodes[par] = nodes[2 * par] + nodes[2 * par + 1];
        }
      }
      // shift the shallow blocks to the front, then append the parents
      for (let i = nd; i < k; i++) p[i - nd] = p[i];
      k -= nd;
      for (let i = 0; i < m; i++) p[k++] = q[i];
    }
    // level by level: every list entry is at the same depth, decreasing; parents stay decreasing
    while (k > 0 && p[0] > 1) {
      let m = 0;
      let lastParent = -1;
      for (let i = 0; i < k; i++) {
        const par = p[i] >> 1;
        if (par !== lastParent) {
          p[m++] = par;
          lastParent = par;
          nodes[par] = nodes[2 * par] + nodes[2 * par + 1];
        }
      }
      k = m;
    }
    this.npending = 0;
  }

  /**
   * Finds the leaf where the cumulative sum crosses r, 0 ≤ r < total. Leaves with zero rate are
   * never returned (round-off at a boundary falls back to a neighbour with a positive rate).
   * The remainder within the chosen leaf is left in `remainder`.
   */
  remainder = 0;
  find(r: number): number {
    const { nodes, leaves, nb } = this;
    let i = 1;
    while (i < nb) {
      const l = 2 * i;
      const left = nodes[l];
      if (r < left || nodes[l + 1] <= 0) {
        if (r >= left) r = left * 0.999999999999;
        i = l;
      } else {
        r -= left;
        i = l + 1;
      }
    }
    const o = (i - nb) << BLOCK_SHIFT;
    let lastPositive = -1;
    for (let j = 0; j < BLOCK; j++) {
      const v = leaves[o + j];
      if (v > 0) {
        if (r < v) {
          this.remainder = r;
          return o + j;
        }
        lastPositive = o + j;
        r -= v;
      }
    }
    this.remainder = 0;
    return lastPositive;
  }
}
