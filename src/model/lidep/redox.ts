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
 *
 * Thinning (pressure.ts): a slot's weight is w0·e^{∓α·π} with w0 = k0·e^{∓α·ΔE_s} its
 * pressure-free part and π the p·Ω/kT of its owner body (reduction: the connected Li neighbour
 * body of highest pressure, chosen when the slot is refreshed; oxidation: its own body; none:
 * π = 0). The trees `red` and `ox` hold the bound over the owner's pressure window, w0·e^{−α·π_lo}
 * and w0·e^{α·π_hi}; a selection is accepted with the exact weight over the bound (`accept`). The
 * electrode needs the exact sums: per owner the sums of w0 (`redBase`, `oxBase` per slot, summed in
 * `sumRed`, `sumOx` per owner, leaf 0 for none, b + 1 for body b) times e^{∓α·π} of the owner now,
 * in the weight trees `redWeight` and `oxWeight`. (An empty slot between two connected bodies
 * keeps the owner it had when refreshed until its next refresh: its selection is exact, its share of
 * the electrode's sum follows that owner's pressure.)
 */
import { ELEMENTARY_CHARGE_C } from "../../constants/physical.ts";
import { SumTree } from "../../kmc/sumtree.ts";
import { CC_MASK, EMPTY, LI, LI1_SHIFT, SUB1_MASK } from "../species.ts";
import type { Connectivity } from "./connectivity.ts";
import { pressureKT, stressKT, WINDOW_PI } from "./pressure.ts";
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
  /** The electrode's exact sums of the reduction and oxidation weights, per owner (leaf 0: no body, b + 1: body b). */
  readonly redWeight: SumTree;
  readonly oxWeight: SumTree;
  /** Per slot: the pressure-free parts w0 of its weights and their owners (−1: none), as last refreshed. */
  redBase = new Float64Array(64);
  oxBase = new Float64Array(64);
  redOwner = new Int32Array(64).fill(-1);
  oxOwner = new Int32Array(64).fill(-1);
  /** Per owner (leaf 0: none, b + 1: body b): Σ w0 and the number of slots with w0 > 0 (0 slots: the sum is 0 exactly). */
  sumRed = new Float64Array(64);
  sumOx = new Float64Array(64);
  countRed = new Int32Array(64);
  countOx = new Int32Array(64);
  /** Empty interface sites where reduction can happen now (the contact ring, nuclei). */
  openSites = 0;
  /** What `parts` found: the pressure-free parts and owners of a slot's weights. */
  private pRed = 0;
  private pOx = 0;
  private oRed = -1;
  private oOx = -1;
  /** The lattice's neighbour offsets by site class (`BccLattice.neighbourRow`). */
  private readonly offsets: Int32Array;
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
    this.redWeight = new SumTree(st.bodies.capacity + 1);
    this.oxWeight = new SumTree(st.bodies.capacity + 1);
    this.offsets = st.lat.neighbourOffsets;
    this.k0 = (st.p.exchangeCurrentDensity * st.siteArea) / (ELEMENTARY_CHARGE_C * st.m);
  }

  /**
   * The pressure-free parts of slot site s's redox weights and their owners (into pRed, oRed, pOx,
   * oOx). Empty: reduction possible where electrons are, i.e. the site touches the CC or a connected
   * Li body (whose pressure the new atoms join — the highest, if several). Li of a connected body:
   * oxidation of its atoms. A slot touching only the collector has no Li+.
   */
  private parts(s: number): void {
    const st = this.st;
    const sp = st.spec[s];
    const cnt = st.cnt[s];
    this.pRed = 0;
    this.pOx = 0;
    this.oRed = -1;
    this.oOx = -1;
    if ((cnt & SUB1_MASK) === 0) {
      // touches only the collector: no Li+ here
    } else if (sp === EMPTY) {
      let b = -1;
      let ok = (cnt & CC_MASK) !== 0;
      if (cnt & ((15 << LI1_SHIFT) | (7 << 4))) {
        // the neighbours at s + their class offsets, in `neighbours` order (no list written)
        const list = this.offsets;
        const o = st.lat.neighbourRow(s, 11);
        const spec = st.spec;
        for (let k = 0; k < 14; k++) {
          const t = s + list[o + k];
          if (spec[t] === LI && st.connected(st.body[t])) {
            ok = true;
            if (b < 0 || st.bodies.pressure[st.body[t]] > st.bodies.pressure[b]) b = st.body[t];
          }
        }
      }
      if (ok) {
        this.pRed = this.k0 * Math.exp(-st.p.alphaCathodic * st.excessEnergyKT(s));
        this.oRed = b;
      }
    } else if (sp === LI) {
      const b = st.body[s];
      if (st.connected(b)) {
        this.pOx = this.k0 * Math.exp(st.p.alphaAnodic * st.excessEnergyKT(s));
        this.oOx = b;
      }
    }
  }

  /** The exact reduction (group G_RED) or oxidation weight of slot site s now. */
  weightNow(s: number, reduction: boolean): number {
    this.parts(s);
    const st = this.st;
    return reduction ? this.pRed * Math.exp(-st.p.alphaCathodic * pressureKT(st, this.oRed)) : this.pOx * Math.exp(st.p.alphaAnodic * pressureKT(st, this.oOx));
  }

  /** The pressure-free parts and owners of slot site s's weights now: [w0 reduction, its owner, w0 oxidation, its owner]. */
  partsAt(s: number): [number, number, number, number] {
    this.parts(s);
    return [this.pRed, this.oRed, this.pOx, this.oOx];
  }

  /** The bounds the trees hold for slot site s when refreshed now: [reduction, oxidation]. */
  boundsAt(s: number): [number, number] {
    this.parts(s);
    return [this.pRed * Math.exp(-this.st.p.alphaCathodic * this.windowKT(this.oRed, -1)), this.pOx * Math.exp(this.st.p.alphaAnodic * this.windowKT(this.oOx, 1))];
  }

  /** The end of body b's pressure window (p·Ω/kT) below (side −1) or above (+1); 0 for no body. */
  private windowKT(b: number, side: number): number {
    return b < 0 ? 0 : this.st.bodies.refreshedPi[b] + side * WINDOW_PI;
  }

  /**
   * Thinning: slot i of the reduction (or oxidation) tree was selected at its bound; it happens
   * with probability exact weight / bound (u uniform in [0, 1)). Returns a uniform for `perform`, or
   * −1 for a null event.
   */
  accept(i: number, u: number, reduction: boolean): number {
    const w = this.weightNow(this.st.isite[i], reduction);
    const leaf = (reduction ? this.red : this.ox).leaves[i];
    const r = u * (leaf > w ? leaf : w);
    // rescaled, so that what perform receives is uniform in [0, 1) given acceptance (redox's
    // perform draws nothing from it today; relief's does)
    return r < w ? r / w : -1;
  }

  /** The leaves of slot site s: the bounds of its redox weights; the owners' exact sums for the electrode. */
  refreshSlot(s: number): void {
    const st = this.st;
    const i = st.islot[s];
    this.parts(s);
    if (i >= this.redBase.length) this.growSlots(i + 1);
    const pRed = this.pRed, oRed = this.oRed, pOx = this.pOx, oOx = this.oOx;
    if (this.redBase[i] !== pRed || this.redOwner[i] !== oRed) {
      this.moveBase(this.sumRed, this.countRed, this.redWeight, this.redOwner[i], this.redBase[i], oRed, pRed, -st.p.alphaCathodic);
      this.redBase[i] = pRed;
      this.redOwner[i] = oRed;
    }
    if (this.oxBase[i] !== pOx || this.oxOwner[i] !== oOx) {
      this.moveBase(this.sumOx, this.countOx, this.oxWeight, this.oxOwner[i], this.oxBase[i], oOx, pOx, st.p.alphaAnodic);
      this.oxBase[i] = pOx;
      this.oxOwner[i] = oOx;
    }
    const red = pRed > 0 ? pRed * Math.exp(-st.p.alphaCathodic * this.windowKT(oRed, -1)) : 0;
    const ox = pOx > 0 ? pOx * Math.exp(st.p.alphaAnodic * this.windowKT(oOx, 1)) : 0;
    const tr = this.red;
    const to = this.ox;
    const was = tr.leaves[i] > 0;
    if (was !== red > 0) this.openSites += red > 0 ? 1 : -1;
    if (tr.leaves[i] !== red) tr.set(i, red);
    if (to.leaves[i] !== ox) to.set(i, ox);
  }

  /** A slot's pressure-free part w0 moves from owner `from` (value w) to owner `to` (value v); both owners' exact sums follow. */
  private moveBase(sum: Float64Array, count: Int32Array, tree: SumTree, from: number, w: number, to: number, v: number, alpha: number): void {
    if (to + 2 > sum.length) this.growOwners(to + 2);
    if (w > 0) {
      const j = from + 1;
      sum[j] -= w;
      if (--count[j] === 0) sum[j] = 0;
      this.setOwnerLeaf(tree, sum, from, alpha);
    }
    if (v > 0) {
      const j = to + 1;
      sum[j] += v;
      count[j]++;
      this.setOwnerLeaf(tree, sum, to, alpha);
    }
  }

  /** The electrode's leaf of owner b (−1: none): its Σ w0 × e^{α·π} now (α signed: −α_c for reduction). */
  private setOwnerLeaf(tree: SumTree, sum: Float64Array, b: number, alpha: number): void {
    const j = b + 1;
    if (j + 1 > tree.n) tree.grow(Math.max(j + 1, this.st.bodies.capacity + 1));
    const v = sum[j] === 0 ? 0 : sum[j] * Math.exp(alpha * pressureKT(this.st, b));
    if (tree.leaves[j] !== v) tree.set(j, v);
  }

  private growSlots(n: number): void {
    const cap = Math.max(n, 2 * this.redBase.length);
    this.redBase = grown(this.redBase, cap, 0);
    this.oxBase = grown(this.oxBase, cap, 0);
    this.redOwner = grown(this.redOwner, cap, -1);
    this.oxOwner = grown(this.oxOwner, cap, -1);
  }

  private growOwners(n: number): void {
    const cap = Math.max(n, 2 * this.sumRed.length);
    this.sumRed = grown(this.sumRed, cap, 0);
    this.sumOx = grown(this.sumOx, cap, 0);
    this.countRed = grown(this.countRed, cap, 0);
    this.countOx = grown(this.countOx, cap, 0);
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
    // the electrode's exact sums of the slots it owns, at its pressure now
    if (b + 2 <= this.sumRed.length) {
      this.setOwnerLeaf(this.redWeight, this.sumRed, b, -st.p.alphaCathodic);
      this.setOwnerLeaf(this.oxWeight, this.sumOx, b, st.p.alphaAnodic);
    }
  }

  /** Every slot's weights from scratch (construction), counting the open sites and the owners' sums anew. */
  initialiseSlots(): void {
    this.openSites = 0;
    this.red.leaves.fill(0);
    this.redBase.fill(0);
    this.oxBase.fill(0);
    this.redOwner.fill(-1);
    this.oxOwner.fill(-1);
    this.sumRed.fill(0);
    this.sumOx.fill(0);
    this.countRed.fill(0);
    this.countOx.fill(0);
    this.redWeight.leaves.fill(0);
    this.oxWeight.leaves.fill(0);
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

/** A copy of `a` with `cap` entries, the new ones `fill`. */
function grown<T extends Float64Array | Int32Array>(a: T, cap: number, fill: number): T {
  const g = new (a.constructor as new (n: number) => T)(cap);
  if (fill !== 0) g.fill(fill);
  g.set(a);
  return g;
}
