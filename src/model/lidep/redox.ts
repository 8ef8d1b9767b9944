/**
 * Li+ reduction and Li oxidation (MODEL.md §2.1), four event groups:
 *  - reduction filling an empty interface site (leaf = slot) and oxidation of the Li atoms at an
 *    interface site (leaf = slot), with weights k0·exp(∓α(ΔE_s + m·p·Ω)/kT_n);
 *  - insertion of a quantum of q atoms under a body into its interfacial excess, and extraction
 *    of q atoms from it (leaf = body id), with weights k0·root·exp(∓α·σ·Ω/kT) per site's worth
 *    of atoms (root insertion joins bulk Li: ΔE = 0), σ the stress an inserted atom works
 *    against: the pressure of a confined body, or the work per volume of the next root-growth
 *    step of a body free to rise (root-growth.ts: new surface, adhesion, the collector's load) —
 *    the capillary term of the paper's Eq. 3 enters here, never the body's pressure.
 * The weights are the rates at η = 0: the electrode (electrode.ts) scales each group by X_red or
 * X_ox. Only Li with electrons can react: a site touching the collector or a connected body.
 *
 * The quantum (MODEL.md §3: excess in atoms, never whole coarse sites). One insertion changes a
 * body's strain x = N_ex/N by q/N (N = n³·sites atoms); q = ⌊1e-3·N⌋ atoms, at least 1 and at
 * most n³, keeps that step ≤ 1e-3 (≈ 12 MPa of Murnaghan pressure at small x) wherever a whole
 * atom can — below 1,000 atoms a single atom is the finest step there is. The exponent stays per
 * atom (MODEL.md §2: per electron), and the event rate is the weight × n³/q, so the atoms per
 * second are the weight's whatever q; insertion and extraction of a body move the same q, so
 * their ratio is exp(−(σΩ − eη)/kT) per event: detailed balance at an effective temperature
 * q·T ≤ n³·T = T_n. The electrode reads the weights (site events per second), kept in their own
 * trees (`insertWeight`, `extractWeight`), since the event trees hold rates of q-atom events.
 */
import { ELEMENTARY_CHARGE_C } from "../../constants/physical.ts";
import type { SumTree } from "../../kmc/sumtree.ts";
import { CC_MASK, EMPTY, LI, LI1_SHIFT, SUB1_MASK } from "../species.ts";
import type { Connectivity } from "./connectivity.ts";
import { pressureKT, stressKT } from "./pressure.ts";
import type { RootGrowth } from "./root-growth.ts";
import type { LiState } from "./state.ts";

export class Redox {
  /** Reduction into an empty interface site, oxidation of an interface site's Li (leaf = slot). */
  readonly red: SumTree;
  readonly ox: SumTree;
  /** Insertion into, extraction from a body's interfacial excess (leaf = body id): rates of events of q atoms. */
  readonly insert: SumTree;
  readonly extract: SumTree;
  /** Their weights in site events per second (n³ atoms each; the rates × q/n³), for the electrode. */
  readonly insertWeight: SumTree;
  readonly extractWeight: SumTree;
  /** Exchange rate of one interface site at η = 0 (site events per second): i0·A_site/(e·n³). */
  readonly k0: number;
  /** Empty interface sites where reduction can happen now (the contact ring, nuclei). */
  openSites = 0;
  private readonly nbSlot = new Int32Array(14);
  private readonly nbFill = new Int32Array(14);

  constructor(
    private readonly st: LiState,
    private readonly conn: Connectivity,
    private readonly growth: RootGrowth,
  ) {
    this.red = st.slotTree();
    this.ox = st.slotTree();
    this.insert = st.bodyTree();
    this.extract = st.bodyTree();
    this.insertWeight = st.bodyTree();
    this.extractWeight = st.bodyTree();
    this.k0 = (st.p.exchangeCurrentDensity * st.siteArea) / (ELEMENTARY_CHARGE_C * st.m);
  }

  /**
   * Redox weights of slot site s. Empty: reduction possible where electrons are, i.e. the site
   * touches the CC or a connected Li body (whose pressure the new atoms join — the highest, if
   * several). Li of a connected body: oxidation of its atoms. A slot touching only the collector
   * has no Li+.
   */
  refreshSlot(s: number): void {
    const st = this.st;
    const i = st.islot[s];
    const sp = st.spec[s];
    const cnt = st.cnt[s];
    let red = 0;
    let ox = 0;
    if ((cnt & SUB1_MASK) === 0) {
      // touches only the collector: no Li+ here
    } else if (sp === EMPTY) {
      let b = -1;
      let ok = (cnt & CC_MASK) !== 0;
      if (cnt & ((15 << LI1_SHIFT) | (7 << 4))) {
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
    const tr = this.red;
    const to = this.ox;
    const was = tr.leaves[i] > 0;
    if (was !== red > 0) this.openSites += red > 0 ? 1 : -1;
    if (tr.leaves[i] !== red) tr.set(i, red);
    if (to.leaves[i] !== ox) to.set(i, ox);
  }

  /** Atoms per insertion or extraction of body b: ⌊1e-3·n³·sites⌋, between 1 and n³ (see the header). */
  quantum(b: number): number {
    const m = this.st.m;
    return Math.max(1, Math.min(m, Math.floor(1e-3 * m * this.st.bodies.size[b])));
  }

  /**
   * Insertion and extraction weights and rates of body b (0 for a released id): a connected body
   * with a root; extraction while it holds a quantum. The stress is the body's pressure when it is
   * confined, else the work per volume of its next root-growth step (growth.stress).
   */
  refreshBody(b: number): void {
    const st = this.st;
    const B = st.bodies;
    let ins = 0;
    let ext = 0;
    let wIns = 0;
    let wExt = 0;
    if (B.isLive(b) && B.cc[b] > 0 && B.root[b] > 0) {
      const sk = B.confined[b] ? pressureKT(st, b) : stressKT(st, this.growth.stress(b));
      const q = this.quantum(b);
      const perEvent = st.m / q;
      wIns = this.k0 * B.root[b] * Math.exp(-st.p.alphaCathodic * sk);
      ins = wIns * perEvent;
      if (B.excess[b] >= q) {
        wExt = this.k0 * B.root[b] * Math.exp(st.p.alphaAnodic * sk);
        ext = wExt * perEvent;
      }
    }
    if (this.insert.leaves[b] !== ins) this.insert.set(b, ins);
    if (this.extract.leaves[b] !== ext) this.extract.set(b, ext);
    if (this.insertWeight.leaves[b] !== wIns) this.insertWeight.set(b, wIns);
    if (this.extractWeight.leaves[b] !== wExt) this.extractWeight.set(b, wExt);
  }

  /** Every slot's weights from scratch (construction, restore), counting the open sites anew. */
  initialiseSlots(): void {
    this.openSites = 0;
    this.red.leaves.fill(0);
    const st = this.st;
    for (let i = 0; i < st.nslots; i++) this.refreshSlot(st.isite[i]);
  }

  /** Reduction into the empty interface site s: a new Li site (n³ atoms), joining a connected body next to it. */
  fill(s: number): void {
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

  /** Oxidation of the Li at interface site s: the site empties. */
  oxidise(s: number): void {
    const st = this.st;
    const b = st.body[s];
    st.setSpecies(s, EMPTY, -1);
    this.conn.splitAround(s, b);
    st.counters.oxidised++;
  }

  /** Insertion of a quantum of atoms into body b's interfacial excess; the body may then rise. */
  insertInto(b: number): void {
    const st = this.st;
    const q = this.quantum(b);
    const before = st.bodies.excess[b];
    st.bodies.addExcess(b, q);
    st.counters.inserted++;
    st.counters.insertedAtoms += q;
    st.markBody(b);
    this.growth.afterInsertion(b, before);
  }

  /** Extraction of a quantum of atoms from body b's interfacial excess. */
  extractFrom(b: number): void {
    const st = this.st;
    const q = this.quantum(b);
    st.bodies.addExcess(b, -q);
    st.counters.extracted++;
    st.counters.extractedAtoms += q;
    st.markBody(b);
  }
}
