/**
 * The physical transport that the coarse-graining calibration aims at (issue 14; MODEL.md §1).
 *
 * Surface (Mullins 1957): B = D_s·ν·Ω²·γ/kT, with D_s the effective surface diffusivity (1e-11 m²/s
 * at 25 °C, PARAMETERS.md, the paper's ref. 31), ν the areal density of the atoms that carry it —
 * every surface atom, ν = 1/a0² (one (001) layer) — Ω = a0³/2 = 21.62 Å³, γ = 0.45 J/m² (lidep's
 * {110} facet energy) and kT at 298.15 K (4.116e-21 J):
 *   B = 1e-11 m²/s × 8.117e18 m⁻² × (2.162e-29 m³)² × 0.45 J/m² / 4.116e-21 J = 4.15e-30 m⁴/s.
 * The range 4–7e-30 m⁴/s quoted in issue 14 spans γ ≈ 0.45–0.5 J/m² (or the stiffness) and ν up to
 * the {110} density √2/a0²; lidep takes the lower end, the values it uses elsewhere.
 *
 * Interface and collector: the diffusivity–width product D·δ of a Coble flux along the buried
 * Li|LLZO (or Li|collector) interface, with the same convention δ = Ω·ν = Ω/a0² = a0/2 (one atomic
 * layer): D_i·δ = 1e-13 m²/s × 1.755e-10 m = 1.755e-23 m³/s (no measured D_i exists: lidep's
 * default, PARAMETERS.md, "between bulk and surface").
 *
 * A coarse lattice reaches these at every n only if it moves as many atoms: n·D_tracer,n = D for
 * a coarse layer n times thicker (MODEL.md §1's hop rule), times the mobile population, which the
 * rule does not keep (ε_n/kT_n = ε/(n·kT)) — hence a measured factor per n and path.
 */
import { BOLTZMANN_J_PER_K, LI_ATOMIC_VOLUME_M3, LI_LATTICE_CONSTANT_M, ROOM_TEMPERATURE_K } from "../constants/physical.ts";
import { LI_DIFFUSIVITY_M2_PER_S, LI_GAMMA_110_J_PER_M2 } from "../constants/materials.ts";

/** Atoms per area of the transporting layer, 1/a0² (m⁻²). */
export const TRANSPORT_LAYER_DENSITY_PER_M2 = 1 / LI_LATTICE_CONSTANT_M ** 2;
/** Width of the transporting layer δ = Ω·ν = a0/2 (m). */
export const TRANSPORT_LAYER_WIDTH_M = LI_ATOMIC_VOLUME_M3 * TRANSPORT_LAYER_DENSITY_PER_M2;

/** Mullins' B (m⁴/s) for a surface diffusivity D (m²/s) at temperature T (K). */
export function mullinsB(D = LI_DIFFUSIVITY_M2_PER_S.surface, T = ROOM_TEMPERATURE_K, gamma = LI_GAMMA_110_J_PER_M2): number {
  return (D * TRANSPORT_LAYER_DENSITY_PER_M2 * LI_ATOMIC_VOLUME_M3 ** 2 * gamma) / (BOLTZMANN_J_PER_K * T);
}

/** D·δ (m³/s) of an interface path of diffusivity D (m²/s). */
export function interfaceDdelta(D: number): number {
  return D * TRANSPORT_LAYER_WIDTH_M;
}

export const TARGETS = {
  surface: { quantity: "B", unit: "m^4/s", D_m2_per_s: LI_DIFFUSIVITY_M2_PER_S.surface, value: mullinsB() },
  interface: { quantity: "D*delta", unit: "m^3/s", D_m2_per_s: LI_DIFFUSIVITY_M2_PER_S.interface, value: interfaceDdelta(LI_DIFFUSIVITY_M2_PER_S.interface) },
  collector: { quantity: "D*delta", unit: "m^3/s", D_m2_per_s: LI_DIFFUSIVITY_M2_PER_S.collector, value: interfaceDdelta(LI_DIFFUSIVITY_M2_PER_S.collector) },
} as const;
