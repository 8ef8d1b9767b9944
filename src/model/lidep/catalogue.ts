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
import { RootGrowth } from "./root-growth.ts";
import { Redox } from "./redox.ts";
import { Relief } from "./relief.ts";
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

  readonly growth: RootGrowth;
  readonly redox: Redox;
  readonly relief: Relief;
  readonly electrode: Electrode;

  private readonly nbSlot = new Int32Array(14);
  private readonly nbFill = new Int32Array(14);
  private readonly nbConn = new Int32Array(14);

  constructor(setup: LidepSetup) {
    const st = (this.st = new LiState(setup));
    this.collector = makeCollector(setup.collectorKind, st);
    this.pressure = new Pressure(st, this.collector);
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
    this.growth = new RootGrowth(st, this.conn, this.collector);
    this.redox = new Redox(st, this.conn, this.growth);
    this.relief = new Relief(st, this.conn, this.hops.rates);
    const r = this.redox;
    this.trees = [hop, r.red, r.ox, r.insert, r.extract, this.relief.tree];
    this.electrode = new Electrode(st, this.redox, this.trees, [null, "cathodic", "anodic", "cathodic", "anodic", null], this.multipliers);
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
    this.redox.initialiseSlots();
    for (let i = 0; i < st.nslots; i++) this.relief.refreshSlot(st.isite[i]);
    this.trees[G_RED].rebuild();
    this.trees[G_OX].rebuild();
    this.trees[G_RELIEF].rebuild();
    st.recountContact();
    for (let b = 0; b < st.bodies.used; b++) this.redox.refreshBody(b);
    this.trees[G_INSERT].rebuild();
    this.trees[G_EXTRACT].rebuild();
    this.electrode.update(true);
  }

  // ---------------------------------------------------------------- energy and rates

  /** Total hop rate of the Li atom at s (1/s). */
  hopRate(s: number): number {
    return this.hops.rate(s);
  }

  private recompute(): void {
    const st = this.st;
    const hop = this.trees[G_HOP];
    for (let i = 0; i < st.nwork; i++) {
      const s = st.work[i];
      const r = st.spec[s] === LI ? this.hops.rate(s) : 0;
      if (hop.leaves[s] !== r) hop.set(s, r);
      if (st.islot[s] >= 0) {
        this.redox.refreshSlot(s);
        this.relief.refreshSlot(s);
      }
    }
    st.nwork = 0;
    const dirty = st.dirtyBodies;
    for (const b of dirty) this.redox.refreshBody(b);
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
        this.redox.fill(st.isite[leaf]);
        break;
      case G_OX:
        this.redox.oxidise(st.isite[leaf]);
        break;
      case G_INSERT:
        this.redox.insertInto(leaf);
        break;
      case G_EXTRACT:
        this.redox.extractFrom(leaf);
        break;
      case G_RELIEF:
        this.relief.relieve(st.isite[leaf], u);
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
