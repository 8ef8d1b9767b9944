/**
 * The state of the Li catalogue, and the only code that changes it. It imports no mechanism: the
 * mechanisms (hops.ts, redox.ts, …) read it and change it through the methods here.
 *
 * - the lattice occupancy (`spec`), and per site the packed neighbour counts (`cnt`, species.ts),
 *   the bond sum a Li atom would have there (`bq`), its body (`body`) and the deposition time of
 *   the atom on it (`born`);
 * - the bodies (bodies.ts: size, root, collector contact, excess, pressure, …) and the contact of
 *   connected bodies with the LLZO (`contactSites`);
 * - the slots: Li-lattice sites touching LLZO or the collector, where redox and relief happen
 *   (`islot`, `isite`), and the rate trees indexed by them or by body id, which grow with them;
 * - the collector's position (`ccSites`, `ccShift`), the running counters, the clock, the short
 *   circuit and the stop code;
 * - what changed during the current event (changes.ts, which it extends).
 *
 * The typed arrays are read-only outside this file (`Readonly<…>`): a mechanism that wants a site
 * changed calls `setSpecies`, `relabel`, `moveCollector`; a body's own quantities go through the
 * BodyTable's methods.
 */
import { BccLattice } from "../../lattice/bcc.ts";
import { SumTree } from "../../kmc/sumtree.ts";
import { BOLTZMANN_J_PER_K, LI_LATTICE_CONSTANT_M } from "../../constants/physical.ts";
import { QUANTA_PER_KT, quantiseBonds, type QuantisedBonds } from "../energy.ts";
import type { ModelParams } from "../params.ts";
import { CC, CC_MASK, CNT_DELTA, EMPTY, LI, LLZO, packWord, SUB1_MASK, WALL, WORD_SPECIES } from "../species.ts";
import { BodyTable } from "./bodies.ts";
import { EventChanges } from "./changes.ts";
import { Members } from "./members.ts";
import { Counters } from "./counters.ts";
import { EV_COLLECTOR, EventRecords } from "./records.ts";

type Ro<T> = Readonly<T>;

/** Stop code of `perform`: Li reached the counter electrode (with stopOnShortCircuit). */
export const STOP_SHORT_CIRCUIT = 2;

export interface LiSetup {
  lattice: BccLattice;
  /** Species of every site (length = lattice.sites); copied. */
  species: Uint8Array;
  params: ModelParams;
  /** Li sites closer than this many layers to the top of the box block root growth. */
  topMarginLayers?: number;
  /** Index of the LLZO surface layer. */
  surfaceLayer?: number;
}

export class LiState extends EventChanges {
  readonly lat: BccLattice;
  readonly N: number;
  readonly p: ModelParams;
  /** Coarse-graining factor n, atoms per site n³, and kT_n = n³·kT (MODEL.md §1). */
  readonly n: number;
  readonly m: number;
  readonly kTn: number;
  readonly bonds: QuantisedBonds;
  /**
   * The bond sums (quanta) of a Li atom bonded to one Li neighbour alone: q1, q2 and 2·q2 (a second
   * neighbour on an axis of 2 cells, bonded twice); −1 for none. A Li atom's neighbours' hop rates
   * depend on whether its bond sum is one of these (hops.ts: no vapour), so `setSpecies` lists
   * the atoms whose bond sum leaves or reaches one, and `propagate` marks their Li neighbours.
   */
  readonly hangQuanta: Int32Array;
  /** Kink-site bond energy (quanta): the chemical potential of bulk Li in the bond model. */
  readonly muq: number;
  /** Area of one interface site (m²). */
  readonly siteArea: number;
  /** Index of the LLZO surface layer (the counter electrode is below layer 0). */
  readonly surfaceLayer: number;
  /** Highest layer Li may reach by root growth. */
  readonly topLimitLayer: number;

  readonly spec: Ro<Uint8Array>;
  readonly cnt: Ro<Uint32Array>;
  /** Bond energy (quanta) a Li atom would have at the site: Σ over its bonded neighbours. */
  readonly bq: Ro<Int32Array>;
  /** Species, hop categories and bond sum of each site in one word (species.ts `packWord`): what the hop kernel reads. */
  readonly word: Ro<Int32Array>;
  /** Li first neighbours from which a site counts as bulk (hop categories). */
  readonly bulkCoordination: number;
  /** Body id of a Li site, −1 otherwise. */
  readonly body: Ro<Int32Array>;
  /** Time (s) the atom at a Li site was deposited (moves with the atom). */
  readonly born: Ro<Float32Array>;
  /** Interface slot of a site (touches LLZO or the CC), −1 otherwise; and the site of each slot. */
  islot: Ro<Int32Array>;
  isite: Ro<Int32Array> = new Int32Array(1024);
  nslots = 0;
  readonly bodies = new BodyTable(64);
  /** The sites of each body (members.ts), kept with `body` by setSpecies and relabel. */
  readonly members: Members;
  /** Li|LLZO contact of connected bodies, in sites. */
  contactSites = 0;

  /** CC sites now (the collector is one rigid object), at rest, and its up-moves of (0, 0, a). */
  ccSites: Ro<Int32Array>;
  ccTemplate: Ro<Int32Array>;
  ccShift = 0;
  /** Set when Li next to a raised collector left: a free or spring collector may settle down. */
  ccSettlePending = false;

  readonly counters = new Counters();
  /** Peaks, values at events, net transport and the rare-event log (records.ts). */
  readonly records: EventRecords;
  time = 0;
  /** Time Li reached the counter electrode through a crack. */
  shortCircuitTime: number | null = null;
  stopCode = 0;

  private readonly slotTrees: SumTree[] = [];
  private readonly nb = new Int32Array(14);

  constructor(setup: LiSetup) {
    super(setup.lattice.sites);
    const lat = setup.lattice;
    this.lat = lat;
    const N = (this.N = lat.sites);
    this.p = setup.params;
    this.n = setup.params.coarseGrain;
    this.m = this.n ** 3;
    this.kTn = BOLTZMANN_J_PER_K * setup.params.temperature * this.m;
    this.bonds = quantiseBonds(setup.params.bonds, this.n, this.kTn, { LI, LLZO, CC });
    const q = this.bonds.q;
    this.muq = (8 * q[LI * 2] + 6 * q[LI * 2 + 1]) / 2;
    const q2 = q[LI * 2 + 1];
    this.hangQuanta = new Int32Array([q[LI * 2], q2 > 0 ? q2 : -1, q2 > 0 ? 2 * q2 : -1]);
    this.siteArea = (this.n * LI_LATTICE_CONSTANT_M) ** 2;
    this.surfaceLayer = setup.surfaceLayer ?? 0;
    this.topLimitLayer = lat.layers - 1 - (setup.topMarginLayers ?? 2);

    const spec = new Uint8Array(N + 1);
    const cnt = new Uint32Array(N + 1);
    const bq = new Int32Array(N + 1);
    this.spec = spec;
    this.cnt = cnt;
    this.bq = bq;
    this.word = new Int32Array(N + 1);
    this.bulkCoordination = setup.params.bulkCoordination;
    this.body = new Int32Array(N + 1).fill(-1);
    this.born = new Float32Array(N + 1);
    this.members = new Members(N);
    this.records = new EventRecords(N);
    spec.set(setup.species.subarray(0, N));
    spec[N] = WALL;
    // neighbour counts and bond sums
    const nb = this.nb;
    for (let s = 0; s < N; s++) {
      lat.neighbours(s, nb);
      let c = 0;
      let b = 0;
      for (let k = 0; k < 14; k++) {
        const sp = spec[nb[k]];
        const idx = sp * 2 + (k >= 8 ? 1 : 0);
        if (sp !== EMPTY && sp !== WALL) {
          c += CNT_DELTA[idx];
          b += q[idx];
        }
      }
      cnt[s] = c;
      bq[s] = b;
    }
    this.packWords();
    let ncc = 0;
    for (let s = 0; s < N; s++) if (spec[s] === CC) ncc++;
    const ccSites = new Int32Array(ncc);
    ncc = 0;
    for (let s = 0; s < N; s++) if (spec[s] === CC) ccSites[ncc++] = s;
    this.ccSites = ccSites;
    this.ccTemplate = ccSites.slice();
    this.islot = new Int32Array(N + 1).fill(-1);
    for (let s = 0; s < N; s++) if (this.isSlotSite(s)) this.addSlot(s);
    this.bodies.onGrow = (cap) => this.growBodyMarks(cap);
  }

  /** Every site's word from its species, counts and bond sum (construction, restore). */
  private packWords(): void {
    const w = this.word as Int32Array;
    for (let s = 0; s <= this.N; s++) w[s] = packWord(this.spec[s], this.cnt[s], this.bq[s], this.bulkCoordination);
  }

  // ------------------------------------------------------------------ rate trees

  /** A tree with a leaf per site. */
  siteTree(): SumTree {
    return new SumTree(this.N);
  }
  /** A tree with a leaf per slot, grown as slots are added. */
  slotTree(): SumTree {
    const t = new SumTree(Math.max(1, this.nslots));
    this.slotTrees.push(t);
    return t;
  }
  /** A tree with a leaf per body id, grown with the body table. */
  bodyTree(): SumTree {
    const t = new SumTree(this.bodies.capacity);
    const prev = this.bodies.onGrow;
    this.bodies.onGrow = (cap) => {
      t.grow(cap);
      prev?.(cap);
    };
    return t;
  }

  // ------------------------------------------------------------------ reading

  /** Slots: Li-lattice sites touching LLZO (redox, relief) or the collector (relief). */
  isSlotSite(s: number): boolean {
    const sp = this.spec[s];
    return (sp === EMPTY || sp === LI) && (this.cnt[s] & (SUB1_MASK | CC_MASK)) !== 0;
  }

  /** A body with electrons: it touches the collector. */
  connected(b: number): boolean {
    return b >= 0 && this.bodies.cc[b] > 0;
  }

  /** ΔE_s/kT_n of m atoms at interface site s relative to bulk (kink) Li: (μ − B_s)/kT_n. */
  excessEnergyKT(s: number): number {
    return (this.muq - this.bq[s]) / QUANTA_PER_KT;
  }

  /** Collector displacement from its rest position (m). */
  get collectorDisplacement(): number {
    return this.ccShift * this.n * LI_LATTICE_CONSTANT_M;
  }

  // ------------------------------------------------------------------ changing sites

  /**
   * Changes the species of s, keeping neighbour counts, bond sums, body statistics and slots
   * current; a Li site joins body `b` (no merge or split here: connectivity.ts) with the
   * deposition time `born`.
   */
  setSpecies(s: number, sp: number, b: number, born = 0): void {
    const spec = this.spec as Uint8Array;
    const cnt = this.cnt as Uint32Array;
    const body = this.body as Int32Array;
    const B = this.bodies;
    const old = spec[s];
    if (old === LI) {
      const ob = body[s];
      if ((cnt[s] & CC_MASK) !== 0 && this.ccShift > 0) this.ccSettlePending = true;
      this.count(ob, cnt[s], -1);
      this.members.remove(ob, s);
      body[s] = -1;
      this.markBody(ob);
    }
    spec[s] = sp;
    const word = this.word as Int32Array;
    word[s] = (word[s] & ~WORD_SPECIES) | sp;
    if (sp === LI) {
      body[s] = b;
      this.members.add(b, s);
      (this.born as Float32Array)[s] = born;
      this.records.from[s] = -1; // an atom that arrives has no hop to undo (hops.ts sets it after a hop)
      B.setSeed(b, s);
      this.count(b, cnt[s], 1);
      this.markBody(b);
    }
    if (old !== sp) {
      // the neighbours at s + the class offsets (a site at a closed boundary or the bottom or top
      // of the box lists them; the sentinel N stands for a neighbour outside)
      const lat = this.lat;
      const list = lat.neighbourOffsets;
      const o = lat.neighbourRow(s, 2);
      const q = this.bonds.q;
      const bq = this.bq as Int32Array;
      const oldBonded = old !== EMPTY && old !== WALL;
      const newBonded = sp !== EMPTY && sp !== WALL;
      // what the change adds to the counts and the bond sum of a first and of a second neighbour
      const dc1 = (newBonded ? CNT_DELTA[sp * 2] : 0) - (oldBonded ? CNT_DELTA[old * 2] : 0);
      const dq1 = (newBonded ? q[sp * 2] : 0) - (oldBonded ? q[old * 2] : 0);
      const dc2 = (newBonded ? CNT_DELTA[sp * 2 + 1] : 0) - (oldBonded ? CNT_DELTA[old * 2 + 1] : 0);
      const dq2 = (newBonded ? q[sp * 2 + 1] : 0) - (oldBonded ? q[old * 2 + 1] : 0);
      const substrate = old === LLZO || old === CC || sp === LLZO || sp === CC;
      const N = this.N;
      const bc = this.bulkCoordination;
      const h1 = this.hangQuanta[0], h2 = this.hangQuanta[1], h3 = this.hangQuanta[2];
      for (let k = 0; k < 14; k++) {
        const t = s + list[o + k];
        if (t === N) continue;
        const first = k < 8;
        const before = cnt[t];
        const after = before + (first ? dc1 : dc2);
        cnt[t] = after;
        const b0 = bq[t];
        const bt = b0 + (first ? dq1 : dq2);
        bq[t] = bt;
        const st = spec[t];
        word[t] = packWord(st, after, bt, bc);
        // a Li atom bonded to one neighbour alone, before or now: that neighbour's hops read it
        if (st === LI && (b0 === h1 || b0 === h2 || b0 === h3 || bt === h1 || bt === h2 || bt === h3)) this.pushHung(t);
        // a Li neighbour's root / collector status changes when LLZO or CC come or go
        if (substrate && st === LI) {
          const tb = body[t];
          const r0 = (before & SUB1_MASK) !== 0, r1 = (after & SUB1_MASK) !== 0;
          if (r0 !== r1) this.adjustRoot(tb, r1 ? 1 : -1);
          const c0 = (before & CC_MASK) !== 0, c1 = (after & CC_MASK) !== 0;
          if (c0 !== c1) this.adjustCC(tb, c1 ? 1 : -1);
          this.markBody(tb);
        }
      }
      if (old === LLZO && (sp === EMPTY || sp === LI) && this.islot[s] < 0 && this.isSlotSite(s)) this.addSlot(s);
      if (sp === CC && old !== CC) {
        const nb = this.nb;
        lat.neighbours(s, nb);
        for (let k = 0; k < 14; k++) {
          const t = nb[k];
          if (t < N && this.islot[t] < 0 && this.isSlotSite(t)) this.addSlot(t);
        }
      }
    }
    this.pushChanged(s);
  }

  /** Moves the Li site s from its body to body b (a relabelling walk), keeping the statistics. */
  relabel(s: number, b: number): void {
    const body = this.body as Int32Array;
    const ob = body[s];
    if (ob >= 0) (this.count(ob, this.cnt[s], -1), this.members.remove(ob, s));
    body[s] = b;
    this.members.add(b, s);
    this.count(b, this.cnt[s], 1);
  }

  /** The Li at s replaced by another atom, of body b, deposited at `born` (a rigid root-growth move: s stays Li). */
  carry(s: number, b: number, born: number): void {
    if (this.body[s] !== b) (this.markBody(this.body[s]), this.relabel(s, b), this.markBody(b));
    (this.born as Float32Array)[s] = born;
    this.records.from[s] = -1;
  }

  /**
   * The atom at the Li site s replaced by the one at the Li site s − step of the same body (a rigid
   * root-growth move, inside a column of the body: no occupancy or body changes, only the atom's
   * deposition time; the caller goes down the column so that each is read before it is overwritten).
   */
  shiftAtom(s: number, step: number): void {
    (this.born as Float32Array)[s] = this.born[s - step];
    this.records.from[s] = -1;
  }

  /** A Li site with counts c joins (d = 1) or leaves (d = −1) body b: its size, root and collector contact. */
  private count(b: number, c: number, d: number): void {
    this.bodies.addSize(b, d);
    if ((c & SUB1_MASK) !== 0) this.adjustRoot(b, d);
    if ((c & CC_MASK) !== 0) this.adjustCC(b, d);
  }

  /** The collector now occupies `sites` after `shift` up-moves (its sites have been set by setSpecies). */
  moveCollector(sites: ArrayLike<number>, shift: number): void {
    this.ccSites = Int32Array.from(sites);
    this.ccShift = shift;
    this.records.logEvent(EV_COLLECTOR, this.time, -1, Number.NaN, this.collectorDisplacement);
  }

  private adjustRoot(b: number, d: number): void {
    this.bodies.addRoot(b, d);
    if (this.bodies.cc[b] > 0) this.contactSites += d;
  }

  private adjustCC(b: number, d: number): void {
    const B = this.bodies;
    const was = B.cc[b] > 0;
    B.addCC(b, d);
    const now = B.cc[b] > 0;
    if (was !== now) {
      this.contactSites += now ? B.root[b] : -B.root[b];
      // once an event: a lone atom hopping along the collector loses and regains contact in one
      // hop, and a second walk of the same body in the same event finds what the first found
      this.requestWalk(b);
    }
  }

  /** Recounts the contact of connected bodies (construction, restore). */
  recountContact(): void {
    let c = 0;
    for (let b = 0; b < this.bodies.used; b++) if (this.bodies.isLive(b) && this.bodies.cc[b] > 0) c += this.bodies.root[b];
    this.contactSites = c;
  }

  private addSlot(s: number): void {
    if (this.nslots === this.isite.length) {
      const g = new Int32Array(this.isite.length * 2);
      g.set(this.isite);
      this.isite = g;
    }
    (this.islot as Int32Array)[s] = this.nslots;
    (this.isite as Int32Array)[this.nslots++] = s;
    if (this.slotTrees.length > 0) {
      for (const t of this.slotTrees) t.grow(this.nslots);
      this.markRate(s);
    }
  }

  // ------------------------------------------------------------------ events

  /** A new event at `time`: fresh marks. */
  beginEvent(time: number): void {
    this.time = time;
    this.newEpoch();
  }

  /** Lists that only live within one event (left over by construction, or a restore). */
  clearTransients(): void {
    this.clearChanges();
    this.ccSettlePending = false;
  }

  // ------------------------------------------------------------------ checkpoints

  /** Overwrites the site arrays and slots from a checkpoint (rates and bodies are restored by their owners). */
  restoreSites(a: { spec: ArrayLike<number>; cnt: ArrayLike<number>; bq: ArrayLike<number>; body: ArrayLike<number>; memberPos?: ArrayLike<number>; born: ArrayLike<number>; islot: ArrayLike<number>; isite: Int32Array; ccSites: Int32Array; ccTemplate: Int32Array }, nslots: number): void {
    (this.spec as Uint8Array).set(a.spec);
    (this.cnt as Uint32Array).set(a.cnt);
    (this.bq as Int32Array).set(a.bq);
    (this.body as Int32Array).set(a.body);
    this.members.restore(this.body, this.N, a.memberPos);
    (this.born as Float32Array).set(a.born);
    (this.islot as Int32Array).set(a.islot);
    const isite = new Int32Array(Math.max(1024, a.isite.length * 2));
    isite.set(a.isite);
    this.isite = isite;
    this.nslots = nslots;
    this.ccSites = Int32Array.from(a.ccSites);
    this.ccTemplate = Int32Array.from(a.ccTemplate);
    this.packWords();
    this.resetMarks();
  }
}

