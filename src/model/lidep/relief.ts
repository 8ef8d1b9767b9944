/**
 * Strain relief (MODEL.md §2.3): stored excess leaves a confined body only through explicit
 * events at the slots (leaf = slot) at its edge — the triple-phase boundary on the LLZO, or the
 * edge of the Li|CC gap. Rate laws in mechanics/relief.ts.
 *
 *  - Diffusional creep, a pair of events in detailed balance (issue 16). Emergence: a site's worth
 *    of excess atoms (n³) of a body settles into an empty edge slot s; re-entry: the atoms of a Li
 *    edge slot s of a body go back into its interfacial excess. For the driving force per atom
 *    x = (p·Ω − ΔE_s)/kT (ΔE_s the energy of an atom at s relative to bulk Li, p the body's
 *    pressure at the midpoint of the two states, so that both directions see the same x) the
 *    body's whole edge carries emergence K·B(−x) and re-entry K·B(x) atoms per second (B the
 *    Bernoulli function): their ratio is exp(x) and their difference K·x, the linear Coble-type
 *    flux at every p; relief grows with p and stops where p·Ω = ΔE. K = G·D·δ/Ω is the creep
 *    conductance of the contact (the geometric factor G derived in mechanics/relief.ts), D the
 *    path's physical diffusivity (`pathDiffusivity`: the same parameter as its hops), δ = a0 the
 *    interface layer (hops.ts: the two Li layers within a of the LLZO or CC), so the atoms per
 *    second do not depend on n (no coarse-graining factor enters: D is the physical one). Each of
 *    the body's `ring` edge slots carries 1/ring of it, in site events (÷ n³). Both directions
 *    require the same of s — a Li neighbour in the body and an empty slot neighbour besides — so
 *    every emergence has its re-entry. Only a confined body creeps: the excess of a body free to
 *    rise (even under a spring's load) is a partial layer that root growth places, not stored
 *    strain — with the pair on such a body, its high-energy contact-edge atoms re-entered its excess
 *    and root growth lifted them away until the whisker lost its root (fig2, seen on a first run).
 *    Departure from MODEL.md §2.3: MODEL.md has emergence only; without re-entry there is no
 *    detailed balance (issue 16 asks for the pair).
 *  - Dislocation outflow: above the squeeze-flow pressure p_f = σ_y·(1 + 2R/(3√3·h)), σ_y the
 *    size-dependent yield strength of the layer's thickness h, the layer flows out at
 *    ε̇ = ε̇_y·(p/p_f)^m, shared by the edge slots; an atom placed at s pays its energy cost,
 *    × min(1, exp(x)). Irreversible (plastic flow dissipates).
 *  - Power-law creep (bulk Li only; the schema refuses it below 10 µm): ε̇ = A·(p/1 MPa)^n·
 *    exp(−Q/RT), likewise shared and placed.
 */
import { LI_ATOMIC_VOLUME_M3, LI_LATTICE_CONSTANT_M } from "../../constants/physical.ts";
import type { SumTree } from "../../kmc/sumtree.ts";
import { murnaghanPressure } from "../../mechanics/eos.ts";
import { creepConductance, creepEmergence, creepReentry, dislocationRate, powerLawRate, sizeYieldStrength, squeezeFlowPressure, type CreepGeometry } from "../../mechanics/relief.ts";
import { COLLECTOR, INTERFACE, pathDiffusivity } from "../params.ts";
import { CC_MASK, EMPTY, LI, LI_MASK, SUB1_MASK, SUB_MASK } from "../species.ts";
import type { Connectivity } from "./connectivity.ts";
import { stressKT, pressureKT, pressureOfKT, WINDOW_PI, type ReliefDrivers } from "./pressure.ts";
import type { LiState } from "./state.ts";

/** Thickness of the interface layer that carries creep: a0 (two Li layers of a0/2). */
const INTERFACE_THICKNESS_M = LI_LATTICE_CONSTANT_M;

/**
 * Smallest body (in sites, counted in the state where the slot is Li) that creeps: one event moves
 * a site's worth of atoms, a strain step of 1/size, ≈ K0/size of pressure; at 16 sites that is
 * ≈ 0.7 GPa — below it the lattice's granularity, not the driving force, sets the pressure (a
 * first sensitivity run saw 2–3-site fragments compressed to 5–25 GPa by one re-entry, past the
 * 0.2 V ceiling F·V/Vm). A lattice-resolution limit, not physics: the coarse (n = 4) scenarios'
 * confined lenses hold only tens of sites (fig1's ≈ 30–40), so a stricter bound would switch
 * creep off where it matters.
 */
export const CREEP_MIN_SITES = 16;

export class Relief implements ReliefDrivers {
  /** Relief into (empty) or out of (Li) each slot site (leaf = slot). */
  readonly tree: SumTree;
  /** D·δ/Ω of the interface and collector paths (atoms/s), indexed by path. */
  readonly dDeltaOmega = new Float64Array(4);
  readonly geometry: CreepGeometry;
  /** The channels' shares of the last weight computed. */
  private creep = 0;
  private dislocation = 0;
  private powerLaw = 0;
  /** The lattice's neighbour offsets by site class (`BccLattice.neighbourRow`). */
  private readonly offsets: Int32Array;
  /**
   * While set, a weight is computed as its bound over the bodies' pressure windows (pressure.ts):
   * the tree's leaves (`refreshSlot`). Otherwise it is the exact weight now (`weightAt`, `accept`,
   * `relieve`).
   */
  private bound = false;
  /**
   * The bound flow of a body, remembered within one batch of slot refreshes (`beginBatch`…
   * `endBatch`, the catalogue's refreshRates, where no body changes): a walk refreshes ~150 edge
   * slots of one body. Entry b is current when its stamp is the batch's.
   */
  private batch = 0;
  private batchOpen = false;
  private flowStamp = new Uint32Array(64);
  private flowDis = new Float64Array(64);
  private flowPow = new Float64Array(64);

  constructor(
    private readonly st: LiState,
    private readonly conn: Connectivity,
  ) {
    this.tree = st.slotTree();
    this.offsets = st.lat.neighbourOffsets; // neighbour k of s: s + offsets[neighbourRow(s) + k]
    for (const path of [INTERFACE, COLLECTOR]) {
      const D = pathDiffusivity(st.p, path === INTERFACE ? "interface" : "collector");
      this.dDeltaOmega[path] = (D * INTERFACE_THICKNESS_M) / LI_ATOMIC_VOLUME_M3;
    }
    const lat = st.lat;
    this.geometry = lat.periodicY ? { kind: "slice", thickness: lat.ny * st.n * LI_LATTICE_CONSTANT_M } : { kind: "disc" };
  }

  /** Opens a batch of slot refreshes during which no body changes (per-body terms are remembered). */
  beginBatch(): void {
    this.batch++;
    this.batchOpen = true;
    const cap = this.st.bodies.capacity;
    if (this.flowStamp.length < cap) {
      this.flowStamp = new Uint32Array(cap);
      this.flowDis = new Float64Array(cap);
      this.flowPow = new Float64Array(cap);
    }
  }

  endBatch(): void {
    this.batchOpen = false;
  }

  /**
   * The leaf of slot site s: the bound of its relief weight (emergence into it, empty; re-entry of
   * its atoms, Li; else 0) over the pressure windows of the bodies it reads (pressure.ts).
   */
  refreshSlot(s: number): void {
    const i = this.st.islot[s];
    this.bound = true;
    const w = this.weightAt(s);
    this.bound = false;
    if (this.tree.leaves[i] !== w) this.tree.set(i, w);
  }

  /** The relief weight the slot s has now (1/s), or its bound (while `bound` is set). */
  weightAt(s: number): number {
    const sp = this.st.spec[s];
    return sp === EMPTY ? this.weight(s) : sp === LI ? this.reentryWeight(s) : 0;
  }

  /** The bound of slot site s's relief weight as the tree holds it when refreshed now (for the full-state recheck). */
  boundAt(s: number): number {
    this.bound = true;
    const w = this.weightAt(s);
    this.bound = false;
    return w;
  }

  /**
   * Thinning (pressure.ts): slot i was selected at its leaf, the bound; it happens with
   * probability exact weight / bound. Returns the uniform for `relieve` (u rescaled, uniform in
   * [0, 1) given acceptance), or −1 for a null event. A leaf below the exact weight (a relief
   * factor within its WALK_RELIEF lag) is always accepted.
   */
  accept(i: number, u: number): number {
    const w = this.weightAt(this.st.isite[i]);
    const leaf = this.tree.leaves[i];
    const r = u * (leaf > w ? leaf : w);
    return r < w ? r / w : -1;
  }

  /** Whether body b bears a load that relief can act on: it is confined or pressed. */
  private loaded(b: number): boolean {
    const B = this.st.bodies;
    return B.confined[b] === 1 || B.pressure[b] > 0;
  }

  /** Whether body b can relieve: it holds a site's worth of excess and is confined or pressed. */
  private canRelieve(b: number): boolean {
    return this.st.bodies.excess[b] >= this.st.m && this.loaded(b);
  }

  /**
   * The body next to s with the most excess that could relieve into it, or −1; `sourceOpen` says
   * whether s has an empty slot neighbour (with that body's Li beside it, the edge condition of
   * creep at s: `onEdge` in the same scan).
   */
  private source(s: number): number {
    const st = this.st;
    const list = this.offsets;
    const o = st.lat.neighbourRow(s, 11);
    const spec = st.spec;
    const B = st.bodies;
    let best = -1;
    let open = false;
    for (let k = 0; k < 14; k++) {
      const t = s + list[o + k];
      const sp = spec[t];
      if (sp !== LI) {
        if (sp === EMPTY && t !== st.N && st.islot[t] >= 0) open = true;
        continue;
      }
      const b = st.body[t];
      if (this.canRelieve(b) && (best < 0 || B.excess[b] > B.excess[best])) best = b;
    }
    this.sourceOpen = open;
    return best;
  }

  /** Whether the slot `source` scanned last has an empty slot neighbour. */
  private sourceOpen = false;

  /**
   * The edge condition of creep at slot s for body b, the same in both states of a pair: s has a
   * Li neighbour of body b and an empty slot neighbour (s itself aside).
   */
  private onEdge(s: number, b: number): boolean {
    const st = this.st;
    const o = st.lat.neighbourRow(s, 11);
    const list = this.offsets, spec = st.spec;
    let li = false;
    let open = false;
    for (let k = 0; k < 14; k++) {
      const t = s + list[o + k];
      if (t === st.N) continue;
      const sp = spec[t];
      if (sp === LI && st.body[t] === b) li = true;
      else if (sp === EMPTY && st.islot[t] >= 0) open = true;
      if (li && open) return true;
    }
    return false;
  }

  /** The creep path of slot s: interface where it touches LLZO, collector otherwise. */
  private pathOf(s: number): number {
    return (this.st.cnt[s] & SUB_MASK) !== 0 ? INTERFACE : COLLECTOR;
  }

  /**
   * Creep conductance K (atoms/s per unit x) of body b's contact on a path (mechanics/relief.ts),
   * its contact `extra` sites larger (the pair's midpoint: ±½ when the slot is part of the contact).
   */
  conductance(b: number, path: number, extra = 0): number {
    const st = this.st;
    const B = st.bodies;
    const sites = (path === INTERFACE ? B.root[b] : B.cc[b]) + extra;
    return creepConductance(1, 1, 1, Math.max(1, sites) * st.siteArea, this.geometry) * this.dDeltaOmega[path];
  }

  /**
   * p·Ω/kT of body b at the midpoint of a creep pair, `dEx` = −m/2 from the state with s empty
   * (emergence) or +m/2 from the state with s Li (re-entry), the size likewise ±½: both directions
   * then see the same pressure: Murnaghan's at that strain (creep acts on confined bodies only; a
   * collector's load on a confined body is left out of the pair). As a bound: the end of its
   * window where the weight is largest (emergence rises with it, re-entry falls).
   */
  private midPressureKT(b: number, emergence: boolean): number {
    if (!this.bound) return this.midPressureKTNow(b, emergence);
    const B = this.st.bodies;
    return emergence ? B.refreshedMidE[b] + WINDOW_PI : B.refreshedMidR[b] - WINDOW_PI;
  }

  private midPressureKTNow(b: number, emergence: boolean): number {
    const st = this.st;
    const B = st.bodies;
    const half = emergence ? 0.5 : -0.5;
    const x = (B.excess[b] - half * st.m) / ((B.size[b] + half) * st.m);
    const mech = st.p.mechanics;
    const p = x > 0 ? murnaghanPressure(x, mech.bulkModulus, mech.bulkModulusDerivative) : 0;
    return stressKT(st, p);
  }

  /**
   * Creep weight (site events/s) of one edge slot: K/(ring·n³) × B(∓x), K at the pair's midpoint
   * contact (a slot on the contact adds ½ a site to it from the empty side, −½ from the Li side).
   */
  private creepWeight(s: number, b: number, emergence: boolean): number {
    const st = this.st;
    const x = this.midPressureKT(b, emergence) - st.excessEnergyKT(s);
    const path = this.pathOf(s);
    const onContact = (st.cnt[s] & (path === INTERFACE ? SUB1_MASK : CC_MASK)) !== 0;
    const K = this.conductance(b, path, onContact ? (emergence ? 0.5 : -0.5) : 0) / (Math.max(1, st.bodies.ring[b]) * st.m);
    return emergence ? creepEmergence(K, x) : creepReentry(K, x);
  }

  /** Re-entry weight of the Li at slot s into its body's excess (0 unless on the edge of a confined body). */
  private reentryWeight(s: number): number {
    const st = this.st;
    if (!st.p.mechanics.creep) return 0;
    const b = st.body[s];
    if (b < 0 || st.bodies.size[b] < CREEP_MIN_SITES || st.bodies.confined[b] !== 1 || !this.onEdge(s, b)) return 0;
    return this.creepWeight(s, b, false);
  }

  /**
   * What body b's relief weights read of it (pressure.ts bounds them over a window and decides
   * from them when to walk its edge): out[0] and out[4] the creep conductance per edge slot of
   * its interface and collector paths (0 where no creep weight reads them), out[1] the dislocation
   * and power-law weight of each edge slot at pressure `pFlow` (0 when it cannot relieve), out[2]
   * and out[3] p·Ω/kT at the midpoints of an emergence and a re-entry where a creep weight reads
   * them, NaN elsewhere (so that becoming read is a change).
   */
  drivers(b: number, pFlow: number, out: Float64Array): void {
    out[0] = 0;
    out[1] = 0;
    out[2] = 0;
    out[3] = 0;
    out[4] = 0;
    const B = this.st.bodies;
    if (!B.isLive(b)) return;
    // what the creep weights read, where they read it (else 0, or NaN for a midpoint: a change
    // of that is a walk). Emergence: a relieving body (a site's worth of excess) of at least
    // CREEP_MIN_SITES once the slot is filled; re-entry: of CREEP_MIN_SITES before, whatever its excess.
    const creeps = this.st.p.mechanics.creep && B.confined[b] === 1 && B.size[b] + 1 >= CREEP_MIN_SITES;
    const relieves = this.canRelieve(b);
    out[2] = creeps && relieves ? this.midPressureKTNow(b, true) : Number.NaN;
    out[3] = creeps && B.size[b] >= CREEP_MIN_SITES ? this.midPressureKTNow(b, false) : Number.NaN;
    if (creeps) {
      out[0] = this.conductance(b, INTERFACE) / Math.max(1, B.ring[b]);
      out[4] = this.conductance(b, COLLECTOR) / Math.max(1, B.ring[b]);
    }
    if (relieves) out[1] = this.flowAt(b, pFlow);
  }

  /**
   * Dislocation outflow plus power-law creep per edge slot of body b (1/s), before the placement
   * factor: at its pressure now, or as a bound, at the top of its window (remembered in a batch).
   */
  private flow(b: number): number {
    const st = this.st;
    if (!this.bound) return this.flowAt(b, st.bodies.pressure[b]);
    const pTop = pressureOfKT(st, st.bodies.refreshedPi[b] + WINDOW_PI);
    if (!this.batchOpen) return this.flowAt(b, pTop);
    if (this.flowStamp[b] !== this.batch) {
      this.flowStamp[b] = this.batch;
      this.flowAt(b, pTop);
      this.flowDis[b] = this.dislocation;
      this.flowPow[b] = this.powerLaw;
    }
    this.dislocation = this.flowDis[b];
    this.powerLaw = this.flowPow[b];
    return this.dislocation + this.powerLaw;
  }

  /** The flow per edge slot of body b at pressure p (both channels rise with p). */
  private flowAt(b: number, p: number): number {
    const st = this.st;
    const mech = st.p.mechanics;
    const B = st.bodies;
    const ring = Math.max(1, B.ring[b]);
    this.dislocation = mech.dislocation && p > 0 ? dislocationRate(mech.dislocationRate, mech.dislocationExponent, p, this.flowPressure(b), B.size[b], ring) : 0;
    this.powerLaw = mech.powerLaw && p > 0 ? powerLawRate(mech.powerLawA, mech.powerLawN, mech.powerLawQ, st.p.temperature, p, B.size[b], ring) : 0;
    return this.dislocation + this.powerLaw;
  }

  /** Emergence weight into the empty edge slot s (1/s), the sum of the channels switched on. */
  private weight(s: number): number {
    this.creep = this.dislocation = this.powerLaw = 0;
    // no Li neighbour (its packed counts), no source: most of the empty slots a hop marks
    if ((this.st.cnt[s] & LI_MASK) === 0) return 0;
    const b = this.source(s);
    if (b < 0) return 0;
    const st = this.st;
    // on the edge (onEdge(s, b)): b has Li beside s (it is the source), and s an empty slot neighbour
    if (st.p.mechanics.creep && st.bodies.confined[b] === 1 && st.bodies.size[b] + 1 >= CREEP_MIN_SITES && this.sourceOpen) this.creep = this.creepWeight(s, b, true);
    const flow = this.flow(b);
    if (flow > 0) {
      // plastic flow places the atoms with their energy cost: × min(1, exp(x)) (rising with p)
      const x = (this.bound ? st.bodies.refreshedPi[b] + WINDOW_PI : pressureKT(st, b)) - st.excessEnergyKT(s);
      const place = x >= 0 ? 1 : Math.exp(x);
      this.dislocation *= place;
      this.powerLaw *= place;
    }
    return this.creep + this.dislocation + this.powerLaw;
  }

  /**
   * Pressure needed to squeeze Li out of a layer of thickness h under a contact of radius R:
   * p_f = σ_y(h)·(1 + 2R/(3√3·h)) (MODEL.md §2.3), with R from the root area, h = sites/root
   * layers of a/2, and σ_y the yield strength of the layer's smallest dimension, min(h, 2R).
   */
  flowPressure(b: number): number {
    const st = this.st;
    const B = st.bodies;
    const mech = st.p.mechanics;
    const root = Math.max(1, B.root[b]);
    const R = Math.sqrt((root * st.siteArea) / Math.PI);
    const h = Math.max(1, B.size[b] / root) * ((st.n * LI_LATTICE_CONSTANT_M) / 2);
    const sigma = sizeYieldStrength(Math.min(h, 2 * R), mech.yieldStrength1um, 1e-6, mech.yieldSizeExponent, mech.yieldStrength, mech.bulkYieldStrength);
    return squeezeFlowPressure(sigma, R, h);
  }

  /** A relief event at slot s: emergence into it (empty; u names the channel, for the counters) or re-entry of its atoms (Li). */
  relieve(s: number, u: number): void {
    const st = this.st;
    if (st.spec[s] === LI) {
      const b = st.body[s];
      if (b < 0) return;
      st.setSpecies(s, EMPTY, -1);
      st.bodies.addExcess(b, st.m);
      st.markBody(b);
      this.conn.splitAround(s, b);
      st.counters.creepReentry++;
      return;
    }
    const b = this.source(s);
    if (b < 0 || st.spec[s] !== EMPTY) return;
    const r = u * this.weight(s);
    if (r < this.creep) st.counters.creep++;
    else if (r < this.creep + this.dislocation) st.counters.dislocation++;
    else st.counters.powerLaw++;
    st.setSpecies(s, LI, b, st.time);
    st.bodies.addExcess(b, -st.m);
    st.markBody(b);
    this.conn.mergeAround(s);
  }
}
