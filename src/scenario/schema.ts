/**
 * The scenario file: what a user writes, with units in every key, validated by zod. Every key
 * has a default, so a scenario states only what differs; `resolveScenario` returns the complete,
 * explicit document that is stored with every output. Physical defaults come from
 * constants/materials.ts, the same numbers as the model's `defaultParams()`.
 */
import { z } from "zod";
import { MAX_TEMPERATURE_K, MIN_MAX_TIME_S, MIN_TEMPERATURE_K } from "./limits.ts";
import { ROOM_TEMPERATURE_K } from "../constants/physical.ts";
import * as M from "../constants/materials.ts";
import { DEFAULT_SERIES_RESISTANCE_OHM_CM2, PAPER_CONTACT_RADIUS_NM } from "../model/params.ts";
import { ACCELERATION_DEFAULTS } from "../model/acceleration-params.ts";

const positive = () => z.number().positive();
const nonNegative = () => z.number().min(0);

export const PATHS = ["bulk", "surface", "interface", "collector"] as const;

const PathSchema = z
  .strictObject({
    /** Attempt frequency ν. */
    prefactor_per_s: positive().default(M.HOP_PREFACTOR_PER_S),
    /** Path barrier; if absent, derived from `diffusivity_m2_per_s` (or lidep's default D). */
    barrier_eV: nonNegative().optional(),
    /** Effective diffusivity at 25 °C, used to derive the barrier when it is not given. */
    diffusivity_m2_per_s: positive().optional(),
    /**
     * Multiplies the path's rate (e.g. 0.01 to slow a path 100×, for hypothesis tests). Below 1 it
     * is refused on the relief-carrying paths (interface, collector: scenario/load.ts), whose D
     * sets diffusional creep: slowing them to make a run finish would decide the relief.
     */
    rateFactor: positive().default(1),
  })
  .prefault({});

const DefectSchema = z.strictObject({
  kind: z.enum(["pit", "scratch", "step"]),
  x_nm: z.number(),
  y_nm: z.number().default(0),
  depth_nm: positive(),
  width_nm: positive().default(1),
  /** Keep it off the lattice, as a sub-grid flaw with its size (a crack-like flaw thinner than a site); like any defect, it must fit in the slab. */
  subgrid: z.boolean().default(false),
});

const DefectDistributionSchema = z.strictObject({
  /** Number of pits drawn at random positions on the surface (seeded by the run's seed). */
  count: z.number().int().min(0),
  kind: z.enum(["pit", "scratch"]).default("pit"),
  /** Log-normal depth distribution: median and geometric standard deviation. */
  medianDepth_nm: positive(),
  sigmaLog: nonNegative().default(0.5),
  width_nm: positive().default(1),
});

export const ScenarioSchema = z.strictObject({
  description: z.string().default(""),
  /** Between b.c.c. Li's martensitic transformation and its melting point (limits.ts). */
  temperature_K: z
    .number()
    .min(MIN_TEMPERATURE_K, { error: `expected ${MIN_TEMPERATURE_K}–${MAX_TEMPERATURE_K} K, where Li is b.c.c. and solid (it transforms to a close-packed phase below ≈${MIN_TEMPERATURE_K} K)` })
    .max(MAX_TEMPERATURE_K, { error: `expected ${MIN_TEMPERATURE_K}–${MAX_TEMPERATURE_K} K, where Li is b.c.c. and solid (it melts at ${MAX_TEMPERATURE_K} K)` })
    .default(ROOM_TEMPERATURE_K),
  lattice: z
    .strictObject({
      coarseGrain: z.number().int().min(1).max(64).default(1),
      /**
       * Apply the calibrated coarse-graining factors of n (data/coarse-graining.json, issue 14) to the
       * hop paths; false runs MODEL.md §1's rule alone (not the physical B and D·δ: warned about).
       */
      calibratedTransport: z.boolean().default(true),
      /** Box size (x, y, z); y thin and periodic gives the TEM cross-section. */
      size_nm: z.tuple([positive(), positive(), positive()]).default([12, 1.4, 8]),
      periodicX: z.boolean().default(true),
      periodicY: z.boolean().default(true),
    })
    .prefault({}),
  li: z
    .strictObject({
      /** Facet energies that calibrate the Li–Li bonds ({110} must be the lowest). */
      gamma110_J_per_m2: positive().default(M.LI_GAMMA_110_J_PER_M2),
      gamma100_J_per_m2: positive().default(M.LI_GAMMA_100_J_PER_M2),
      /** Radius of an initial Li cap at the collector contact (0: none). */
      initialRadius_nm: nonNegative().default(0),
    })
    .prefault({}),
  llzo: z
    .strictObject({
      thickness_nm: positive().default(1),
      /** Elastic constants: a crack's opening (the Li it holds) and the defect-free surface's edge tension. */
      youngsModulus_GPa: positive().default(M.LLZO_YOUNGS_MODULUS_GPA),
      poissonRatio: z.number().min(0).lt(0.5).default(M.LLZO_POISSON),
      workOfAdhesion_J_per_m2: nonNegative().default(M.LLZO_WORK_OF_ADHESION_J_PER_M2),
      conductivity_S_per_cm: positive().default(M.LLZO_CONDUCTIVITY_S_PER_CM),
      defects: z.array(DefectSchema).default([]),
      randomDefects: DefectDistributionSchema.nullable().default(null),
      fracture: z
        .strictObject({
          enabled: z.boolean().default(true),
          toughness_MPa_sqrt_m: positive().default(M.LLZO_TOUGHNESS_MPA_SQRT_M),
          griffithY: positive().default(M.GRIFFITH_Y),
          theoreticalStrength_GPa: positive().default(M.LLZO_THEORETICAL_STRENGTH_GPA),
          /** σ1 at an empty pit's tip over the pressure (the paper's FEM: 16.3/4.9). */
          pitStressConcentration: positive().default(M.LLZO_PIT_STRESS_CONCENTRATION),
          mode: z.enum(["split", "peel"]).default("split"),
          /** Li|LLZO contact angle for the entry pressure of pits smaller than a site. */
          contactAngle_deg: z.number().gt(90).lt(180).default(M.LLZO_CONTACT_ANGLE_DEG),
        })
        .prefault({}),
    })
    .prefault({}),
  mechanics: z
    .strictObject({
      /** Li's K0 ≈ 11–12 GPa (the literature spreads ~4×); past 1000 GPa (twice diamond's) Murnaghan's pressure overflows. */
      bulkModulus_GPa: positive()
        .max(1000, { error: "expected at most 1000 GPa (Li's K0 is ≈ 11–12 GPa: PARAMETERS.md; a larger one overflows the pressure)" })
        .default(M.LI_BULK_MODULUS_GPA),
      /** Murnaghan's K0′: ≈ 3–7 for solids; past 20 the pressure of a few per cent of strain overflows. */
      bulkModulusDerivative: positive()
        .max(20, { error: "expected at most 20 (Murnaghan's K0′ of a solid is ≈ 3–7, Li's ≈ 3.5: PARAMETERS.md; larger overflows the pressure)" })
        .default(M.LI_BULK_MODULUS_DERIVATIVE),
      /** Diffusional creep: excess atoms emerge at the triple-phase boundary / collector gap edge. */
      creep: z.boolean().default(true),
      /** Dislocation outflow from a confined layer above the squeeze-flow pressure. */
      dislocation: z.boolean().default(true),
      /** Size-dependent yield strength: the nanoscale cap, σ at 1 µm and the size exponent (Xu et al. 2017), the bulk floor. */
      yieldStrength_MPa: positive().default(M.LI_YIELD_STRENGTH_MPA),
      yieldStrength1um_MPa: positive().default(M.LI_YIELD_STRENGTH_1UM_MPA),
      yieldSizeExponent: z.number().max(0).default(M.LI_YIELD_SIZE_EXPONENT),
      bulkYieldStrength_MPa: positive().default(M.LI_BULK_YIELD_STRENGTH_MPA),
      /** Dislocation outflow above the squeeze-flow pressure: ε̇ = rate·(p/p_f)^exponent. */
      dislocationRate_per_s: positive().default(M.LI_DISLOCATION_RATE_PER_S),
      dislocationExponent: positive().default(M.LI_DISLOCATION_EXPONENT),
      /** Power-law creep of bulk Li: refused for a box smaller than its calibration scale (10 µm: scenario/load.ts). */
      powerLawCreep: z.boolean().default(false),
      powerLawA_per_s: positive().default(M.LI_POWER_LAW_A_PER_S),
      powerLawN: positive().default(M.LI_POWER_LAW_N),
      powerLawQ_J_per_mol: positive().default(M.LI_POWER_LAW_Q_J_PER_MOL),
    })
    .prefault({}),
  collector: z
    .strictObject({
      kind: z.enum(["rigid", "spring", "free"]).default("rigid"),
      shape: z.enum(["flat", "arc", "fibre", "tube"]).default("arc"),
      /** Wall thickness of a tube (an a-CNT host). */
      wall_nm: positive().default(2),
      /** Radius of the arc tip or fibre, half-width of the flat punch. */
      radius_nm: positive().default(4),
      /** Centre of the contact; default the centre of the box. */
      x_nm: z.number().nullable().default(null),
      y_nm: z.number().nullable().default(null),
      gap_nm: nonNegative().default(0),
      /** Spring stiffness for kind = spring (W tip). */
      stiffness_N_per_m: positive().default(M.CC_SPRING_STIFFNESS_N_PER_M),
      workOfAdhesion_J_per_m2: nonNegative().default(M.CC_WORK_OF_ADHESION_J_PER_M2),
      /** Rigid side walls at this half-width around the contact (the FEM's confined case). */
      sideWallHalfWidth_nm: positive().nullable().default(null),
    })
    .prefault({}),
  hops: z
    .strictObject({
      bulk: PathSchema,
      surface: PathSchema,
      interface: PathSchema,
      collector: PathSchema,
      secondNeighbourHops: z.boolean().default(M.SECOND_NEIGHBOUR_HOPS),
      bulkCoordination: z.number().int().min(1).max(8).default(M.BULK_COORDINATION),
      schwoebel_eV: nonNegative().default(M.SCHWOEBEL_BARRIER_EV),
      schwoebelMaxSaddle: z.number().int().min(0).max(6).default(M.SCHWOEBEL_MAX_SADDLE),
    })
    .prefault({}),
  electrochem: z
    .strictObject({
      exchangeCurrentDensity_A_per_cm2: positive().default(M.EXCHANGE_CURRENT_DENSITY_A_PER_CM2),
      alphaCathodic: z.number().gt(0).lt(1).default(M.ALPHA_CATHODIC),
      alphaAnodic: z.number().gt(0).lt(1).default(M.ALPHA_ANODIC),
    })
    .prefault({}),
  electrical: z
    .strictObject({
      mode: z.enum(["galvanostatic", "potentiostatic"]).default("galvanostatic"),
      currentDensity_A_per_cm2: positive().default(M.CURRENT_DENSITY_A_PER_CM2),
      bias_V: z.number().default(M.BIAS_V),
      seriesResistance_Ohm: nonNegative().default(0),
      /**
       * Area-specific series resistance (Ω·cm²), divided by the active area: a simulated patch
       * stands for a larger contact, so the circuit's resistance is carried per area (the paper's
       * 3 V ↔ ~3 A/cm² at cracking implies ≈ 1 Ω·cm²; MODEL.md §2.1). Default: the one value
       * calibrated from Fig. 3 (mechanics/circuit.ts, ≈ 0.80 Ω·cm²), which the paper's
       * potentiostatic scenarios all use.
       */
      seriesResistance_Ohm_cm2: nonNegative().default(DEFAULT_SERIES_RESISTANCE_OHM_CM2),
      /**
       * Radius of the contact whose LLZO spreading resistance the circuit carries (per area, over
       * the active area): default the paper's contact, √(25 nA/(3 A/cm²·π)) ≈ 515 nm
       * (mechanics/circuit.ts); null: the simulated contact's own disc.
       */
      contactRadius_nm: positive().nullable().default(PAPER_CONTACT_RADIUS_NM),
    })
    .prefault({}),
  run: z
    .strictObject({
      /** At least MIN_MAX_TIME_S (limits.ts): shorter windows see no event, and denormal ones stall the sample schedule. */
      maxTime_s: z
        .number()
        .min(MIN_MAX_TIME_S, { error: `expected at least ${MIN_MAX_TIME_S} s (a hundredth of the fastest attempt period; shorter windows see no event)` })
        .default(1),
      maxEvents: z.number().int().positive().default(2_000_000),
      /** Rows of the time series (evenly spaced in events and in time, whichever comes first). */
      samples: z.number().int().min(2).max(100_000).default(200),
      snapshots: z.number().int().min(1).max(10_000).default(20),
      /** End the run when Li reaches the counter electrode through a crack. */
      stopOnShortCircuit: z.boolean().default(true),
      /**
       * End the run when Li first reaches a closed side (x or y) or the top of the box (stop
       * reason sideWall or topOfBox): from then on the box, not the physics, confines it. The
       * contact is recorded in summary.json's `wall` either way.
       */
      stopAtWall: z.boolean().default(true),
    })
    .prefault({}),
  /**
   * Acceleration of fast, quasi-equilibrated hops (model/lidep/acceleration.ts): a hop class and
   * its reverse scaled by one factor chosen on the fly; checked by `lidep converge`. Interface and
   * collector hops carry creep's relief and are never scaled.
   */
  acceleration: z
    .strictObject({
      enabled: z.boolean().default(ACCELERATION_DEFAULTS.enabled),
      paths: z.array(z.enum(["bulk", "surface"], { error: "expected \"bulk\" or \"surface\" (interface and collector hops carry creep's relief and are never scaled)" })).default(ACCELERATION_DEFAULTS.paths),
      windowEvents: z.number().int().min(100).default(ACCELERATION_DEFAULTS.windowEvents),
      balanceTolerance: z.number().gt(0).lt(1).default(ACCELERATION_DEFAULTS.balanceTolerance),
      minExecutions: z.number().int().min(10).default(ACCELERATION_DEFAULTS.minExecutions),
      separation: z.number().min(1).default(ACCELERATION_DEFAULTS.separation),
      minFactor: z.number().gt(0).max(1).default(ACCELERATION_DEFAULTS.minFactor),
    })
    .prefault({}),
  /**
   * Similarity rule (issue 16): a nanometre scenario standing for the paper's contact of radius
   * R_p keeps the group Π = D·δ/(i·R²) — the creep capacity of a contact over its supply — equal
   * by running the relief-carrying paths (interface, collector) at D·(R/R_p)², R the scenario's
   * contact radius (hops and creep alike: one D per path). Both null: no rule.
   */
  similarity: z
    .strictObject({
      paperContactRadius_nm: positive().nullable().default(null),
      contactRadius_nm: positive().nullable().default(null),
    })
    .prefault({}),
});

export type ScenarioInput = z.input<typeof ScenarioSchema>;
export type Scenario = z.output<typeof ScenarioSchema>;
