/**
 * Li+ reduction and Li oxidation (MODEL.md §2.1), four event groups:
 *  - reduction filling an empty interface site (leaf = slot) and oxidation of the Li atoms at an
 *    interface site (leaf = slot), with weights k0·exp(∓α(ΔE_s + m·p·Ω)/kT_n);
 *  - insertion of an atom's worth under a body into its interfacial excess, and extraction from
 *    it (leaf = body id), with weights k0·root·exp(∓α·m·p·Ω/kT_n) (root insertion joins bulk Li:
 *    ΔE = 0).
 * The weights are the rates at η = 0: the electrode (electrode.ts) scales each group by X_red or
 * X_ox. Only Li with electrons can react: a site touching the collector or a connected body.
 */
import { ELEMENTARY_CHARGE_C } from "../../constants/physical.ts";
import type { SumTree } from "../../kmc/sumtree.ts";
import { CC_MASK, EMPTY, LI, LI1_SHIFT, SUB1_MASK } from "../species.ts";
import type { Connectivity } from "./connectivity.ts";
import { pressureKT } from "./pressure.ts";
import type { RootGrowth } from "./root-growth.ts";
import type { LiState } from "./state.ts";

export class Redox {
  /** Reduction into an empty interface site, oxidation of an interface site's Li (leaf = slot). */
  readonly red: SumTree;
  readonly ox: SumTree;
  /** Insertion into, extraction from a body's interfacial excess (leaf = body id). */
  readonly insert: SumTree;
  readonly extract: SumTree;
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

  /** Insertion and extraction weights of body b (0 for a released id). */
  refreshBody(b: number): void {
    const st = this.st;
    const B = st.bodies;
    let ins = 0;
    let ext = 0;
    if (B.isLive(b) && B.cc[b] > 0 && B.root[b] > 0) {
      const pk = pressureKT(st, b);
      ins = this.k0 * B.root[b] * Math.exp(-st.p.alphaCathodic * pk);
      if (B.excess[b] >= 1) ext = this.k0 * B.root[b] * Math.exp(st.p.alphaAnodic * pk);
    }
    if (this.insert.leaves[b] !== ins) this.insert.set(b, ins);
    if (this.extract.leaves[b] !== ext) this.extract.set(b, ext);
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

  /** Insertion of a site's worth of atoms into body b's interfacial excess; the body may then rise. */
  insertInto(b: number): void {
    const st = this.st;
    st.bodies.addExcess(b, 1);
    st.counters.inserted++;
    st.markBody(b);
    this.growth.afterInsertion(b);
  }

  /** Extraction of a site's worth of atoms from body b's interfacial excess. */
  extractFrom(b: number): void {
    const st = this.st;
    st.bodies.addExcess(b, -1);
    st.counters.extracted++;
    st.markBody(b);
  }
}
