/**
 * Li0 hops (MODEL.md §2.2): the rate table, the one kernel that gives a site's total hop rate and
 * picks its hop, and the hop event.
 *
 * Rate of a hop s → t (t an empty first or second neighbour with a bond of its own, and s with
 * a bond: Li does not evaporate; the condition is symmetric in s and t; and no Li neighbour of s
 * bonded to s alone is left without a bond — t must be its neighbour too, see `Hops.blocked`):
 *   k = k_path · exp(−max(0, ΔE)/kT_n) · [exp(−E_ES/kT) if the hop crosses a step edge],
 * with ΔE = B_s − (B_t − ε_st) the bond energy lost at s minus the bond energy gained at t
 * (B = the site's bonds to Li, LLZO and CC; ε_st the bond between s and t, which the mover does
 * not keep: 2·ε2 for a second neighbour along a periodic axis of 2 cells, one site bonded twice), and k_path = ν_path·exp(−E_path/kT) rescaled for coarse graining. A flat hop (ΔE = 0)
 * has the path's own barrier, so each path's diffusivity is its parameter; an uphill hop pays ΔE.
 * Since k(s→t)/k(t→s) = exp(−ΔE/kT_n) whatever the path and the step-edge term (both symmetric),
 * the rates obey detailed balance with respect to the bond energy.
 *
 * The path of a hop is a symmetric function of the categories of its two end sites (the mover
 * excluded): interface (an LLZO first or second neighbour: the Li|LLZO interface is the two Li
 * layers within a of the LLZO), collector (likewise for the CC), bulk (≥ `bulkCoordination` Li
 * first neighbours) or surface. A hop between two categories takes the higher-priority one:
 * interface > collector > bulk > surface (a hop off the Li|LLZO interface onto the free surface at
 * the triple-phase boundary is an interface hop, in both directions).
 *
 * Coarse graining (MODEL.md §1): Γ_bulk = 6D/ℓ_n² → k/n², Γ_surface = Γ_interface = 4D/(n·ℓ_n²)
 * → k/n³, times the path's calibrated factor for n (model/coarse-graining.ts, issue 14); the
 * barriers that set the temperature dependence use the physical kT.
 */
import { BOLTZMANN_J_PER_K } from "../../constants/physical.ts";
import { isNeighbourVector, NEIGHBOUR_VECTORS, type BccLattice } from "../../lattice/bcc.ts";
import type { SumTree } from "../../kmc/sumtree.ts";
import { BULK, PATH_NAMES, SURFACE, type ModelParams } from "../params.ts";
import { QUANTA_PER_KT } from "../energy.ts";
import { CC, EMPTY, LI, LI1_ONE, LI2_ONE, LLZO, WORD_BOND_SHIFT, WORD_SPECIES } from "../species.ts";
import type { Connectivity } from "./connectivity.ts";
import type { LiState } from "./state.ts";
import { HOP_CLASSES, NEIGHBOUR_BINS, bondBin } from "./hop-classes.ts";

/**
 * COMMON[d * 6 + m] (m < COMMON_COUNT[d]): the neighbour slots of s that are also neighbours of
 * its neighbour in slot d — the sites around the saddle of the hop s → neighbour d.
 */
const COMMON = new Int8Array(14 * 6);
const COMMON_COUNT = new Int8Array(14);
for (let d = 0; d < 14; d++) {
  const vd = NEIGHBOUR_VECTORS[d];
  let m = 0;
  for (let c = 0; c < 14; c++) {
    if (c === d) continue;
    const vc = NEIGHBOUR_VECTORS[c];
    if (isNeighbourVector(vc[0] - vd[0], vc[1] - vd[1], vc[2] - vd[2])) COMMON[d * 6 + m++] = c;
  }
  COMMON_COUNT[d] = m;
}

/** Symmetric path of a hop between categories a and b: CLASS_OF[a * 4 + b]. */
const CLASS_OF = new Uint8Array(16);
const PRIORITY = [1, 0, 3, 2]; // bulk, surface, interface, collector
for (let a = 0; a < 4; a++) for (let b = 0; b < 4; b++) CLASS_OF[a * 4 + b] = PRIORITY[a] >= PRIORITY[b] ? a : b;

/** COMMON_MASK[d]: the slots COMMON[d * 6 …] as a bit mask over the 14 neighbour slots. */
const COMMON_MASK = new Int32Array(14);
for (let d = 0; d < 14; d++) for (let m = 0; m < COMMON_COUNT[d]; m++) COMMON_MASK[d] |= 1 << COMMON[d * 6 + m];
/** Number of set bits of a 14-bit mask. */
const POPCOUNT = new Uint8Array(1 << 14);
for (let x = 1; x < 1 << 14; x++) POPCOUNT[x] = POPCOUNT[x >> 1] + (x & 1);
/** 1 for a species that occupies a saddle site (Li, LLZO, CC), by the low bits of a word. */
const OCCUPIES = new Int32Array(8);
OCCUPIES[LI] = 1;
OCCUPIES[LLZO] = 1;
OCCUPIES[CC] = 1;
// a blocked slot (no vapour, `Hops.rate`) reads with bit 2 of its species set: an empty one as
// WALL (not a target, not a saddle atom), an occupied one as 5–7 (still a saddle atom)
OCCUPIES[LI | 4] = 1;
OCCUPIES[LLZO | 4] = 1;
OCCUPIES[CC | 4] = 1;
/** A word with its category bits (3–6) cleared: species and bond sum, what `slotBonds`' hang words match. */
const HANG_BITS = ~0x78;

/**
 * The bonds between s and the sites of its 14 neighbour slots on lattice `lat`, periodic images
 * included (an axis of 2 cells makes the ±a second neighbours of s one site, bonded twice):
 * `link[c]` the bond quanta between s and slot c's site; `hang[c]` the word (category bits
 * cleared, `HANG_BITS`) of a Li atom in slot c whose only bond is with s (−1: none can be); and
 * `keep[c]` the slots whose site bonds with slot c's site (a hop of s there leaves that atom a bond).
 */
function slotBonds(lat: BccLattice, q1: number, q2: number): { link: Int32Array; hang: Int32Array; keep: Int32Array } {
  const px = lat.periodicX ? 2 * lat.nx : 0;
  const py = lat.periodicY ? 2 * lat.ny : 0;
  // equal along an axis of period p (in units of a/2; 0: closed, no images)
  const eq = (d: number, p: number) => (p === 0 ? d === 0 : ((d % p) + p) % p === 0);
  const same = (a: readonly number[], b: readonly number[]) => eq(a[0] - b[0], px) && eq(a[1] - b[1], py) && a[2] === b[2];
  const quantum = (j: number) => (j < 8 ? q1 : q2);
  // bond quanta between the sites at vectors a and b from s (every neighbour vector that joins them)
  const bond = (a: readonly number[], b: readonly number[]) => {
    let q = 0;
    for (let j = 0; j < 14; j++) {
      const v = NEIGHBOUR_VECTORS[j];
      if (same([a[0] + v[0], a[1] + v[1], a[2] + v[2]], b)) q += quantum(j);
    }
    return q;
  };
  const link = new Int32Array(14);
  const hang = new Int32Array(14);
  const keep = new Int32Array(14);
  const zero = [0, 0, 0];
  for (let c = 0; c < 14; c++) {
    const vc = NEIGHBOUR_VECTORS[c];
    link[c] = bond(zero, vc);
    hang[c] = link[c] > 0 ? (link[c] << WORD_BOND_SHIFT) | LI : -1;
    for (let d = 0; d < 14; d++) if (d !== c && !same(vc, NEIGHBOUR_VECTORS[d]) && bond(vc, NEIGHBOUR_VECTORS[d]) > 0) keep[c] |= 1 << d;
  }
  return { link, hang, keep };
}

/**
 * One term of the hop kernel (`Hops.rate`): the rate of a hop from a site with bond sum bs and
 * category row `row` to the neighbour with word wt (q: the bond between them, which the mover
 * does not keep). An occupied neighbour adds 0 at once (a well-predicted branch: most neighbours
 * of an atom are occupied); an empty one, k_path·[1, boltz[ΔE] or 0] without a branch, the clamped
 * ΔE index pointing at `factor`'s 0 when the hop is too far uphill or t has no bond.
 */
function term(wt: number, bs: number, q: number, row: number, top: number, zero: number, factor: Float64Array, path: Float64Array): number {
  if ((wt & WORD_SPECIES) !== EMPTY) return 0;
  const bt = (wt >> WORD_BOND_SHIFT) - q;
  const dq = bs - bt;
  const d = dq & ~(dq >> 31); // max(ΔE, 0)
  const off = ((top - d) >> 31) | ((bt - 1) >> 31); // −1: too far uphill, or no bond at t
  return factor[(d & ~off) | (zero & off)] * path[row | (wt & 127)];
}

/**
 * A term with the step-edge factor (n = 1): `term` times es[esRow | saddle], saddle the number of
 * occupied sites among those around the hop's saddle (`saddles`: their bits in the occupancy mask
 * of s's neighbours), looked up only for an empty target.
 */
function termES(wt: number, bs: number, q: number, row: number, top: number, zero: number, factor: Float64Array, path: Float64Array, es: Float64Array, esRow: number, saddles: number): number {
  if ((wt & WORD_SPECIES) !== EMPTY) return 0;
  return term(wt, bs, q, row, top, zero, factor, path) * es[esRow | POPCOUNT[saddles]];
}

export class HopRates {
  /** Rate constant per path (1/s), coarse-grained, with the calibrated factor of n (coarse-graining.ts). */
  readonly k = new Float64Array(4);
  /** The same by MODEL.md §1's rule alone, without the calibrated factor (what the relief rate laws use). */
  readonly kRule = new Float64Array(4);
  /** boltz[dq] = exp(−dq/QUANTA_PER_KT) for an uphill ΔE of dq quanta; 0 beyond the table. */
  readonly boltz: Float64Array;
  readonly maxQuanta: number;
  /** Factor for a surface hop across a step edge (1 when off or when n > 1). */
  readonly schwoebelFactor: number;
  readonly schwoebelMaxSaddle: number;
  readonly bulkCoordination: number;
  readonly neighbourSlots: number;
  /**
   * The kernel's tables (`Hops.rate`): `factor[d]` is a hop's Boltzmann factor at a clamped ΔE
   * index d — 1 at d = 0 (downhill or flat), boltz[d] up to maxQuanta, 0 at `zero` = maxQuanta + 1
   * (too far uphill, or no bond at the target); `pathFirst[catS << 7 | word & 127]` is the path's
   * rate constant k[CLASS_OF[catS, catT]] of a hop to a first neighbour with that word (its
   * species and categories), 0 unless that neighbour is empty; `pathSecond` likewise to a second
   * neighbour; `schwoebel[(catS·4 + catT) << 3 | saddle]` the step-edge factor of a hop with that
   * many occupied saddle sites (1 but for surface hops across an edge, and 1 when the term is off).
   */
  readonly factor: Float64Array;
  readonly zero: number;
  readonly pathFirst = new Float64Array(4 * 128);
  readonly pathSecond = new Float64Array(4 * 128);
  readonly schwoebel = new Float64Array(16 * 8);

  constructor(p: ModelParams) {
    const kT = BOLTZMANN_J_PER_K * p.temperature;
    const n = p.coarseGrain;
    for (let c = 0; c < 4; c++) {
      const r = p.hops[PATH_NAMES[c]];
      const scale = c === BULK ? 1 / (n * n) : 1 / (n * n * n);
      this.kRule[c] = r.prefactor * Math.exp(-r.barrier / kT) * scale;
      this.k[c] = this.kRule[c] * p.coarseGraining.factors[PATH_NAMES[c]];
    }
    // exp(−40) ≈ 4e-18: beyond that an uphill hop is treated as impossible
    this.maxQuanta = 40 * QUANTA_PER_KT;
    this.boltz = new Float64Array(this.maxQuanta + 1);
    for (let q = 0; q <= this.maxQuanta; q++) this.boltz[q] = Math.exp(-q / QUANTA_PER_KT);
    this.schwoebelFactor = n === 1 && p.schwoebelBarrier > 0 ? Math.exp(-p.schwoebelBarrier / kT) : 1;
    this.schwoebelMaxSaddle = p.schwoebelMaxSaddle;
    this.bulkCoordination = p.bulkCoordination;
    this.neighbourSlots = p.secondNeighbourHops ? 14 : 8;
    this.zero = this.maxQuanta + 1;
    this.factor = new Float64Array(this.maxQuanta + 2);
    this.factor.set(this.boltz); // boltz[0] = exp(−0) = 1: flat and downhill hops; factor[zero] = 0
    for (let catS = 0; catS < 4; catS++)
      for (let w = 0; w < 128; w++) {
        if ((w & WORD_SPECIES) !== EMPTY) continue;
        // an overflowed rate constant (a rate factor of 1e300) enters as the largest double: the
        // kernel multiplies an impossible hop's 0 by it, and 0·∞ would be NaN where the sum
        // should overflow to ∞ (the run then stalls on a total rate of Infinity)
        this.pathFirst[(catS << 7) | w] = Math.min(this.k[CLASS_OF[catS * 4 + ((w >> 3) & 3)]], Number.MAX_VALUE);
        this.pathSecond[(catS << 7) | w] = Math.min(this.k[CLASS_OF[catS * 4 + ((w >> 5) & 3)]], Number.MAX_VALUE);
      }
    for (let c = 0; c < 16; c++)
      for (let m = 0; m < 8; m++) this.schwoebel[(c << 3) | m] = CLASS_OF[c] === SURFACE && m <= this.schwoebelMaxSaddle ? this.schwoebelFactor : 1;
  }
}

/** The hops of the Li atoms: one leaf per site, its total hop rate. */
export class Hops {
  /** Rate of each site's hops (leaf = site). */
  readonly tree: SumTree;
  readonly rates: HopRates;
  /** Target, path and (when classed) acceleration class of the hop picked by the last `choose`. */
  private chosen = -1;
  private path = 0;
  private cls = 0;
  /**
   * Acceleration (acceleration.ts, issue 17): when `classed`, every hop's rate constant is its
   * class's entry of `classRate` — k_path·α for the class (path, b_s, b_t) (hop-classes.ts), α = 1
   * unless the controller scaled it — instead of the path's k, and `classHops` counts the hops
   * executed per class. Off (the default), the kernel is the unrolled one below, untouched.
   */
  classed = false;
  readonly classRate = new Float64Array(HOP_CLASSES);
  readonly classHops = new Float64Array(HOP_CLASSES);
  private readonly offsets: Int32Array;
  /** Bonds of a Li first and second neighbour (quanta): what the mover does not keep. */
  private readonly q1: number;
  private readonly q2: number;
  /** Whether the step-edge term is on (n = 1 and a barrier). */
  private readonly es: boolean;
  /**
   * No vapour by a neighbour (`slotBonds`): the bond quanta between s and each slot's site (what
   * the mover does not keep: q1, q2, or 2·q2 on an axis of 2 cells), the word of a Li atom there
   * bonded to s alone, and the slots whose sites bond with each slot's site.
   */
  private readonly link: Int32Array;
  private readonly hangWord: Int32Array;
  private readonly keep: Int32Array;

  constructor(
    private readonly st: LiState,
    private readonly conn: Connectivity,
  ) {
    this.tree = st.siteTree();
    this.rates = new HopRates(st.p);
    this.offsets = st.lat.neighbourOffsets;
    this.q1 = st.bonds.q[LI * 2];
    this.q2 = st.bonds.q[LI * 2 + 1];
    this.es = this.rates.schwoebelFactor !== 1;
    const sb = slotBonds(st.lat, this.q1, this.q2);
    this.link = sb.link;
    this.hangWord = sb.hang;
    this.keep = sb.keep;
    for (let c = 0; c < HOP_CLASSES; c++) this.classRate[c] = this.rates.k[Math.floor(c / (NEIGHBOUR_BINS * NEIGHBOUR_BINS))];
  }

  /**
   * Total hop rate of the Li atom at s (1/s): the one hop kernel. The rate of a hop from s to a
   * neighbour t is k_path·min(1, exp(−ΔE/kT_n))·[step-edge factor], ΔE = B_s − (B_t − ε_st) (the
   * header); it is 0 unless t is empty and both ends have a bond (no vapour: the condition is
   * symmetric, so detailed balance holds; at coarse n the softened bonds would otherwise let atoms
   * evaporate), and 0 when it would leave a Li neighbour of s without a bond (`blocked`). The terms (`term`) are summed in neighbour order; a hop that cannot happen adds an
   * exact 0. Each term reads one word, of t = s + its class offset: no neighbour list is written
   * (a site at a closed boundary or the box's bottom or top reads its neighbours from
   * `BccLattice.neighbours` instead).
   */
  rate(s: number): number {
    const word = this.st.word;
    const ws = word[s];
    const bs = ws >> WORD_BOND_SHIFT;
    if (bs <= 0) return 0; // an isolated atom (no bonds) stays: no vapour
    if (this.classed) return this.pick(s, Infinity);
    const R = this.rates;
    const list = this.offsets;
    const o = this.st.lat.neighbourRow(s, 3);
    const factor = R.factor;
    const zero = R.zero;
    const top = zero - 1;
    const catS = (ws >> 5) & 3;
    const row = catS << 7;
    const q1 = this.q1;
    const L = this.link;
    const p1 = R.pathFirst;
    const p2 = R.pathSecond;
    let total = 0;
    // the 14 words first: the Li neighbours bonded to s alone (hang), whose bond a hop of s must
    // not take (no vapour); a blocked slot's word gets bit 2 of its species (an empty one reads as
    // a wall), so its term is an exact 0
    let w0 = word[s + list[o + 0]];
    let w1 = word[s + list[o + 1]];
    let w2 = word[s + list[o + 2]];
    let w3 = word[s + list[o + 3]];
    let w4 = word[s + list[o + 4]];
    let w5 = word[s + list[o + 5]];
    let w6 = word[s + list[o + 6]];
    let w7 = word[s + list[o + 7]];
    let w8 = word[s + list[o + 8]];
    let w9 = word[s + list[o + 9]];
    let w10 = word[s + list[o + 10]];
    let w11 = word[s + list[o + 11]];
    let w12 = word[s + list[o + 12]];
    let w13 = word[s + list[o + 13]];
    const H = this.hangWord;
    const h1 = H[0];
    const hang =
      +((w0 & HANG_BITS) === h1) |
      (+((w1 & HANG_BITS) === h1) << 1) |
      (+((w2 & HANG_BITS) === h1) << 2) |
      (+((w3 & HANG_BITS) === h1) << 3) |
      (+((w4 & HANG_BITS) === h1) << 4) |
      (+((w5 & HANG_BITS) === h1) << 5) |
      (+((w6 & HANG_BITS) === h1) << 6) |
      (+((w7 & HANG_BITS) === h1) << 7) |
      (+((w8 & HANG_BITS) === H[8]) << 8) |
      (+((w9 & HANG_BITS) === H[9]) << 9) |
      (+((w10 & HANG_BITS) === H[10]) << 10) |
      (+((w11 & HANG_BITS) === H[11]) << 11) |
      (+((w12 & HANG_BITS) === H[12]) << 12) |
      (+((w13 & HANG_BITS) === H[13]) << 13);
    if (hang !== 0) {
      const b = this.blocked(hang);
      w0 |= (b << 2) & 4;
      w1 |= (b << 1) & 4;
      w2 |= b & 4;
      w3 |= (b >> 1) & 4;
      w4 |= (b >> 2) & 4;
      w5 |= (b >> 3) & 4;
      w6 |= (b >> 4) & 4;
      w7 |= (b >> 5) & 4;
      w8 |= (b >> 6) & 4;
      w9 |= (b >> 7) & 4;
      w10 |= (b >> 8) & 4;
      w11 |= (b >> 9) & 4;
      w12 |= (b >> 10) & 4;
      w13 |= (b >> 11) & 4;
    }
    if (!this.es) {
      // unrolled: each term inlined with its slot's constants (3× faster than a loop over k)
      total += term(w0, bs, q1, row, top, zero, factor, p1);
      total += term(w1, bs, q1, row, top, zero, factor, p1);
      total += term(w2, bs, q1, row, top, zero, factor, p1);
      total += term(w3, bs, q1, row, top, zero, factor, p1);
      total += term(w4, bs, q1, row, top, zero, factor, p1);
      total += term(w5, bs, q1, row, top, zero, factor, p1);
      total += term(w6, bs, q1, row, top, zero, factor, p1);
      total += term(w7, bs, q1, row, top, zero, factor, p1);
      if (R.neighbourSlots === 8) return total;
      total += term(w8, bs, L[8], row, top, zero, factor, p2);
      total += term(w9, bs, L[9], row, top, zero, factor, p2);
      total += term(w10, bs, L[10], row, top, zero, factor, p2);
      total += term(w11, bs, L[11], row, top, zero, factor, p2);
      total += term(w12, bs, L[12], row, top, zero, factor, p2);
      total += term(w13, bs, L[13], row, top, zero, factor, p2);
      return total;
    }
    // with the step-edge term: the occupied saddle sites around s from the words
    const occ =
      (OCCUPIES[w0 & WORD_SPECIES] << 0) |
      (OCCUPIES[w1 & WORD_SPECIES] << 1) |
      (OCCUPIES[w2 & WORD_SPECIES] << 2) |
      (OCCUPIES[w3 & WORD_SPECIES] << 3) |
      (OCCUPIES[w4 & WORD_SPECIES] << 4) |
      (OCCUPIES[w5 & WORD_SPECIES] << 5) |
      (OCCUPIES[w6 & WORD_SPECIES] << 6) |
      (OCCUPIES[w7 & WORD_SPECIES] << 7) |
      (OCCUPIES[w8 & WORD_SPECIES] << 8) |
      (OCCUPIES[w9 & WORD_SPECIES] << 9) |
      (OCCUPIES[w10 & WORD_SPECIES] << 10) |
      (OCCUPIES[w11 & WORD_SPECIES] << 11) |
      (OCCUPIES[w12 & WORD_SPECIES] << 12) |
      (OCCUPIES[w13 & WORD_SPECIES] << 13);
    const es = R.schwoebel;
    const rowES = catS << 5;
    total += termES(w0, bs, q1, row, top, zero, factor, p1, es, rowES | (((w0 >> 3) & 3) << 3), occ & COMMON_MASK[0]);
    total += termES(w1, bs, q1, row, top, zero, factor, p1, es, rowES | (((w1 >> 3) & 3) << 3), occ & COMMON_MASK[1]);
    total += termES(w2, bs, q1, row, top, zero, factor, p1, es, rowES | (((w2 >> 3) & 3) << 3), occ & COMMON_MASK[2]);
    total += termES(w3, bs, q1, row, top, zero, factor, p1, es, rowES | (((w3 >> 3) & 3) << 3), occ & COMMON_MASK[3]);
    total += termES(w4, bs, q1, row, top, zero, factor, p1, es, rowES | (((w4 >> 3) & 3) << 3), occ & COMMON_MASK[4]);
    total += termES(w5, bs, q1, row, top, zero, factor, p1, es, rowES | (((w5 >> 3) & 3) << 3), occ & COMMON_MASK[5]);
    total += termES(w6, bs, q1, row, top, zero, factor, p1, es, rowES | (((w6 >> 3) & 3) << 3), occ & COMMON_MASK[6]);
    total += termES(w7, bs, q1, row, top, zero, factor, p1, es, rowES | (((w7 >> 3) & 3) << 3), occ & COMMON_MASK[7]);
    if (R.neighbourSlots === 8) return total;
    total += termES(w8, bs, L[8], row, top, zero, factor, p2, es, rowES | (((w8 >> 5) & 3) << 3), occ & COMMON_MASK[8]);
    total += termES(w9, bs, L[9], row, top, zero, factor, p2, es, rowES | (((w9 >> 5) & 3) << 3), occ & COMMON_MASK[9]);
    total += termES(w10, bs, L[10], row, top, zero, factor, p2, es, rowES | (((w10 >> 5) & 3) << 3), occ & COMMON_MASK[10]);
    total += termES(w11, bs, L[11], row, top, zero, factor, p2, es, rowES | (((w11 >> 5) & 3) << 3), occ & COMMON_MASK[11]);
    total += termES(w12, bs, L[12], row, top, zero, factor, p2, es, rowES | (((w12 >> 5) & 3) << 3), occ & COMMON_MASK[12]);
    total += termES(w13, bs, L[13], row, top, zero, factor, p2, es, rowES | (((w13 >> 5) & 3) << 3), occ & COMMON_MASK[13]);
    return total;
  }

  /**
   * The slots that a hop of s may not go to, given `hang`, the slots of its Li neighbours bonded to
   * s alone: every slot whose site is not bonded to each of them (a hop there would leave one of them
   * with no bond, an isolated atom that no hop could move: no vapour, as for the mover). The
   * reverse of a blocked hop starts from a state with an isolated atom, outside the state space of
   * the hops, so detailed balance holds on it.
   */
  private blocked(hang: number): number {
    let allowed = 0x3fff;
    for (let c = 0; c < 14; c++) if ((hang >> c) & 1) allowed &= this.keep[c];
    return ~allowed & 0x3fff;
  }

  /** The acceleration class of the hop picked by the last `choose` (0 unless `classed`). */
  get chosenClass(): number {
    return this.cls;
  }

  /**
   * The target of a hop from s picked with u ∈ [0,1) in proportion to the hops' rates (−1: none),
   * and its path: the terms of `rate`, in the same order and each the same product, until u times
   * the site's total is used up.
   */
  choose(s: number, u: number): number {
    this.chosen = -1;
    if (this.st.word[s] >> WORD_BOND_SHIFT <= 0) return -1;
    this.pick(s, u * this.tree.leaves[s]);
    return this.chosen;
  }

  /**
   * The hops of s term by term, in neighbour order, until r is used up (r = ∞: all of them):
   * returns their sum so far and leaves the last one's target, path and class in `chosen`,
   * `path`, `cls`. Each term is k·boltz[ΔE]·[step-edge factor] with k the path's constant, or
   * (classed) its class's entry of `classRate`; for classed runs this is also `rate`'s kernel, so
   * that the total and the pick are the same products summed in the same order.
   */
  private pick(s: number, r: number): number {
    const st = this.st;
    const word = st.word;
    const cnt = st.cnt;
    const R = this.rates;
    const ws = word[s];
    const bs = ws >> WORD_BOND_SHIFT;
    const list = this.offsets;
    const o = st.lat.neighbourRow(s, 4);
    const catS = (ws >> 5) & 3;
    const classed = this.classed;
    const classRate = this.classRate;
    const binS = classed ? bondBin(cnt[s]) * NEIGHBOUR_BINS : 0;
    let occ = 0;
    if (this.es) for (let k = 0; k < 14; k++) occ |= OCCUPIES[word[s + list[o + k]] & WORD_SPECIES] << k;
    // no vapour by a neighbour (`blocked`)
    const H = this.hangWord;
    let hang = 0;
    for (let k = 0; k < 14; k++) hang |= +((word[s + list[o + k]] & HANG_BITS) === H[k]) << k;
    const block = hang === 0 ? 0 : this.blocked(hang);
    let total = 0;
    let chosen = -1;
    let path = 0;
    let ci = 0;
    for (let k = 0; k < R.neighbourSlots; k++) {
      const t = s + list[o + k];
      const wt = word[t];
      if ((wt & WORD_SPECIES) !== EMPTY || ((block >> k) & 1) !== 0) continue;
      const first = k < 8;
      const bt = (wt >> WORD_BOND_SHIFT) - this.link[k];
      if (bt <= 0) continue;
      const dq = bs - bt;
      let f = dq <= 0 ? 1 : dq > R.maxQuanta ? 0 : R.boltz[dq];
      if (f === 0) continue;
      const catT = (wt >> (first ? 3 : 5)) & 3;
      const cls = CLASS_OF[catS * 4 + catT];
      let c = 0;
      if (classed) {
        // the class (path, b_s, b_t): b_t from t's counts without the mover
        c = cls * (NEIGHBOUR_BINS * NEIGHBOUR_BINS) + binS + bondBin(cnt[t] - (first ? LI1_ONE : LI2_ONE));
        f *= classRate[c];
      } else f *= R.k[cls];
      if (this.es) f *= R.schwoebel[((catS * 4 + catT) << 3) | POPCOUNT[occ & COMMON_MASK[k]]];
      if (f <= 0) continue;
      total += f;
      chosen = t;
      path = cls;
      ci = c;
      r -= f;
      if (r < 0) break;
    }
    this.chosen = chosen;
    this.path = path;
    this.cls = ci;
    return total;
  }

  /** A hop of the Li atom at s (u picks which); counted by path. */
  perform(s: number, u: number): void {
    const t = this.choose(s, u);
    if (t < 0) return;
    const st = this.st;
    const b = st.body[s];
    const born = st.born[s];
    const from = st.records.from[s];
    st.setSpecies(s, EMPTY, -1);
    st.setSpecies(t, LI, b, born);
    // first split b if the move cut it (every body is one component again), then merge the
    // mover's component with any body it now touches
    this.conn.splitAround(s, b, t);
    this.conn.mergeAround(t);
    st.counters.hops[this.path]++;
    if (this.classed) this.classHops[this.cls]++;
    st.records.hop(s, t, this.path, from);
  }
}
