/**
 * Root growth (MODEL.md §2.1): a body whose interfacial excess holds two layers over its root
 * rises rigidly by one lattice constant, carrying a movable collector (collector.ts) and the Li
 * riding on it; a rigid collector, the LLZO, a wall or the box's lid block it, and the excess
 * compresses the body (pressure.ts).
 *
 * The work of a step — the bonds the risen body and its refilled bottom lose or gain against bulk
 * Li (new side surface, adhesion to the LLZO and the collector), and the collector's load — per
 * volume inserted is the body's growth stress: what an atom inserted under a body free to rise
 * works against (redox.ts), the capillary γ·s/A of the paper's Eq. 3 (2γ/w for a slab of width w
 * in a thin periodic cross-section) plus F/A_root. It is measured on the lattice, at each probe.
 */
import { LI_ATOMIC_VOLUME_M3 } from "../../constants/physical.ts";
import { QUANTA_PER_KT } from "../energy.ts";
import { CC, CC_MASK, EMPTY, LI, LLZO, SUB_MASK } from "../species.ts";
import type { Collector } from "./collector.ts";
import type { Connectivity } from "./connectivity.ts";
import type { LiState } from "./state.ts";
import { EV_ROOT } from "./records.ts";

export class RootGrowth {
  /** Marks of one attempt (an epoch per attempt, advancing by 2): mark[s] = epoch + 1 for a refilled bottom. */
  private mark: Uint32Array;
  private epoch = 0;
  /** Per body id: = epoch for a body of the moving set of the current attempt (the body, the Li riding on a pushed collector). */
  private stamp = new Uint32Array(64);
  /** Scratch lists of an attempt (grown by doubling): see tryGrow. */
  private surf = new Int32Array(1024);
  private tops = new Int32Array(1024);
  private topBody = new Int32Array(1024);
  private topBorn = new Float64Array(1024);
  private vac = new Int32Array(1024);
  private bottoms = new Int32Array(1024);
  private work = new Int32Array(1024);
  /** Li neighbours of each site of `surf` before the move (see the merges). */
  private liBefore = new Uint8Array(1024);
  /** The last move's moving sites given neighbour reads (surface, riding Li) and sites whose occupancy it changed (for tests). */
  lastMove = { surface: 0, changed: 0 };

  constructor(
    private readonly st: LiState,
    private readonly conn: Connectivity,
    private readonly collector: Collector,
  ) {
    this.mark = new Uint32Array(st.N + 1);
  }

  /**
   * Finds out whether body b can move at all (its `confined` flag, its growth work), as the
   * first insertion into it does. A body's confinement is otherwise learnt only through its
   * insertions (afterInsertion): a body that gets excess another way — a crack's Li shared with
   * it (cracks.ts) — is probed when it does, so that its excess is compression when no
   * root-growth move can discharge it (MODEL.md §3). (A piece of a split body needs no probe: it
   * inherits its parent's flag, and what blocks a piece blocks its parent — the site a step
   * moves a site to is its second neighbour, so never Li of another piece: bodies.ts splitOff.)
   */
  probe(b: number): void {
    this.tryGrow(b, true);
  }

  /** The growth stress of body b (Pa): the work per inserted volume of its next step (see the header). */
  stress(b: number): number {
    const B = this.st.bodies;
    return B.capillaryStress[b] + (B.pushes[b] ? this.collector.stepLoad(B.root[b]) : 0);
  }

  /**
   * After an insertion into body b (its excess was `before` atoms): can the body move at all, and
   * what would the step cost? Asked at the first excess atoms, and again each time the excess
   * passes a power of two sites' worth (a pass over the body's member list each time); then the
   * move itself once two layers' worth has gathered.
   */
  afterInsertion(b: number, before: number): void {
    const B = this.st.bodies;
    const m = this.st.m;
    if (!B.confined[b] && (before === 0 || octave(before / m) !== octave(B.excess[b] / m))) this.tryGrow(b, true);
    this.tryGrow(b, false);
  }

  /**
   * Once a body's excess holds two (001) layers over its root, the whole body moves up rigidly
   * by one lattice constant (0, 0, a) — the smallest vertical lattice translation (one layer,
   * a/2, would need a sideways shift of a/2 that a body in a channel cannot make) — and the
   * vacated sites within a of the LLZO are filled from the excess (a single crystal does not
   * shear column by column). A movable collector above is pushed along if it yields; a rigid
   * one, the LLZO, a wall or the top of the box block the move, and the excess stays stored.
   * `probe` only finds out whether the body is confined.
   *
   * Cost: the body's sites come from its member list (members.ts), and one pass over it reads
   * one word per site (its packed counts) to keep its surface — the sites with a neighbour that
   * is not Li of the body; all else runs over the surface: the collision check (a top site's
   * step), the growth work, the vacated sites and the arrivals (the sites whose occupancy
   * changes), and the merges. A site inside keeps its bonds and its occupancy; only the
   * deposition time of its atom moves, copied down each column from its top (`shiftAtom`).
   */
  private tryGrow(b: number, probe: boolean): void {
    const m = this.st;
    const conn = this.conn;
    const B = m.bodies;
    const atoms = m.m;
    if (B.root[b] <= 0) return;
    if (!probe && (B.excess[b] < 2 * B.root[b] * atoms || B.excess[b] < B.nextAttempt[b])) return;
    const lat = m.lat;
    const N = m.N;
    const spec = m.spec;
    const body = m.body;
    const cnt = m.cnt;
    // the body rises by one lattice constant, (0, 0, a): two (001) layers — the smallest purely
    // vertical lattice translation, so a body in a channel or beside a fibre slides straight up
    const LS2 = 2 * lat.layerSize;
    if (this.epoch >= 0xfffffff0) {
      this.mark.fill(0);
      this.stamp.fill(0);
      this.epoch = 0;
    }
    const ep = (this.epoch += 2);
    const mark = this.mark;
    if (this.stamp.length < B.capacity) {
      const g = new Uint32Array(B.capacity);
      g.set(this.stamp);
      this.stamp = g;
    }
    const stamp = this.stamp;
    stamp[b] = ep;
    // the moving set: the body, the collector if it is free and in the way, and any Li the
    // collector carries (adatoms on the probe move with it)
    let pushCC = false;
    const inM = (x: number): boolean => {
      const sp = spec[x];
      return sp === LI ? stamp[body[x]] === ep : sp === CC && pushCC;
    };
    // the surface of the body: a site with 14 Li neighbours has them all in the body (connected
    // Li is one body), and so in the moving set, and is away from the box's edges (a neighbour
    // outside is not counted)
    const nBody = m.members.count(b);
    const list = m.members.list(b);
    let surf = (this.surf = room(this.surf, nBody));
    let ns = 0;
    for (let i = 0; i < nBody; i++) {
      const s = list[i];
      if ((cnt[s] & ALL_LI_MASK) !== ALL_LI) surf[ns++] = s;
    }
    // can it move? (a site whose step lands in the moving set cannot block it)
    let blocked = false;
    const check = (s: number, riding: boolean): void => {
      const isCC = spec[s] === CC;
      const up = s + LS2 < N ? s + LS2 : N;
      if (up >= N) {
        if (!isCC) blocked = true; // the probe continues beyond the box
        return;
      }
      if (!isCC && lat.layerOf(up) > m.topLimitLayer) {
        // Li at the top of the box (a whisker that outgrew it, or Li that crept up the probe):
        // the box lid blocks the move like any obstacle; the counter says how often
        blocked = true;
        m.counters.topBlocked++;
        return;
      }
      if (inM(up)) return;
      const sp = spec[up];
      if (sp === EMPTY) return;
      if (sp === CC) {
        if (!this.collector.movable) blocked = true;
        else pushCC = true;
      } else if (sp === LI && riding) {
        // Li riding on the collector (or on Li it carries) moves along
        const c = body[up];
        stamp[c] = ep;
        const n = m.members.count(c);
        const l = m.members.list(c);
        this.work = room(this.work, nw + n);
        for (let k = 0; k < n; k++) this.work[nw++] = l[k];
      } else blocked = true;
    };
    let nw = 0;
    for (let i = 0; i < ns && !blocked; i++) check(surf[i], false);
    if (pushCC && !blocked) {
      const cc = m.ccSites;
      this.work = room(this.work, cc.length);
      for (let k = 0; k < cc.length; k++) this.work[nw++] = cc[k];
      for (let i = 0; i < nw && !blocked; i++) check(this.work[i], true);
    }
    const wasConfined = B.confined[b];
    B.setConfined(b, blocked ? 1 : 0);
    if (wasConfined !== B.confined[b]) m.markBody(b);
    let nb = 0;
    if (!blocked) {
      // vacated (nothing moves into it) and within a of the LLZO: refilled from the excess
      let bottoms = (this.bottoms = room(this.bottoms, ns));
      for (let i = 0; i < ns; i++) {
        const s = surf[i];
        const from = s - LS2;
        if ((from < 0 || !inM(from)) && (cnt[s] & SUB_MASK) !== 0) {
          bottoms[nb++] = s;
          mark[s] = ep + 1;
        }
      }
      // what the step costs, for the insertions until the next probe
      const cap = nb > 0 ? this.capillaryStress(surf, ns, nb, ep, pushCC, inM) : B.capillaryStress[b];
      if (cap !== B.capillaryStress[b] || B.pushes[b] !== (pushCC ? 1 : 0)) {
        B.setGrowthWork(b, cap, pushCC);
        m.markBody(b);
      }
    }
    if (probe) return;
    if (blocked || nb * atoms > B.excess[b]) {
      B.setNextAttempt(b, B.excess[b] + Math.max(1, 2 * B.root[b]) * atoms);
      m.counters.rootBlocked++;
      return;
    }
    // the moving Li whose step changes occupancy: the body's surface, and the riding bodies whole
    // (a few adatoms); riding sites follow the body's in `surf`
    if (nw > 0) {
      surf = this.surf = room(surf, ns + nw);
      for (let i = 0; i < nw; i++) if (spec[this.work[i]] === LI) surf[ns++] = this.work[i];
    }
    // before anything changes: the tops (their step leaves the moving Li: an arrival), with the
    // atom each carries, and the vacated (no moving site steps into them)
    const tops = (this.tops = room(this.tops, ns));
    const vac = (this.vac = room(this.vac, ns));
    if (this.topBody.length < ns) {
      this.topBody = new Int32Array(tops.length);
      this.topBorn = new Float64Array(tops.length);
    }
    const topBody = this.topBody;
    const topBorn = this.topBorn;
    let nt = 0;
    let nv = 0;
    const isMovingLi = (x: number) => spec[x] === LI && stamp[body[x]] === ep;
    if (this.liBefore.length < ns) this.liBefore = new Uint8Array(tops.length);
    const liBefore = this.liBefore;
    for (let i = 0; i < ns; i++) {
      const s = surf[i];
      liBefore[i] = liNeighbours(cnt[s]);
      const up = s + LS2; // < N: Li at the top blocks the move
      if (!isMovingLi(up)) {
        tops[nt] = s;
        topBody[nt] = body[s];
        topBorn[nt++] = m.born[s];
      }
      const from = s - LS2;
      if (from < 0 || !inM(from)) vac[nv++] = s;
    }
    this.lastMove.surface = ns;
    this.lastMove.changed = nt + nv;
    // the atoms inside move one step up their column: each column copied down from its top
    // (a column is one body: a site's second neighbour below is Li of its body or not Li)
    for (let i = 0; i < nt; i++) {
      const c = topBody[i];
      for (let x = tops[i] - LS2; x >= 0 && body[x] === c; x -= LS2) m.shiftAtom(x + LS2, LS2);
    }
    // an atom of the body touching a raised collector leaves its site (setSpecies' rule)
    const settle = m.ccSettlePending || (m.ccShift > 0 && B.cc[b] > 0);
    const excess = B.excess[b];
    const movedCC: number[] = [];
    if (pushCC) {
      const cc = m.ccSites.slice();
      for (let i = 0; i < cc.length; i++) m.setSpecies(cc[i], EMPTY, -1);
      for (let i = 0; i < cc.length; i++) {
        const t = cc[i] + LS2;
        if (t >= N) continue; // collector leaving through the top
        m.setSpecies(t, CC, -1);
        movedCC.push(t);
      }
    }
    // vacated Li sites: emptied, or refilled from the excess (bottoms)
    for (let i = 0; i < nv; i++) {
      const s = vac[i];
      if (mark[s] === ep + 1) m.carry(s, b, m.time);
      else m.setSpecies(s, EMPTY, -1);
    }
    // arrivals: the atom of each top one step up
    for (let i = 0; i < nt; i++) {
      const t = tops[i] + LS2;
      if (spec[t] === LI) m.carry(t, topBody[i], topBorn[i]);
      else m.setSpecies(t, LI, topBody[i], topBorn[i]);
    }
    // seeds: a site each moving body holds after the move; the walks the riding bodies need
    // (their collector contact came and went)
    for (let i = 0; i < nt; i++) {
      const c = topBody[i];
      if (c !== b) {
        m.markBody(c);
        m.requestWalk(c);
      }
      B.setSeed(c, tops[i] + LS2);
    }
    if (nb > 0) B.setSeed(b, this.bottoms[nb - 1]);
    m.ccSettlePending = settle;
    if (pushCC) m.moveCollector(movedCC, m.ccShift + 1);
    B.setExcess(b, excess - nb * atoms);
    B.setNextAttempt(b, 0);
    B.countMove(b);
    m.counters.rootMoves++;
    m.records.logEvent(EV_ROOT, m.time, b, B.pressure[b], B.root[b]);
    m.counters.rootPlaced += nb;
    // the moved Li may now touch other bodies — only where a neighbour was not of the moving set
    // before the move (the surface): inside, all 14 moved with it
    // (each Li neighbour before the move moved with it and is its neighbour again: a site with
    // no more Li neighbours than before touches no other body — count read from the packed counts)
    for (let i = 0; i < ns; i++) {
      const t = surf[i] + LS2;
      if (t < N && spec[t] === LI && liNeighbours(cnt[t]) > this.liBefore[i]) conn.mergeAround(t);
    }
    m.markBody(b);
    m.requestWalk(b);
  }

  /**
   * The work per inserted volume (Pa) of the step about to be taken: the body rises by (0, 0, a)
   * with the moving set (`inM`), and the `nb` bottoms (marked ep + 1) are refilled. Its bonds
   * (Li–Li halved, as each is shared; adhesion to the LLZO and the collector whole) after the step
   * less before, against the kink energy of bulk Li for each refilled site:
   * W = −(B_after − B_before) + N_bottom·μ, over N_bottom·n³·Ω. For a slab of width w in a thin
   * periodic cross-section that is the new side surface, 2γ/w. Summed over the body's surface
   * (`surf`, its first `ns` entries): a site inside has its 14 Li neighbours before and after and
   * adds the same to both sums, which are exact (half-integer quanta), so leaving it out changes
   * nothing, in any order.
   */
  private capillaryStress(surf: Int32Array, ns: number, nb: number, ep: number, pushCC: boolean, inM: (x: number) => boolean): number {
    const st = this.st;
    const N = st.N;
    const LS2 = 2 * st.lat.layerSize;
    const q = st.bonds.q;
    const spec = st.spec;
    const mark = this.mark;
    // the occupancy after the step (the moving set moved, its bottoms refilled)
    const occ = (x: number): number => {
      if (x >= N) return spec[N];
      const from = x - LS2;
      if (from >= 0 && inM(from)) return spec[from];
      if (mark[x] === ep + 1) return LI;
      return inM(x) ? EMPTY : spec[x];
    };
    // a site's bonds by its class's neighbour offsets (scratch row 11 on the general path: the
    // same neighbours, sentinel included, in the same order as a written neighbour list)
    const lat = st.lat;
    const offs = lat.neighbourOffsets;
    const bound = (s: number, at: (x: number) => number): number => {
      const o = lat.neighbourRow(s, 11);
      let e = 0;
      for (let k = 0; k < 14; k++) {
        const sp = at(s + offs[o + k]);
        const second = k >= 8 ? 1 : 0;
        if (sp === LI) e += 0.5 * q[LI * 2 + second];
        else if (sp === LLZO || sp === CC) e += q[sp * 2 + second];
      }
      return e;
    };
    const now = (x: number) => spec[x];
    // a bond to a neighbour of the moving set is the same after the step (it moves along); a
    // bond to one that stays compares what is beside the site before the step with what is
    // beside it after: away from the box's z edges (flag 32) the site and its place after the
    // step have the same class offsets
    const flags = lat.flags;
    const body = st.body;
    const stamp = this.stamp;
    const half = 0.5;
    let before = 0;
    let after = 0;
    for (let i = 0; i < ns; i++) {
      const s = surf[i];
      if (((flags[s] | flags[s + LS2]) & 32) !== 0) {
        before += bound(s, now);
        after += bound(s + LS2, occ);
        continue;
      }
      const o = (flags[s] & 31) * 14;
      for (let k = 0; k < 14; k++) {
        const x = s + offs[o + k];
        const sx = spec[x];
        if (sx === LI) {
          if (stamp[body[x]] === ep) continue;
        } else if (sx === CC && pushCC) continue;
        // what is beside the site after the step, where x is now (x stays)
        const y = x + LS2;
        const z = spec[y];
        if (z === sx && z === EMPTY) continue; // the usual case: empty beside it, before and after
        const sy = z === LI ? (mark[y] === ep + 1 || stamp[body[y]] !== ep ? LI : EMPTY) : z === CC && pushCC ? EMPTY : z;
        if (sy === sx) continue;
        const second = k >= 8 ? 1 : 0;
        if (sx === LI) before += half * q[LI * 2 + second];
        else if (sx === LLZO || sx === CC) before += q[sx * 2 + second];
        if (sy === LI) after += half * q[LI * 2 + second];
        else if (sy === LLZO || sy === CC) after += q[sy * 2 + second];
      }
    }
    for (let i = 0; i < nb; i++) after += bound(this.bottoms[i], occ);
    const work = (before - after + nb * st.muq) / QUANTA_PER_KT; // in kT_n
    return (work * st.kTn) / (nb * st.m * LI_ATOMIC_VOLUME_M3);
  }
}

/** The Li fields of a site's packed counts (species.ts) when all 8 first and 6 second neighbours hold Li. */
const ALL_LI_MASK = 127;
const ALL_LI = 8 | (6 << 4);

/** A scratch list with room for n entries (grown by doubling). */
function room(a: Int32Array<ArrayBuffer>, n: number): Int32Array<ArrayBuffer> {
  if (n <= a.length) return a;
  const g = new Int32Array(Math.max(n, 2 * a.length));
  g.set(a);
  return g;
}

/** Li first and second neighbours in a site's packed counts. */
function liNeighbours(c: number): number {
  return (c & 15) + ((c >> 4) & 7);
}

/** Which power of two x is in: ⌊log2 x⌋, or −1 below 1. */
function octave(x: number): number {
  return x < 1 ? -1 : Math.floor(Math.log2(x));
}
