/**
 * Rate laws of the strain-relief channels (MODEL.md §2.3). Each gives the rate (1/s) at which
 * excess atoms of a compressed body settle into one of its `ring` edge sites (empty sites at the
 * triple-phase boundary or the Li|collector gap edge).
 */
import { GAS_CONSTANT_J_PER_MOL_K } from "../constants/physical.ts";

/**
 * Diffusional creep: excess atoms reach the edge along the Li|LLZO interface (or the Li|CC gap)
 * from a contact of radius R. The flux N_ex·D/R² shared by ≈ 2πR/ℓ edge sites, with D = k·ℓ² of
 * the path, gives k·N_ex·(ℓ/R)³/(2π) per edge site, times the Boltzmann factor of the energy an
 * excess atom pays to sit at the edge site, ΔE − p·Ω·n³ (uphill only; `dE` in units of kT_n).
 * R/ℓ = √(root/π) for a root of `root` sites.
 */
export function creepRate(kPath: number, excess: number, root: number, dE: number): number {
  const boltz = dE <= 0 ? 1 : Math.exp(-dE);
  // (R/ℓ)³ of the last root asked for (a walk asks for one body's at every edge site)
  if (root !== lastRoot) {
    lastRoot = root;
    const rOverL = Math.sqrt(Math.max(1, root) / Math.PI);
    lastCube = rOverL ** 3;
  }
  return (kPath * excess * boltz) / (2 * Math.PI * lastCube);
}
let lastRoot = Number.NaN;
let lastCube = Number.NaN;

/**
 * Pressure (Pa) needed to squeeze Li out of a layer of thickness h under a contact of radius R,
 * p_f = σ_y·(1 + 2R/(3√3·h)) (MODEL.md §2.3: ≈ 2.6 GPa for σ_y = 244 MPa, R = 0.5 µm, h = 20 nm).
 */
export function squeezeFlowPressure(yieldStrength: number, R: number, h: number): number {
  return yieldStrength * (1 + (2 * R) / (3 * Math.sqrt(3) * h));
}

/**
 * Dislocation outflow above the squeeze-flow pressure: strain rate ε̇0·(p − p_f)/p_f of a body of
 * `size` sites, shared by its edge sites. Yield limits shear, not pressure: with no edge, nothing
 * flows, whatever the pressure.
 */
export function dislocationRate(rate0: number, p: number, pFlow: number, size: number, ring: number): number {
  return p > pFlow ? (rate0 * ((p - pFlow) / pFlow) * size) / Math.max(1, ring) : 0;
}

/** Power-law creep of bulk Li: ε̇ = A·(p/1 MPa)^n·exp(−Q/RT), shared by the edge sites. */
export function powerLawRate(A: number, n: number, Q: number, T: number, p: number, size: number, ring: number): number {
  if (p <= 0) return 0;
  return (A * Math.pow(p / 1e6, n) * Math.exp(-Q / (GAS_CONSTANT_J_PER_MOL_K * T)) * size) / Math.max(1, ring);
}
