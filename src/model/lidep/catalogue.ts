/**
 * lidep's event catalogue: the mechanism table and what follows every event.
 *
 * In SPPARKS' terms it answers the three questions of a physics app — the energy of a site
 * (`LiState.siteEnergy`), the total rate of a site's events and "perform one event and say whose
 * rates changed" — while the solver and the sum trees know nothing of the physics. The state is
 * in state.ts; each mechanism in its own file:
 *
 *   hops.ts         Li0 hops on the bulk, surface, interface and collector paths (MODEL.md §2.2)
 *   redox.ts        reduction / oxidation at interface sites, insertion into / extraction from a
 *                   body's interfacial excess (§2.1)
 *   electrode.ts    η from the electrical mode, the Butler–Volmer multipliers (§2.1)
 *   root-growth.ts  a body rising when two layers of excess have gathered (§2.1)
 *   collector.ts    rigid, spring and free collectors (§1)
 *   pressure.ts     pressure per body (§3)
 *   relief.ts       strain relief: creep, dislocation outflow, power-law creep (§2.3)
 *   cracks.ts       crack criteria at the LLZO defects, crack advance, short circuit (§3)
 *   connectivity.ts bodies as connected components: merge, split, walks
 *   checkpoint.ts   the state as plain data, for checkpoints
 *
 * A new event kind is a file with its mechanism and a row in the table below (its rate tree, its
 * electrode role, how it performs an event); if its rates depend on a site's neighbourhood, its
 * refresh joins `refreshRates`. A new collector kind is one object in collector.ts.
 */
import type { SumTree } from "../../kmc/sumtree.ts";
import { NULL_EVENT, type EventCatalogue } from "../../kmc/solver.ts";
import type { DefectSites } from "../geometry.ts";
import { LI } from "../species.ts";
import { saveModelState, loadModelState, type ModelState } from "./checkpoint.ts";
import { makeCollector, type Collector, type CollectorKind } from "./collector.ts";
import { Connectivity } from "./connectivity.ts";
import { Cracks } from "./cracks.ts";
import { Electrode, type ElectrodeRole } from "./electrode.ts";
import { Hops } from "./hops.ts";
import { Acceleration } from "./acceleration.ts";
import { Pressure } from "./pressure.ts";
import { Redox } from "./redox.ts";
import { Relief } from "./relief.ts";
import { RootGrowth } from "./root-growth.ts";
import { LiState, type LiSetup } from "./state.ts";
import { BoxWalls, STOP_WALL, WALL_MIN_BODY_SITES, WALL_TOP } from "./walls.ts";

/** One row of the mechanism table: an event group of the solver. */
export interface EventGroup {
  readonly name: string;
  /** Its rates: one leaf per site, interface slot or body id. */
  readonly tree: SumTree;
  /**
   * For the electrode: its weights in site events (n³ atoms) per second, where an event moves
   * another number of atoms (insertion and extraction: redox.ts); the tree itself otherwise.
   */
  readonly weights?: SumTree;
  /** How the overpotential scales its rates (× X_red, × X_ox, or not). */
  readonly electrode: ElectrodeRole;
  /** Performs one event of `leaf`; u ∈ [0, 1) picks among the leaf's own events. */
  perform(leaf: number, u: number): void;
  /**
   * For a group whose leaves are bounds (thinning, pressure.ts): whether the selected leaf's event
   * happens, with probability exact weight / bound; returns the uniform for `perform` (uniform in
   * [0, 1) given acceptance), or −1: a null event, after which nothing changes.
   */
  accept?(leaf: number, u: number): number;
}

/** The event groups, in the solver's order (the index of a name is its group). */
export const GROUP_NAMES = ["hop", "reduce", "oxidise", "insert", "extract", "relief"] as const;
export const G_HOP = 0;
export const G_RED = 1;
export const G_OX = 2;
export const G_INSERT = 3;
export const G_EXTRACT = 4;
export const G_RELIEF = 5;

/** One step of what follows every event. */
export interface AfterEventStep {
  readonly name: string;
  run(): void;
}

export interface LidepSetup extends LiSetup {
  collectorKind: CollectorKind;
  /** Surface defects of the LLZO (from the geometry). */
  defects?: DefectSites[];
  /** End the run when Li first reaches a closed side or the top of the box (walls.ts; recorded either way). */
  stopAtWall?: boolean;
}

export class LidepModel implements EventCatalogue {
  readonly st: LiState;
  readonly conn: Connectivity;
  readonly collector: Collector;
  readonly pressure: Pressure;
  readonly hops: Hops;
  readonly growth: RootGrowth;
  readonly redox: Redox;
  readonly relief: Relief;
  readonly cracks: Cracks;
  readonly electrode: Electrode;
  /** The box's walls and Li's first contact with one (walls.ts). */
  readonly walls: BoxWalls;
  /** Root-growth moves the lid had blocked when the walls were last checked. */
  private topBlockedSeen = 0;
  private readonly liAt = (s: number): boolean => this.st.spec[s] === LI;
  /** Scaling of fast quasi-equilibrated hop classes (acceleration.ts; off unless the scenario enables it). */
  readonly accel: Acceleration;
  /** The mechanism table. */
  readonly groups: readonly EventGroup[];
  readonly trees: readonly SumTree[];
  readonly multipliers: Float64Array;
  /** What follows every event, in this order. */
  readonly afterEvent: readonly AfterEventStep[];

  constructor(setup: LidepSetup) {
    const st = (this.st = new LiState(setup));
    const conn = (this.conn = new Connectivity(st));
    this.collector = makeCollector(setup.collectorKind, st);
    const hops = (this.hops = new Hops(st, conn));
    const relief = (this.relief = new Relief(st, conn));
    this.pressure = new Pressure(st, this.collector, relief);
    this.growth = new RootGrowth(st, conn, this.collector);
    const redox = (this.redox = new Redox(st, conn, this.growth));
    this.cracks = new Cracks(st, conn, this.pressure, setup.defects ?? [], (b) => this.growth.probe(b));
    this.walls = new BoxWalls(st.lat, st.topLimitLayer, setup.stopAtWall ?? false);
    this.accel = new Acceleration(st, hops, setup.params.acceleration);

    this.groups = [
      // every row with every key, in one order: one object shape, so that the event loop's read of
      // a row stays monomorphic (rows of four shapes deoptimised it at each first event of a new
      // kind, and each recompilation of the inlined event takes 0.1–0.4 s)
      { name: "hop", tree: hops.tree, weights: undefined, electrode: null, perform: (leaf, u) => hops.perform(leaf, u), accept: undefined },
      { name: "reduce", tree: redox.red, weights: redox.redWeight, electrode: "cathodic", perform: (leaf) => redox.fill(st.isite[leaf]), accept: (leaf, u) => redox.accept(leaf, u, true) },
      { name: "oxidise", tree: redox.ox, weights: redox.oxWeight, electrode: "anodic", perform: (leaf) => redox.oxidise(st.isite[leaf]), accept: (leaf, u) => redox.accept(leaf, u, false) },
      { name: "insert", tree: redox.insert, weights: redox.insertWeight, electrode: "cathodic", perform: (leaf) => redox.insertInto(leaf), accept: undefined },
      { name: "extract", tree: redox.extract, weights: redox.extractWeight, electrode: "anodic", perform: (leaf) => redox.extractFrom(leaf), accept: undefined },
      { name: "relief", tree: relief.tree, weights: undefined, electrode: null, perform: (leaf, u) => relief.relieve(st.isite[leaf], u), accept: (leaf, u) => relief.accept(leaf, u) },
    ];
    this.trees = this.groups.map((g) => g.tree);
    this.multipliers = new Float64Array(this.groups.length).fill(1);
    this.electrode = new Electrode(st, redox, this.groups.map((g) => g.weights ?? g.tree), this.groups.map((g) => g.electrode), this.multipliers);

    this.afterEvent = [
      // a raised collector whose support left moves back down
      { name: "settle collector", run: () => this.settleCollector() },
      // the pressure of every body the event touched
      { name: "pressure", run: () => this.pressure.updateChanged() },
      // crack criteria under the new pressures, crack advance, short circuit
      { name: "cracks", run: () => this.checkCracks() },
      // bodies connected or disconnected, or whose pressure drifted: walk their edges
      { name: "edge walks", run: () => this.walkEdges() },
      // Li that reached a wall of the box (the changed sites, before propagate consumes them)
      { name: "walls", run: () => this.checkWalls() },
      // every site whose rates depend on a changed site
      { name: "sites to refresh", run: () => st.propagate() },
      { name: "rates", run: () => this.refreshRates() },
      { name: "trees", run: () => this.flushTrees() },
      // η and the multipliers for the new sums of the redox rates
      { name: "electrode", run: () => this.electrode.update() },
    ];

    conn.labelAll();
    this.initialiseRates();
    st.clearTransients();
    // initial Li already at a wall (a cap wider than the box) is a contact at t = 0
    this.walls.rescan(this.liAt);
    for (let s = 0; s < st.N && this.walls.reached === null; s++) if (st.spec[s] === LI && st.bodies.size[st.body[s]] >= WALL_MIN_BODY_SITES) this.reachWall(s, this.walls.wallAt(s));
  }

  perform(group: number, leaf: number, u: number, time: number): number {
    const st = this.st;
    const g = this.groups[group];
    if (g.accept !== undefined) {
      // a leaf that is a bound: the event happens with probability exact/bound, else nothing does
      u = g.accept(leaf, u);
      if (u < 0) return NULL_EVENT;
    }
    st.beginEvent(time);
    this.electrode.integrate(time);
    g.perform(leaf, u);
    const steps = this.afterEvent;
    for (let i = 0; i < steps.length; i++) steps[i].run();
    // acceleration: the window's counts, and at its end new factors (the hop rates rescaled)
    if (this.accel.enabled) this.accel.afterEvent(group === G_HOP);
    return st.stopCode;
  }

  private settleCollector(): void {
    const st = this.st;
    if (!st.ccSettlePending) return;
    st.ccSettlePending = false;
    this.collector.settle();
  }

  private checkWalls(): void {
    const st = this.st;
    const w = this.walls;
    if (w.reached !== null) return;
    const n = st.nchangedSites;
    if (n > 0) {
      for (let i = 0; i < n; i++) {
        const s = st.changedSite(i);
        w.track(s, st.spec[s] === LI);
      }
      // every Li site on a wall whose body is now a cluster: an arrival on the wall, or a body
      // grown or merged anywhere (walls.ts)
      for (let i = 0; i < w.count && w.reached === null; i++) {
        const s = w.onWall(i);
        if (st.bodies.size[st.body[s]] >= WALL_MIN_BODY_SITES) this.reachWall(s, w.wallAt(s));
      }
    }
    // a root-growth move blocked by the lid (root-growth.ts) moved no site there
    if (w.reached === null && st.counters.topBlocked !== this.topBlockedSeen) this.reachWall(-1, WALL_TOP);
    this.topBlockedSeen = st.counters.topBlocked;
  }

  /** Li at s reached wall k (k < 0: none): recorded the first time, and the run stops if asked to. */
  private reachWall(s: number, k: number): void {
    // a short circuit in the same event keeps its own stop code
    if (k >= 0 && this.walls.reach(s, k, this.st.time) && this.st.stopCode === 0) this.st.stopCode = STOP_WALL;
  }

  private checkCracks(): void {
    if (this.cracks.active) this.cracks.check();
  }

  private readonly walked = (b: number): void => this.pressure.refreshed(b);

  private walkEdges(): void {
    if (this.st.rewalk.length > 0) this.conn.refreshEdges(this.walked);
  }

  /** The rates of the sites marked this event (hops; redox and relief at slots) and of the changed bodies. */
  private refreshRates(): void {
    const st = this.st;
    const hop = this.hops.tree;
    const work = st.work;
    this.relief.beginBatch();
    for (let i = 0; i < st.nwork; i++) {
      const s = work[i];
      const r = st.spec[s] === LI ? this.hops.rate(s) : 0;
      if (hop.leaves[s] !== r) hop.set(s, r);
      if (st.islot[s] >= 0) {
        this.redox.refreshSlot(s);
        this.relief.refreshSlot(s);
      }
    }
    st.nwork = 0;
    // the slots a walk marked, unless refreshed above
    const slots = st.slotWork;
    const stamp = st.stamp;
    const ep = st.epoch;
    for (let i = 0; i < st.nslotWork; i++) {
      const s = slots[i];
      if (stamp[s] >= ep) continue;
      this.redox.refreshSlot(s);
      this.relief.refreshSlot(s);
    }
    st.nslotWork = 0;
    this.relief.endBatch();
    const dirty = st.dirtyBodies;
    for (let i = 0; i < dirty.length; i++) this.redox.refreshBody(dirty[i]);
    dirty.length = 0;
  }

  private flushTrees(): void {
    const trees = this.trees;
    for (let i = 0; i < trees.length; i++) trees[i].flush();
    this.redox.insertWeight.flush();
    this.redox.extractWeight.flush();
    this.redox.redWeight.flush();
    this.redox.oxWeight.flush();
  }

  /** Recomputes every rate from scratch (construction, restore). */
  initialiseRates(): void {
    const st = this.st;
    const hop = this.hops.tree;
    for (let s = 0; s < st.N; s++) hop.leaves[s] = st.spec[s] === LI ? this.hops.rate(s) : 0;
    hop.rebuild();
    this.redox.initialiseSlots();
    for (let i = 0; i < st.nslots; i++) this.relief.refreshSlot(st.isite[i]);
    this.redox.red.rebuild();
    this.redox.ox.rebuild();
    this.relief.tree.rebuild();
    st.recountContact();
    for (let b = 0; b < st.bodies.used; b++) this.redox.refreshBody(b);
    this.redox.insert.rebuild();
    this.redox.extract.rebuild();
    this.redox.insertWeight.rebuild();
    this.redox.extractWeight.rebuild();
    this.redox.redWeight.rebuild();
    this.redox.oxWeight.rebuild();
    this.electrode.update(true);
  }

  /** Everything the future of the run depends on (checkpoint.ts). */
  saveState(): ModelState {
    return saveModelState(this);
  }

  /** Restores a state saved by `saveState` into a model built from the same scenario. */
  loadState(state: ModelState): void {
    loadModelState(this, state);
    this.topBlockedSeen = this.st.counters.topBlocked;
    this.walls.rescan(this.liAt);
  }

  /** Bytes held by the model's arrays (per-site arrays, walk marks, rate trees). */
  get bytes(): number {
    let b = 0;
    for (const o of [this.st, this.st.bodies, this.conn]) for (const v of Object.values(o)) if (ArrayBuffer.isView(v)) b += v.byteLength;
    for (const t of this.trees) b += t.bytes;
    return b;
  }

  // what run/ and the tests read
  get lat() { return this.st.lat; }
  get N() { return this.st.N; }
  get p() { return this.st.p; }
  get m() { return this.st.m; }
  get spec() { return this.st.spec; }
  get cnt() { return this.st.cnt; }
  get body() { return this.st.body; }
  get born() { return this.st.born; }
  get bodies() { return this.st.bodies; }
  get counters() { return this.st.counters; }
  get contactSites() { return this.st.contactSites; }
  get siteArea() { return this.st.siteArea; }
  get collectorDisplacement() { return this.st.collectorDisplacement; }
  get shortCircuitTime() { return this.st.shortCircuitTime; }
  get crack() { return this.cracks.crack; }
  get current() { return this.electrode.current; }
  get currentDensity() { return this.electrode.currentDensity; }
  get overpotential() { return this.electrode.overpotential; }
  /** The collector's force on the Li (N): k·Δz for a spring, 0 otherwise. */
  springForce(): number {
    return this.collector.force();
  }
  /** Li sites now on the lattice. */
  liSites(): number {
    return this.st.bodies.totalSize();
  }
  /** Stored excess over all bodies (atoms). */
  storedExcess(): number {
    return this.st.bodies.totalExcess();
  }
}
