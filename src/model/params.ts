/**
 * The physical parameters of a simulation, in SI, and the one conversion from a scenario's inputs
 * (user units: eV, nm, mA/cm², …) into them. The default values live in constants/materials.ts.
 */
import { BOLTZMANN_J_PER_K, EV_J, LI_LATTICE_CONSTANT_M, ROOM_TEMPERATURE_K } from "../constants/physical.ts";
import {
  ALPHA_ANODIC,
  ALPHA_CATHODIC,
  BIAS_V,
  BULK_COORDINATION,
  CC_SPRING_STIFFNESS_N_PER_M,
  CC_WORK_OF_ADHESION_J_PER_M2,
  CURRENT_DENSITY_A_PER_CM2,
  EXCHANGE_CURRENT_DENSITY_A_PER_CM2,
  GRIFFITH_Y,
  HOP_PREFACTOR_PER_S,
  LI_BULK_MODULUS_DERIVATIVE,
  LI_BULK_MODULUS_GPA,
  LI_DIFFUSIVITY_M2_PER_S,
  LI_BULK_YIELD_STRENGTH_MPA,
  LI_DISLOCATION_EXPONENT,
  LI_DISLOCATION_RATE_PER_S,
  LI_YIELD_SIZE_EXPONENT,
  LI_YIELD_STRENGTH_1UM_MPA,
  LI_GAMMA_100_J_PER_M2,
  LI_GAMMA_110_J_PER_M2,
  LI_POWER_LAW_A_PER_S,
  LI_POWER_LAW_N,
  LI_POWER_LAW_Q_J_PER_MOL,
  LI_YIELD_STRENGTH_MPA,
  LLZO_CONDUCTIVITY_S_PER_CM,
  LLZO_CONTACT_ANGLE_DEG,
  LLZO_PIT_STRESS_CONCENTRATION,
  LLZO_POISSON,
  LLZO_THEORETICAL_STRENGTH_GPA,
  LLZO_TOUGHNESS_MPA_SQRT_M,
  LLZO_WORK_OF_ADHESION_J_PER_M2,
  LLZO_YOUNGS_MODULUS_GPA,
  SCHWOEBEL_BARRIER_EV,
  SCHWOEBEL_MAX_SADDLE,
  SECOND_NEIGHBOUR_HOPS,
} from "../constants/materials.ts";
import { adhesionBonds, calibrateLiBonds, type BondEnergies } from "./energy.ts";
import { coarseGraining, type CoarseGraining } from "./coarse-graining.ts";
import { accelerationInputs, type AccelerationInputs, type AccelerationParams } from "./acceleration-params.ts";
import { calibratedSeriesResistance, paperContactRadius } from "../mechanics/circuit.ts";

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
  /**
   * Radius (m) of the contact whose LLZO spreading resistance the circuit carries: the paper's
   * contact that the simulated patch stands for (electrical.contactRadius_nm), whose
   * area-specific spreading resistance πr/(4σ) is divided by the active area; null: the simulated
   * contact's own, 1/(4σr) (electrode.ts).
   */
  spreadingRadius: number | null;
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
  /** Size-dependent yield strength (Pa): σ_1µm·(D/1 µm)^exponent, bulk floor to nanoscale cap `yieldStrength` (relief.ts sizeYieldStrength). */
  yieldStrength: number;
  yieldStrength1um: number;
  yieldSizeExponent: number;
  bulkYieldStrength: number;
  /** Dislocation outflow above the squeeze-flow pressure: ε̇ = rate·(p/p_f)^exponent (1/s). */
  dislocationRate: number;
  dislocationExponent: number;
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
  /** LLZO Young's modulus (Pa) and Poisson ratio: a crack's opening, the edge tension of a pressed surface. */
  youngsModulus: number;
  poisson: number;
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
  /** The calibrated factors of the hop paths for this n (coarse-graining.ts; all 1 when uncalibrated), apart from `hops`. */
  coarseGraining: CoarseGraining;
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
  acceleration: AccelerationParams;
  /**
   * The similarity factor applied to the interface and collector paths' diffusivity (hops and
   * creep alike): (R_sim/R_paper)² (similarity.ts in scenario/; 1 without a similarity rule).
   */
  similarityFactor: number;
}

/**
 * Physical diffusivity (m²/s) of a path at the run's temperature, from its rate per direction on
 * the reference geometry (the inverse of `pathRateFromDiffusivity`): D = k·ℓ²_ref with
 * k = ν·exp(−E/kT) — the atomistic rate, before coarse graining. One parameter per path: the hops
 * (hops.ts) and diffusional creep (relief.ts) both derive from it.
 */
export function pathDiffusivity(p: ModelParams, path: PathName): number {
  const r = p.hops[path];
  return r.prefactor * Math.exp(-r.barrier / (BOLTZMANN_J_PER_K * p.temperature)) * referenceA2(path, p.secondNeighbourHops);
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

function referenceA2(path: PathName, secondNeighbourHops: boolean): number {
  const a2 = LI_LATTICE_CONSTANT_M ** 2;
  if (path === "bulk") return (8 * 0.75 * a2) / 6;
  return secondNeighbourHops ? (4 * a2) / 4 : (4 * 0.75 * a2) / 4;
}

/**
 * The one series resistance of every potentiostatic scenario (Ω·cm²), calibrated once from the
 * paper's Fig. 3 (mechanics/circuit.ts) at lidep's default exchange current density and LLZO
 * conductivity: ≈ 0.80 Ω·cm².
 */
export const PAPER_CONTACT_RADIUS_NM = Number((paperContactRadius() * 1e9).toFixed(1));
export const DEFAULT_SERIES_RESISTANCE_OHM_CM2 = calibratedSeriesResistance(EXCHANGE_CURRENT_DENSITY_A_PER_CM2 * 1e4, LLZO_CONDUCTIVITY_S_PER_CM * 100) * 1e4;

/** The scenario's physical inputs, in the units of its keys (scenario/schema.ts): what `paramsFromInputs` converts. */
export interface ParamInputs {
  temperature_K: number;
  lattice: { coarseGrain: number; calibratedTransport?: boolean };
  li: { gamma110_J_per_m2: number; gamma100_J_per_m2: number };
  llzo: {
    youngsModulus_GPa: number;
    poissonRatio: number;
    workOfAdhesion_J_per_m2: number;
    conductivity_S_per_cm: number;
    fracture: { enabled: boolean; toughness_MPa_sqrt_m: number; griffithY: number; theoreticalStrength_GPa: number; pitStressConcentration: number; mode: "split" | "peel"; contactAngle_deg: number };
  };
  mechanics: {
    bulkModulus_GPa: number;
    bulkModulusDerivative: number;
    creep: boolean;
    dislocation: boolean;
    yieldStrength_MPa: number;
    yieldStrength1um_MPa: number;
    yieldSizeExponent: number;
    bulkYieldStrength_MPa: number;
    dislocationRate_per_s: number;
    dislocationExponent: number;
    powerLawCreep: boolean;
    powerLawA_per_s: number;
    powerLawN: number;
    powerLawQ_J_per_mol: number;
  };
  collector: { stiffness_N_per_m: number; workOfAdhesion_J_per_m2: number };
  hops: Record<PathName, { prefactor_per_s: number; barrier_eV?: number; rateFactor: number }> & {
    secondNeighbourHops: boolean;
    bulkCoordination: number;
    schwoebel_eV: number;
    schwoebelMaxSaddle: number;
  };
  electrochem: { exchangeCurrentDensity_A_per_cm2: number; alphaCathodic: number; alphaAnodic: number };
  electrical: { mode: "galvanostatic" | "potentiostatic"; currentDensity_A_per_cm2: number; bias_V: number; seriesResistance_Ohm: number; seriesResistance_Ohm_cm2: number; contactRadius_nm: number | null };
  run: { stopOnShortCircuit: boolean };
  acceleration: AccelerationInputs;
  similarity: { paperContactRadius_nm: number | null; contactRadius_nm: number | null };
}

/** (R_sim/R_paper)² of a similarity rule, 1 without one (scenario/schema.ts: similarity). */
export function similarityFactor(s: ParamInputs["similarity"]): number {
  return s.paperContactRadius_nm !== null && s.contactRadius_nm !== null ? (s.contactRadius_nm / s.paperContactRadius_nm) ** 2 : 1;
}

/** SI parameters from a scenario's inputs: the one conversion (the CLI's scenarios and `defaultParams` alike). */
export function paramsFromInputs(s: ParamInputs): ModelParams {
  const hops = {} as ModelParams["hops"];
  const sim = similarityFactor(s.similarity);
  for (const path of PATH_NAMES) {
    const h = s.hops[path];
    // the similarity rule scales the relief-carrying paths' D, hops and creep together
    const f = path === "interface" || path === "collector" ? sim : 1;
    hops[path] = { prefactor: h.prefactor_per_s * h.rateFactor * f, barrier: (h.barrier_eV ?? 0) * EV_J };
  }
  const f = s.llzo.fracture;
  const mech = s.mechanics;
  return {
    mechanics: {
      bulkModulus: mech.bulkModulus_GPa * 1e9,
      bulkModulusDerivative: mech.bulkModulusDerivative,
      creep: mech.creep,
      dislocation: mech.dislocation,
      yieldStrength: mech.yieldStrength_MPa * 1e6,
      yieldStrength1um: mech.yieldStrength1um_MPa * 1e6,
      yieldSizeExponent: mech.yieldSizeExponent,
      bulkYieldStrength: mech.bulkYieldStrength_MPa * 1e6,
      dislocationRate: mech.dislocationRate_per_s,
      dislocationExponent: mech.dislocationExponent,
      powerLaw: mech.powerLawCreep,
      powerLawA: mech.powerLawA_per_s,
      powerLawN: mech.powerLawN,
      powerLawQ: mech.powerLawQ_J_per_mol,
      springStiffness: s.collector.stiffness_N_per_m,
    },
    fracture: {
      enabled: f.enabled,
      toughness: f.toughness_MPa_sqrt_m * 1e6,
      griffithY: f.griffithY,
      theoreticalStrength: f.theoreticalStrength_GPa * 1e9,
      pitStressConcentration: f.pitStressConcentration,
      youngsModulus: s.llzo.youngsModulus_GPa * 1e9,
      poisson: s.llzo.poissonRatio,
      mode: f.mode,
      stopOnShortCircuit: s.run.stopOnShortCircuit,
      contactAngleDeg: f.contactAngle_deg,
      liSurfaceEnergy: s.li.gamma110_J_per_m2,
    },
    temperature: s.temperature_K,
    coarseGrain: s.lattice.coarseGrain,
    coarseGraining: coarseGraining(s.lattice.coarseGrain, s.lattice.calibratedTransport ?? true),
    bonds: defaultBonds(s.li.gamma110_J_per_m2, s.li.gamma100_J_per_m2, s.llzo.workOfAdhesion_J_per_m2, s.collector.workOfAdhesion_J_per_m2),
    hops,
    secondNeighbourHops: s.hops.secondNeighbourHops,
    bulkCoordination: s.hops.bulkCoordination,
    schwoebelBarrier: s.hops.schwoebel_eV * EV_J,
    schwoebelMaxSaddle: s.hops.schwoebelMaxSaddle,
    exchangeCurrentDensity: s.electrochem.exchangeCurrentDensity_A_per_cm2 * 1e4,
    alphaCathodic: s.electrochem.alphaCathodic,
    alphaAnodic: s.electrochem.alphaAnodic,
    electrical: {
      mode: s.electrical.mode,
      currentDensity: s.electrical.currentDensity_A_per_cm2 * 1e4,
      bias: s.electrical.bias_V,
      seriesResistance: s.electrical.seriesResistance_Ohm,
      specificResistance: s.electrical.seriesResistance_Ohm_cm2 * 1e-4,
      spreadingRadius: s.electrical.contactRadius_nm === null ? null : s.electrical.contactRadius_nm * 1e-9,
    },
    llzoConductivity: s.llzo.conductivity_S_per_cm * 100,
    acceleration: { ...s.acceleration, paths: s.acceleration.paths.map((p) => PATH_NAMES.indexOf(p)) },
    similarityFactor: sim,
  };
}

/** Bond energies (J) from the facet targets and the works of adhesion (J/m²). */
export function defaultBonds(
  gamma110 = LI_GAMMA_110_J_PER_M2,
  gamma100 = LI_GAMMA_100_J_PER_M2,
  llzoWork = LLZO_WORK_OF_ADHESION_J_PER_M2,
  ccWork = CC_WORK_OF_ADHESION_J_PER_M2,
): BondEnergies {
  const { liLi1, liLi2 } = calibrateLiBonds(gamma110, gamma100);
  const [llzo1, llzo2] = adhesionBonds(llzoWork, liLi1, liLi2);
  const [cc1, cc2] = adhesionBonds(ccWork, liLi1, liLi2);
  return { liLi1, liLi2, llzo1, llzo2, cc1, cc2 };
}

/**
 * The barrier (eV) of a path from its effective diffusivity at 25 °C, as the scenario resolves
 * it when a path gives neither (scenario/load.ts).
 */
export function barrierFromDiffusivity(path: PathName, diffusivity: number, prefactor: number, secondNeighbourHops: boolean): number {
  return pathRateFromDiffusivity(path, diffusivity, prefactor, ROOM_TEMPERATURE_K, secondNeighbourHops).barrier / EV_J;
}

/** The default inputs (constants/materials.ts), as a scenario with every default resolves them. */
export function defaultInputs(): ParamInputs {
  const path = (p: PathName) => ({ prefactor_per_s: HOP_PREFACTOR_PER_S, rateFactor: 1, barrier_eV: barrierFromDiffusivity(p, LI_DIFFUSIVITY_M2_PER_S[p], HOP_PREFACTOR_PER_S, SECOND_NEIGHBOUR_HOPS) });
  return {
    temperature_K: ROOM_TEMPERATURE_K,
    lattice: { coarseGrain: 1 },
    li: { gamma110_J_per_m2: LI_GAMMA_110_J_PER_M2, gamma100_J_per_m2: LI_GAMMA_100_J_PER_M2 },
    llzo: {
      youngsModulus_GPa: LLZO_YOUNGS_MODULUS_GPA,
      poissonRatio: LLZO_POISSON,
      workOfAdhesion_J_per_m2: LLZO_WORK_OF_ADHESION_J_PER_M2,
      conductivity_S_per_cm: LLZO_CONDUCTIVITY_S_PER_CM,
      fracture: {
        enabled: true,
        toughness_MPa_sqrt_m: LLZO_TOUGHNESS_MPA_SQRT_M,
        griffithY: GRIFFITH_Y,
        theoreticalStrength_GPa: LLZO_THEORETICAL_STRENGTH_GPA,
        pitStressConcentration: LLZO_PIT_STRESS_CONCENTRATION,
        mode: "split",
        contactAngle_deg: LLZO_CONTACT_ANGLE_DEG,
      },
    },
    mechanics: {
      bulkModulus_GPa: LI_BULK_MODULUS_GPA,
      bulkModulusDerivative: LI_BULK_MODULUS_DERIVATIVE,
      creep: true,
      dislocation: true,
      yieldStrength_MPa: LI_YIELD_STRENGTH_MPA,
      yieldStrength1um_MPa: LI_YIELD_STRENGTH_1UM_MPA,
      yieldSizeExponent: LI_YIELD_SIZE_EXPONENT,
      bulkYieldStrength_MPa: LI_BULK_YIELD_STRENGTH_MPA,
      dislocationRate_per_s: LI_DISLOCATION_RATE_PER_S,
      dislocationExponent: LI_DISLOCATION_EXPONENT,
      powerLawCreep: false,
      powerLawA_per_s: LI_POWER_LAW_A_PER_S,
      powerLawN: LI_POWER_LAW_N,
      powerLawQ_J_per_mol: LI_POWER_LAW_Q_J_PER_MOL,
    },
    collector: { stiffness_N_per_m: CC_SPRING_STIFFNESS_N_PER_M, workOfAdhesion_J_per_m2: CC_WORK_OF_ADHESION_J_PER_M2 },
    hops: {
      bulk: path("bulk"),
      surface: path("surface"),
      interface: path("interface"),
      collector: path("collector"),
      secondNeighbourHops: SECOND_NEIGHBOUR_HOPS,
      bulkCoordination: BULK_COORDINATION,
      schwoebel_eV: SCHWOEBEL_BARRIER_EV,
      schwoebelMaxSaddle: SCHWOEBEL_MAX_SADDLE,
    },
    electrochem: { exchangeCurrentDensity_A_per_cm2: EXCHANGE_CURRENT_DENSITY_A_PER_CM2, alphaCathodic: ALPHA_CATHODIC, alphaAnodic: ALPHA_ANODIC },
    electrical: { mode: "galvanostatic", currentDensity_A_per_cm2: CURRENT_DENSITY_A_PER_CM2, bias_V: BIAS_V, seriesResistance_Ohm: 0, seriesResistance_Ohm_cm2: DEFAULT_SERIES_RESISTANCE_OHM_CM2, contactRadius_nm: PAPER_CONTACT_RADIUS_NM },
    run: { stopOnShortCircuit: true },
    acceleration: accelerationInputs(),
    similarity: { paperContactRadius_nm: null, contactRadius_nm: null },
  };
}

/** lidep's default parameters: those of a scenario that sets nothing. */
export function defaultParams(): ModelParams {
  return paramsFromInputs(defaultInputs());
}
