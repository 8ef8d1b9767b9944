/**
 * Cracks in the LLZO on the lattice (MODEL.md §3): the criterion at each intact defect under a
 * pressurised Li body — and, apart from the defects, at the edge of the pressed zone of the
 * defect-free surface (σ1 ≈ (1 − 2ν)·p/2 against the theoretical strength) — and the advance of
 * open cracks: the tip opens the next LLZO site of its path only once Li fills it and the stress
 * intensity of the crack's length still exceeds K_IC, so a crack runs as fast as Li flows in, not
 * at a free rate. A split crack whose Li reaches the bottom of the slab (the counter electrode)
 * is a short circuit.
 *
 * An open crack holds Li: under the pressure p of the body it touches, a crack of length L opens
 * to the volume V(p, L) of mechanics/fracture.ts (8(1 − ν²)·p·L³/(3E), a few nm wide: thinner
 * than a site, so a sub-grid volume), and that Li comes from the body's excess. The body and the
 * crack share their atoms so that the crack holds V(p)/Ω at the pressure the body is left with —
 * pressure equalises through the Li within nanoseconds, like the body's own (pressure.ts) — so
 * the pressure drops as the crack opens, and builds again only as fast as insertion fills both.
 */
import { crackGrows, crackPath, crackVolume, defectFires, pitEntryPressure, surfaceFires, type CrackKind, type FractureCriterion } from "../../mechanics/fracture.ts";
import { LI_ATOMIC_VOLUME_M3, LI_LATTICE_CONSTANT_M } from "../../constants/physical.ts";
import type { DefectSites } from "../geometry.ts";
import { EMPTY, LI, LLZO, SUB1_MASK } from "../species.ts";
import type { Connectivity } from "./connectivity.ts";
import type { Pressure } from "./pressure.ts";
import { STOP_SHORT_CIRCUIT, type LiState } from "./state.ts";
import { EV_CRACK, EV_CRACK_ADVANCE, EV_SHORT } from "./records.ts";

/** A crack in the LLZO: whether and when it started, how far along its path it has opened, the Li it holds. */
export interface Crack {
  /** Depth a (m) of the flaw it starts from (for the defect-free surface: the one site it opens first). */
  depth: number;
  /** Has it fired, when, under which pressure and criterion. */
  fired: boolean;
  time: number;
  pressure: number;
  kind: CrackKind | null;
  /** The crack's planned path, how many sites are open, its length L (m): the flaw's depth or the open path's reach, whichever is longer. */
  path: number[];
  opened: number;
  length: number;
  done: boolean;
  /** Depth (m) below the surface where its path starts: a carved pit's bottom, 0 from the surface. */
  start: number;
  /** The Li-lattice site above its mouth: the Li there is the body it takes volume from, when its tip holds none. */
  mouth: number;
  /** Li atoms its opening holds, and the body they were last shared with (−1: none yet). */
  held: number;
  body: number;
}

/** A surface defect of the LLZO and the crack it may start. */
export interface DefectState extends Crack {
  sites: DefectSites;
  /** Width (m), for the entry pressure of a sub-grid pit. */
  width: number;
}

/** The first crack of a run: when, at which defect size (m), criterion, pressure and path. */
export interface FirstCrack {
  time: number;
  defectSize: number;
  kind: CrackKind;
  pressure: number;
  mode: "split" | "peel";
}

export class Cracks {
  /** LLZO surface defects and their cracks. */
  readonly defects: DefectState[];
  crack: FirstCrack | null = null;
  /** The crack from the edge of a pressed defect-free surface, once one has started (one per run). */
  surface: Crack | null = null;
  private readonly criterion: FractureCriterion;
  private readonly nb = new Int32Array(14);
  /** Lattice constant n·a0 (m), and the thickness of a thin periodic cross-section (∞ otherwise). */
  private readonly a: number;
  private readonly slab: number;

  constructor(
    private readonly st: LiState,
    private readonly conn: Connectivity,
    private readonly pressure: Pressure,
    defects: readonly DefectSites[],
    /** Finds out whether a body can rise (root-growth.ts `probe`). */
    private readonly probe: (b: number) => void = () => {},
  ) {
    this.a = st.n * LI_LATTICE_CONSTANT_M;
    this.slab = st.lat.periodicY ? st.lat.ny * this.a : Infinity;
    this.defects = defects.map((d) => ({
      sites: d,
      depth: d.spec.depth,
      width: d.spec.width,
      fired: false,
      time: Number.NaN,
      pressure: Number.NaN,
      kind: null,
      path: [],
      opened: 0,
      length: d.spec.depth,
      done: false,
      start: d.carved.length > 0 ? d.spec.depth : 0,
      mouth: d.mouth,
      held: 0,
      body: -1,
    }));
    const f = st.p.fracture;
    this.criterion = { toughness: f.toughness, griffithY: f.griffithY, theoreticalStrength: f.theoreticalStrength, pitStressConcentration: f.pitStressConcentration, poisson: f.poisson };
  }

  /** Li atoms in the cracks' openings. */
  heldAtoms(): number {
    let h = this.surface ? this.surface.held : 0;
    for (const d of this.defects) h += d.held;
    return h;
  }

  /** Whether anything can crack (fracture on). */
  get active(): boolean {
    return this.st.p.fracture.enabled;
  }

  /** The criteria at every intact defect and at the surface under the bodies of this event, and one step of every open crack. */
  check(): void {
    const st = this.st;
    const f = st.p.fracture;
    const B = st.bodies;
    const crit = this.criterion;
    for (const d of this.defects) {
      if (!d.fired) {
        // the body over the defect: at its mouth or inside it
        let b = st.spec[d.sites.mouth] === LI ? st.body[d.sites.mouth] : -1;
        let inside = false;
        for (const c of d.sites.carved) {
          if (st.spec[c] === LI) {
            inside = true;
            if (b < 0) b = st.body[c];
          }
        }
        if (b < 0) continue;
        const p = B.pressure[b];
        if (p <= 0) continue;
        // non-wetting Li enters a sub-grid pit only above the Laplace pressure 2γ|cos θ|/w
        const filled = d.sites.subgrid ? p >= pitEntryPressure(d.width, f.liSurfaceEnergy, f.contactAngleDeg) : inside;
        const kind = defectFires(crit, p, d.depth, filled);
        if (!kind) continue;
        d.fired = true;
        d.time = st.time;
        d.pressure = p;
        d.kind = kind;
        d.path = crackPath(st.lat, d.sites.bottom, st.surfaceLayer, f.mode, (x) => st.spec[x] === LLZO);
        if (!this.crack) this.crack = { time: st.time, defectSize: d.depth, kind, pressure: p, mode: f.mode };
        st.records.logEvent(EV_CRACK, st.time, b, p, d.depth);
        this.openNext(d);
        this.share(d, true);
        continue;
      }
      this.share(d, false);
      this.advance(d);
    }
    if (this.surface === null) this.checkSurface();
    else {
      this.share(this.surface, false);
      this.advance(this.surface);
    }
  }

  /**
   * Shares the atoms of an open crack and the body it touches (see the header), when that body
   * changed in this event, is another one than before, or the crack has just opened further.
   */
  private share(d: Crack, opened: boolean): void {
    const st = this.st;
    const B = st.bodies;
    const tip = d.opened > 0 ? d.path[d.opened - 1] : -1;
    const b = tip >= 0 && st.spec[tip] === LI ? st.body[tip] : st.spec[d.mouth] === LI ? st.body[d.mouth] : -1;
    if (b < 0 || !(opened || b !== d.body || st.bodyStamp[b] === st.epoch)) return;
    // a body the crack has not shared with may never have been asked whether it can rise (a
    // fresh one-site body at the tip is free by default): at p = 0 the crack would close and give
    // it all its atoms, which no root-growth move of it can place (MODEL.md §3) — ask it first
    if (b !== d.body && !B.confined[b]) {
      this.probe(b);
      if (B.confined[b]) this.pressure.update(b);
    }
    d.body = b;
    const total = B.excess[b] + d.held;
    const f = st.p.fracture;
    // atoms the crack holds at the pressure the body has with the rest: h ≤ V(p(total − h))/Ω,
    // the largest such whole number (the left side rises with h, the right falls)
    const fits = (h: number) => h * LI_ATOMIC_VOLUME_M3 <= crackVolume(this.pressure.at(b, total - h), d.length, f.youngsModulus, f.poisson, this.slab);
    let h: number;
    if (fits(total)) h = total;
    else {
      let lo = 0, hi = total; // fits(lo), not fits(hi)
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (fits(mid)) lo = mid;
        else hi = mid;
      }
      h = lo;
    }
    if (h === d.held) return;
    d.held = h;
    B.setExcess(b, total - h);
    st.markBody(b);
    this.pressure.update(b);
  }

  /** One step of an open crack: once Li fills its tip, the next site opens while K_I ≥ K_IC. */
  private advance(d: Crack): void {
    const st = this.st;
    if (d.done || d.opened === 0) return;
    const tip = d.path[d.opened - 1];
    if (st.spec[tip] !== LI) return;
    if (d.opened >= d.path.length) {
      d.done = true;
      if (st.p.fracture.mode === "split" && st.lat.layerOf(tip) <= 1) this.shortCircuit();
      return;
    }
    if (crackGrows(this.criterion, st.bodies.pressure[st.body[tip]], d.length)) {
      this.openNext(d);
      this.share(d, true);
      st.records.logEvent(EV_CRACK_ADVANCE, st.time, st.body[tip], st.bodies.pressure[st.body[tip]], d.length);
    }
  }

  /**
   * The defect-free surface (MODEL.md §3): under a body pressing on the LLZO the largest tension
   * is at the edge of the pressed zone, σ1 ≈ (1 − 2ν)·p/2; once it reaches the theoretical
   * strength a crack starts there, from the LLZO under the contact's edge, and advances like any
   * other, from a flaw of one site. Only the bodies changed in this event are asked (a body's
   * pressure changes only then); one such crack per run.
   */
  private checkSurface(): void {
    const st = this.st;
    const B = st.bodies;
    const dirty = st.dirtyBodies;
    for (let i = 0; i < dirty.length; i++) {
      const b = dirty[i];
      if (!B.isLive(b) || B.root[b] === 0 || !surfaceFires(this.criterion, B.pressure[b])) continue;
      const edge = this.contactEdge(b);
      if (edge === null) continue;
      const f = st.p.fracture;
      const p = B.pressure[b];
      const path = crackPath(st.lat, edge.below, st.surfaceLayer, f.mode, (x) => st.spec[x] === LLZO);
      const c: Crack = { depth: this.a, fired: true, time: st.time, pressure: p, kind: "surface", path, opened: 0, length: this.a, done: false, start: 0, mouth: edge.root, held: 0, body: -1 };
      this.surface = c;
      if (!this.crack) this.crack = { time: st.time, defectSize: 0, kind: "surface", pressure: p, mode: f.mode };
      st.records.logEvent(EV_CRACK, st.time, b, p, c.depth);
      this.openNext(c);
      this.share(c, true);
      return;
    }
  }

  /**
   * The edge of body b's contact: the first root site, in a walk of the body, that has an empty
   * interface site beside it, and the LLZO surface site under it (null if the contact has no edge).
   */
  private contactEdge(b: number): { root: number; below: number } | null {
    const st = this.st;
    const nb = this.nb;
    let edge: { root: number; below: number } | null = null;
    this.conn.walkBody(st.bodies.seed[b], b, (s) => {
      if (edge !== null || (st.cnt[s] & SUB1_MASK) === 0) return;
      st.lat.neighboursFast(s, nb);
      let open = false;
      let below = -1;
      for (let k = 0; k < 14; k++) {
        const t = nb[k];
        if (t >= st.N) continue;
        if (k < 4 && below < 0 && st.spec[t] === LLZO) below = t; // first neighbours in the layer below
        if (st.spec[t] === EMPTY && (st.cnt[t] & SUB1_MASK) !== 0) open = true;
      }
      if (open && below >= 0) edge = { root: s, below };
    });
    return edge;
  }

  /** Opens the next LLZO site along the crack's path: it becomes an empty Li-lattice site, and the crack is as long as the flaw or the open path, whichever is longer. */
  private openNext(d: Crack): void {
    const st = this.st;
    while (d.opened < d.path.length) {
      const c = d.path[d.opened++];
      d.length = Math.max(d.depth, d.start + d.opened * this.a);
      if (st.spec[c] === LLZO) {
        st.setSpecies(c, EMPTY, -1);
        st.counters.crackSites++;
        return;
      }
    }
  }

  /** Li has reached the counter electrode: a short circuit (recorded; ends the run if asked). */
  private shortCircuit(): void {
    const st = this.st;
    if (st.shortCircuitTime !== null) return;
    st.shortCircuitTime = st.time;
    st.records.logEvent(EV_SHORT, st.time, -1, Number.NaN, st.time);
    if (st.p.fracture.stopOnShortCircuit) st.stopCode = STOP_SHORT_CIRCUIT;
  }
}
