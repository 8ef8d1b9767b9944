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
import { BccLattice } from "../lattice/bcc.ts";
import { SumTree } from "../kmc/sumtree.ts";
import type { EventCatalogue } from "../kmc/solver.ts";
import { BOLTZMANN_J_PER_K, ELEMENTARY_CHARGE_C, LI_ATOMIC_VOLUME_M3, LI_LATTICE_CONSTANT_M } from "../constants/physical.ts";
import { QUANTA_PER_KT, quantiseBonds, type QuantisedBonds } from "./energy.ts";
import { CLASS_OF, COMMON, COMMON_COUNT, HopRates, SURFACE } from "./hops.ts";
import { BodyTable } from "./bodies.ts";
import { solveGalvanostatic, solvePotentiostatic } from "./electrochem.ts";
import type { ModelParams } from "./params.ts";
import type { DefectSites } from "./geometry.ts";
import { murnaghanPressure } from "../mechanics/eos.ts";
import { creepRate, dislocationRate, powerLawRate, squeezeFlowPressure } from "../mechanics/relief.ts";
import type { CrackKind } from "../mechanics/fracture.ts";
import { checkCracks } from "./cracks.ts";
import { loadModelState, saveModelState, type ModelState } from "./state.ts";
import { settleCollector, tryRootGrowth } from "./root-growth.ts";
import { Connectivity } from "./connectivity.ts";
import { INTERFACE as PATH_INTERFACE, COLLECTOR as PATH_COLLECTOR } from "./params.ts";
import {
  CC,
  CC_MASK,
  SUB_MASK,
  CNT_DELTA,
  EMPTY,
  LI,
  LI1_ONE,
  LI1_SHIFT,
  LI2_ONE,
  LLZO,
  SUB1_MASK,
  WALL,
} from "./species.ts";

export const G_HOP = 0;
export const G_RED = 1;
export const G_OX = 2;
export const G_INSERT = 3;
export const G_EXTRACT = 4;
export const G_RELIEF = 5;

/** Stop code returned by `perform`: Li reached the counter electrode (with stopOnShortCircuit). */
export const STOP_SHORT_CIRCUIT = 2;

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

export type CollectorKind = "rigid" | "free" | "spring";

export interface LidepSetup {
  lattice: BccLattice;
  /** Species of every site (length = lattice.sites); copied. */
  species: Uint8Array;
  params: ModelParams;
  collectorKind: CollectorKind;
  /** Li sites closer than this many layers to the top of the box stop the run. */
  topMarginLayers?: number;
  /** Surface defects of the LLZO (from the geometry) and the surface layer. */
  defects?: DefectSites[];
  surfaceLayer?: number;
}

/** Running totals of what happened. */
export class Counters {
  /** Hops by path: bulk, surface, interface, collector. */
  readonly hops = new Float64Array(4);
  /** Sites filled by reduction. */
  filled = 0;
  /** Sites emptied by oxidation. */
  oxidised = 0;
  /** Sites' worth of atoms inserted into / extracted from interfacial excess. */
  inserted = 0;
  extracted = 0;
  /** Rigid root-growth moves and atoms placed by them. */
  rootMoves = 0;
  rootPlaced = 0;
  /** Root-growth attempts blocked by the collector, LLZO or the box. */
  rootBlocked = 0;
  /** Root-growth attempts blocked by the top of the box. */
  topBlocked = 0;
  /** ∫ I dt (C) of the applied current in galvanostatic mode, or of the solved current. */
  charge = 0;
  /** Excess atoms relieved by diffusional creep, dislocation outflow and power-law creep. */
  creep = 0;
  dislocation = 0;
  powerLaw = 0;
  /** LLZO sites opened by cracks. */
  crackSites = 0;
}

export class LidepModel implements EventCatalogue {
  readonly lat: BccLattice;
  readonly N: number;
  readonly p: ModelParams;
  readonly n: number;
  /** Atoms per site, n³. */
  readonly m: number;
  readonly kTn: number;
  readonly bonds: QuantisedBonds;
  readonly rates: HopRates;
  readonly spec: Uint8Array;
  readonly cnt: Uint32Array;
  /** Bond energy (quanta) a Li atom would have at the site: Σ over its bonded neighbours. */
  readonly bq: Int32Array;
  /** Body id of a Li site, −1 otherwise. */
  readonly body: Int32Array;
  /** Time (s) the atom at a Li site was deposited (moves with the atom). */
  readonly born: Float32Array;
  /** Interface slot of a site (touches LLZO), −1 otherwise; and the site of each slot. */
  islot: Int32Array;
  isite: Int32Array;
  nslots = 0;
  readonly bodies: BodyTable;
  readonly trees: SumTree[];
  readonly multipliers = new Float64Array(6);
  readonly counters = new Counters();
  readonly collectorKind: CollectorKind;
  /** CC sites (the collector is one rigid object). */
  ccSites: Int32Array;
  /** How many times the collector has moved up by (0, 0, a). */
  ccShift = 0;
  /** The collector's sites at its rest position (it never goes below it). */
  /** @internal */ ccTemplate: Int32Array = new Int32Array(0);
  /** Set when Li next to the collector left: a free or spring collector may settle down. */
  /** @internal */ ccSettlePending = false;

  /** Index of the LLZO surface layer (the counter electrode is below layer 0). */
  readonly surfaceLayer: number;
  /** LLZO surface defects and their cracks. */
  readonly defects: DefectState[];
  /** The first crack: when, at which defect size (m), criterion and pressure. */
  crack: { time: number; defectSize: number; kind: CrackKind; pressure: number; mode: "split" | "peel" } | null = null;
  /** Time Li reached the counter electrode through a crack. */
  shortCircuitTime: number | null = null;

  /** Kink-site bond energy (quanta): the chemical potential of bulk Li in the bond model. */
  readonly muq: number;
  /** Exchange rate of one interface site at η = 0 (site events per second). */
  readonly k0: number;
  /** Reduced overpotential y = eη/kT in force now. */
  y = 0;
  /** Current (A) and current density (A/m²) in force now (net, cathodic positive). */
  current = 0;
  currentDensity = 0;
  /** Li|LLZO contact of connected bodies, in sites. */
  contactSites = 0;
  /** Empty interface sites where reduction can happen now (the contact ring, nuclei). */
  openSites = 0;
  time = 0;
  readonly topLimitLayer: number;

  // scratch
  // neighbour scratch, one per function so that nested calls never share one
  private readonly nb: Int32Array = new Int32Array(14); // setSpecies
  private readonly nb2: Int32Array = new Int32Array(14); // hopRate, chooseHop, siteEnergy
  private readonly nbSlot = new Int32Array(14);
  private readonly nbProp = new Int32Array(14);
  private readonly nbProp2 = new Int32Array(14);
  private readonly nbFill = new Int32Array(14);
  private readonly nbConn = new Int32Array(14);
  /** @internal */ connChanged: number[] = [];
  /** @internal */ readonly stamp: Uint32Array;
  /** @internal */ epoch = 1;
  /** Connected bodies: labels kept current as atoms come and go (connectivity.ts). */
  readonly conn: Connectivity;
  private changed: Int32Array<ArrayBuffer> = new Int32Array(1024);
  private nchanged = 0;
  private work: Int32Array<ArrayBuffer> = new Int32Array(1024);
  private nwork = 0;
  private dirtyBodies: number[] = [];
  /** @internal */ bodyStamp = new Uint32Array(64);
  /** Path of the hop chosen last by `chooseHop`. */
  private lastPath = 0;
  /** @internal */ lastSums = { red: -1, ox: -1, J: -1 };
  stopCode = 0;

  constructor(setup: LidepSetup) {
    const lat = setup.lattice;
    this.lat = lat;
    this.N = lat.sites;
    this.p = setup.params;
    this.n = setup.params.coarseGrain;
    this.m = this.n ** 3;
    this.kTn = BOLTZMANN_J_PER_K * setup.params.temperature * this.m;
    this.collectorKind = setup.collectorKind;
    this.bonds = quantiseBonds(setup.params.bonds, this.n, this.kTn, { LI, LLZO, CC });
    this.rates = new HopRates(setup.params);
    const q = this.bonds.q;
    this.muq = (8 * q[LI * 2] + 6 * q[LI * 2 + 1]) / 2;
    const aSite = (this.n * LI_LATTICE_CONSTANT_M) ** 2;
    this.k0 = (setup.params.exchangeCurrentDensity * aSite) / (ELEMENTARY_CHARGE_C * this.m);
    const N = this.N;
    this.topLimitLayer = lat.layers - 1 - (setup.topMarginLayers ?? 2);

    this.spec = new Uint8Array(N + 1);
    this.cnt = new Uint32Array(N + 1);
    this.bq = new Int32Array(N + 1);
    this.body = new Int32Array(N + 1).fill(-1);
    this.born = new Float32Array(N + 1);
    this.stamp = new Uint32Array(N + 1);
    this.conn = new Connectivity(this, N);
    this.spec.set(setup.species.subarray(0, N));
    this.spec[N] = WALL;

    // neighbour counts and bond sums
    const nb = this.nb;
    for (let s = 0; s < N; s++) {
      lat.neighbours(s, nb);
      let c = 0;
      let b = 0;
      for (let k = 0; k < 14; k++) {
        const sp = this.spec[nb[k]];
        const idx = sp * 2 + (k >= 8 ? 1 : 0);
        if (sp !== EMPTY && sp !== WALL) {
          c += CNT_DELTA[idx];
          b += q[idx];
        }
      }
      this.cnt[s] = c;
      this.bq[s] = b;
    }
    // collector sites
    let ncc = 0;
    for (let s = 0; s < N; s++) if (this.spec[s] === CC) ncc++;
    this.ccSites = new Int32Array(ncc);
    ncc = 0;
    for (let s = 0; s < N; s++) if (this.spec[s] === CC) this.ccSites[ncc++] = s;
    this.ccTemplate = this.ccSites.slice();
    // interface slots
    this.islot = new Int32Array(N + 1).fill(-1);
    this.isite = new Int32Array(1024);
    for (let s = 0; s < N; s++) if (this.isSlotSite(s)) this.addSlot(s);
    this.surfaceLayer = setup.surfaceLayer ?? 0;
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

    this.bodies = new BodyTable(64);
    this.trees = [
      new SumTree(N),
      new SumTree(Math.max(1, this.nslots)),
      new SumTree(Math.max(1, this.nslots)),
      new SumTree(this.bodies.capacity),
      new SumTree(this.bodies.capacity),
      new SumTree(Math.max(1, this.nslots)),
    ];
    this.bodies.onGrow = (cap) => {
      this.trees[G_INSERT].grow(cap);
      this.trees[G_EXTRACT].grow(cap);
      if (this.bodyStamp.length < cap) {
        const s2 = new Uint32Array(cap);
        s2.set(this.bodyStamp);
        this.bodyStamp = s2;
      }
    };
    // bodies of the initial Li
    for (let s = 0; s < N; s++) {
      if (this.spec[s] === LI && this.body[s] < 0) this.conn.labelComponent(s, this.bodies.allocate(s), -1);
    }
    this.initialiseRates();
    this.clearTransients();
  }

  private isLiLatticeSite(s: number): boolean {
    const sp = this.spec[s];
    return sp === EMPTY || sp === LI;
  }

  /** Slots: Li-lattice sites touching LLZO (redox, relief) or the collector (relief). */
  private isSlotSite(s: number): boolean {
    return this.isLiLatticeSite(s) && (this.cnt[s] & (SUB1_MASK | CC_MASK)) !== 0;
  }

  private addSlot(s: number): void {
    if (this.nslots === this.isite.length) {
      const g = new Int32Array(this.isite.length * 2);
      g.set(this.isite);
      this.isite = g;
    }
    this.islot[s] = this.nslots;
    this.isite[this.nslots++] = s;
    if (this.ringMark && this.ringMark.length < this.isite.length) {
      const g = new Uint32Array(this.isite.length);
      g.set(this.ringMark);
      this.ringMark = g;
    }
    if (this.trees) {
      this.trees[G_RED].grow(this.nslots);
      this.trees[G_OX].grow(this.nslots);
      this.trees[G_RELIEF].grow(this.nslots);
      this.markRate(s);
    }
  }

  /** Recomputes every rate from scratch (construction, restore). */
  initialiseRates(): void {
    const hop = this.trees[G_HOP];
    for (let s = 0; s < this.N; s++) hop.leaves[s] = this.spec[s] === LI ? this.hopRate(s) : 0;
    hop.rebuild();
    this.openSites = 0;
    this.trees[G_RED].leaves.fill(0);
    for (let i = 0; i < this.nslots; i++) this.refreshSlot(this.isite[i]);
    this.trees[G_RED].rebuild();
    this.trees[G_OX].rebuild();
    this.trees[G_RELIEF].rebuild();
    this.recountContact();
    for (let b = 0; b < this.bodies.used; b++) this.refreshBody(b);
    this.trees[G_INSERT].rebuild();
    this.trees[G_EXTRACT].rebuild();
    this.updateMultipliers(true);
  }

  // ---------------------------------------------------------------- energy and rates

  /**
   * Configurational energy of the Li atom at s (J, coarse site): minus its bonds, with each Li–Li
   * bond shared by the two atoms; and of an empty site, 0. Σ over sites = total bond energy.
   */
  siteEnergy(s: number): number {
    if (this.spec[s] !== LI) return 0;
    const q = this.bonds.q;
    this.lat.neighboursFast(s, this.nb2);
    let e = 0;
    for (let k = 0; k < 14; k++) {
      const sp = this.spec[this.nb2[k]];
      if (sp === EMPTY || sp === WALL) continue;
      const w = q[sp * 2 + (k >= 8 ? 1 : 0)];
      e -= sp === LI ? w / 2 : w;
    }
    return e * this.bonds.quantum;
  }

  /** Total hop rate of the Li atom at s (1/s). */
  hopRate(s: number): number {
    const spec = this.spec;
    const cnt = this.cnt;
    const bq = this.bq;
    const nb = this.nb2;
    this.lat.neighboursFast(s, nb);
    const R = this.rates;
    const slots = R.neighbourSlots;
    const bs = bq[s];
    if (bs <= 0) return 0; // an isolated atom (no bonds) stays: no vapour
    const cs = cnt[s];
    const catS = category(cs, R.bulkCoordination);
    const qLi1 = this.bonds.q[LI * 2];
    const qLi2 = this.bonds.q[LI * 2 + 1];
    const boltz = R.boltz;
    const maxQ = R.maxQuanta;
    const es = R.schwoebelFactor !== 1;
    let total = 0;
    for (let k = 0; k < slots; k++) {
      const t = nb[k];
      if (spec[t] !== EMPTY) continue;
      const first = k < 8;
      const bt = bq[t] - (first ? qLi1 : qLi2);
      // no vapour: a hop needs a bond at both ends (the condition is symmetric, so detailed
      // balance holds; at coarse n the softened bonds would otherwise let atoms evaporate)
      if (bt <= 0) continue;
      const dq = bs - bt;
      let f = dq <= 0 ? 1 : dq > maxQ ? 0 : boltz[dq];
      if (f === 0) continue;
      const catT = category(cnt[t] - (first ? LI1_ONE : LI2_ONE), R.bulkCoordination);
      const cls = CLASS_OF[catS * 4 + catT];
      f *= R.k[cls];
      if (es && cls === SURFACE && this.saddleCount(nb, k) <= R.schwoebelMaxSaddle) f *= R.schwoebelFactor;
      total += f;
    }
    return total;
  }

  /** Occupied (Li, LLZO or CC) sites around the saddle of the hop to neighbour slot k. */
  private saddleCount(nb: Int32Array, k: number): number {
    let c = 0;
    const base = k * 6;
    for (let m = 0; m < COMMON_COUNT[k]; m++) {
      const sp = this.spec[nb[COMMON[base + m]]];
      if (sp === LI || sp === LLZO || sp === CC) c++;
    }
    return c;
  }

  /** Picks the destination of a hop from s with u ∈ [0,1); sets lastPath. */
  private chooseHop(s: number, u: number): number {
    const spec = this.spec;
    const cnt = this.cnt;
    const bq = this.bq;
    const nb = this.nb2;
    this.lat.neighboursFast(s, nb);
    const R = this.rates;
    const bs = bq[s];
    if (bs <= 0) return -1;
    const catS = category(cnt[s], R.bulkCoordination);
    const qLi1 = this.bonds.q[LI * 2];
    const qLi2 = this.bonds.q[LI * 2 + 1];
    const es = R.schwoebelFactor !== 1;
    let r = u * this.trees[G_HOP].leaves[s];
    let chosen = -1;
    for (let k = 0; k < R.neighbourSlots; k++) {
      const t = nb[k];
      if (spec[t] !== EMPTY) continue;
      const first = k < 8;
      const bt = bq[t] - (first ? qLi1 : qLi2);
      // no vapour: a hop needs a bond at both ends (the condition is symmetric, so detailed
      // balance holds; at coarse n the softened bonds would otherwise let atoms evaporate)
      if (bt <= 0) continue;
      const dq = bs - bt;
      let f = dq <= 0 ? 1 : dq > R.maxQuanta ? 0 : R.boltz[dq];
      if (f === 0) continue;
      const catT = category(cnt[t] - (first ? LI1_ONE : LI2_ONE), R.bulkCoordination);
      const cls = CLASS_OF[catS * 4 + catT];
      f *= R.k[cls];
      if (es && cls === SURFACE && this.saddleCount(nb, k) <= R.schwoebelMaxSaddle) f *= R.schwoebelFactor;
      if (f <= 0) continue;
      chosen = t;
      this.lastPath = cls;
      r -= f;
      if (r < 0) break;
    }
    return chosen;
  }

  /** ΔE_s/kT_n of m atoms at interface site s relative to bulk (kink) Li: (μ − B_s)/kT_n. */
  private excessEnergyKT(s: number): number {
    return (this.muq - this.bq[s]) / QUANTA_PER_KT;
  }

  /** p·Ω·m/kT_n for a body (the pressure work of one site's atoms, per kT_n). */
  private pressureKT(b: number): number {
    // capped at 200 kT (≈ 38 GPa at 298 K), far beyond the b.c.c. model's 7 GPa: it only keeps
    // the exponentials finite when a run is driven out of the model's range
    return b < 0 ? 0 : Math.min(200, (this.bodies.pressure[b] * LI_ATOMIC_VOLUME_M3 * this.m) / this.kTn);
  }

  private connected(b: number): boolean {
    return b >= 0 && this.bodies.cc[b] > 0;
  }

  /**
   * Redox weights of interface site s. Empty: reduction possible where electrons are, i.e. the
   * site touches the CC or a connected Li body (whose pressure the new atoms join). Li of a
   * connected body: oxidation of its atoms. Weights are per site event at η = 0:
   * k0·exp(∓α(ΔE_s + m·p·Ω)/kT_n).
   */
  private refreshSlot(s: number): void {
    const i = this.islot[s];
    if (i < 0) return;
    const sp = this.spec[s];
    let red = 0;
    let ox = 0;
    const interfaceSite = (this.cnt[s] & SUB1_MASK) !== 0;
    if (!interfaceSite) {
      // touches only the collector: no Li+ here
    } else if (sp === EMPTY) {
      let b = -1;
      let ok = (this.cnt[s] & CC_MASK) !== 0;
      if (this.cnt[s] & ((15 << LI1_SHIFT) | (7 << 4))) {
        const nb = this.nbSlot;
        this.lat.neighboursFast(s, nb);
        for (let k = 0; k < 14; k++) {
          const t = nb[k];
          if (this.spec[t] === LI && this.connected(this.body[t])) {
            ok = true;
            if (b < 0 || this.bodies.pressure[this.body[t]] > this.bodies.pressure[b]) b = this.body[t];
          }
        }
      }
      if (ok) red = this.k0 * Math.exp(-this.p.alphaCathodic * (this.excessEnergyKT(s) + this.pressureKT(b)));
    } else if (sp === LI) {
      const b = this.body[s];
      if (this.connected(b)) ox = this.k0 * Math.exp(this.p.alphaAnodic * (this.excessEnergyKT(s) + this.pressureKT(b)));
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
    const nb = this.nbSlot;
    this.lat.neighboursFast(s, nb);
    let best = -1;
    for (let k = 0; k < 14; k++) {
      const t = nb[k];
      if (this.spec[t] !== LI) continue;
      const b = this.body[t];
      const B = this.bodies;
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
    const mech = this.p.mechanics;
    const B = this.bodies;
    const p = B.pressure[b];
    const pi = this.pressureKT(b);
    const root = Math.max(1, B.root[b]);
    const ring = Math.max(1, B.ring[b]);
    let w = 0;
    if (mech.creep) {
      const path = (this.cnt[s] & SUB_MASK) !== 0 ? PATH_INTERFACE : PATH_COLLECTOR;
      this.reliefCreep = creepRate(this.rates.k[path], B.excess[b], root, this.excessEnergyKT(s) - pi);
      w += this.reliefCreep;
    }
    if (mech.dislocation && p > 0) {
      this.reliefDislocation = dislocationRate(mech.dislocationRate, p, this.flowPressure(b), B.size[b], ring);
      w += this.reliefDislocation;
    }
    if (mech.powerLaw && p > 0) {
      this.reliefPowerLaw = powerLawRate(mech.powerLawA, mech.powerLawN, mech.powerLawQ, this.p.temperature, p, B.size[b], ring);
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
    const B = this.bodies;
    const root = Math.max(1, B.root[b]);
    const R = Math.sqrt((root * this.siteArea) / Math.PI);
    const h = Math.max(1, B.size[b] / root) * ((this.n * LI_LATTICE_CONSTANT_M) / 2);
    return squeezeFlowPressure(this.p.mechanics.yieldStrength, R, h);
  }


  /** Body-level insertion and extraction weights (root insertion joins bulk: ΔE = 0). */
  private refreshBody(b: number): void {
    const B = this.bodies;
    let ins = 0;
    let ext = 0;
    if (B.isLive(b) && B.cc[b] > 0 && B.root[b] > 0) {
      const pk = this.pressureKT(b);
      ins = this.k0 * B.root[b] * Math.exp(-this.p.alphaCathodic * pk);
      if (B.excess[b] >= 1) ext = this.k0 * B.root[b] * Math.exp(this.p.alphaAnodic * pk);
    }
    const ti = this.trees[G_INSERT];
    const te = this.trees[G_EXTRACT];
    if (ti.leaves[b] !== ins) ti.set(b, ins);
    if (te.leaves[b] !== ext) te.set(b, ext);
  }

  /** @internal */ markBody(b: number): void {
    if (b < 0) return;
    if (this.bodyStamp[b] !== this.epoch) {
      this.bodyStamp[b] = this.epoch;
      this.dirtyBodies.push(b);
    }
  }

  /**
   * The area the current flows through (m²): the Li|LLZO contact of connected bodies plus the
   * empty interface sites where reduction can happen (the ring around a contact, or the bare
   * collector|LLZO contact before nucleation); at least one site.
   */
  activeArea(): number {
    return Math.max(1, this.contactSites + this.openSites) * this.siteArea;
  }

  /** Area of one interface site (m²). */
  get siteArea(): number {
    return (this.n * LI_LATTICE_CONSTANT_M) ** 2;
  }

  private recountContact(): void {
    let c = 0;
    for (let b = 0; b < this.bodies.used; b++) if (this.bodies.isLive(b) && this.bodies.cc[b] > 0) c += this.bodies.root[b];
    this.contactSites = c;
  }

  /**
   * Sets the η multipliers from the electrical mode. Galvanostatic: the mean net rate of site
   * events equals I/(e·m) with I = i·A_contact (A_contact at least one site, so that the first
   * atom can nucleate). Potentiostatic: V = η + R·I with R the series resistance plus the LLZO
   * spreading resistance 1/(4σr) of the contact disc.
   */
  updateMultipliers(force = false): void {
    const red = this.trees[G_RED].total() + this.trees[G_INSERT].total();
    const ox = this.trees[G_OX].total() + this.trees[G_EXTRACT].total();
    const el = this.p.electrical;
    const area = this.activeArea();
    const qe = ELEMENTARY_CHARGE_C * this.m;
    const kT = BOLTZMANN_J_PER_K * this.p.temperature;
    let J: number;
    if (el.mode === "galvanostatic") J = (el.currentDensity * area) / qe;
    else J = area; // the key for the cache; the solve uses the resistance
    const last = this.lastSums;
    if (!force && red === last.red && ox === last.ox && J === last.J) return;
    last.red = red;
    last.ox = ox;
    last.J = J;
    const sums = { red, ox };
    let y: number;
    if (!(red > 0)) {
      y = Number.NaN;
    } else if (el.mode === "galvanostatic") {
      y = solveGalvanostatic(sums, J, this.p.alphaCathodic, this.p.alphaAnodic, this.y);
    } else {
      const r = Math.sqrt(area / Math.PI);
      const R = el.seriesResistance + el.specificResistance / area + 1 / (4 * this.p.llzoConductivity * r);
      y = solvePotentiostatic(sums, (ELEMENTARY_CHARGE_C * el.bias) / kT, (R * qe * ELEMENTARY_CHARGE_C) / kT, this.p.alphaCathodic, this.p.alphaAnodic, this.y);
    }
    // the overpotential cannot run away: a galvanostatic current that has nowhere to go is
    // delivered only up to η = MAX_OVERPOTENTIAL_V (the shortfall shows in the recorded current)
    const yMax = (ELEMENTARY_CHARGE_C * MAX_OVERPOTENTIAL_V) / kT;
    if (y > yMax) y = yMax;
    const mult = this.multipliers;
    mult[G_HOP] = 1;
    mult[G_RELIEF] = 1;
    if (this.shortCircuitTime !== null) {
      // Li bridges the electrolyte: the cell is shorted, the current flows through the Li and no
      // longer plates; it is limited by the outer circuit (potentiostatic) or set (galvanostatic)
      mult[G_RED] = mult[G_INSERT] = mult[G_OX] = mult[G_EXTRACT] = 0;
      this.current = el.mode === "potentiostatic" ? el.bias / Math.max(el.seriesResistance + el.specificResistance / area, 1) : el.currentDensity * area;
      this.currentDensity = this.current / area;
      return;
    }
    if (Number.isNaN(y)) {
      mult[G_RED] = mult[G_INSERT] = 0;
      mult[G_OX] = mult[G_EXTRACT] = 0;
      this.current = 0;
    } else {
      this.y = y;
      const xr = Math.exp(this.p.alphaCathodic * y);
      const xo = Math.exp(-this.p.alphaAnodic * y);
      mult[G_RED] = mult[G_INSERT] = xr;
      mult[G_OX] = mult[G_EXTRACT] = xo;
      this.current = qe * (xr * red - xo * ox);
    }
    this.currentDensity = this.current / area;
  }

  /** Overpotential η (V) in force. */
  get overpotential(): number {
    return (this.y * BOLTZMANN_J_PER_K * this.p.temperature) / ELEMENTARY_CHARGE_C;
  }

  // ---------------------------------------------------------------- lattice changes

  /**
   * Changes the species of s, keeping neighbour counts, bond sums and body statistics current.
   * A Li site is assigned to `b` (no merge or split check here).
   */
  /** @internal */ setSpecies(s: number, sp: number, b: number): void {
    const old = this.spec[s];
    if (old === LI) {
      const ob = this.body[s];
      const B = this.bodies;
      if ((this.cnt[s] & CC_MASK) !== 0 && this.ccShift > 0) this.ccSettlePending = true;
      B.size[ob]--;
      if ((this.cnt[s] & SUB1_MASK) !== 0) this.adjustRoot(ob, -1);
      if ((this.cnt[s] & CC_MASK) !== 0) this.adjustCC(ob, -1);
      this.body[s] = -1;
      this.markBody(ob);
    }
    this.spec[s] = sp;
    if (sp === LI) {
      const B = this.bodies;
      this.body[s] = b;
      B.size[b]++;
      B.seed[b] = s;
      if ((this.cnt[s] & SUB1_MASK) !== 0) this.adjustRoot(b, 1);
      if ((this.cnt[s] & CC_MASK) !== 0) this.adjustCC(b, 1);
      this.markBody(b);
    }
    if (old !== sp) {
      const nb = this.nb;
      this.lat.neighboursFast(s, nb);
      const q = this.bonds.q;
      const oldBonded = old !== EMPTY && old !== WALL;
      const newBonded = sp !== EMPTY && sp !== WALL;
      for (let k = 0; k < 14; k++) {
        const t = nb[k];
        if (t === this.N) continue;
        const second = k >= 8 ? 1 : 0;
        let dc = 0;
        let dq = 0;
        if (oldBonded) {
          dc -= CNT_DELTA[old * 2 + second];
          dq -= q[old * 2 + second];
        }
        if (newBonded) {
          dc += CNT_DELTA[sp * 2 + second];
          dq += q[sp * 2 + second];
        }
        const before = this.cnt[t];
        const after = before + dc;
        this.cnt[t] = after;
        this.bq[t] += dq;
        // a Li neighbour's root / collector status changes when LLZO or CC come or go
        if (this.spec[t] === LI && (old === LLZO || old === CC || sp === LLZO || sp === CC)) {
          const tb = this.body[t];
          const r0 = (before & SUB1_MASK) !== 0, r1 = (after & SUB1_MASK) !== 0;
          if (r0 !== r1) this.adjustRoot(tb, r1 ? 1 : -1);
          const c0 = (before & CC_MASK) !== 0, c1 = (after & CC_MASK) !== 0;
          if (c0 !== c1) this.adjustCC(tb, c1 ? 1 : -1);
          this.markBody(tb);
        }
      }
    }
    if (this.trees) {
      if (old === LLZO && (sp === EMPTY || sp === LI) && this.islot[s] < 0 && this.isSlotSite(s)) this.addSlot(s);
      if (sp === CC && old !== CC) {
        const nb = this.nb;
        this.lat.neighboursFast(s, nb);
        for (let k = 0; k < 14; k++) {
          const t = nb[k];
          if (t < this.N && this.islot[t] < 0 && this.isSlotSite(t)) this.addSlot(t);
        }
      }
    }
    this.pushChanged(s);
  }

  /** @internal */ adjustRoot(b: number, d: number): void {
    this.bodies.root[b] += d;
    if (this.bodies.cc[b] > 0) this.contactSites += d;
  }

  /** @internal */ adjustCC(b: number, d: number): void {
    const B = this.bodies;
    const was = B.cc[b] > 0;
    B.cc[b] += d;
    const now = B.cc[b] > 0;
    if (was !== now) {
      this.contactSites += now ? B.root[b] : -B.root[b];
      this.connChanged.push(b);
    }
  }

  /**
   * Bodies that gained or lost their electronic connection during this event: their interface
   * sites and the empty interface sites next to them change rates.
   */
  private processConnectivity(): void {
    const list = this.connChanged;
    for (let i = 0; i < list.length; i++) {
      const b = list[i];
      const B = this.bodies;
      this.markBody(b);
      const seed = B.seed[b];
      if (seed < 0 || this.spec[seed] !== LI || this.body[seed] !== b) continue;
      const ep = ++this.ringEpoch;
      let ring = 0;
      this.conn.walkBody(seed, b, (s) => {
        if (this.islot[s] >= 0) this.markRate(s);
        if ((this.cnt[s] & (SUB1_MASK | CC_MASK)) !== 0) {
          const nb = this.nbConn;
          this.lat.neighboursFast(s, nb);
          for (let k = 0; k < 14; k++) {
            const t = nb[k];
            if (this.islot[t] < 0) continue;
            this.markRate(t);
            if (this.spec[t] === EMPTY && this.ringMark[this.islot[t]] !== ep) {
              this.ringMark[this.islot[t]] = ep;
              ring++;
            }
          }
        }
      });
      B.ring[b] = Math.max(1, ring);
      B.refreshedExcess[b] = B.excess[b];
      B.refreshedPi[b] = this.pressureKT(b);
    }
    list.length = 0;
  }

  private ringEpoch = 0;
  /** @internal */ ringMark = new Uint32Array(1024);

  /** Spring force of the collector (N): k·Δz for a spring, 0 otherwise. */
  springForce(): number {
    return this.collectorKind === "spring" ? this.p.mechanics.springStiffness * this.collectorDisplacement : 0;
  }

  /** Collector displacement from its rest position (m). */
  get collectorDisplacement(): number {
    return this.ccShift * this.n * LI_LATTICE_CONSTANT_M;
  }

  /**
   * Pressure of body b (MODEL.md §3): a confined body (it cannot move up) is compressed by its
   * stored excess, Murnaghan's p(x) with x = N_ex/N; a body holding up a spring-loaded collector
   * carries its force over the contact, F/A (the whisker's root pressure). A body that can move
   * freely has no pressure: its excess is a partial layer waiting to be inserted.
   */
  private computePressure(b: number): number {
    const B = this.bodies;
    const mech = this.p.mechanics;
    let p = 0;
    if (B.confined[b] && B.excess[b] > 0 && B.size[b] > 0) p = murnaghanPressure(B.excess[b] / B.size[b], mech.bulkModulus, mech.bulkModulusDerivative);
    if (this.collectorKind === "spring" && this.ccShift > 0 && B.cc[b] > 0) p = Math.max(p, this.springForce() / (B.cc[b] * this.siteArea));
    return p;
  }

  /**
   * Brings a body's pressure up to date; when its relief drivers (p·Ω and the excess) moved by
   * more than 2 % (of kT, of the excess), its edge and root rates are refreshed by a walk. The
   * rates in between lag by at most that much.
   */
  private updatePressure(b: number): void {
    const B = this.bodies;
    if (!B.isLive(b)) return;
    const p = this.computePressure(b);
    if (p !== B.pressure[b]) B.pressure[b] = p;
    if (!(B.confined[b] || p > 0) && B.refreshedPi[b] === 0) return;
    const pi = this.pressureKT(b);
    const ex = B.excess[b];
    const lastEx = B.refreshedExcess[b];
    if (Math.abs(pi - B.refreshedPi[b]) > 0.02 || Math.abs(ex - lastEx) > 0.05 * Math.max(1, lastEx) + 1) {
      if (!this.connChanged.includes(b)) this.connChanged.push(b);
    }
  }

  private pushChanged(s: number): void {
    if (this.nchanged === this.changed.length) this.changed = grow(this.changed);
    this.changed[this.nchanged++] = s;
  }

  private markRate(s: number): void {
    if (this.stamp[s] === this.epoch) return;
    this.stamp[s] = this.epoch;
    if (this.nwork === this.work.length) this.work = grow(this.work);
    this.work[this.nwork++] = s;
  }

  /** Marks every site whose rates depend on the occupancy of the changed sites. */
  private propagate(): void {
    const nb = this.nbProp;
    const nb2 = this.nbProp2;
    for (let i = 0; i < this.nchanged; i++) {
      const x = this.changed[i];
      this.markRate(x);
      this.lat.neighboursFast(x, nb);
      for (let k = 0; k < 14; k++) {
        const y = nb[k];
        if (y === this.N) continue;
        this.markRate(y);
        if (this.spec[y] === EMPTY) {
          this.lat.neighboursFast(y, nb2);
          for (let j = 0; j < 14; j++) {
            const z = nb2[j];
            if (this.spec[z] === LI) this.markRate(z);
          }
        }
      }
    }
    this.nchanged = 0;
  }

  private recompute(): void {
    const hop = this.trees[G_HOP];
    for (let i = 0; i < this.nwork; i++) {
      const s = this.work[i];
      const r = this.spec[s] === LI ? this.hopRate(s) : 0;
      if (hop.leaves[s] !== r) hop.set(s, r);
      if (this.islot[s] >= 0) this.refreshSlot(s);
    }
    this.nwork = 0;
    for (const b of this.dirtyBodies) this.refreshBody(b);
    this.dirtyBodies.length = 0;
  }

  // ---------------------------------------------------------------- events

  perform(group: number, leaf: number, u: number, time: number): number {
    this.time = time;
    this.epoch++;
    if (this.epoch === 0xffffffff) {
      this.stamp.fill(0);
      this.bodyStamp.fill(0);
      this.epoch = 1;
    }
    const dtCharge = time - this.lastTime;
    this.counters.charge += this.current * dtCharge;
    this.lastTime = time;
    switch (group) {
      case G_HOP: {
        const s = leaf;
        const t = this.chooseHop(s, u);
        if (t >= 0) {
          this.hop(s, t);
          this.counters.hops[this.lastPath]++;
        }
        break;
      }
      case G_RED:
        this.fill(this.isite[leaf]);
        break;
      case G_OX:
        this.oxidise(this.isite[leaf]);
        break;
      case G_INSERT:
        this.bodies.excess[leaf] += 1;
        this.counters.inserted++;
        this.markBody(leaf);
        // can the body move at all? Asked at the first excess atoms since the last move, and
        // again each time the excess doubles (a walk of the body each time: O(N log N) per layer)
        {
          const ex = this.bodies.excess[leaf];
          if (!this.bodies.confined[leaf] && (ex & (ex - 1)) === 0) tryRootGrowth(this, leaf, true);
        }
        tryRootGrowth(this, leaf);
        break;
      case G_EXTRACT:
        this.bodies.excess[leaf] -= 1;
        this.counters.extracted++;
        this.markBody(leaf);
        break;
      case G_RELIEF:
        this.relieve(this.isite[leaf], u);
        break;
    }
    if (this.ccSettlePending) settleCollector(this);
    // pressures of the bodies touched by this event, then cracks
    for (let i = 0; i < this.dirtyBodies.length; i++) this.updatePressure(this.dirtyBodies[i]);
    if (this.p.fracture.enabled && this.defects.length > 0) checkCracks(this);
    if (this.connChanged.length > 0) this.processConnectivity();
    this.propagate();
    this.recompute();
    for (const tr of this.trees) tr.flush();
    this.updateMultipliers();
    const c = this.stopCode;
    return c;
  }
  /** @internal */ lastTime = 0;

  private hop(s: number, t: number): void {
    const b = this.body[s];
    const born = this.born[s];
    this.setSpecies(s, EMPTY, -1);
    this.setSpecies(t, LI, b);
    this.born[t] = born;
    // first split b if the move cut it (every body is one component again), then merge the
    // mover's component with any body it now touches
    this.conn.splitAround(s, b, t);
    this.conn.mergeAround(t);
  }

  /** Reduction into the empty interface site s: a new Li site (n³ atoms). */
  private fill(s: number): void {
    const nb = this.nbFill;
    this.lat.neighboursFast(s, nb);
    let b = -1;
    for (let k = 0; k < 14; k++) {
      const t = nb[k];
      if (this.spec[t] === LI && this.connected(this.body[t])) {
        b = this.body[t];
        break;
      }
    }
    if (b < 0) b = this.bodies.allocate(s);
    this.setSpecies(s, LI, b);
    this.born[s] = this.time;
    this.conn.mergeAround(s);
    this.counters.filled++;
  }

  /** Strain relief into the empty edge site s: an excess atom of the adjacent body settles there. */
  private relieve(s: number, u: number): void {
    const b = this.reliefSource(s);
    if (b < 0 || this.spec[s] !== EMPTY) return;
    // which channel (for the counters): u splits the weight over the three contributions
    const total = this.reliefWeight(s);
    const r = u * total;
    if (r < this.reliefCreep) this.counters.creep++;
    else if (r < this.reliefCreep + this.reliefDislocation) this.counters.dislocation++;
    else this.counters.powerLaw++;
    this.setSpecies(s, LI, b);
    this.born[s] = this.time;
    this.bodies.excess[b] -= 1;
    this.markBody(b);
    this.conn.mergeAround(s);
  }

  /** Opens an LLZO site along a crack path (it becomes an empty Li-lattice site). */
  openLLZOSite(c: number): void {
    this.setSpecies(c, EMPTY, -1);
    this.counters.crackSites++;
  }

  /** Li has reached the counter electrode: a short circuit (recorded; ends the run if asked). */
  shortCircuit(): void {
    if (this.shortCircuitTime !== null) return;
    this.shortCircuitTime = this.time;
    this.lastSums.red = -1;
    if (this.p.fracture.stopOnShortCircuit) this.stopCode = STOP_SHORT_CIRCUIT;
  }

  /** Oxidation of the Li at interface site s: the site empties. */
  private oxidise(s: number): void {
    const b = this.body[s];
    this.setSpecies(s, EMPTY, -1);
    this.conn.splitAround(s, b);
    this.counters.oxidised++;
  }

  // ---------------------------------------------------------------- checkpoints

  /** Everything the future of the run depends on (see state.ts). */
  saveState(): ModelState {
    return saveModelState(this);
  }

  /** Restores a state saved by `saveState` into a model built from the same scenario. */
  loadState(st: ModelState): void {
    loadModelState(this, st);
  }

  /** Lists that only live within one event (left over by construction, or a restore). */
  /** @internal */ clearTransients(): void {
    this.connChanged.length = 0;
    this.dirtyBodies.length = 0;
    this.nchanged = 0;
    this.nwork = 0;
    this.ccSettlePending = false;
  }

  // ---------------------------------------------------------------- observables

  /** Li sites now on the lattice. */
  liSites(): number {
    let c = 0;
    for (let b = 0; b < this.bodies.used; b++) if (this.bodies.isLive(b)) c += this.bodies.size[b];
    return c;
  }

  /** Stored excess over all bodies (sites). */
  storedExcess(): number {
    let e = 0;
    for (let b = 0; b < this.bodies.used; b++) if (this.bodies.isLive(b)) e += this.bodies.excess[b];
    return e;
  }
}

/** Upper bound of the electrode overpotential (V): a few volts is where the cell would break down. */
const MAX_OVERPOTENTIAL_V = 5;


/** Same as hops.ts `category`, local so that it inlines in the hot loop. */
function category(c: number, bulkCoordination: number): number {
  if ((c & SUB_MASK) !== 0) return 2;
  if ((c & CC_MASK) !== 0) return 3;
  return ((c >> LI1_SHIFT) & 15) >= bulkCoordination ? 0 : 1;
}

function grow(a: Int32Array): Int32Array<ArrayBuffer> {
  const g = new Int32Array(a.length * 2);
  g.set(a);
  return g;
}
