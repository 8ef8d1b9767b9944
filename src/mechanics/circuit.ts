/**
 * The one circuit of every potentiostatic scenario (MODEL.md §2.1; issue 16): bias V across the
 * interface (Butler–Volmer overpotential η), the LLZO spreading resistance of the paper's contact
 * and one series resistance, calibrated once from one measurement of the paper.
 *
 * The measurement (Gao et al. 2022, Fig. 3, Results): at 3 V the peak current was 25 nA, which
 * "divided by the measured contact area" is ~3 A/cm². So the paper's contact has A = 25 nA /
 * 3 A/cm² = 8.3e-9 cm², radius r_p = √(A/π) ≈ 0.51 µm. At that point V = η(i) + I·(R_s + R_sp)
 * with R_sp = 1/(4σ·r_p) (Newman's disc) ≈ 7.1 MΩ and η(i) the Butler–Volmer overpotential of
 * i = 3 A/cm² with lidep's exchange current density (the pressure's share of η at that moment is
 * not known from the paper and is neglected: a stated approximation, which puts at most ≈ 0.2 V
 * — p·Ω/e at the 1.5 GPa Griffith stress of a 100 nm flaw — into R_s, < 8 % of 3 V).
 *
 * A simulated patch stands for the paper's contact: it carries the paper's current density, so
 * the circuit is carried per area — R·A_p in Ω·m² — and divided by the patch's active area
 * (electrode.ts). The spreading part per area is R_sp·π·r_p² = π·r_p/(4σ).
 */
import { BOLTZMANN_J_PER_K, ELEMENTARY_CHARGE_C, ROOM_TEMPERATURE_K } from "../constants/physical.ts";

/** Fig. 3's measurement: bias (V), peak current (A), the current density the paper derives from it (A/m²). */
export const FIG3_BIAS_V = 3;
export const FIG3_PEAK_CURRENT_A = 25e-9;
export const FIG3_CURRENT_DENSITY_A_PER_M2 = 3e4;

/** The paper's contact radius (m) from Fig. 3's current and current density: √(I/(i·π)) ≈ 0.515 µm. */
export function paperContactRadius(): number {
  return Math.sqrt(FIG3_PEAK_CURRENT_A / (FIG3_CURRENT_DENSITY_A_PER_M2 * Math.PI));
}

/** Area-specific LLZO spreading resistance (Ω·m²) of a disc contact of radius r: (1/(4σr))·πr² = πr/(4σ). */
export function specificSpreadingResistance(conductivity: number, r: number): number {
  return (Math.PI * r) / (4 * conductivity);
}

/**
 * Butler–Volmer overpotential (V) that drives a net current density i (A/m²) with exchange current
 * density i0 and α_c = α_a = ½: i = 2·i0·sinh(eη/2kT).
 */
export function butlerVolmerOverpotential(i: number, i0: number, T = ROOM_TEMPERATURE_K): number {
  return ((2 * BOLTZMANN_J_PER_K * T) / ELEMENTARY_CHARGE_C) * Math.asinh(i / (2 * i0));
}

/**
 * The area-specific series resistance (Ω·m²) calibrated from Fig. 3: (V − η(i))/i − πr_p/(4σ), for
 * lidep's default exchange current density and LLZO conductivity (≈ 0.80 Ω·cm²).
 */
export function calibratedSeriesResistance(i0: number, conductivity: number): number {
  const i = FIG3_CURRENT_DENSITY_A_PER_M2;
  return (FIG3_BIAS_V - butlerVolmerOverpotential(i, i0)) / i - specificSpreadingResistance(conductivity, paperContactRadius());
}
