/**
 * Connected Li bodies on the lattice: walks, labelling, merging when atoms touch, and splitting
 * when a departing atom was the last link — the bookkeeping behind electronic connection to the
 * collector and per-body pressure (bodies.ts holds their statistics). A bounded local search
 * settles the usual case after a hop; a full walk of the smaller side is the fallback.
 */
import { LI, SUB1_MASK, CC_MASK } from "./species.ts";
import { G_INSERT, G_EXTRACT, type LidepModel } from "./lidep.ts";

const SEARCH_ALL_FOUND = 0;
const SEARCH_EXHAUSTED = 1;
const SEARCH_BUDGET = 2;

export class Connectivity {
  /** Visit marks of the walks (an epoch per walk). */
  readonly seen: Uint32Array;
  seenEpoch = 1;
  private queue = new Int32Array(1024);
  private readonly nbWalk = new Int32Array(14);
  private readonly nbMerge = new Int32Array(14);
  private readonly nbSplit = new Int32Array(14);
  private readonly nbCover = new Int32Array(14);
  private readonly nbCover2 = new Int32Array(14);
  private readonly targets = new Int32Array(14);
  private readonly targetDone = new Uint8Array(14);

  constructor(
    private readonly m: LidepModel,
    sites: number,
  ) {
    this.seen = new Uint32Array(sites + 1);
  }


  /** Visits every site of body b reachable from `start` (14-neighbour connectivity). */
  walkBody(start: number, b: number, visit: (s: number) => void): number {
    const ep = ++this.seenEpoch;
    let head = 0;
    let tail = 0;
    this.ensureQueue(1);
    this.queue[tail++] = start;
    this.seen[start] = ep;
    const nb = this.nbWalk;
    while (head < tail) {
      const s = this.queue[head++];
      visit(s);
      this.m.lat.neighboursFast(s, nb);
      for (let k = 0; k < 14; k++) {
        const t = nb[k];
        if (this.m.spec[t] === LI && this.m.body[t] === b && this.seen[t] !== ep) {
          this.seen[t] = ep;
          this.ensureQueue(tail + 1);
          this.queue[tail++] = t;
        }
      }
    }
    return tail;
  }

  private ensureQueue(n: number): void {
    if (n > this.queue.length) {
      const g = new Int32Array(Math.max(n, this.queue.length * 2));
      g.set(this.queue);
      this.queue = g;
    }
  }

  /** Labels the Li component containing `start` with body id b, counting its statistics. */
  labelComponent(start: number, b: number, from: number): void {
    const B = this.m.bodies;
    const ep = ++this.seenEpoch;
    let head = 0;
    let tail = 0;
    this.ensureQueue(1);
    this.queue[tail++] = start;
    this.seen[start] = ep;
    const nb = this.nbWalk;
    while (head < tail) {
      const s = this.queue[head++];
      const ob = this.m.body[s];
      if (ob >= 0 && ob !== b) {
        B.size[ob]--;
        if ((this.m.cnt[s] & SUB1_MASK) !== 0) this.m.adjustRoot(ob, -1);
        if ((this.m.cnt[s] & CC_MASK) !== 0) this.m.adjustCC(ob, -1);
      }
      if (ob !== b) {
        this.m.body[s] = b;
        B.size[b]++;
        if ((this.m.cnt[s] & SUB1_MASK) !== 0) this.m.adjustRoot(b, 1);
        if ((this.m.cnt[s] & CC_MASK) !== 0) this.m.adjustCC(b, 1);
      }
      this.m.lat.neighboursFast(s, nb);
      for (let k = 0; k < 14; k++) {
        const t = nb[k];
        if (this.m.spec[t] === LI && this.seen[t] !== ep && (from < 0 || this.m.body[t] === from)) {
          this.seen[t] = ep;
          this.ensureQueue(tail + 1);
          this.queue[tail++] = t;
        }
      }
    }
    B.seed[b] = start;
    this.m.markBody(b);
  }

  /** After s became Li in body b: merge b with any other body it now touches. */
  mergeAround(s: number): void {
    const nb = this.nbMerge;
    this.m.lat.neighboursFast(s, nb);
    const B = this.m.bodies;
    for (let k = 0; k < 14; k++) {
      const t = nb[k];
      if (this.m.spec[t] !== LI) continue;
      const a = this.m.body[s];
      const c = this.m.body[t];
      if (c === a) continue;
      // relabel the smaller into the larger
      const big = B.size[a] >= B.size[c] ? a : c;
      const small = big === a ? c : a;
      const exSmall = B.excess[small];
      const seedSmall = big === a ? t : s;
      this.labelComponent(seedSmall, big, small);
      B.excess[big] += exSmall;
      B.pressure[big] = Math.max(B.pressure[big], B.pressure[small]);
      B.confined[big] = B.confined[big] | B.confined[small];
      B.nextAttempt[big] = 0;
      if (B.size[small] === 0) {
        this.m.trees[G_INSERT].set(small, 0);
        this.m.trees[G_EXTRACT].set(small, 0);
        B.release(small);
      }
      this.m.markBody(big);
    }
  }

  /**
   * After the Li at s left (s is no longer Li): if its former neighbours in body b are no longer
   * connected to each other, split them into separate bodies. A bounded local search settles the
   * usual case; a full walk is the fallback. Allocation-free unless a split happens.
   */
  splitAround(s: number, b: number, via = -1): void {
    const B = this.m.bodies;
    if (B.size[b] === 0) {
      this.m.counters.extracted += B.excess[b]; // excess of a vanished body returns to Li+
      B.release(b);
      this.m.trees[G_INSERT].set(b, 0);
      this.m.trees[G_EXTRACT].set(b, 0);
      return;
    }
    const nb = this.nbSplit;
    this.m.lat.neighboursFast(s, nb);
    const tg = this.targets;
    const done = this.targetDone;
    let nt = 0;
    for (let k = 0; k < 14; k++) {
      const t = nb[k];
      if (this.m.spec[t] !== LI || this.m.body[t] !== b) continue;
      let dup = false; // a thin periodic box lists one site twice (its two images)
      for (let i = 0; i < nt; i++) if (tg[i] === t) dup = true;
      if (!dup) tg[nt++] = t;
    }
    const seed = B.seed[b];
    if (seed === s || this.m.spec[seed] !== LI || this.m.body[seed] !== b) B.seed[b] = nt > 0 ? tg[0] : -1;
    if (nt <= 1) return;
    if (via >= 0 && this.coveredVia(via, tg, nt)) return;
    for (let i = 0; i < nt; i++) done[i] = 0;
    let left = nt;
    for (;;) {
      let first = -1;
      for (let i = 0; i < nt; i++) if (!done[i]) { first = i; break; }
      if (left <= 1) return;
      let code = this.search(tg[first], b, tg, nt, 512);
      if (code === SEARCH_ALL_FOUND) return;
      if (code === SEARCH_BUDGET) {
        code = this.search(tg[first], b, tg, nt, Infinity);
        if (code === SEARCH_ALL_FOUND) return;
      }
      // the component of tg[first] (marked in `seen` by the last search) is cut off from the
      // targets it did not reach: give it a new id
      const ep = this.seenEpoch;
      for (let i = 0; i < nt; i++) if (!done[i] && this.seen[tg[i]] === ep) { done[i] = 1; left--; }
      const nid = B.allocate(tg[first]);
      const rootBefore = B.root[b];
      this.labelComponent(tg[first], nid, b);
      if (B.excess[b] > 0 && rootBefore > 0) {
        const share = Math.floor((B.excess[b] * B.root[nid]) / rootBefore);
        B.excess[nid] = share;
        B.excess[b] -= share;
      }
      B.pressure[nid] = B.pressure[b];
      B.confined[nid] = B.confined[b];
      if (this.m.body[B.seed[b]] !== b) for (let i = 0; i < nt; i++) if (!done[i]) { B.seed[b] = tg[i]; break; }
      this.m.markBody(nid);
      this.m.markBody(b);
    }
  }

  /**
   * Cheap sufficient test that the targets are still connected after a hop: every target is the
   * mover's new site `via`, a neighbour of it, or a neighbour of such a neighbour that is Li.
   */
  private coveredVia(via: number, tg: Int32Array, nt: number): boolean {
    const nv = this.nbCover;
    this.m.lat.neighboursFast(via, nv);
    let uncovered = 0;
    const miss = this.targetDone; // scratch: 1 = not yet covered
    for (let i = 0; i < nt; i++) {
      const t = tg[i];
      let ok = t === via;
      for (let k = 0; k < 14 && !ok; k++) if (nv[k] === t) ok = true;
      miss[i] = ok ? 0 : 1;
      if (!ok) uncovered++;
    }
    if (uncovered === 0) return true;
    const nt2 = this.nbCover2;
    for (let i = 0; i < nt; i++) {
      if (!miss[i]) continue;
      this.m.lat.neighboursFast(tg[i], nt2);
      let ok = false;
      for (let k = 0; k < 14 && !ok; k++) {
        const u = nt2[k];
        if (this.m.spec[u] !== LI) continue;
        for (let j = 0; j < 14; j++) if (nv[j] === u) { ok = true; break; }
      }
      if (!ok) return false;
    }
    return true;
  }

  /**
   * Walk over body b from `start`, marking `seen` with a fresh epoch, until every undone target
   * is reached (SEARCH_ALL_FOUND), the component is exhausted (SEARCH_EXHAUSTED) or `budget`
   * sites were queued (SEARCH_BUDGET).
   */
  private search(start: number, b: number, tg: Int32Array, nt: number, budget: number): number {
    const ep = ++this.seenEpoch;
    const done = this.targetDone;
    let left = 0;
    for (let i = 0; i < nt; i++) if (!done[i] && tg[i] !== start) left++;
    if (left === 0) return SEARCH_ALL_FOUND;
    let head = 0;
    let tail = 0;
    this.ensureQueue(1);
    this.queue[tail++] = start;
    this.seen[start] = ep;
    const nb = this.nbWalk;
    while (head < tail) {
      if (tail >= budget) return SEARCH_BUDGET;
      const s = this.queue[head++];
      this.m.lat.neighboursFast(s, nb);
      for (let k = 0; k < 14; k++) {
        const t = nb[k];
        if (this.m.spec[t] === LI && this.m.body[t] === b && this.seen[t] !== ep) {
          this.seen[t] = ep;
          this.ensureQueue(tail + 1);
          this.queue[tail++] = t;
          for (let i = 0; i < nt; i++) {
            if (tg[i] === t && !done[i]) {
              left--;
              if (left === 0) return SEARCH_ALL_FOUND;
            }
          }
        }
      }
    }
    return SEARCH_EXHAUSTED;
  }
}
