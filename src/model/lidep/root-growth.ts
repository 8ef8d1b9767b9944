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
  /**
   * Marks of one attempt (an epoch per attempt, advancing by 2): mark[s] ≥ epoch for a site of
   * the moving set, = epoch + 1 for a moving site refilled from the excess (a bottom).
   */
  private mark: Uint32Array;
  private epoch = 0;
  /** The moving set of the last attempt, in the order it was found (its first entries the body). */
  private moving = new Int32Array(1024);
  /** Species, body and deposition time of each site of the moving set, before the move. */
  private spOf = new Uint8Array(1024);
  private bodyOf = new Int32Array(1024);
  private bornOf = new Float64Array(1024);
  /** 1 for a site of the moving set whose 14 neighbours all held Li before the move (see tryGrow's merges). */
  private innerOf = new Uint8Array(1024);

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
   * passes a power of two sites' worth (a walk of the body each time: O(N log N) per layer); then
   * the move itself once two layers' worth has gathered.
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
    // the body rises by one lattice constant, (0, 0, a): two (001) layers — the smallest purely
    // vertical lattice translation, so a body in a channel or beside a fibre slides straight up
    const LS2 = 2 * lat.layerSize;
    const raise = (x: number) => (x + LS2 < N ? x + LS2 : N);
    // the moving set: the body, the collector if it is free and in the way, and any Li the
    // collector carries (adatoms on the probe move with it)
    let moving = this.moving;
    let nm = 0;
    if (this.epoch >= 0xfffffff0) {
      this.mark.fill(0);
      this.epoch = 0;
    }
    const ep = (this.epoch += 2);
    const mark = this.mark;
    const inSet = (s: number) => mark[s] >= ep;
    const add = (s: number) => {
      if (mark[s] < ep) {
        mark[s] = ep;
        if (nm === moving.length) {
          const g = new Int32Array(2 * nm);
          g.set(moving);
          moving = this.moving = g;
        }
        moving[nm++] = s;
      }
    };
    // the body, in the order of its walk (a breadth-first walk from its seed)
    const nBody = conn.collectBody(B.seed[b], b);
    if (nBody > moving.length) moving = this.moving = new Int32Array(2 * nBody);
    const walked = conn.walked;
    for (let i = 0; i < nBody; i++) {
      const s = walked[i];
      moving[i] = s;
      mark[s] = ep;
    }
    nm = nBody;
    let pushCC = false;
    let blocked = false;
    for (let i = 0; i < nm && !blocked; i++) {
      const s = moving[i];
      const isCC = m.spec[s] === CC;
      const up = raise(s);
      if (up >= N) {
        if (isCC) continue; // the probe continues beyond the box
        blocked = true;
        break;
      }
      if (!isCC && lat.layerOf(up) > m.topLimitLayer) {
        // Li at the top of the box (a whisker that outgrew it, or Li that crept up the probe):
        // the box lid blocks the move like any obstacle; the counter says how often
        blocked = true;
        m.counters.topBlocked++;
        break;
      }
      if (inSet(up)) continue;
      const sp = m.spec[up];
      if (sp === EMPTY) continue;
      if (sp === CC) {
        if (!this.collector.movable) blocked = true;
        else if (!pushCC) {
          pushCC = true;
          for (let k = 0; k < m.ccSites.length; k++) add(m.ccSites[k]);
        }
      } else if (sp === LI && i >= nBody) {
        // Li riding on the collector (or on Li it carries) moves along
        const c = m.body[up];
        conn.walkBody(up, c, add);
      } else blocked = true;
  }
  const wasConfined = B.confined[b];
  B.setConfined(b, blocked ? 1 : 0);
  if (wasConfined !== B.confined[b]) m.markBody(b);
  const bottoms: number[] = [];
  if (!blocked) {
    for (let i = 0; i < nBody; i++) {
      const s = moving[i];
      // vacated (nothing moves into it) and within a of the LLZO: refilled from the excess
      const from = s - LS2;
      if (!inSet(from) && (m.cnt[s] & SUB_MASK) !== 0) bottoms.push(s);
    }
    for (let i = 0; i < bottoms.length; i++) this.mark[bottoms[i]] = ep + 1;
    // what the step costs, for the insertions until the next probe
    const cap = bottoms.length > 0 ? this.capillaryStress(moving, ep, nBody, bottoms) : B.capillaryStress[b];
    if (cap !== B.capillaryStress[b] || B.pushes[b] !== (pushCC ? 1 : 0)) {
      B.setGrowthWork(b, cap, pushCC);
      m.markBody(b);
    }
  }
  if (probe) return;
  if (blocked || bottoms.length * atoms > B.excess[b]) {
    B.setNextAttempt(b, B.excess[b] + Math.max(1, 2 * B.root[b]) * atoms);
    m.counters.rootBlocked++;
    return;
  }
  // the move writes only the sites whose occupancy changes — the collector, the vacated bottom
  // layers and the arrivals on top — and carries the atom (body, deposition time) of a site that
  // stays Li: O(boundary) site writes and rate updates, not O(body). The result is the state the
  // move of every site gives (the collector first emptied, then placed, in the moving set's order,
  // as before, so that the slots it exposes are numbered as before).
  if (this.spOf.length < nm) {
    this.spOf = new Uint8Array(2 * nm);
    this.bodyOf = new Int32Array(2 * nm);
    this.bornOf = new Float64Array(2 * nm);
    this.innerOf = new Uint8Array(2 * nm);
  }
  const spOf = this.spOf;
  const bodyOf = this.bodyOf;
  const bornOf = this.bornOf;
  const innerOf = this.innerOf;
  let settle = m.ccSettlePending;
  for (let i = 0; i < nm; i++) {
    const s = moving[i];
    spOf[i] = m.spec[s];
    bodyOf[i] = m.body[s];
    bornOf[i] = m.born[s];
    innerOf[i] = (m.cnt[s] & ALL_LI_MASK) === ALL_LI ? 1 : 0;
    // an atom of the body touching a raised collector leaves its site (setSpecies' rule)
    if (i < nBody && m.ccShift > 0 && (m.cnt[s] & CC_MASK) !== 0) settle = true;
  }
  const excess = B.excess[b];
  const movedCC: number[] = [];
  if (pushCC) {
    for (let i = 0; i < nm; i++) if (spOf[i] === CC) m.setSpecies(moving[i], EMPTY, -1);
    for (let i = 0; i < nm; i++) {
      if (spOf[i] !== CC) continue;
      const t = raise(moving[i]);
      if (t >= N) continue; // collector leaving through the top
      m.setSpecies(t, CC, -1);
      movedCC.push(t);
    }
  }
  // vacated Li sites (nothing moves into them): emptied, or refilled from the excess (bottoms)
  for (let i = 0; i < nm; i++) {
    if (spOf[i] !== LI) continue;
    const s = moving[i];
    const from = s - LS2;
    if (from >= 0 && mark[from] >= ep) continue;
    if (mark[s] === ep + 1) m.carry(s, b, m.time);
    else m.setSpecies(s, EMPTY, -1);
  }
  // arrivals: each Li atom one step up
  for (let i = 0; i < nm; i++) {
    if (spOf[i] !== LI) continue;
    const t = raise(moving[i]);
    if (t >= N) continue; // never: Li at the top blocks the move
    if (m.spec[t] === LI) m.carry(t, bodyOf[i], bornOf[i]);
    else m.setSpecies(t, LI, bodyOf[i], bornOf[i]);
  }
  // the bodies' seeds as the move of every site leaves them (the last site each was given), and
  // the walks it requested of the riding bodies (their collector contact came and went)
  // (the body's sites come first and are all Li: its seed is its last site's, one step up)
  if (nBody > 0 && raise(moving[nBody - 1]) < N) B.setSeed(b, raise(moving[nBody - 1]));
  for (let i = nBody; i < nm; i++) {
    if (spOf[i] !== LI) continue;
    if (raise(moving[i]) < N) B.setSeed(bodyOf[i], raise(moving[i]));
    m.markBody(bodyOf[i]);
    m.requestWalk(bodyOf[i]);
  }
  for (const s of bottoms) B.setSeed(b, s);
  m.ccSettlePending = settle;
  if (pushCC) m.moveCollector(movedCC, m.ccShift + 1);
  B.setExcess(b, excess - bottoms.length * atoms);
  B.setNextAttempt(b, 0);
  B.countMove(b);
  m.counters.rootMoves++;
  m.records.logEvent(EV_ROOT, m.time, b, B.pressure[b], B.root[b]);
  m.counters.rootPlaced += bottoms.length;
  // the moved Li may now touch other bodies — not where all 14 neighbours were Li before the
  // move: they were of the moving set (connected Li is one body) and moved with it
  for (let i = 0; i < nm; i++) {
    if (spOf[i] !== LI || innerOf[i] === 1) continue;
    const t = raise(moving[i]);
    if (t < N && m.spec[t] === LI) conn.mergeAround(t);
  }
  m.markBody(b);
  m.requestWalk(b);
  }

  /**
   * The work per inserted volume (Pa) of the step about to be taken: the body (the first `nBody`
   * sites of `moving`) rises by (0, 0, a) with everything in `moving`, and `bottoms` are refilled.
   * Its bonds (Li–Li halved, as each is shared; adhesion to the LLZO and the collector whole)
   * after the step less before, against the kink energy of bulk Li for each refilled site:
   * W = −(B_after − B_before) + N_bottom·μ, over N_bottom·n³·Ω. For a slab of width w in a thin
   * periodic cross-section that is the new side surface, 2γ/w.
   */
  private capillaryStress(moving: Int32Array, ep: number, nBody: number, bottoms: number[]): number {
    const st = this.st;
    const N = st.N;
    const LS2 = 2 * st.lat.layerSize;
    const q = st.bonds.q;
    const spec = st.spec;
    const mark = this.mark;
    // the occupancy after the step (mark: the moving set, its bottoms at ep + 1)
    const occ = (x: number): number => {
      if (x >= N) return spec[N];
      const from = x - LS2;
      if (from >= 0 && mark[from] >= ep) return spec[from];
      if (mark[x] === ep + 1) return LI;
      return mark[x] >= ep ? EMPTY : spec[x];
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
    // a site whose neighbours all move with it, away from the box's edges (the same class offsets
    // at s and s + LS2), keeps its bonds: it adds the same to both sums, and the sums are exact
    // (half-integer quanta), so it is left out of both
    const flags = st.lat.flags;
    const offsets = st.lat.neighbourOffsets;
    const cnt = st.cnt;
    const inside = (s: number): boolean => {
      const fl = flags[s];
      if ((fl & 32) !== 0 || (flags[s + LS2] & 32) !== 0) return false;
      // 14 Li neighbours: Li connected to a body site is of the body, so of the moving set
      if ((cnt[s] & ALL_LI_MASK) === ALL_LI) return true;
      const o = (fl & 31) * 14;
      for (let k = 0; k < 14; k++) if (mark[s + offsets[o + k]] < ep) return false;
      return true;
    };
    let before = 0;
    let after = 0;
    for (let i = 0; i < nBody; i++) {
      if (inside(moving[i])) continue;
      before += bound(moving[i], now);
      after += bound(moving[i] + LS2, occ);
    }
    for (const s of bottoms) after += bound(s, occ);
    const work = (before - after + bottoms.length * st.muq) / QUANTA_PER_KT; // in kT_n
    return (work * st.kTn) / (bottoms.length * st.m * LI_ATOMIC_VOLUME_M3);
  }
}

/** The Li fields of a site's packed counts (species.ts) when all 8 first and 6 second neighbours hold Li. */
const ALL_LI_MASK = 127;
const ALL_LI = 8 | (6 << 4);

/** Which power of two x is in: ⌊log2 x⌋, or −1 below 1. */
function octave(x: number): number {
  return x < 1 ? -1 : Math.floor(Math.log2(x));
}
