/**
 * The paper's analytic relations (Gao et al., Nat. Commun. 13, 5050 (2022)), in SI.
 *
 *  Eq. 1 (Griffith, after Porz et al. 2017): σc = K_IC / (Y·√(π·a)).
 *  Eq. 2: σ ≈ F·Δφ / Vm (the pressure that an overpotential Δφ can build, and back).
 *  Eq. 3: F·Δφ/Vm = γ·s/A + ½·ρ·v² for a whisker growing at velocity v on a contact of perimeter
 *         s and area A (s/A = 4/d for a round contact of diameter d).
 *  Growth velocity ↔ current density: i = v·F/Vm.
 */
import { FARADAY_C_PER_MOL, LI_DENSITY_KG_PER_M3, LI_MOLAR_VOLUME_M3_PER_MOL } from "../constants/physical.ts";
import { GRIFFITH_Y, LI_SURFACE_ENERGY_PAPER_J_PER_M2, LLZO_TOUGHNESS_MPA_SQRT_M } from "../constants/materials.ts";

/** Ta-doped LLZO fracture toughness (Pa·m^½). */
export const LLZO_KIC = LLZO_TOUGHNESS_MPA_SQRT_M * 1e6;
/** Surface energy of Li used by the paper's Eq. 3 (J/m², ref. 40). */
export const LI_SURFACE_ENERGY = LI_SURFACE_ENERGY_PAPER_J_PER_M2;

/** Eq. 1: critical stress (Pa) for a flaw of size a (m). */
export function griffithStress(a: number, KIC = LLZO_KIC, Y = GRIFFITH_Y): number {
  return KIC / (Y * Math.sqrt(Math.PI * a));
}

/** Eq. 1 inverted: the flaw size (m) that cracks at stress σ (Pa). */
export function griffithFlawSize(sigma: number, KIC = LLZO_KIC, Y = GRIFFITH_Y): number {
  return (KIC / (Y * sigma)) ** 2 / Math.PI;
}

/** Eq. 2: overpotential (V) that corresponds to a stress σ (Pa). */
export function overpotentialForStress(sigma: number, Vm = LI_MOLAR_VOLUME_M3_PER_MOL): number {
  return (sigma * Vm) / FARADAY_C_PER_MOL;
}

/** Eq. 2: stress (Pa) an overpotential Δφ (V) can build. */
export function stressForOverpotential(dphi: number, Vm = LI_MOLAR_VOLUME_M3_PER_MOL): number {
  return (FARADAY_C_PER_MOL * dphi) / Vm;
}

/** i = v·F/Vm: current density (A/m²) of a front advancing at v (m/s). */
export function currentDensityForVelocity(v: number, Vm = LI_MOLAR_VOLUME_M3_PER_MOL): number {
  return (v * FARADAY_C_PER_MOL) / Vm;
}

export function velocityForCurrentDensity(i: number, Vm = LI_MOLAR_VOLUME_M3_PER_MOL): number {
  return (i * Vm) / FARADAY_C_PER_MOL;
}

/**
 * Eq. 3 for a round contact of diameter d (m) and growth velocity v (m/s): the stress
 * γ·s/A + ½ρv² (Pa) and the overpotential (V) that drives it.
 */
export function whiskerStress(d: number, v: number, gamma = LI_SURFACE_ENERGY, rho = LI_DENSITY_KG_PER_M3): number {
  return (gamma * 4) / d + 0.5 * rho * v * v;
}

export function whiskerOverpotential(d: number, v: number, gamma = LI_SURFACE_ENERGY, rho = LI_DENSITY_KG_PER_M3): number {
  return overpotentialForStress(whiskerStress(d, v, gamma, rho));
}

/** Eq. 3 inverted: the contact diameter (m) that a whisker stress σ (Pa) implies (v² term dropped). */
export function whiskerDiameterForStress(sigma: number, gamma = LI_SURFACE_ENERGY): number {
  return (4 * gamma) / sigma;
}
