/**
 * What a simulation returns: summary.json (results, a function of scenario, seed and version),
 * timing.json (the machine's part), the in-memory result, and what a checkpoint holds.
 */
import type { Scenario } from "../scenario/schema.ts";
import type { Built } from "../scenario/build.ts";
import type { Columns } from "../io/arrow.ts";
import type { CoarseGraining } from "../model/coarse-graining.ts";

export interface Progress {
  time: number;
  maxTime: number;
  events: number;
  maxEvents: number;
  eventsPerSecond: number;
}

export interface SimulateOptions {
  seed: number;
  onProgress?: (p: Progress) => void;
  /** Events per solver call between progress reports (does not change the trajectory). */
  chunk?: number;
}

export type Outcome = "completed" | "cracked" | "short_circuit";

/**
 * summary.json: the run's results, a pure function of (scenario, seed, version) — nothing here
 * depends on the machine (wall time and speed are in `Timing`, timing.json).
 */
export interface Summary {
  /** Layout of the output files (run/provenance.ts). */
  schemaVersion: number;
  scenario: Scenario;
  seed: number;
  version: string;
  /** Git commit lidep ran from ("-dirty" if modified, "unknown" outside a checkout). */
  commit: string;
  /** "sha256:…" of the canonical JSON of the resolved scenario. */
  paramsHash: string;
  outcome: Outcome;
  /**
   * Why the run ended: maxTime, maxEvents, shortCircuit, sideWall or topOfBox (Li reached a
   * closed side or the top of the box, with run.stopAtWall: `wall` says where), noEvents (no event has a
   * positive rate), or stalled (simulated time no longer advances, or the state became
   * non-finite: `stalled` says which).
   */
  stopReason: string;
  /** For stopReason "stalled": what stopped advancing or became non-finite; otherwise null. */
  stalled: string | null;
  simulatedTime_s: number;
  events: number;
  coarseGrain: number;
  /** The hop paths' calibrated coarse-graining factors for this n, and their source (model/coarse-graining.ts). */
  coarseGraining: CoarseGraining;
  lattice: { nx: number; ny: number; nz: number; sites: number; a_nm: number };
  /** Net atoms deposited, net of stripping: reducedAtoms − oxidisedAtoms. */
  depositedAtoms: number;
  /** Gross atoms reduced (filled sites plus atoms inserted into the interfacial excess). */
  reducedAtoms: number;
  storedAtoms: number;
  /** Gross atoms oxidised (stripped sites plus atoms extracted from the interfacial excess). */
  oxidisedAtoms: number;
  /** Net charge plated (C), net of stripping: depositedAtoms · e. */
  chargePassed_C: number;
  meanCurrentDensity_A_per_cm2: number;
  maxPressure_Pa: number;
  /**
   * Mean over the samples of the main body's growth stress (Pa): the work per inserted volume of
   * its next root-growth step, while it can rise (timeseries growthStress_Pa); null if it never could.
   */
  meanGrowthStress_Pa: number | null;
  finalHeight_nm: number;
  finalLateralExtent_nm: number;
  contactArea_nm2: number;
  hops: { bulk: number; surface: number; interface: number; collector: number };
  rootGrowth: { moves: number; blocked: number; blockedByBoxTop: number };
  crack: { initiated: boolean; time_s: number | null; defectSize_nm: number | null; kind: string | null; pressure_Pa: number | null; mode: string | null };
  shortCircuit_s: number | null;
  /**
   * Li's first contact with a wall of the box (model/lidep/walls.ts): which (x0, x1: the closed x
   * sides; y0, y1; top: the layers root growth may not enter), when, and the site (nm, z above
   * the LLZO surface; null for a root-growth move the lid blocked); null if Li never reached one.
   * With run.stopAtWall the run ended there.
   */
  wall: { boundary: string; time_s: number; x_nm: number | null; y_nm: number | null; z_nm: number | null } | null;
  /** Griffith stress of the largest defect (Pa), or null without defects. */
  griffithStress_Pa: number | null;
  /** The peak pressure passed the b.c.c. → f.c.c. transition (~7 GPa): outside the model. */
  outsideModel: boolean;
  /** Atoms moved by each relief channel; creep is net (emerged − re-entered, issue 16's pair). */
  relief: { creep: number; creepEmerged: number; creepReentered: number; dislocation: number; powerLaw: number };
  /**
   * Recorded when it happened (model/lidep/records.ts), never read from samples: the peak
   * pressure of any body after any event (and before the first crack), the current density at
   * crack initiation and its largest value after it until the short circuit, at the short circuit,
   * and the net atoms transported along each path (a hop undone by the atom's next hop is none).
   */
  atEvents: {
    peakPressure_Pa: number;
    peakPressureTime_s: number;
    peakPressureBeforeCrack_Pa: number;
    /** When a body's pressure first passed b.c.c. Li's ≈7 GPa transition (null: never): outside the model from then on. */
    leftModel_s: number | null;
    currentDensityAtCrack_A_per_cm2: number | null;
    maxCurrentDensityAfterCrack_A_per_cm2: number | null;
    currentDensityAtShortCircuit_A_per_cm2: number | null;
    netHops: { bulk: number; surface: number; interface: number; collector: number };
    netAtoms: { bulk: number; surface: number; interface: number; collector: number };
    rareEvents: number;
  };
  defects: { kind: string; x_nm: number; y_nm: number; depth_nm: number; width_nm: number; subgrid: boolean }[];
  /**
   * Acceleration of fast hops (model/lidep/acceleration.ts): whether it ran, its windows and
   * rescalings, the hops executed in scaled classes, and every pair it ever scaled — its classes
   * (path, Li first/second-neighbour counts at start and end as "n1/n2"), factor now and lowest, the windows it was
   * scaled, and the forward/backward executions while scaled that justified it.
   */
  acceleration: {
    enabled: boolean;
    scheme: string;
    windows: number;
    rescales: number;
    scaledHops: number;
    pairs: { index: number; path: string; from: string; to: string; factorNow: number; minFactor: number; windowsScaled: number; forward: number; backward: number; imbalance: number }[];
  };
}

/** timing.json: how long the run took here — machine-dependent, kept apart from the results. */
export interface Timing {
  wallTime_s: number;
  eventsPerSecond: number;
  node: string;
  platform: string;
  arch: string;
}

export interface RunResult {
  summary: Summary;
  timing: Timing;
  timeseries: Columns;
  snapshots: Columns;
  /** events.arrow: the rare events (run/columns.ts EVENT_FIELDS). */
  events: Columns;
  built: Built;
}

export interface CheckpointState {
  scalars: Record<string, unknown>;
  arrays: Record<string, ArrayBufferView>;
}
