/**
 * Cracks in the LLZO on the lattice (MODEL.md §3): the criterion at each intact defect under a
 * pressurised Li body — and, apart from the defects, at the edge of the pressed zone of the
 * defect-free surface (σ1 ≈ (1 − 2ν)·p/2 against the theoretical strength) — and the advance of
 * open cracks: the tip opens the next LLZO site of its path only once Li fills it and the stress
 * intensity of the current crack length still exceeds K_IC, so a crack runs as fast as Li flows
 * in, not at a free rate. A split crack whose Li reaches the bottom of the slab (the counter
 * electrode) is a short circuit.
 */
import { crackGrows, crackPath, defectFires, pitEntryPressure, surfaceFires, type CrackKind, type FractureCriterion } from "../../mechanics/fracture.ts";
import { LI_LATTICE_CONSTANT_M } from "../../constants/physical.ts";
import type { DefectSites } from "../geometry.ts";
import { EMPTY, LI, LLZO, SUB1_MASK } from "../species.ts";
import type { Connectivity } from "./connectivity.ts";
import { STOP_SHORT_CIRCUIT, type LiState } from "./state.ts";

/** A crack in the LLZO: whether and when it started, and how far along its path it has opened. */
export interface Crack {
  /** Depth a (m) of the flaw it starts from (for the defect-free surface: the one site it opens first). */
  depth: number;
  /** Has it fired, when, under which pressure and criterion. */
  fired: boolean;
  time: number;
  pressure: number;
  kind: CrackKind | null;
  /** The crack's planned path, how many sites are open, its length beyond the flaw (m). */
  path: number[];
  opened: number;
  length: number;
  done: boolean;
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
  /** Li atoms held in the cracks' openings (a sub-grid volume, taken from the bodies' excess). */
  held = 0;
  private readonly criterion: FractureCriterion;
  private readonly nb = new Int32Array(14);

  constructor(
    private readonly st: LiState,
    private readonly conn: Connectivity,
    defects: readonly DefectSites[],
  ) {
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
      length: 0,
      done: false,
    }));
    const f = st.p.fracture;
    this.criterion = { toughness: f.toughness, griffithY: f.griffithY, theoreticalStrength: f.theoreticalStrength, pitStressConcentration: f.pitStressConcentration };
  }

  /** Li atoms in the cracks' openings. */
  heldAtoms(): number {
    return this.held;
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
        this.openNext(d);
        continue;
      }
      this.advance(d);
    }
    if (this.surface === null) this.checkSurface();
    else this.advance(this.surface);
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
    if (crackGrows(this.criterion, st.bodies.pressure[st.body[tip]], d.depth + d.length)) {
      this.openNext(d);
      d.length += st.n * LI_LATTICE_CONSTANT_M;
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
      const start = this.contactEdge(b);
      if (start < 0) continue;
      const f = st.p.fracture;
      const p = B.pressure[b];
      const path = crackPath(st.lat, start, st.surfaceLayer, f.mode, (x) => st.spec[x] === LLZO);
      const c: Crack = { depth: st.n * LI_LATTICE_CONSTANT_M, fired: true, time: st.time, pressure: p, kind: "surface", path, opened: 0, length: 0, done: false };
      this.surface = c;
      if (!this.crack) this.crack = { time: st.time, defectSize: 0, kind: "surface", pressure: p, mode: f.mode };
      this.openNext(c);
      return;
    }
  }

  /**
   * The LLZO surface site under the edge of body b's contact: below the first root site, in a walk
   * of the body, that has an empty interface site beside it (−1 if the contact has no edge).
   */
  private contactEdge(b: number): number {
    const st = this.st;
    const nb = this.nb;
    let edge = -1;
    this.conn.walkBody(st.bodies.seed[b], b, (s) => {
      if (edge >= 0 || (st.cnt[s] & SUB1_MASK) === 0) return;
      st.lat.neighboursFast(s, nb);
      let open = false;
      let below = -1;
      for (let k = 0; k < 14; k++) {
        const t = nb[k];
        if (t >= st.N) continue;
        if (k < 4 && below < 0 && st.spec[t] === LLZO) below = t; // first neighbours in the layer below
        if (st.spec[t] === EMPTY && (st.cnt[t] & SUB1_MASK) !== 0) open = true;
      }
      if (open && below >= 0) edge = below;
    });
    return edge;
  }

  /** Opens the next LLZO site along the crack's path: it becomes an empty Li-lattice site. */
  private openNext(d: Crack): void {
    const st = this.st;
    while (d.opened < d.path.length) {
      const c = d.path[d.opened++];
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
    if (st.p.fracture.stopOnShortCircuit) st.stopCode = STOP_SHORT_CIRCUIT;
  }
}
