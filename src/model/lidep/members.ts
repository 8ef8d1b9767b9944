/**
 * The sites of each body (issue 18, item 3): a dense list per body id and each site's position
 * in its list, swap-removed, so that a root-growth move (root-growth.ts) finds the sites of the
 * body it moves without walking it. Kept by LiState at the two points where a site's body changes
 * (`setSpecies`, `relabel`); the order within a list is that of arrival with swap-removes, not a
 * walk's.
 *
 * Memory: 4 bytes per site (the positions) and the lists, each grown by doubling (≤ 8 bytes per
 * Li site; a list emptied by a merge is given back when it was large).
 */
export class Members {
  /** Position of a Li site in its body's list, −1 for other sites. */
  private readonly pos: Int32Array;
  private lists: Int32Array[] = [];
  private lens = new Int32Array(0);

  constructor(N: number) {
    this.pos = new Int32Array(N + 1).fill(-1);
  }

  /** Number of sites listed for body b. */
  count(b: number): number {
    return b < this.lens.length ? this.lens[b] : 0;
  }

  /** The list of body b: its first `count(b)` entries, valid until the body next changes. */
  list(b: number): Int32Array {
    return this.lists[b];
  }

  add(b: number, s: number): void {
    if (b >= this.lens.length) this.growIds(b + 1);
    let l = this.lists[b];
    const n = this.lens[b];
    if (n === l.length) {
      const g = new Int32Array(2 * n);
      g.set(l);
      l = this.lists[b] = g;
    }
    l[n] = s;
    this.pos[s] = n;
    this.lens[b] = n + 1;
  }

  remove(b: number, s: number): void {
    const l = this.lists[b];
    const n = --this.lens[b];
    const i = this.pos[s];
    const last = l[n];
    l[i] = last;
    this.pos[last] = i;
    this.pos[s] = -1;
    if (n === 0 && l.length > 1024) this.lists[b] = new Int32Array(16);
  }

  /** Each site's position in its body's list (what a checkpoint holds: with the body ids, the lists in their order). */
  get positions(): Readonly<Int32Array> {
    return this.pos;
  }

  /**
   * The lists from the sites' body ids and, when given, their positions (a checkpoint's: the
   * lists come back in their order, so that a resumed run moves its bodies' sites in the order the
   * uninterrupted run does); without them, in site order.
   */
  restore(body: ArrayLike<number>, N: number, pos?: ArrayLike<number>): void {
    this.lens.fill(0);
    this.pos.fill(-1);
    if (!pos) {
      for (let s = 0; s < N; s++) if (body[s] >= 0) this.add(body[s], s);
      return;
    }
    for (let s = 0; s < N; s++) {
      const b = body[s];
      if (b < 0) continue;
      if (b >= this.lens.length) this.growIds(b + 1);
      const i = pos[s];
      let l = this.lists[b];
      if (i >= l.length) {
        const g = new Int32Array(Math.max(2 * l.length, i + 1));
        g.set(l);
        l = this.lists[b] = g;
      }
      l[i] = s;
      this.pos[s] = i;
      if (i >= this.lens[b]) this.lens[b] = i + 1;
    }
  }

  private growIds(n: number): void {
    const cap = Math.max(n, 2 * this.lens.length, 64);
    const g = new Int32Array(cap);
    g.set(this.lens);
    this.lens = g;
    for (let b = this.lists.length; b < cap; b++) this.lists.push(new Int32Array(16));
  }
}
