/** The acceleration controller's settings (model/lidep/acceleration.ts, issue 17): defaults, inputs and SI form. */

/**
 * Acceleration defaults: off; surface hops only; windows of 5e4 events; Dybeck et al.'s balance
 * tolerance δ = 0.1 over at least N_e = 1000 executions; a scaled pair keeps ≥ 10× the slow
 * events' count; factors down to 1e-4. Numerical settings, not physics: `lidep converge` checks
 * what they do.
 */
export const ACCELERATION_DEFAULTS = { enabled: false, paths: ["surface"] as ("bulk" | "surface")[], windowEvents: 50_000, balanceTolerance: 0.1, minExecutions: 1000, separation: 10, minFactor: 1e-4 };

/** The scenario's `acceleration` block (paths by name). */
export interface AccelerationInputs {
  enabled: boolean;
  paths: ("bulk" | "surface")[];
  windowEvents: number;
  balanceTolerance: number;
  minExecutions: number;
  separation: number;
  minFactor: number;
}

/** The defaults as scenario inputs (a fresh copy). */
export function accelerationInputs(): AccelerationInputs {
  return { ...ACCELERATION_DEFAULTS, paths: [...ACCELERATION_DEFAULTS.paths] };
}

/** Acceleration of fast hops (model/lidep/acceleration.ts, issue 17), ModelParams' `acceleration`: the controller's settings. */
export interface AccelerationParams {
  enabled: boolean;
  /** Path indices whose hops may be scaled: BULK and/or SURFACE, never INTERFACE or COLLECTOR (they carry creep's relief). */
  paths: number[];
  /** Events per adaptation window W. */
  windowEvents: number;
  /** Balance tolerance δ of the quasi-equilibrium criterion |n_f − n_b|/(n_f + n_b) ≤ δ. */
  balanceTolerance: number;
  /** Executions per window N_e a pair needs to be judged, and the fewest a scaled pair keeps. */
  minExecutions: number;
  /** Separation F: a scaled pair keeps running at least F times as often as all slow events. */
  separation: number;
  /** Smallest factor α_min. */
  minFactor: number;
}
