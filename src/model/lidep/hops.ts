/**
 * Li0 hops (MODEL.md §2.2): the rate table, the one kernel that gives a site's total hop rate and
 * picks its hop, and the hop event.
 *
 * Rate of a hop s → t (t an empty first or second neighbour with a bond of its own, and s with
 * a bond: Li does not evaporate; the condition is symmetric in s and t):
 *   k = k_path · exp(−max(0, ΔE)/kT_n) · [exp(−E_ES/kT) if the hop crosses a step edge],
 * with ΔE = B_s − (B_t − ε_st) the bond energy lost at s minus the bond energy gained at t
 * (B = the site's bonds to Li, LLZO and CC; ε_st the bond between s and t, which the mover does
 * not keep), and k_path = ν_path·exp(−E_path/kT) rescaled for coarse graining. A flat hop (ΔE = 0)
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
import type { SumTree } from "../../kmc/sumtree.ts";
import { BULK, PATH_NAMES, SURFACE, type ModelParams } from "../params.ts";
import { QUANTA_PER_KT } from "../energy.ts";
import { CC, CC_MASK, EMPTY, LI, LI1_ONE, LI1_SHIFT, LI2_ONE, LLZO, SUB_MASK } from "../species.ts";
import type { Connectivity } from "./connectivity.ts";
import type { LiState } from "./state.ts";
import { HOP_CLASSES, NEIGHBOUR_BINS, bondBin } from "./hop-classes.ts";

/** Neighbour slot vectors in units of a/2 (the order of BccLattice.neighbours). */
const SLOT_VECTORS: ReadonlyArray<readonly [number, number, number]> = (() => {
  const v: [number, number, number][] = [];
  for (let k = 0; k < 8; k++) v.push([k & 1 ? 1 : -1, k & 2 ? 1 : -1, k & 4 ? 1 : -1]);
  v.push([-2, 0, 0], [2, 0, 0], [0, -2, 0], [0, 2, 0], [0, 0, -2], [0, 0, 2]);
  return v;
})();

function isNeighbourVector(x: number, y: number, z: number): boolean {
  const ax = Math.abs(x), ay = Math.abs(y), az = Math.abs(z);
  if (ax === 1 && ay === 1 && az === 1) return true;
  return ax + ay + az === 2 && (ax === 2 || ay === 2 || az === 2);
}

/**
 * COMMON[d * 6 + m] (m < COMMON_COUNT[d]): the neighbour slots of s that are also neighbours of
 * its neighbour in slot d — the sites around the saddle of the hop s → neighbour d.
 */
const COMMON = new Int8Array(14 * 6);
const COMMON_COUNT = new Int8Array(14);
for (let d = 0; d < 14; d++) {
  const vd = SLOT_VECTORS[d];
  let m = 0;
  for (let c = 0; c < 14; c++) {
    if (c === d) continue;
    const vc = SLOT_VECTORS[c];
    if (isNeighbourVector(vc[0] - vd[0], vc[1] - vd[1], vc[2] - vd[2])) COMMON[d * 6 + m++] = c;
  }
  COMMON_COUNT[d] = m;
}

/** Symmetric path of a hop between categories a and b: CLASS_OF[a * 4 + b]. */
const CLASS_OF = new Uint8Array(16);
const PRIORITY = [1, 0, 3, 2]; // bulk, surface, interface, collector
for (let a = 0; a < 4; a++) for (let b = 0; b < 4; b++) CLASS_OF[a * 4 + b] = PRIORITY[a] >= PRIORITY[b] ? a : b;

/**
 * Category of a site from its packed counts (with the mover already removed from them): the
 * paths INTERFACE (2), COLLECTOR (3), BULK (0), SURFACE (1) of params.ts, written as literals
 * for the hot loop.
 */
function category(c: number, bulkCoordination: number): number {
  if ((c & SUB_MASK) !== 0) return 2;
  if ((c & CC_MASK) !== 0) return 3;
  return ((c >> LI1_SHIFT) & 15) >= bulkCoordination ? 0 : 1;
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
  }
}

/** The hops of the Li atoms: one leaf per site, its total hop rate. */
export class Hops {
  /** Rate of each site's hops (leaf = site). */
  readonly tree: SumTree;
  readonly rates: HopRates;
  /** Target, path and class of the hop picked by the last `choose`. */
  private chosen = -1;
  private path = 0;
  private cls = 0;
  /**
   * Acceleration (acceleration.ts, issue 17): the rate constant of each hop class
   * (path, n_s, n_t) — k_path times the class's factor α (1 unless scaled) — and the hops
   * executed per class so far.
   */
  readonly classRate = new Float64Array(HOP_CLASSES);
  readonly classHops = new Float64Array(HOP_CLASSES);
  /** Hops per class that undid the atom's previous hop (back to where it came from). */
  readonly classUndone = new Float64Array(HOP_CLASSES);
  private readonly nb = new Int32Array(14);

  constructor(
    private readonly st: LiState,
    private readonly conn: Connectivity,
  ) {
    this.tree = st.siteTree();
    this.rates = new HopRates(st.p);
    for (let c = 0; c < HOP_CLASSES; c++) this.classRate[c] = this.rates.k[Math.floor(c / (NEIGHBOUR_BINS * NEIGHBOUR_BINS))];
  }

  /** Total hop rate of the Li atom at s (1/s). */
  rate(s: number): number {
    return this.scan(s, Infinity);
  }

  /** The target of a hop from s picked with u ∈ [0,1) in proportion to the hops' rates (−1: none). */
  choose(s: number, u: number): number {
    this.scan(s, u * this.tree.leaves[s]);
    return this.chosen;
  }

  /**
   * The one hop kernel: the rate f of each hop from the Li atom at s to an empty neighbour t,
   * summed in neighbour order; `r` is decreased by each f until it drops below 0, and that hop is
   * the one chosen (r = ∞: nothing is chosen, the total is the site's rate). Rate of a hop:
   * k_path·min(1, exp(−ΔE/kT_n))·[step-edge factor]; a hop needs a bond at both ends (no vapour:
   * the condition is symmetric, so detailed balance holds; at coarse n the softened bonds would
   * otherwise let atoms evaporate).
   */
  private scan(s: number, r: number): number {
    const st = this.st;
    const spec = st.spec;
    const cnt = st.cnt;
    const bq = st.bq;
    const nb = this.nb;
    st.lat.neighboursFast(s, nb);
    const R = this.rates;
    const slots = R.neighbourSlots;
    this.chosen = -1;
    const bs = bq[s];
    if (bs <= 0) return 0; // an isolated atom (no bonds) stays: no vapour
    const catS = category(cnt[s], R.bulkCoordination);
    const classRate = this.classRate;
    const binS = bondBin(cnt[s]) * NEIGHBOUR_BINS; // acceleration class: the Li bond counts of s
    const qLi1 = st.bonds.q[LI * 2];
    const qLi2 = st.bonds.q[LI * 2 + 1];
    const boltz = R.boltz;
    const maxQ = R.maxQuanta;
    const es = R.schwoebelFactor !== 1;
    let total = 0;
    let chosen = -1;
    let path = 0;
    let ci = 0;
    for (let k = 0; k < slots; k++) {
      const t = nb[k];
      if (spec[t] !== EMPTY) continue;
      const first = k < 8;
      const bt = bq[t] - (first ? qLi1 : qLi2);
      if (bt <= 0) continue;
      const dq = bs - bt;
      let f = dq <= 0 ? 1 : dq > maxQ ? 0 : boltz[dq];
      if (f === 0) continue;
      const ct = cnt[t] - (first ? LI1_ONE : LI2_ONE);
      const catT = category(ct, R.bulkCoordination);
      const cls = CLASS_OF[catS * 4 + catT];
      // k_path·α of the class (path, n_s, n_t); α = 1 unless acceleration.ts scaled it
      const c = cls * (NEIGHBOUR_BINS * NEIGHBOUR_BINS) + binS + bondBin(ct);
      f *= classRate[c];
      if (es && cls === SURFACE && this.saddleCount(nb, k) <= R.schwoebelMaxSaddle) f *= R.schwoebelFactor;
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

  /** Occupied (Li, LLZO or CC) sites around the saddle of the hop to neighbour slot k. */
  private saddleCount(nb: Int32Array, k: number): number {
    const spec = this.st.spec;
    let c = 0;
    const base = k * 6;
    for (let m = 0; m < COMMON_COUNT[k]; m++) {
      const sp = spec[nb[COMMON[base + m]]];
      if (sp === LI || sp === LLZO || sp === CC) c++;
    }
    return c;
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
    this.classHops[this.cls]++;
    if (from >= 0 && from >> 2 === t) this.classUndone[this.cls]++;
    st.records.hop(s, t, this.path, from);
  }
}
