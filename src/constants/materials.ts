/**
 * Material values and lidep's default physical inputs, each once, with its source (PARAMETERS.md,
 * MODEL.md §4). The one home of these numbers: the scenario schema's defaults
 * (scenario/schema.ts), the model's defaults (`defaultParams`, model/params.ts), the formulas of
 * mechanics/ and the views (viz/model.ts) all read them from here, and a test checks that a
 * scenario with every default gives exactly `defaultParams()`.
 *
 * Each value is in the unit of the scenario key it is the default of (the unit in its name), as
 * its source gives it; a reader converts to SI itself. This keeps the schema's defaults the very
 * numbers users see, and the conversion to SI one expression (model/params.ts).
 */

// ---------------------------------------------------------------------------------------------
// Lithium

/** Facet energies that calibrate the Li–Li bonds: {110} lowest, mean of the three ≈ 0.49 (PARAMETERS.md: per-facet energies from DFT, Tran et al. 2016). */
export const LI_GAMMA_110_J_PER_M2 = 0.45;
export const LI_GAMMA_100_J_PER_M2 = 0.5;
/** Isotropic surface energy of Li used by the paper's Eq. 3 (the paper's ref. 40). */
export const LI_SURFACE_ENERGY_PAPER_J_PER_M2 = 0.452;
/** Bulk modulus K0 (handbook; PARAMETERS.md: 11–12 GPa) and its pressure derivative K0′ (an estimate) for Murnaghan's equation of state. */
export const LI_BULK_MODULUS_GPA = 11.6;
export const LI_BULK_MODULUS_DERIVATIVE = 3.5;
/** b.c.c. Li turns f.c.c. near 7 GPa at room temperature (high-pressure Li literature): beyond, the model is outside its validity. */
export const LI_BCC_FCC_TRANSITION_GPA = 7;
/**
 * Yield strength of Li against its size (MODEL.md §2.3: size-dependent): Xu et al., PNAS 114, 57
 * (2017), single-crystalline Li pillars at room temperature, 105 MPa at 1 µm with a power-law size
 * effect of exponent −0.68 (σ_y ∝ D^−0.68); capped at the largest strength measured on nanosized Li,
 * 244 MPa (Zhang et al., Nat. Nanotechnol. 15, 94 (2020); Xu's law reaches it near 0.3 µm, and it
 * is not extrapolated below what was measured); floored at bulk Li's ≈ 0.6–1 MPa (Masias et al.,
 * J. Mater. Sci. 54, 2585 (2019)).
 */
export const LI_YIELD_STRENGTH_MPA = 244;
export const LI_YIELD_STRENGTH_1UM_MPA = 105;
export const LI_YIELD_SIZE_EXPONENT = -0.68;
export const LI_BULK_YIELD_STRENGTH_MPA = 0.8;
/**
 * Dislocation outflow above the squeeze-flow pressure, ε̇ = ε̇_y·(p/p_f)^m (mechanics/relief.ts):
 * ε̇_y the strain rate at which the yield strengths above were measured (Xu et al. 2017's
 * compressions, nominal 1e-3 /s — to confirm against the paper's methods) and m = 6.6, Li's stress
 * exponent (LePage et al., J. Electrochem. Soc. 166, A89 (2019)): the yield stress read as the flow
 * stress at the test's rate.
 */
export const LI_DISLOCATION_RATE_PER_S = 1e-3;
export const LI_DISLOCATION_EXPONENT = 6.6;
/**
 * Power-law creep is calibrated on bulk Li (LePage et al. 2019, mm-scale samples); below ≈ 10 µm Li
 * is size-strengthened (Xu et al. 2017: the size effect spans ≈ 1–10 µm pillars), so the bulk law
 * does not apply: the schema refuses it for a Li body smaller than this (the box's largest side).
 */
export const LI_POWER_LAW_MIN_SIZE_UM = 10;
/**
 * Power-law creep of bulk Li, ε̇ = A·(σ/1 MPa)^n·exp(−Q/RT): n ≈ 6.6, Q ≈ 37 kJ/mol (LePage et
 * al., J. Electrochem. Soc. 166, A89 (2019)); A an estimate, ε̇ ≈ 1e-3 /s at 1 MPa and 298 K
 * (1e-3·exp(Q/RT) = 3.03e3 /s, rounded).
 */
export const LI_POWER_LAW_A_PER_S = 3.0e3;
export const LI_POWER_LAW_N = 6.6;
export const LI_POWER_LAW_Q_J_PER_MOL = 37e3;
/**
 * Effective Li0 diffusivities at 25 °C (m²/s): surface 1e-11 and bulk 1e-15 (the paper, ref. 31);
 * the Li|LLZO interface and Li|CC paths have no measured value: the geometric mean of the two
 * (PARAMETERS.md: "defaulting between bulk and surface").
 */
export const LI_DIFFUSIVITY_M2_PER_S = { bulk: 1e-15, surface: 1e-11, interface: 1e-13, collector: 1e-13 } as const;
/** Attempt frequency ν of every hop path (1/s). */
export const HOP_PREFACTOR_PER_S = 1e13;
/**
 * Extra barrier of a surface hop across a step edge (Ehrlich–Schwoebel): the DFT across-step
 * barrier ≈ 0.2 eV on (100) (Zhou … Hong 2025) less an in-plane terrace barrier of ≈ 0.05 eV, an
 * estimate; a hop crosses a step edge when at most this many of its saddle's neighbours are
 * occupied.
 */
export const SCHWOEBEL_BARRIER_EV = 0.15;
export const SCHWOEBEL_MAX_SADDLE = 1;
/** A site counts as bulk for the hop paths with at least this many Li first neighbours (of 8). */
export const BULK_COORDINATION = 7;
/** Hops to the 6 second neighbours (distance a) besides the 8 first neighbours. */
export const SECOND_NEIGHBOUR_HOPS = true;

// ---------------------------------------------------------------------------------------------
// LLZO (Ta-doped) and its interfaces

/** Fracture toughness K_IC (the paper's ref. 38). */
export const LLZO_TOUGHNESS_MPA_SQRT_M = 0.95;
/** Griffith geometric factor Y (Porz et al., Adv. Energy Mater. 7, 1701003 (2017)). */
export const GRIFFITH_Y = 1.12;
/** Theoretical strength (the paper, Supplementary Discussion). */
export const LLZO_THEORETICAL_STRENGTH_GPA = 16.1;
/** σ1 at an empty pit's tip over the pressure: the paper's FEM, 16.3 GPa over 4.9 GPa = 3.33. */
export const LLZO_PIT_STRESS_CONCENTRATION = 3.33;
/** Poisson ratio (Ni et al., J. Mater. Sci. 47, 7978 (2012)): sets the defect-free surface's edge tension (1 − 2ν)·p/2 and a crack's opening. */
export const LLZO_POISSON = 0.257;
/**
 * Young's modulus (PARAMETERS.md: 149.8 GPa at 3 % porosity, Ni et al., J. Mater. Sci. 47, 7978
 * (2012); LLZTO 158.5 GPa, Hu et al., Chin. Phys. Lett. 2021): sets how much Li a crack holds,
 * V = 8(1 − ν²)·p·a³/(3E) (MODEL.md §3).
 */
export const LLZO_YOUNGS_MODULUS_GPA = 150;
/** Ionic conductivity of the paper's pellets. */
export const LLZO_CONDUCTIVITY_S_PER_CM = 6.9e-4;
/** Li|LLZO work of adhesion: below γ_Li, non-wetting (PARAMETERS.md: default 0.2–0.3 J/m²). */
export const LLZO_WORK_OF_ADHESION_J_PER_M2 = 0.25;
/** Li|LLZO contact angle for the Laplace entry pressure of pits smaller than a site (Young–Dupré at W = 0.25, γ = 0.45: ≈ 116°). */
export const LLZO_CONTACT_ANGLE_DEG = 116;
/**
 * Li|CC work of adhesion, an estimate: Li spreads along Cu in Fig. 1, so partial wetting (W
 * between γ and 2γ, contact angle ≈ 70°).
 */
export const CC_WORK_OF_ADHESION_J_PER_M2 = 0.6;
/** Stiffness of a spring-held collector (a W tip). */
export const CC_SPRING_STIFFNESS_N_PER_M = 10;
/** Exchange current density i0 = RT/(F·R_int) with R_int = 25 Ω·cm² (PARAMETERS.md) ≈ 1.0 mA/cm². */
export const EXCHANGE_CURRENT_DENSITY_A_PER_CM2 = 1e-3;
/** Butler–Volmer transfer coefficients. */
export const ALPHA_CATHODIC = 0.5;
export const ALPHA_ANODIC = 0.5;

// ---------------------------------------------------------------------------------------------
// Default operating point (not material values, but defaults of both the schema and the model)

export const CURRENT_DENSITY_A_PER_CM2 = 4e-3;
export const BIAS_V = 0.2;
