/**
 * Connected Li bodies on the lattice (MODEL.md §2.1: electronic connection; §3: pressure per
 * connected body): walks, labelling, merging when atoms touch, and splitting when a departing
 * atom was the last link. A bounded local search settles the usual case after a hop; a full walk
 * of the smaller side is the fallback. Every site and body change goes through LiState.
 */
import { EMPTY, LI, openNeighbours } from "../species.ts";
import { allCovered } from "./cover.ts";
import type { LiState } from "./state.ts";

const SEARCH_ALL_FOUND = 0;
const SEARCH_EXHAUSTED = 1;
const SEARCH_BUDGET = 2;

/** What a walk does with each site it reaches. */
const VISIT = 0;
const RELABEL = 1;
/** Only queue: the sites are left in `walked`, in the order VISIT would visit them. */
const COLLECT = 2;

/**
 * Running counts of the connectivity work (read by scripts/split-cost.ts and the tests): calls,
 * and sites queued by each kind of walk.
 */
export class ConnectivityStats {
  /** splitAround calls with at least two targets (the others settle in O(1)). */
  splitChecks = 0;
  /** Settled by the slot tables (coveredVia). */
  covered = 0;
  /** Split searches run, and the sites they queued. */
  searches = 0;
  searchSites = 0;
  /** Bounded searches that ran out of budget (then searched unbounded). */
  overBudget = 0;
  /** Splits found, and the sites relabelled into the split-off parts. */
  splits = 0;
  splitRelabelled = 0;
  /** Merges, and the sites relabelled by them. */
  merges = 0;
  mergeRelabelled = 0;
  /** Walks for markAround (before a merge relabels), and their sites. */
  markSites = 0;
  /** Bodies walked by refreshEdges, and their sites. */
  edgeWalks = 0;
  edgeSites = 0;
  /** Other walks (walkBody, collectBody from other mechanisms), and their sites. */
  otherWalks = 0;
  otherSites = 0;
}

export class Connectivity {
  readonly stats = new ConnectivityStats();
  /** Visit marks of the walks (an epoch per walk). */
  readonly seen: Uint32Array;
  seenEpoch = 1;
  private queue = new Int32Array(1024);
  private readonly targets = new Int32Array(14);
  /** Neighbour slot of s of each target. */
  private readonly targetSlot = new Int32Array(14);
  private readonly targetDone = new Uint8Array(14);
  private ntargets = 0;
  /** Per slot: the walk that last counted it as an outlet. */
  private ringMark = new Uint32Array(1024);
  private ringEpoch = 0;
  /** Empty slots counted by the walk of refreshEdges (ringEpoch), or none (ringEpoch 0: markAround). */
  private ring = 0;

  /** A box 2 cells across x or y: a site's two second neighbours along it are one site. */
  private readonly thin: boolean;

  constructor(private readonly st: LiState) {
    this.seen = new Uint32Array(st.N + 1);
    this.thin = st.lat.nx <= 2 || st.lat.ny <= 2;
  }

  /** Bodies of the initial Li (construction). */
  labelAll(): void {
    const st = this.st;
    for (let s = 0; s < st.N; s++) if (st.spec[s] === LI && st.body[s] < 0) this.labelComponent(s, st.bodies.allocate(s), -1);
  }

  /**
   * The component walk: breadth first over the Li sites reachable from `start` through sites of body
   * `match` (any Li when match < 0), marking `seen` with a fresh epoch. Each site is visited
   * (VISIT) or moved into body `to` (RELABEL). Returns the sites queued. (The split search has its
   * own loop: `search`.)
   */
  private walk(start: number, match: number, what: number, to: number, visit: ((s: number) => void) | null): number {
    const st = this.st;
    const spec = st.spec;
    const body = st.body;
    const seen = this.seen;
    const ep = ++this.seenEpoch;
    let head = 0;
    let tail = 0;
    this.ensureQueue(1);
    this.queue[tail++] = start;
    seen[start] = ep;
    const lat = st.lat;
    const offsets = lat.neighbourOffsets;
    while (head < tail) {
      const s = this.queue[head++];
      if (what === VISIT) visit!(s);
      else if (what === RELABEL && body[s] !== to) st.relabel(s, to);
      // neighbours at s + the class offsets (the general path at a closed boundary, bottom or top)
      const o = lat.neighbourRow(s, 5);
      this.ensureQueue(tail + 14);
      const queue = this.queue;
      for (let k = 0; k < 14; k++) {
        const t = s + offsets[o + k];
        if (spec[t] === LI && seen[t] !== ep && (match < 0 || body[t] === match)) {
          seen[t] = ep;
          queue[tail++] = t;
        }
      }
    }
    return tail;
  }

  /**
   * Walks the bodies listed in `rewalk` (their connection to the collector changed, they split
   * or their pressure or relief drivers drifted, pressure.ts): every slot of the body and every
   * slot next to one of its sites gets its rates recomputed, and the body records its edge
   * outlets (empty slots next to it, for relief); `walked` is told each body walked.
   */
  refreshEdges(walked: (b: number) => void): void {
    const st = this.st;
    const list = st.rewalk;
    if (this.ringMark.length < st.isite.length) this.ringMark = new Uint32Array(st.isite.length);
    const B = st.bodies;
    for (let i = 0; i < list.length; i++) {
      const b = list[i];
      st.markBody(b);
      const seed = B.seed[b];
      if (seed < 0 || st.spec[seed] !== LI || st.body[seed] !== b) continue;
      this.ring = 0;
      this.ringEpoch++;
      const n = this.walk(seed, b, VISIT, -1, this.markEdge);
      this.stats.edgeWalks++;
      this.stats.edgeSites += n;
      B.setRing(b, Math.max(1, this.ring));
      walked(b);
    }
    list.length = 0;
  }

  /**
   * A walked site s: it and, when it has an open (unbonded) neighbour — the body's surface — the
   * slots next to it are marked for a refresh (a slot's weights read the bodies of its Li
   * neighbours); empty slots are counted once per walk as the body's edge outlets.
   */
  private readonly markEdge = (s: number): void => {
    const st = this.st;
    const islot = st.islot;
    if (islot[s] >= 0) st.markSlot(s, islot[s]);
    if (!openNeighbours(st.cnt[s])) return;
    const lat = st.lat;
    const list = lat.neighbourOffsets;
    const o = lat.neighbourRow(s, 6);
    const ep = this.ringEpoch;
    for (let k = 0; k < 14; k++) {
      const t = s + list[o + k];
      if (t === st.N) continue;
      const it = islot[t];
      if (it < 0) continue;
      st.markSlot(t, it);
      if (ep !== 0 && st.spec[t] === EMPTY && this.ringMark[it] !== ep) {
        this.ringMark[it] = ep;
        this.ring++;
      }
    }
  };

  /**
   * Marks for a refresh the slots whose weights read the body of the sites reachable from
   * `start` through body `b` (before they are relabelled into another body): the sites and their
   * neighbours.
   */
  private markAround(start: number, b: number): void {
    const ep = this.ringEpoch;
    this.ringEpoch = 0;
    this.stats.markSites += this.walk(start, b, VISIT, -1, this.markEdge);
    this.ringEpoch = ep;
  }

  /** After a restore: no walk has marked anything. */
  resetMarks(): void {
    this.seen.fill(0);
    this.ringMark = new Uint32Array(Math.max(this.ringMark.length, this.st.isite.length));
  }

  /**
   * The sites of body b reachable from `start`, in the order `walkBody` visits them: the first n
   * (returned) entries of `walked`, valid until the next walk.
   */
  collectBody(start: number, b: number): number {
    const n = this.walk(start, b, COLLECT, -1, null);
    this.stats.otherWalks++;
    this.stats.otherSites += n;
    return n;
  }

  /** The sites the last walk queued (collectBody). */
  get walked(): Int32Array {
    return this.queue;
  }

  /** Visits every site of body b reachable from `start` (14-neighbour connectivity). */
  walkBody(start: number, b: number, visit: (s: number) => void): number {
    const n = this.walk(start, b, VISIT, -1, visit);
    this.stats.otherWalks++;
    this.stats.otherSites += n;
    return n;
  }

  private ensureQueue(n: number): void {
    if (n > this.queue.length) {
      const g = new Int32Array(Math.max(n, this.queue.length * 2));
      g.set(this.queue);
      this.queue = g;
    }
  }

  /** Labels the Li component containing `start` (through sites of body `from`, or any Li if from < 0) with body id b. */
  labelComponent(start: number, b: number, from: number): number {
    const n = this.walk(start, from, RELABEL, b, null);
    this.st.bodies.setSeed(b, start);
    this.st.markBody(b);
    return n;
  }

  /** After s became Li in body b: merge b with any other body it now touches. */
  mergeAround(s: number): void {
    const st = this.st;
    const lat = st.lat;
    const list = lat.neighbourOffsets;
    const o = lat.neighbourRow(s, 7);
    const B = st.bodies;
    for (let k = 0; k < 14; k++) {
      const t = s + list[o + k];
      if (st.spec[t] !== LI) continue;
      const a = st.body[s];
      const c = st.body[t];
      if (c === a) continue;
      // relabel the smaller into the larger
      const big = B.size[a] >= B.size[c] ? a : c;
      const small = big === a ? c : a;
      const exSmall = B.excess[small];
      const seedSmall = big === a ? t : s;
      // the slots around the smaller body read its pressure and connection: they read the
      // larger one's from now on
      this.markAround(seedSmall, small);
      this.stats.merges++;
      this.stats.mergeRelabelled += this.labelComponent(seedSmall, big, small);
      B.absorb(big, small, exSmall);
      if (B.size[small] === 0) {
        B.release(small);
        st.markBody(small); // its insertion and extraction rates drop to 0
      }
      st.markBody(big);
    }
  }

  /**
   * After the Li at s left (s is no longer Li): if its former neighbours in body b are no longer
   * connected to each other, split them into separate bodies. A bounded local search settles the
   * usual case; a full walk is the fallback. Allocation-free unless a split happens.
   */
  splitAround(s: number, b: number, via = -1): void {
    const st = this.st;
    const B = st.bodies;
    if (B.size[b] === 0) {
      st.counters.extractedAtoms += B.excess[b]; // excess of a vanished body returns to Li+
      B.release(b);
      st.markBody(b);
      return;
    }
    const lat = st.lat;
    const list = lat.neighbourOffsets;
    const o = lat.neighbourRow(s, 8);
    const tg = this.targets;
    const slot = this.targetSlot;
    const done = this.targetDone;
    const spec = st.spec;
    const body = st.body;
    let nt = 0;
    let viaSlot = -1;
    const thin = this.thin;
    for (let k = 0; k < 14; k++) {
      const t = s + list[o + k];
      if (spec[t] !== LI || body[t] !== b) continue;
      if (thin) {
        let dup = false; // a box 2 cells across lists one site twice (its two images)
        for (let i = 0; i < nt; i++) if (tg[i] === t) dup = true;
        if (dup) continue;
      }
      if (t === via) viaSlot = k;
      slot[nt] = k;
      tg[nt++] = t;
    }
    this.ntargets = nt;
    const seed = B.seed[b];
    if (seed === s || spec[seed] !== LI || body[seed] !== b) B.setSeed(b, nt > 0 ? tg[0] : -1);
    if (nt <= 1) return;
    const stats = this.stats;
    stats.splitChecks++;
    if (viaSlot >= 0 && this.coveredVia(via, viaSlot, nt)) {
      stats.covered++;
      return;
    }
    for (let i = 0; i < nt; i++) done[i] = 0;
    let left = nt;
    for (;;) {
      let first = -1;
      for (let i = 0; i < nt; i++) if (!done[i]) { first = i; break; }
      if (left <= 1) return;
      let code = this.search(tg[first], b, 512);
      if (code === SEARCH_ALL_FOUND) return;
      if (code === SEARCH_BUDGET) {
        stats.overBudget++;
        code = this.search(tg[first], b, Infinity);
        if (code === SEARCH_ALL_FOUND) return;
      }
      // the component of tg[first] (marked in `seen` by the last search) is cut off from the
      // targets it did not reach: give it a new id
      const ep = this.seenEpoch;
      for (let i = 0; i < nt; i++) if (!done[i] && this.seen[tg[i]] === ep) { done[i] = 1; left--; }
      const nid = B.allocate(tg[first]);
      stats.splits++;
      stats.splitRelabelled += this.labelComponent(tg[first], nid, b);
      B.splitOff(b, nid); // the excess goes with the atoms (bodies.ts)
      if (st.body[B.seed[b]] !== b) for (let i = 0; i < nt; i++) if (!done[i]) { B.setSeed(b, tg[i]); break; }
      st.markBody(nid);
      st.markBody(b);
      // the slots around the part read the body they were computed with: refresh them
      st.requestWalk(nid);
    }
  }

  /**
   * Breadth first over body b from `start` until every undone target is reached
   * (SEARCH_ALL_FOUND), the component is exhausted (SEARCH_EXHAUSTED: the sites reached carry
   * `seen` = seenEpoch), or `budget` sites were queued (SEARCH_BUDGET). The undone targets are
   * marked in `seen` with an epoch of their own beforehand, so that reaching one is one test;
   * neighbours by class offsets.
   */
  private search(start: number, b: number, budget: number): number {
    const st = this.st;
    const tg = this.targets;
    const done = this.targetDone;
    const seen = this.seen;
    const targetMark = ++this.seenEpoch;
    const ep = ++this.seenEpoch;
    let left = 0;
    for (let i = 0; i < this.ntargets; i++)
      if (!done[i] && tg[i] !== start) {
        left++;
        seen[tg[i]] = targetMark;
      }
    if (left === 0) return SEARCH_ALL_FOUND;
    this.stats.searches++;
    const spec = st.spec;
    const body = st.body;
    const lat = st.lat;
    const offsets = lat.neighbourOffsets;
    let queue = this.queue;
    let head = 0;
    let tail = 0;
    queue[tail++] = start;
    seen[start] = ep;
    while (head < tail) {
      if (tail >= budget) {
        this.stats.searchSites += tail;
        return SEARCH_BUDGET;
      }
      const x = queue[head++];
      const o = lat.neighbourRow(x, 9);
      if (tail + 14 > queue.length) {
        this.ensureQueue(tail + 14);
        queue = this.queue;
      }
      for (let k = 0; k < 14; k++) {
        const t = x + offsets[o + k];
        const v = seen[t];
        if (v === ep || spec[t] !== LI || body[t] !== b) continue;
        seen[t] = ep;
        queue[tail++] = t;
        if (v === targetMark && --left === 0) {
          this.stats.searchSites += tail;
          return SEARCH_ALL_FOUND;
        }
      }
    }
    this.stats.searchSites += tail;
    return SEARCH_EXHAUSTED;
  }

  /**
   * Cheap sufficient test that the targets are still connected after a hop: every target is the
   * mover's new site `via` (in slot d of s), a neighbour of it, or a neighbour of a Li neighbour of
   * it — by the slot tables ADJACENT and COVER and the mask of via's Li neighbours.
   */
  private coveredVia(via: number, d: number, nt: number): boolean {
    const st = this.st;
    const spec = st.spec;
    const lat = st.lat;
    const list = lat.neighbourOffsets;
    const o = lat.neighbourRow(via, 10);
    let li = 0;
    for (let j = 0; j < 14; j++) li |= (spec[via + list[o + j]] === LI ? 1 : 0) << j;
    return allCovered(li, d, this.targetSlot, nt);
  }
}
