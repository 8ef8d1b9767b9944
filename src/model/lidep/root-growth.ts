/**
 * Root growth (MODEL.md §2.1): a body whose interfacial excess holds two layers over its root
 * rises rigidly by one lattice constant, carrying the collector when it is movable and yields
 * (collector.ts) and the Li riding on it; a rigid collector, the LLZO, a wall or the box's lid
 * block it, and the excess compresses the body (pressure.ts).
 */
import { CC, EMPTY, LI, SUB_MASK } from "../species.ts";
import type { Collector } from "./collector.ts";
import type { Connectivity } from "./connectivity.ts";
import type { LiState } from "./state.ts";
import { EV_ROOT } from "./records.ts";

export class RootGrowth {
  constructor(
    private readonly st: LiState,
    private readonly conn: Connectivity,
    private readonly collector: Collector,
  ) {}

  /**
   * After an insertion into body b: can the body move at all? Asked at the first excess atoms
   * since the last move, and again each time the excess doubles (a walk of the body each time:
   * O(N log N) per layer); then the move itself once two layers' worth has gathered.
   */
  afterInsertion(b: number): void {
    const B = this.st.bodies;
    const ex = B.excess[b];
    if (!B.confined[b] && (ex & (ex - 1)) === 0) this.tryGrow(b, true);
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
    if (B.root[b] <= 0) return;
    if (!probe && (B.excess[b] < 2 * B.root[b] || B.excess[b] < B.nextAttempt[b])) return;
    const lat = m.lat;
    const N = m.N;
    // the body rises by one lattice constant, (0, 0, a): two (001) layers — the smallest purely
    // vertical lattice translation, so a body in a channel or beside a fibre slides straight up
    const LS2 = 2 * lat.layerSize;
    const raise = (x: number) => (x + LS2 < N ? x + LS2 : N);
    // the moving set: the body, the collector if it is free and in the way, and any Li the
    // collector carries (adatoms on the probe move with it)
    const moving: number[] = [];
    const inSet = new Set<number>();
    const add = (s: number) => {
      if (!inSet.has(s)) {
        inSet.add(s);
        moving.push(s);
      }
    };
    conn.walkBody(B.seed[b], b, add);
    const nBody = moving.length;
    let pushCC = false;
    let blocked = false;
    for (let i = 0; i < moving.length && !blocked; i++) {
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
      if (inSet.has(up)) continue;
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
  // a spring gives way only when the compression the excess would build exceeds the spring's
  // contact pressure after the move: N_ex·Ω = A·Δz + V·x(p) with k·Δz = p·A (MODEL.md §2.1)
  if (!blocked && pushCC && !this.collector.yields(b)) blocked = true;
  const wasConfined = B.confined[b];
  B.setConfined(b, blocked ? 1 : 0);
  if (wasConfined !== B.confined[b]) m.markBody(b);
  if (probe) return;
  const bottoms: number[] = [];
  if (!blocked) {
    for (let i = 0; i < nBody; i++) {
      const s = moving[i];
      // vacated (nothing moves into it) and within a of the LLZO: refilled from the excess
      const from = s - LS2;
      if (!inSet.has(from) && (m.cnt[s] & SUB_MASK) !== 0) bottoms.push(s);
    }
  }
  if (blocked || bottoms.length > B.excess[b]) {
    B.setNextAttempt(b, B.excess[b] + Math.max(1, 2 * B.root[b]));
    m.counters.rootBlocked++;
    return;
  }
  const spOf = new Uint8Array(moving.length);
  const bodyOf = new Int32Array(moving.length);
  const bornOf = new Float64Array(moving.length);
  for (let i = 0; i < moving.length; i++) {
    const s = moving[i];
    spOf[i] = m.spec[s];
    bodyOf[i] = m.body[s];
    bornOf[i] = m.born[s];
  }
  const excess = B.excess[b];
  for (const s of moving) m.setSpecies(s, EMPTY, -1);
  const movedCC: number[] = [];
  for (let i = 0; i < moving.length; i++) {
    const t = raise(moving[i]);
    if (t >= N) continue; // collector leaving through the top
    m.setSpecies(t, spOf[i], bodyOf[i], bornOf[i]);
    if (spOf[i] !== LI) movedCC.push(t);
  }
  for (const s of bottoms) {
    m.setSpecies(s, LI, b, m.time);
  }
  if (pushCC) m.moveCollector(movedCC, m.ccShift + 1);
  B.setExcess(b, excess - bottoms.length);
  B.setNextAttempt(b, 0);
  B.countMove(b);
  m.counters.rootMoves++;
  m.records.logEvent(EV_ROOT, m.time, b, B.pressure[b], B.root[b]);
  m.counters.rootPlaced += bottoms.length;
  // the moved Li may now touch other bodies
  for (let i = 0; i < moving.length; i++) {
    if (spOf[i] !== LI) continue;
    const t = raise(moving[i]);
    if (t < N && m.spec[t] === LI) conn.mergeAround(t);
  }
  m.markBody(b);
  m.requestWalk(b);
  }
}
