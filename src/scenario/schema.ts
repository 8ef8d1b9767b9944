/**
 * The scenario file: what a user writes, with units in every key, validated by zod. Every key
 * has a default, so a scenario states only what differs; `resolveScenario` returns the complete,
 * explicit document that is stored with every output.
 */
import { z } from "zod";
import { MAX_TEMPERATURE_K, MIN_MAX_TIME_S, MIN_TEMPERATURE_K } from "./limits.ts";

const positive = () => z.number().positive();
const nonNegative = () => z.number().min(0);

export const PATHS = ["bulk", "surface", "interface", "collector"] as const;

const PathSchema = z
  .strictObject({
    /** Attempt frequency ν. */
    prefactor_per_s: positive().default(1e13),
    /** Path barrier; if absent, derived from `diffusivity_m2_per_s` (or lidep's default D). */
    barrier_eV: nonNegative().optional(),
    /** Effective diffusivity at 25 °C, used to derive the barrier when it is not given. */
    diffusivity_m2_per_s: positive().optional(),
    /** Multiplies the path's rate (e.g. 0.01 to slow a path 100×, for hypothesis tests). */
    rateFactor: positive().default(1),
  })
  .prefault({});

const DefectSchema = z.strictObject({
  kind: z.enum(["pit", "scratch", "step"]),
  x_nm: z.number(),
  y_nm: z.number().default(0),
  depth_nm: positive(),
  width_nm: positive().default(1),
  /** Keep it off the lattice, as a sub-grid flaw with its size (e.g. a crack-like flaw deeper than the box). */
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
    .default(298.15),
  lattice: z
    .strictObject({
      coarseGrain: z.number().int().min(1).max(64).default(1),
      /** Box size (x, y, z); y thin and periodic gives the TEM cross-section. */
      size_nm: z.tuple([positive(), positive(), positive()]).default([12, 1.4, 8]),
      periodicX: z.boolean().default(true),
      periodicY: z.boolean().default(true),
    })
    .prefault({}),
  li: z
    .strictObject({
      /** Facet energies that calibrate the Li–Li bonds ({110} must be the lowest). */
      gamma110_J_per_m2: positive().default(0.45),
      gamma100_J_per_m2: positive().default(0.5),
      /** Radius of an initial Li cap at the collector contact (0: none). */
      initialRadius_nm: nonNegative().default(0),
    })
    .prefault({}),
  llzo: z
    .strictObject({
      thickness_nm: positive().default(1),
      workOfAdhesion_J_per_m2: nonNegative().default(0.25),
      conductivity_S_per_cm: positive().default(6.9e-4),
      defects: z.array(DefectSchema).default([]),
      randomDefects: DefectDistributionSchema.nullable().default(null),
      fracture: z
        .strictObject({
          enabled: z.boolean().default(true),
          toughness_MPa_sqrt_m: positive().default(0.95),
          griffithY: positive().default(1.12),
          theoreticalStrength_GPa: positive().default(16.1),
          /** σ1 at an empty pit's tip over the pressure (the paper's FEM: 16.3/4.9). */
          pitStressConcentration: positive().default(3.33),
          mode: z.enum(["split", "peel"]).default("split"),
          /** Li|LLZO contact angle for the entry pressure of pits smaller than a site. */
          contactAngle_deg: z.number().gt(90).lt(180).default(116),
        })
        .prefault({}),
    })
    .prefault({}),
  mechanics: z
    .strictObject({
      bulkModulus_GPa: positive().default(11.6),
      bulkModulusDerivative: positive().default(3.5),
      /** Diffusional creep: excess atoms emerge at the triple-phase boundary / collector gap edge. */
      creep: z.boolean().default(true),
      /** Dislocation outflow from a confined layer above the squeeze-flow pressure. */
      dislocation: z.boolean().default(true),
      yieldStrength_MPa: positive().default(244),
      dislocationRate_per_s: positive().default(1e3),
      /** Power-law creep of bulk Li (off at the nanoscale of the TEM experiments). */
      powerLawCreep: z.boolean().default(false),
      powerLawA_per_s: positive().default(3.0e3),
      powerLawN: positive().default(6.6),
      powerLawQ_J_per_mol: positive().default(37e3),
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
      stiffness_N_per_m: positive().default(10),
      workOfAdhesion_J_per_m2: nonNegative().default(0.6),
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
      secondNeighbourHops: z.boolean().default(true),
      bulkCoordination: z.number().int().min(1).max(8).default(7),
      schwoebel_eV: nonNegative().default(0.15),
      schwoebelMaxSaddle: z.number().int().min(0).max(6).default(1),
    })
    .prefault({}),
  electrochem: z
    .strictObject({
      exchangeCurrentDensity_A_per_cm2: positive().default(1e-3),
      alphaCathodic: z.number().gt(0).lt(1).default(0.5),
      alphaAnodic: z.number().gt(0).lt(1).default(0.5),
    })
    .prefault({}),
  electrical: z
    .strictObject({
      mode: z.enum(["galvanostatic", "potentiostatic"]).default("galvanostatic"),
      currentDensity_A_per_cm2: positive().default(4e-3),
      bias_V: z.number().default(0.2),
      seriesResistance_Ohm: nonNegative().default(0),
      /**
       * Area-specific series resistance (Ω·cm²), divided by the active area: a simulated patch
       * stands for a larger contact, so the circuit's resistance is carried per area (the paper's
       * 3 V ↔ ~3 A/cm² at cracking implies ≈ 1 Ω·cm²; MODEL.md §2.1).
       */
      seriesResistance_Ohm_cm2: nonNegative().default(0),
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
    })
    .prefault({}),
});

export type ScenarioInput = z.input<typeof ScenarioSchema>;
export type Scenario = z.output<typeof ScenarioSchema>;
