/**
 * The physical parameters of a simulation, in SI, with lidep's defaults and their sources
 * (PARAMETERS.md). The scenario layer converts user units (eV, nm, mA/cm², …) into this.
 */
import { BOLTZMANN_J_PER_K, EV_J, LI_LATTICE_CONSTANT_M, ROOM_TEMPERATURE_K } from "./constants.ts";
import { adhesionBonds, calibrateLiBonds, type BondEnergies } from "./energy.ts";

/** Diffusion paths of Li0 (MODEL.md §2.2, the paper's Fig. 2d). */
export const BULK = 0;
export const SURFACE = 1;
export const INTERFACE = 2;
export const COLLECTOR = 3;
export const PATH_NAMES = ["bulk", "surface", "interface", "collector"] as const;
export type PathName = (typeof PATH_NAMES)[number];

export interface PathRate {
  /** Attempt frequency ν (1/s). */
  prefactor: number;
  /** Path barrier E (J): the hop rate on a flat path is ν·exp(−E/kT) per direction. */
  barrier: number;
}

export interface ElectricalParams {
  mode: "galvanostatic" | "potentiostatic";
  /** Set current density over the Li|LLZO contact (A/m²), galvanostatic mode. */
  currentDensity: number;
  /** Bias between the Li counter electrode and the collector (V), potentiostatic mode. */
  bias: number;
  /** Series resistance outside the LLZO (Ω), potentiostatic mode. */
  seriesResistance: number;
  /** Area-specific series resistance (Ω·m²), divided by the active area. */
  specificResistance: number;
}

/** Mechanics of the Li bodies (MODEL.md §2.3, §3). */
export interface MechanicsParams {
  /** Murnaghan bulk modulus K0 (Pa) and its pressure derivative K0′. */
  bulkModulus: number;
  bulkModulusDerivative: number;
  /** Diffusional creep: excess atoms emerge at the triple-phase boundary / collector gap edge. */
  creep: boolean;
  /** Dislocation outflow from a confined layer above the squeeze-flow pressure. */
  dislocation: boolean;
  /** Size-dependent yield strength of the Li (Pa). */
  yieldStrength: number;
  /** Strain rate of dislocation outflow at twice the flow pressure (1/s). */
  dislocationRate: number;
  /** Power-law creep, for bulk Li only (off at the nanoscale). */
  powerLaw: boolean;
  /** ε̇ = A·(σ/1 MPa)^n·exp(−Q/RT): A (1/s), n, Q (J/mol). */
  powerLawA: number;
  powerLawN: number;
  powerLawQ: number;
  /** Collector spring stiffness (N/m), for kind = spring. */
  springStiffness: number;
}

/** Brittle fracture of LLZO (MODEL.md §3). */
export interface FractureParams {
  enabled: boolean;
  /** Fracture toughness (Pa·m^½), Griffith factor Y, theoretical strength (Pa), pit-tip K_t. */
  toughness: number;
  griffithY: number;
  theoreticalStrength: number;
  pitStressConcentration: number;
  /** Crack path: split (normal to the surface) or peel (shallow, back to the surface). */
  mode: "split" | "peel";
  /** End the run when Li reaches the counter electrode. */
  stopOnShortCircuit: boolean;
  /** Li|LLZO contact angle used for the Laplace entry pressure of sub-grid pits (degrees). */
  contactAngleDeg: number;
  /** Surface energy of Li for the entry pressure (J/m²). */
  liSurfaceEnergy: number;
}

export interface ModelParams {
  mechanics: MechanicsParams;
  fracture: FractureParams;
  temperature: number;
  /** Coarse-graining factor n ≥ 1: one site holds n³ atoms. */
  coarseGrain: number;
  /** Atomistic bond energies (J). */
  bonds: BondEnergies;
  hops: Record<PathName, PathRate>;
  /** Allow hops to the 6 second neighbours (distance a) besides the 8 first neighbours. */
  secondNeighbourHops: boolean;
  /**
   * A site counts as bulk for the path classification when it has at least this many Li first
   * neighbours (the moving atom excluded).
   */
  bulkCoordination: number;
  /** Ehrlich–Schwoebel term (J) for surface hops across a step edge (applied at n = 1 only). */
  schwoebelBarrier: number;
  /** A hop crosses a step edge when at most this many of its saddle's neighbours are occupied. */
  schwoebelMaxSaddle: number;
  /** Exchange current density i0 (A/m²) and transfer coefficients. */
  exchangeCurrentDensity: number;
  alphaCathodic: number;
  alphaAnodic: number;
  electrical: ElectricalParams;
  /** LLZO ionic conductivity (S/m), for the spreading resistance. */
  llzoConductivity: number;
}

/**
 * Default hop rate of a path from an effective diffusivity D at the reference temperature:
 * D = Σ k·ℓ²/(2d) over the hop directions of the path's reference geometry (k per direction).
 * Surface, interface and collector: an adatom on a flat (001) terrace (of Li, LLZO or the CC),
 * which moves by 4 second-neighbour hops of length a in the plane, so D = k·a² (d = 2); without
 * second-neighbour hops, an adatom on {110} with 4 first-neighbour hops of √3a/2, D = ¾k·a².
 * Bulk: a vacancy, 8 first-neighbour hops of √3a/2 in 3D, D = k·a². With ν = 1e13 s⁻¹ the barrier
 * is E = kT_ref·ln(ν/k).
 */
export function pathRateFromDiffusivity(path: PathName, diffusivity: number, prefactor = 1e13, tRef = ROOM_TEMPERATURE_K, secondNeighbourHops = true): PathRate {
  const k = diffusivity / referenceA2(path, secondNeighbourHops);
  return { prefactor, barrier: BOLTZMANN_J_PER_K * tRef * Math.log(prefactor / k) };
}

/** Inverse of `pathRateFromDiffusivity`: the diffusivity a path rate implies at temperature T. */
export function impliedDiffusivity(path: PathName, rate: PathRate, temperature: number, secondNeighbourHops = true): number {
  const k = rate.prefactor * Math.exp(-rate.barrier / (BOLTZMANN_J_PER_K * temperature));
  return k * referenceA2(path, secondNeighbourHops);
}

/** D/k on the path's reference geometry (m²): Σ ℓ²/(2d) over its hop directions. */
export function referenceA2(path: PathName, secondNeighbourHops: boolean): number {
  const a2 = LI_LATTICE_CONSTANT_M ** 2;
  if (path === "bulk") return (8 * 0.75 * a2) / 6;
  return secondNeighbourHops ? (4 * a2) / 4 : (4 * 0.75 * a2) / 4;
}

/** Default facet targets (J/m²): {110} lowest, mean of the three ≈ 0.49 (PARAMETERS.md). */
export const DEFAULT_GAMMA_110 = 0.45;
export const DEFAULT_GAMMA_100 = 0.5;
/** Li|LLZO work of adhesion (J/m²): < γ_Li, non-wetting (PARAMETERS.md: default 0.2–0.3). */
export const DEFAULT_LLZO_ADHESION = 0.25;
/**
 * Li|CC work of adhesion (J/m²), an estimate: Li spreads along Cu in Fig. 1, so partial wetting
 * (W between γ and 2γ, contact angle ≈ 70°).
 */
export const DEFAULT_CC_ADHESION = 0.6;

export function defaultBonds(
  gamma110 = DEFAULT_GAMMA_110,
  gamma100 = DEFAULT_GAMMA_100,
  llzoWork = DEFAULT_LLZO_ADHESION,
  ccWork = DEFAULT_CC_ADHESION,
): BondEnergies {
  const { liLi1, liLi2 } = calibrateLiBonds(gamma110, gamma100);
  const [llzo1, llzo2] = adhesionBonds(llzoWork, liLi1, liLi2);
  const [cc1, cc2] = adhesionBonds(ccWork, liLi1, liLi2);
  return { liLi1, liLi2, llzo1, llzo2, cc1, cc2 };
}

/**
 * Effective diffusivities at 25 °C (m²/s): surface 1e-11 and bulk 1e-15 (the paper, ref. 31);
 * interface and collector have no measured value: the geometric mean of the two (PARAMETERS.md:
 * "defaulting between bulk and surface").
 */
export const DEFAULT_DIFFUSIVITY: Record<PathName, number> = {
  bulk: 1e-15,
  surface: 1e-11,
  interface: 1e-13,
  collector: 1e-13,
};

export function defaultMechanics(): MechanicsParams {
  return {
    bulkModulus: 11.6e9,
    bulkModulusDerivative: 3.5,
    creep: true,
    dislocation: true,
    // nanosized Li whiskers (Zhang et al., Nat. Nanotechnol. 15, 94 (2020))
    yieldStrength: 244e6,
    // an estimate: dislocation-mediated outflow at ~1e3 /s strain rate once well above yield
    dislocationRate: 1e3,
    powerLaw: false,
    // LePage et al. 2019: n ≈ 6.6, Q ≈ 37 kJ/mol; A set so that ε̇ = 1e-3 /s at 1 MPa, 298 K (estimate)
    powerLawA: 1e-3 * Math.exp(37e3 / (8.314462618 * 298.15)),
    powerLawN: 6.6,
    powerLawQ: 37e3,
    springStiffness: 10,
  };
}

export function defaultFracture(): FractureParams {
  return {
    enabled: true,
    toughness: 0.95e6,
    griffithY: 1.12,
    theoreticalStrength: 16.1e9,
    // the paper's FEM: σ1 = 16.3 GPa at the pit tip for p = 4.9 GPa
    pitStressConcentration: 16.3 / 4.9,
    mode: "split",
    stopOnShortCircuit: true,
    contactAngleDeg: 116,
    liSurfaceEnergy: 0.452,
  };
}

export function defaultParams(): ModelParams {
  return {
    mechanics: defaultMechanics(),
    fracture: defaultFracture(),
    temperature: ROOM_TEMPERATURE_K,
    coarseGrain: 1,
    bonds: defaultBonds(),
    hops: {
      bulk: pathRateFromDiffusivity("bulk", DEFAULT_DIFFUSIVITY.bulk),
      surface: pathRateFromDiffusivity("surface", DEFAULT_DIFFUSIVITY.surface),
      interface: pathRateFromDiffusivity("interface", DEFAULT_DIFFUSIVITY.interface),
      collector: pathRateFromDiffusivity("collector", DEFAULT_DIFFUSIVITY.collector),
    },
    secondNeighbourHops: true,
    bulkCoordination: 7,
    // DFT across-step barrier ≈ 0.2 eV on (100) (Zhou … Hong 2025) less an in-plane terrace
    // barrier of ≈ 0.05 eV: an estimate of the extra step-edge term.
    schwoebelBarrier: 0.15 * EV_J,
    schwoebelMaxSaddle: 1,
    // i0 = RT/(F·R_int) with R_int = 25 Ω·cm² ≈ 1.0 mA/cm² = 10 A/m² (PARAMETERS.md).
    exchangeCurrentDensity: 10,
    alphaCathodic: 0.5,
    alphaAnodic: 0.5,
    electrical: { mode: "galvanostatic", currentDensity: 40, bias: 0.2, seriesResistance: 0, specificResistance: 0 },
    // 6.9e-4 S/cm (the paper's pellets) = 6.9e-2 S/m.
    llzoConductivity: 6.9e-2,
  };
}
