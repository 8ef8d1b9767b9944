/**
 * Connected Li bodies on the lattice (MODEL.md §2.1: electronic connection; §3: pressure per
 * connected body): walks, labelling, merging when atoms touch, and splitting when a departing
 * atom was the last link: searches from the atom's former neighbours in lockstep, so that a split
 * costs the part cut off, not the body. Every site and body change goes through LiState.
 */
import { EMPTY, LI, openNeighbours } from "../species.ts";
import { allCovered } from "./cover.ts";
import { Lockstep } from "./lockstep.ts";
import type { LiState } from "./state.ts";

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
  /** The searches of splitAround (lockstep.ts). */
  private readonly ls = new Lockstep();
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
    const ep = this.epochs(1);
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
      // its sites from its member list (members.ts: the same sites as a walk from the seed)
      const n = st.members.count(b), sites = st.members.list(b);
      for (let k = 0; k < n; k++) this.markEdge(sites[k]);
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
   * connected to each other, split them into separate bodies. The slot tables settle most hops
   * (coveredVia); otherwise searches from all of them in lockstep stop as soon as all but one
   * group have met or been exhausted, and only the exhausted parts are relabelled: the work is
   * bounded by the parts cut off, never by the body that keeps b. Allocation-free unless a
   * search outgrows its queue.
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
    const seed = B.seed[b];
    if (seed === s || spec[seed] !== LI || body[seed] !== b) B.setSeed(b, nt > 0 ? tg[0] : -1);
    if (nt <= 1) return;
    const stats = this.stats;
    stats.splitChecks++;
    if (viaSlot >= 0 && this.coveredVia(via, viaSlot, nt)) {
      stats.covered++;
      return;
    }
    const ls = this.ls;
    const sites = ls.run(this.st, this.seen, this.epochs(nt), b, tg, nt);
    stats.searches++;
    stats.searchSites += sites;
    // the exhausted groups are the parts cut off (each one whole, in the queues of its searches);
    // the one group left unexhausted keeps b. The parts get new ids in the order of their first
    // target, as the former one-search-at-a-time version gave them (where it gave the new ids to
    // the same parts, the trajectory is the same)
    const last = ls.alive;
    for (let i = 0; i < nt; i++) done[i] = 0;
    for (let i = 0; i < nt; i++) {
      if (done[i]) continue;
      const r = ls.find(i);
      if (r === last) continue;
      const nid = B.allocate(tg[i]);
      let n = 0;
      for (let j = i; j < nt; j++) {
        if (ls.find(j) !== r) continue;
        done[j] = 1;
        const q = ls.queues[j];
        const m = ls.qtail[j];
        for (let x = 0; x < m; x++) st.relabel(q[x], nid);
        n += m;
      }
      B.setSeed(nid, tg[i]);
      stats.splits++;
      stats.splitRelabelled += n;
      B.splitOff(b, nid); // the excess goes with the atoms (bodies.ts)
      if (st.body[B.seed[b]] !== b) for (let j = 0; j < nt; j++) if (!done[j]) { B.setSeed(b, tg[j]); break; }
      st.markBody(nid);
      st.markBody(b);
      // the slots around the part read the body they were computed with: refresh them
      st.requestWalk(nid);
    }
  }

  /** Fresh visit marks base … base + k − 1 in `seen` (cleared when the epochs would overflow it). */
  private epochs(k: number): number {
    if (this.seenEpoch + k + 1 >= 0xffffffff) {
      this.seen.fill(0);
      this.seenEpoch = 1;
    }
    const base = this.seenEpoch + 1;
    this.seenEpoch += k;
    return base;
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
