/**
 * Li0 hop rates (MODEL.md §2.2).
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
 * → k/n³; the barriers that set the temperature dependence use the physical kT.
 */
import { BOLTZMANN_J_PER_K } from "../../constants/physical.ts";
import { BULK, COLLECTOR, INTERFACE, PATH_NAMES, SURFACE, type ModelParams } from "../params.ts";
import { QUANTA_PER_KT } from "../energy.ts";
import { LI1_SHIFT, SUB_MASK, CC_MASK } from "../species.ts";

/** Neighbour slot vectors in units of a/2 (the order of BccLattice.neighbours). */
export const SLOT_VECTORS: ReadonlyArray<readonly [number, number, number]> = (() => {
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
export const COMMON = new Int8Array(14 * 6);
export const COMMON_COUNT = new Int8Array(14);
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
export const CLASS_OF = new Uint8Array(16);
const PRIORITY = [1, 0, 3, 2]; // bulk, surface, interface, collector
for (let a = 0; a < 4; a++) for (let b = 0; b < 4; b++) CLASS_OF[a * 4 + b] = PRIORITY[a] >= PRIORITY[b] ? a : b;

/** Category of a site from its packed counts (with the mover already removed from them). */
export function category(c: number, bulkCoordination: number): number {
  if ((c & SUB_MASK) !== 0) return INTERFACE;
  if ((c & CC_MASK) !== 0) return COLLECTOR;
  return ((c >> LI1_SHIFT) & 15) >= bulkCoordination ? BULK : SURFACE;
}

export class HopRates {
  /** Rate constant per path (1/s), coarse-grained. */
  readonly k = new Float64Array(4);
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
      this.k[c] = r.prefactor * Math.exp(-r.barrier / kT) * scale;
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

export { BULK, SURFACE, INTERFACE, COLLECTOR };
