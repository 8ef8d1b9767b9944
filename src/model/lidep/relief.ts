/**
 * Strain relief (MODEL.md §2.3): stored excess leaves a confined body only through explicit
 * events — a site's worth of excess atoms (n³) of a body settles into an empty edge site next to
 * it (leaf = slot), gaining p·Ω per atom and paying the bond energy of the site. A body can
 * relieve once it holds a site's worth. The weight of a site sums the channels that are switched
 * on (rate laws in mechanics/relief.ts):
 *  - diffusional creep: excess atoms reach the edge along the Li|LLZO interface (or the Li|CC
 *    gap) from a contact of radius R: the flux N_ex·D/R² (N_ex in sites) shared by the ≈ 2πR/ℓ
 *    edge sites, with D = k·ℓ² of the path, gives k·N_ex·(ℓ/R)³/(2π) per edge site, times the
 *    Boltzmann factor of ΔE − p·Ω·n³ (uphill only);
 *  - dislocation outflow: above the squeeze-flow pressure p_f = σ_y·(1 + 2R/(3√3·h)) the confined
 *    layer (thickness h) flows out at ε̇ = ε̇0·(p − p_f)/p_f, i.e. ε̇·N sites per second shared by
 *    the edge sites. Yield limits shear, not pressure: with no edge, no outflow;
 *  - power-law creep (bulk Li only): ε̇ = A·(p/1 MPa)^n·exp(−Q/RT), likewise shared.
 */
import { LI_LATTICE_CONSTANT_M } from "../../constants/physical.ts";
import type { SumTree } from "../../kmc/sumtree.ts";
import { creepRate, dislocationRate, powerLawRate, squeezeFlowPressure } from "../../mechanics/relief.ts";
import { COLLECTOR, INTERFACE } from "../params.ts";
import { EMPTY, LI, SUB_MASK } from "../species.ts";
import type { Connectivity } from "./connectivity.ts";
import type { HopRates } from "./hops.ts";
import { pressureKT, type ReliefDrivers } from "./pressure.ts";
import type { LiState } from "./state.ts";

export class Relief implements ReliefDrivers {
  /** Relief into each empty slot site (leaf = slot). */
  readonly tree: SumTree;
  /** The channels' shares of the last weight computed. */
  private creep = 0;
  private dislocation = 0;
  private powerLaw = 0;
  private readonly nb = new Int32Array(14);

  constructor(
    private readonly st: LiState,
    private readonly conn: Connectivity,
    private readonly hopRates: HopRates,
  ) {
    this.tree = st.slotTree();
  }

  /** Relief weight of slot site s (0 unless it is empty). */
  refreshSlot(s: number): void {
    const st = this.st;
    const i = st.islot[s];
    const w = st.spec[s] === EMPTY ? this.weight(s) : 0;
    if (this.tree.leaves[i] !== w) this.tree.set(i, w);
  }

  /** The relief weight the empty site s would have now (1/s). */
  weightAt(s: number): number {
    return this.weight(s);
  }

  /** Whether body b can relieve: it holds a site's worth of excess and is confined or pressed. */
  private canRelieve(b: number): boolean {
    const B = this.st.bodies;
    return B.excess[b] >= this.st.m && (B.confined[b] === 1 || B.pressure[b] > 0);
  }

  /** The body next to s with the most excess that could relieve it, or −1. */
  private source(s: number): number {
    const st = this.st;
    const nb = this.nb;
    st.lat.neighboursFast(s, nb);
    const B = st.bodies;
    let best = -1;
    for (let k = 0; k < 14; k++) {
      const t = nb[k];
      if (st.spec[t] !== LI) continue;
      const b = st.body[t];
      if (this.canRelieve(b) && (best < 0 || B.excess[b] > B.excess[best])) best = b;
    }
    return best;
  }

  /**
   * The body factors of body b's relief weights (pressure.ts decides from them when to walk its
   * edge): out[0] the creep factor, the weight of an edge site being k_path·boltz(ΔE − p·Ω)·out[0];
   * out[1] the dislocation and power-law weight of each edge site. Both 0 when it cannot relieve.
   */
  drivers(b: number, out: Float64Array): void {
    out[0] = 0;
    out[1] = 0;
    if (!this.st.bodies.isLive(b) || !this.canRelieve(b)) return;
    const st = this.st;
    const mech = st.p.mechanics;
    const B = st.bodies;
    if (mech.creep) out[0] = creepRate(1, B.excess[b] / st.m, Math.max(1, B.root[b]), 0);
    out[1] = this.flow(b);
  }

  /** Dislocation outflow plus power-law creep per edge site of body b (1/s). */
  private flow(b: number): number {
    const st = this.st;
    const mech = st.p.mechanics;
    const B = st.bodies;
    const p = B.pressure[b];
    const ring = Math.max(1, B.ring[b]);
    this.dislocation = mech.dislocation && p > 0 ? dislocationRate(mech.dislocationRate, p, this.flowPressure(b), B.size[b], ring) : 0;
    this.powerLaw = mech.powerLaw && p > 0 ? powerLawRate(mech.powerLawA, mech.powerLawN, mech.powerLawQ, st.p.temperature, p, B.size[b], ring) : 0;
    return this.dislocation + this.powerLaw;
  }

  /** Relief weight into the empty edge site s (1/s), the sum of the channels switched on. */
  private weight(s: number): number {
    this.creep = 0;
    this.dislocation = 0;
    this.powerLaw = 0;
    const b = this.source(s);
    if (b < 0) return 0;
    const st = this.st;
    const B = st.bodies;
    const pi = pressureKT(st, b);
    if (st.p.mechanics.creep) {
      const path = (st.cnt[s] & SUB_MASK) !== 0 ? INTERFACE : COLLECTOR;
      // the rule's rate, without the coarse-graining calibration (which corrects the lattice's mobile
      // population, not a rate law's D)
      this.creep = creepRate(this.hopRates.kRule[path], B.excess[b] / st.m, Math.max(1, B.root[b]), st.excessEnergyKT(s) - pi);
    }
    return this.creep + this.flow(b);
  }

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

  /** Relief into the empty edge site s: a site's worth of excess atoms of the adjacent body settles there (u names the channel, for the counters). */
  relieve(s: number, u: number): void {
    const st = this.st;
    const b = this.source(s);
    if (b < 0 || st.spec[s] !== EMPTY) return;
    const r = u * this.weight(s);
    if (r < this.creep) st.counters.creep++;
    else if (r < this.creep + this.dislocation) st.counters.dislocation++;
    else st.counters.powerLaw++;
    st.setSpecies(s, LI, b, st.time);
    st.bodies.addExcess(b, -st.m);
    st.markBody(b);
    this.conn.mergeAround(s);
  }
}
