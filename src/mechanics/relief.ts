/**
 * Rate laws of the strain-relief channels (MODEL.md §2.3), as pure functions: diffusional creep
 * (paired emergence / re-entry of excess atoms at the edge of a contact, detailed balance), the
 * size-dependent yield strength and dislocation outflow above the squeeze-flow pressure, and
 * power-law creep of bulk Li. The model (model/lidep/relief.ts) turns them into per-site events.
 */
import { GAS_CONSTANT_J_PER_MOL_K } from "../constants/physical.ts";

// ---------------------------------------------------------------------------------------------
// Diffusional creep

/**
 * Bernoulli function B(x) = x/(eˣ − 1), B(0) = 1 (series below |x| = 1e-6, asymptotes beyond
 * ±700 so that no exponential overflows).
 */
export function bernoulli(x: number): number {
  const ax = Math.abs(x);
  if (ax < 1e-6) return 1 - x / 2;
  if (x > 700) return x * Math.exp(-x);
  if (x < -700) return -x;
  return x / Math.expm1(x);
}

/**
 * Emergence and re-entry rates of diffusional creep, in atoms per second over a contact's whole
 * edge, for a driving force x = (p·Ω − ΔE)/kT per atom (p the body's pressure, ΔE the energy of an
 * atom at the edge site relative to bulk Li):
 *
 *   emergence = K·B(−x),   re-entry = K·B(x),   B the Bernoulli function,
 *
 * so that emergence/re-entry = B(−x)/B(x) = exp(x) (detailed balance with respect to the energy
 * p·Ω − ΔE that an atom gains by leaving the compressed body for the edge site), and the net flux
 * is K·(B(−x) − B(x)) = K·x exactly: linear in the driving force at every p, as the Coble-type
 * continuum flux is (this is the Scharfetter–Gummel pair of a drift–diffusion flux). Why linear
 * and not sinh-like: the flux crosses R/a ≫ 1 lattice steps in series, each with a drop of
 * x·a/R ≪ 1 kT up to x ~ R/a (≈ 1,400 at R = 0.5 µm, i.e. hundreds of GPa), so the continuum law
 * is exact over the whole range of the model. Relief grows with p and stops at p·Ω = ΔE.
 * `K` is `creepConductance` (atoms/s per unit x).
 */
export function creepEmergence(K: number, x: number): number {
  return K * bernoulli(-x);
}
export function creepReentry(K: number, x: number): number {
  return K * bernoulli(x);
}

/**
 * Geometry of a contact for diffusional creep: a disc of radius R (a 3D box), or a slice of
 * thickness L_y through a disc's diameter (a thin slab periodic in y, the TEM cross-section,
 * where the contact is a strip of half-width R = A/(2·L_y) with two edges of length L_y).
 */
export type CreepGeometry = { kind: "disc" } | { kind: "slice"; thickness: number };

/**
 * Creep conductance K (atoms/s per unit of the driving force x = (p·Ω − ΔE)/kT) of a contact of
 * area A (m²) along a path of diffusivity D (m²/s) and thickness δ (m); Ω the atomic volume.
 *
 * Derivation (Coble-type interface diffusion from a contact whose excess is supplied uniformly over
 * its area, as root insertion does). Atoms in the interface layer move with the flux per unit
 * length j = −(D·δ/(Ω·kT))·dμ/dr. With a uniform source ṅ (atoms/m²/s) over a disc of radius R,
 * continuity gives j(r) = ṅ·r/2, so μ(r) − μ(R) = (Ω·kT·ṅ/(4·D·δ))·(R² − r²): a parabola. The
 * body's pressure p is the mean normal stress over the contact, and the edge holds μ(R) = ΔE, so
 * the mean of μ − μ(R), half its value at the centre, is p·Ω − ΔE: μ(0) − μ(R) = 2·(p·Ω − ΔE).
 * Then ṅ = 8·D·δ·(p·Ω − ΔE)/(Ω·kT·R²) and the total flux through the edge is
 *
 *   J = π·R²·ṅ = 8π·(D·δ/Ω)·x,   i.e. K = 8π·D·δ/Ω (independent of R),
 *
 * or 4·(D·δ/Ω)·x/R per unit length of edge (J over 2πR). A slice through a disc's diameter keeps
 * that flux per unit edge length on its two edges of length L_y: J = 2·L_y·4·(D·δ/Ω)·x/R with
 * R = A/(2·L_y), K = 16·L_y²·D·δ/(Ω·A). At low p (x ≪ 1, ΔE = 0) both are the linear Coble-type
 * flux J = K·p·Ω/kT ∝ D·δ·p/kT.
 */
export function creepConductance(D: number, delta: number, omega: number, area: number, geometry: CreepGeometry): number {
  const DdO = (D * delta) / omega;
  if (geometry.kind === "disc") return 8 * Math.PI * DdO;
  return (16 * geometry.thickness * geometry.thickness * DdO) / Math.max(area, Number.MIN_VALUE);
}

// ---------------------------------------------------------------------------------------------
// Dislocation outflow

/**
 * Size-dependent yield strength of Li (Pa) for a smallest dimension `size` (m): Xu et al., PNAS
 * 114, 57 (2017), single-crystalline Li pillars at room temperature, σ_y = 105 MPa at 1 µm with a
 * power-law size effect of exponent −0.68, capped at the largest strength measured on nanosized Li
 * (244 MPa, Zhang et al., Nat. Nanotechnol. 15, 94 (2020): the law is not extrapolated beyond what
 * was measured), and floored at the bulk value (≈ 0.6–1 MPa, Masias et al., J. Mater. Sci. 54,
 * 2585 (2019)).
 */
export function sizeYieldStrength(size: number, ref: number, refSize: number, exponent: number, cap: number, floor: number): number {
  const s = ref * Math.pow(Math.max(size, 1e-12) / refSize, exponent);
  return Math.max(floor, Math.min(cap, s));
}

/**
 * Pressure (Pa) needed to squeeze Li out of a layer of thickness h under a contact of radius R,
 * p_f = σ_y·(1 + 2R/(3√3·h)) (MODEL.md §2.3: ≈ 2.6 GPa for σ_y = 244 MPa, R = 0.5 µm, h = 20 nm).
 */
export function squeezeFlowPressure(yieldStrength: number, R: number, h: number): number {
  return yieldStrength * (1 + (2 * R) / (3 * Math.sqrt(3) * h));
}

/**
 * Dislocation outflow from a confined layer (1/s per edge site): at and above the squeeze-flow
 * pressure p_f the layer flows at ε̇ = ε̇_y·(p/p_f)^m — ε̇_y the strain rate at which the yield
 * strength was measured (Xu et al. 2017: 1e-3 /s) and m Li's stress exponent (LePage et al. 2019:
 * 6.6), i.e. the yield stress read as a flow stress at the test's rate — a `size`-site body's
 * ε̇·size sites per second shared by its `ring` edge sites. Below p_f nothing flows (yield limits
 * shear, not pressure: with no edge, no outflow either).
 */
export function dislocationRate(rate0: number, exponent: number, p: number, pFlow: number, size: number, ring: number): number {
  return p >= pFlow && pFlow > 0 ? (rate0 * Math.pow(p / pFlow, exponent) * size) / Math.max(1, ring) : 0;
}

// ---------------------------------------------------------------------------------------------
// Power-law creep (bulk Li only)

/** Power-law creep of bulk Li: ε̇ = A·(p/1 MPa)^n·exp(−Q/RT), shared by the edge sites. */
export function powerLawRate(A: number, n: number, Q: number, T: number, p: number, size: number, ring: number): number {
  if (p <= 0) return 0;
  return (A * Math.pow(p / 1e6, n) * Math.exp(-Q / (GAS_CONSTANT_J_PER_MOL_K * T)) * size) / Math.max(1, ring);
}
