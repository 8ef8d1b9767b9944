/**
 * Physical constants (CODATA 2018 exact values, as listed in PARAMETERS.md) and the b.c.c. Li
 * reference values of MODEL.md §4. Everything is SI: m, s, J, K, Pa, C, A. The ground floor:
 * imports nothing, read by every layer above (materials.ts holds the material values).
 */
export const FARADAY_C_PER_MOL = 96485.33212;
export const BOLTZMANN_J_PER_K = 1.380649e-23;
export const ELEMENTARY_CHARGE_C = 1.602176634e-19;
export const GAS_CONSTANT_J_PER_MOL_K = 8.314462618;

/** One electronvolt in joules. */
export const EV_J = ELEMENTARY_CHARGE_C;

/** b.c.c. Li lattice constant a0 (Nadler & Kempier 1959). */
export const LI_LATTICE_CONSTANT_M = 3.51e-10;
/** Atomic volume Ω = a0³/2 (two atoms per cubic b.c.c. cell). */
export const LI_ATOMIC_VOLUME_M3 = LI_LATTICE_CONSTANT_M ** 3 / 2;
/** Molar volume of Li used by the paper's equations (13.0 cm³/mol). */
export const LI_MOLAR_VOLUME_M3_PER_MOL = 1.3e-5;
/** Li density (0.534 g/cm³). */
export const LI_DENSITY_KG_PER_M3 = 534;

/** Room temperature used as the reference for diffusivities (25 °C). */
export const ROOM_TEMPERATURE_K = 298.15;
