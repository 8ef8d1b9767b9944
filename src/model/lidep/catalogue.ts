/**
 * lidep's event catalogue: Li+ reduction / Li oxidation at the Li|LLZO interface, root insertion
 * into a body's interfacial excess with rigid root growth, and Li0 hops on three (four) paths.
 *
 * In SPPARKS' terms it answers the three questions of a physics app — the energy of a site
 * (`siteEnergy`), the total rate of a site's events (`hopRate`, the redox weights) and "perform
 * one event and say whose rates changed" (`perform`) — while the solver and the sum trees know
 * nothing of the physics.
 *
 * Event groups (one sum tree each, with a multiplier):
 *   0 hops of a Li site (leaf = site), multiplier 1;
 *   1 reduction filling an empty interface site (leaf = interface slot), × X_red;
 *   2 oxidation of the Li atom(s) at an interface site (leaf = slot), × X_ox;
 *   3 insertion into a body's interfacial excess (leaf = body id), × X_red;
 *   4 oxidation from a body's excess (leaf = body id), × X_ox;
 * with X_red = exp(α_c·eη/kT), X_ox = exp(−α_a·eη/kT) and η from the electrical mode.
 */
import { SumTree } from "../../kmc/sumtree.ts";
import type { EventCatalogue } from "../../kmc/solver.ts";
import { BOLTZMANN_J_PER_K, ELEMENTARY_CHARGE_C, LI_ATOMIC_VOLUME_M3, LI_LATTICE_CONSTANT_M } from "../../constants/physical.ts";
import { Hops } from "./hops.ts";
import { Electrode } from "./electrode.ts";
import type { DefectSites } from "../geometry.ts";
import { murnaghanPressure } from "../../mechanics/eos.ts";
import { creepRate, dislocationRate, powerLawRate, squeezeFlowPressure } from "../../mechanics/relief.ts";
import type { CrackKind } from "../../mechanics/fracture.ts";
import { checkCracks } from "./cracks.ts";
import { loadModelState, saveModelState, type ModelState } from "./checkpoint.ts";
import { tryRootGrowth } from "./root-growth.ts";
import { makeCollector, type Collector, type CollectorKind } from "./collector.ts";
import { Pressure, pressureKT } from "./pressure.ts";
import { Connectivity } from "./connectivity.ts";
import { INTERFACE as PATH_INTERFACE, COLLECTOR as PATH_COLLECTOR } from "../params.ts";
import { CC, CC_MASK, SUB_MASK, EMPTY, LI, LI1_ONE, LI1_SHIFT, LI2_ONE, LLZO, SUB1_MASK } from "../species.ts";
import { LiState, STOP_SHORT_CIRCUIT, type LiSetup } from "./state.ts";

export const G_HOP = 0;
export const G_RED = 1;
export const G_OX = 2;
export const G_INSERT = 3;
export const G_EXTRACT = 4;
export const G_RELIEF = 5;

export { STOP_SHORT_CIRCUIT };

/** A surface defect of the LLZO and the crack it may start. */
export interface DefectState {
  sites: DefectSites;
  /** Depth a (m) and width (m) used by the criteria. */
  depth: number;
  width: number;
  /** Has it fired, when, under which pressure and criterion. */
  fired: boolean;
  time: number;
  pressure: number;
  kind: CrackKind | null;
  /** The crack's planned path, how many sites are open, its length beyond the defect (m). */
  path: number[];
  opened: number;
  length: number;
  done: boolean;
}

export type { CollectorKind };

export interface LidepSetup extends LiSetup {
  collectorKind: CollectorKind;
  /** Surface defects of the LLZO (from the geometry). */
  defects?: DefectSites[];
}

export class LidepModel implements EventCatalogue {
  readonly st: LiState;
  readonly conn: Connectivity;
  readonly hops: Hops;
  readonly trees: SumTree[];
  readonly multipliers = new Float64Array(6);
  readonly collector: Collector;
  readonly pressure: Pressure;
  /** LLZO surface defects and their cracks. */
  readonly defects: DefectState[];
  /** The first crack: when, at which defect size (m), criterion and pressure. */
  crack: { time: number; defectSize: number; kind: CrackKind; pressure: number; mode: "split" | "peel" } | null = null;

  /** Exchange rate of one interface site at η = 0 (site events per second). */
  readonly k0: number;
  readonly electrode: Electrode;
  /** Empty interface sites where reduction can happen now (the contact ring, nuclei). */
  openSites = 0;

  private readonly nbSlot = new Int32Array(14);
  private readonly nbFill = new Int32Array(14);
  private readonly nbConn = new Int32Array(14);

  constructor(setup: LidepSetup) {
    const st = (this.st = new LiState(setup));
    this.collector = makeCollector(setup.collectorKind, st);
    this.pressure = new Pressure(st, this.collector);
    this.k0 = (setup.params.exchangeCurrentDensity * st.siteArea) / (ELEMENTARY_CHARGE_C * st.m);
    this.conn = new Connectivity(st);
    this.defects = (setup.defects ?? []).map((d) => ({
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
    this.hops = new Hops(st, this.conn);
    const hop = this.hops.tree;
    const red = st.slotTree();
    const ox = st.slotTree();
    const ins = st.bodyTree();
    const ext = st.bodyTree();
    const relief = st.slotTree();
    this.trees = [hop, red, ox, ins, ext, relief];
    this.electrode = new Electrode(st, this, this.trees, [null, "cathodic", "anodic", "cathodic", "anodic", null], this.multipliers);
    this.conn.labelAll();
    this.initialiseRates();
    st.clearTransients();
  }

  // facade for readers outside the catalogue
  get lat() { return this.st.lat; }
  get N() { return this.st.N; }
  get p() { return this.st.p; }
  get n() { return this.st.n; }
  get m() { return this.st.m; }
  get kTn() { return this.st.kTn; }
  get bonds() { return this.st.bonds; }
  get spec() { return this.st.spec; }
  get cnt() { return this.st.cnt; }
  get bq() { return this.st.bq; }
  get body() { return this.st.body; }
  get born() { return this.st.born; }
  get bodies() { return this.st.bodies; }
  get counters() { return this.st.counters; }
  get contactSites() { return this.st.contactSites; }
  get siteArea() { return this.st.siteArea; }
  get time() { return this.st.time; }
  get shortCircuitTime() { return this.st.shortCircuitTime; }
  get collectorDisplacement() { return this.st.collectorDisplacement; }
  get surfaceLayer() { return this.st.surfaceLayer; }
  get current() { return this.electrode.current; }
  get currentDensity() { return this.electrode.currentDensity; }
  get overpotential() { return this.electrode.overpotential; }
  get collectorKind() { return this.collector.kind; }
  /** Spring force of the collector (N): k·Δz for a spring, 0 otherwise. */
  springForce(): number { return this.collector.force(); }
  liSites(): number { return this.st.liSites(); }
  storedExcess(): number { return this.st.storedExcess(); }
  siteEnergy(s: number): number { return this.st.siteEnergy(s); }

  /** Recomputes every rate from scratch (construction, restore). */
  initialiseRates(): void {
    const st = this.st;
    const hop = this.trees[G_HOP];
    for (let s = 0; s < st.N; s++) hop.leaves[s] = st.spec[s] === LI ? this.hops.rate(s) : 0;
    hop.rebuild();
    this.openSites = 0;
    this.trees[G_RED].leaves.fill(0);
    for (let i = 0; i < st.nslots; i++) this.refreshSlot(st.isite[i]);
    this.trees[G_RED].rebuild();
    this.trees[G_OX].rebuild();
    this.trees[G_RELIEF].rebuild();
    st.recountContact();
    for (let b = 0; b < st.bodies.used; b++) this.refreshBody(b);
    this.trees[G_INSERT].rebuild();
    this.trees[G_EXTRACT].rebuild();
    this.electrode.update(true);
  }

  // ---------------------------------------------------------------- energy and rates

  /** Total hop rate of the Li atom at s (1/s). */
  hopRate(s: number): number {
    return this.hops.rate(s);
  }

  /**
   * Redox weights of interface site s. Empty: reduction possible where electrons are, i.e. the
   * site touches the CC or a connected Li body (whose pressure the new atoms join). Li of a
   * connected body: oxidation of its atoms. Weights are per site event at η = 0:
   * k0·exp(∓α(ΔE_s + m·p·Ω)/kT_n).
   */
  private refreshSlot(s: number): void {
    const st = this.st;
    const i = st.islot[s];
    if (i < 0) return;
    const sp = st.spec[s];
    let red = 0;
    let ox = 0;
    const interfaceSite = (st.cnt[s] & SUB1_MASK) !== 0;
    if (!interfaceSite) {
      // touches only the collector: no Li+ here
    } else if (sp === EMPTY) {
      let b = -1;
      let ok = (st.cnt[s] & CC_MASK) !== 0;
      if (st.cnt[s] & ((15 << LI1_SHIFT) | (7 << 4))) {
        const nb = this.nbSlot;
        st.lat.neighboursFast(s, nb);
        for (let k = 0; k < 14; k++) {
          const t = nb[k];
          if (st.spec[t] === LI && st.connected(st.body[t])) {
            ok = true;
            if (b < 0 || st.bodies.pressure[st.body[t]] > st.bodies.pressure[b]) b = st.body[t];
          }
        }
      }
      if (ok) red = this.k0 * Math.exp(-st.p.alphaCathodic * (st.excessEnergyKT(s) + pressureKT(st, b)));
    } else if (sp === LI) {
      const b = st.body[s];
      if (st.connected(b)) ox = this.k0 * Math.exp(st.p.alphaAnodic * (st.excessEnergyKT(s) + pressureKT(st, b)));
    }
    const tr = this.trees[G_RED];
    const to = this.trees[G_OX];
    const was = tr.leaves[i] > 0;
    if (was !== red > 0) this.openSites += red > 0 ? 1 : -1;
    if (tr.leaves[i] !== red) tr.set(i, red);
    if (to.leaves[i] !== ox) to.set(i, ox);
    const rl = sp === EMPTY ? this.reliefWeight(s) : 0;
    const trl = this.trees[G_RELIEF];
    if (trl.leaves[i] !== rl) trl.set(i, rl);
  }

  /** The adjacent body with the most excess, or −1. */
  private reliefSource(s: number): number {
    const st = this.st;
    const nb = this.nbSlot;
    st.lat.neighboursFast(s, nb);
    let best = -1;
    for (let k = 0; k < 14; k++) {
      const t = nb[k];
      if (st.spec[t] !== LI) continue;
      const b = st.body[t];
      const B = st.bodies;
      if (B.excess[b] >= 1 && (B.confined[b] || B.pressure[b] > 0) && (best < 0 || B.excess[b] > B.excess[best])) best = b;
    }
    return best;
  }

  /**
   * Strain relief into the empty edge site s (MODEL.md §2.3): an excess atom of an adjacent body
   * becomes a lattice atom at s, gaining p·Ω (per atom) and paying the bond energy of s.
   *  - Diffusional creep: excess atoms reach the edge along the Li|LLZO interface (or the Li|CC
   *    gap) from a contact of radius R: the flux N_ex·D/R² shared by the ≈ 2πR/ℓ edge sites, with
   *    D = k·ℓ² of the path, gives k·N_ex·(ℓ/R)³/(2π) per edge site, times the Boltzmann factor
   *    of ΔE − p·Ω·n³ (uphill only).
   *  - Dislocation outflow: above the squeeze-flow pressure p_f = σ_y·(1 + 2R/(3√3·h)) the
   *    confined layer (thickness h) flows out at ε̇ = ε̇0·(p − p_f)/p_f, i.e. ε̇·N sites per second
   *    shared by the edge sites. Yield limits shear, not pressure: with no edge, no outflow.
   *  - Power-law creep (bulk Li only): ε̇ = A·(p/1 MPa)^n·exp(−Q/RT), likewise shared.
   */
  private reliefWeight(s: number): number {
    this.reliefCreep = 0;
    this.reliefDislocation = 0;
    this.reliefPowerLaw = 0;
    const b = this.reliefSource(s);
    if (b < 0) return 0;
    const st = this.st;
    const mech = st.p.mechanics;
    const B = st.bodies;
    const p = B.pressure[b];
    const pi = pressureKT(st, b);
    const root = Math.max(1, B.root[b]);
    const ring = Math.max(1, B.ring[b]);
    let w = 0;
    if (mech.creep) {
      const path = (st.cnt[s] & SUB_MASK) !== 0 ? PATH_INTERFACE : PATH_COLLECTOR;
      this.reliefCreep = creepRate(this.hops.rates.k[path], B.excess[b], root, st.excessEnergyKT(s) - pi);
      w += this.reliefCreep;
    }
    if (mech.dislocation && p > 0) {
      this.reliefDislocation = dislocationRate(mech.dislocationRate, p, this.flowPressure(b), B.size[b], ring);
      w += this.reliefDislocation;
    }
    if (mech.powerLaw && p > 0) {
      this.reliefPowerLaw = powerLawRate(mech.powerLawA, mech.powerLawN, mech.powerLawQ, st.p.temperature, p, B.size[b], ring);
      w += this.reliefPowerLaw;
    }
    return w;
  }
  private reliefCreep = 0;
  private reliefDislocation = 0;
  private reliefPowerLaw = 0;

  /**
   * Pressure needed to squeeze Li out of a layer of thickness h under a contact of radius R:
   * p_f = σ_y·(1 + 2R/(3√3·h)) (MODEL.md §2.3), with R from the root area and h = sites/root
   * layers of a/2.
   */
  flowPressure(b: number): number {
    const st = this.st;
    const B = st.bodies;
    const root = Math.max(1, B.root[b]);
    const R = Math.sqrt((root * st.siteArea) / Math.PI);
    const h = Math.max(1, B.size[b] / root) * ((st.n * LI_LATTICE_CONSTANT_M) / 2);
    return squeezeFlowPressure(st.p.mechanics.yieldStrength, R, h);
  }

  /** Body-level insertion and extraction weights (root insertion joins bulk: ΔE = 0). */
  private refreshBody(b: number): void {
    const st = this.st;
    const B = st.bodies;
    let ins = 0;
    let ext = 0;
    if (B.isLive(b) && B.cc[b] > 0 && B.root[b] > 0) {
      const pk = pressureKT(st, b);
      ins = this.k0 * B.root[b] * Math.exp(-st.p.alphaCathodic * pk);
      if (B.excess[b] >= 1) ext = this.k0 * B.root[b] * Math.exp(st.p.alphaAnodic * pk);
    }
    const ti = this.trees[G_INSERT];
    const te = this.trees[G_EXTRACT];
    if (ti.leaves[b] !== ins) ti.set(b, ins);
    if (te.leaves[b] !== ext) te.set(b, ext);
  }

  private recompute(): void {
    const st = this.st;
    const hop = this.trees[G_HOP];
    for (let i = 0; i < st.nwork; i++) {
      const s = st.work[i];
      const r = st.spec[s] === LI ? this.hops.rate(s) : 0;
      if (hop.leaves[s] !== r) hop.set(s, r);
      if (st.islot[s] >= 0) this.refreshSlot(s);
    }
    st.nwork = 0;
    const dirty = st.dirtyBodies;
    for (const b of dirty) this.refreshBody(b);
    dirty.length = 0;
  }

  // ---------------------------------------------------------------- events

  perform(group: number, leaf: number, u: number, time: number): number {
    const st = this.st;
    st.beginEvent(time);
    this.electrode.integrate(time);
    switch (group) {
      case G_HOP:
        this.hops.perform(leaf, u);
        break;
      case G_RED:
        this.fill(st.isite[leaf]);
        break;
      case G_OX:
        this.oxidise(st.isite[leaf]);
        break;
      case G_INSERT:
        st.bodies.addExcess(leaf, 1);
        st.counters.inserted++;
        st.markBody(leaf);
        // can the body move at all? Asked at the first excess atoms since the last move, and
        // again each time the excess doubles (a walk of the body each time: O(N log N) per layer)
        {
          const ex = st.bodies.excess[leaf];
          if (!st.bodies.confined[leaf] && (ex & (ex - 1)) === 0) tryRootGrowth(this, leaf, true);
        }
        tryRootGrowth(this, leaf);
        break;
      case G_EXTRACT:
        st.bodies.addExcess(leaf, -1);
        st.counters.extracted++;
        st.markBody(leaf);
        break;
      case G_RELIEF:
        this.relieve(st.isite[leaf], u);
        break;
    }
    if (st.ccSettlePending) {
      st.ccSettlePending = false;
      this.collector.settle();
    }
    // pressures of the bodies touched by this event, then cracks
    this.pressure.updateChanged();
    if (st.p.fracture.enabled && this.defects.length > 0) checkCracks(this);
    if (st.rewalk.length > 0) this.conn.refreshEdges();
    st.propagate();
    this.recompute();
    for (const tr of this.trees) tr.flush();
    this.electrode.update();
    return st.stopCode;
  }

  /** Reduction into the empty interface site s: a new Li site (n³ atoms). */
  private fill(s: number): void {
    const st = this.st;
    const nb = this.nbFill;
    st.lat.neighboursFast(s, nb);
    let b = -1;
    for (let k = 0; k < 14; k++) {
      const t = nb[k];
      if (st.spec[t] === LI && st.connected(st.body[t])) {
        b = st.body[t];
        break;
      }
    }
    if (b < 0) b = st.bodies.allocate(s);
    st.setSpecies(s, LI, b, st.time);
    this.conn.mergeAround(s);
    st.counters.filled++;
  }

  /** Strain relief into the empty edge site s: an excess atom of the adjacent body settles there. */
  private relieve(s: number, u: number): void {
    const st = this.st;
    const b = this.reliefSource(s);
    if (b < 0 || st.spec[s] !== EMPTY) return;
    // which channel (for the counters): u splits the weight over the three contributions
    const total = this.reliefWeight(s);
    const r = u * total;
    if (r < this.reliefCreep) st.counters.creep++;
    else if (r < this.reliefCreep + this.reliefDislocation) st.counters.dislocation++;
    else st.counters.powerLaw++;
    st.setSpecies(s, LI, b, st.time);
    st.bodies.addExcess(b, -1);
    st.markBody(b);
    this.conn.mergeAround(s);
  }

  /** Opens an LLZO site along a crack path (it becomes an empty Li-lattice site). */
  openLLZOSite(c: number): void {
    this.st.setSpecies(c, EMPTY, -1);
    this.st.counters.crackSites++;
  }

  /** Li has reached the counter electrode: a short circuit (recorded; ends the run if asked). */
  shortCircuit(): void {
    const st = this.st;
    if (st.shortCircuitTime !== null) return;
    st.shortCircuitTime = st.time;
    if (st.p.fracture.stopOnShortCircuit) st.stopCode = STOP_SHORT_CIRCUIT;
  }

  /** Oxidation of the Li at interface site s: the site empties. */
  private oxidise(s: number): void {
    const st = this.st;
    const b = st.body[s];
    st.setSpecies(s, EMPTY, -1);
    this.conn.splitAround(s, b);
    st.counters.oxidised++;
  }

  // ---------------------------------------------------------------- checkpoints

  /** Everything the future of the run depends on (see checkpoint.ts). */
  saveState(): ModelState {
    return saveModelState(this);
  }

  /** Restores a state saved by `saveState` into a model built from the same scenario. */
  loadState(state: ModelState): void {
    loadModelState(this, state);
  }
}

/** Upper bound of the electrode overpotential (V): a few volts is where the cell would break down. */
const MAX_OVERPOTENTIAL_V = 5;
