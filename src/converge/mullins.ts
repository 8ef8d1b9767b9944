/**
 * The surface-transport constant B compared directly (issue 17's trap: terrace diffusion passes a
 * forward/backward balance test, yet scaling it lowers B). A sinusoidal Li surface relaxes by
 * surface diffusion as A(t) = A0·exp(−B·q⁴·t) (Mullins 1957); at a fixed q the decay rate Γ is
 * B·q⁴, so the ratio of Γ with and without the acceleration's factors is the ratio of B. The slab
 * and its relaxation are issue 14's (calibration/profile.ts), with the scenario's parameters.
 *
 * The factors applied are frozen (the controller off): the accelerated runs' pairs at their
 * lowest factors, the worst case of what the accelerated runs did to surface transport.
 */
import type { ModelParams } from "../model/params.ts";
import { pilotTime, relax, type ProfileSpec } from "../calibration/profile.ts";

/**
 * The slab: wavelength (= box length in x), width in y, base height and amplitude, in cells. Sized
 * for the signal over the thermal roughness of a coarse surface: at n = 4 (fig4g's material) one
 * relaxation's decay rate scatters by ≈ 12 % between seeds (5 seeds; 40–50 % with a 12 × 4-cell,
 * 1.5-cell-amplitude slab). A slope of A·q ≈ 1 is past Mullins' small-slope limit; both arms share
 * it, and only their ratio is used.
 */
export const SLAB = { wavelength: 16, ny: 8, base: 5, amplitude: 3, headroom: 3 } as const;

export type Frozen = { index: number; factor: number }[];

/** The slab of a scenario's parameters (acceleration off; `frozen` factors applied by hand). */
export function slabSpec(params: ModelParams, frozen: Frozen): ProfileSpec {
  return {
    n: params.coarseGrain,
    wavelengthCells: SLAB.wavelength,
    ny: SLAB.ny,
    amplitudeCells: SLAB.amplitude,
    baseCells: SLAB.base,
    headroomCells: SLAB.headroom,
    temperature: params.temperature,
    tweak: (p) => Object.assign(p, params, { acceleration: { ...params.acceleration, enabled: false } }),
    prepare: (m) => m.accel.freeze(frozen),
  };
}

/** Time (s) for the amplitude to fall to `fraction` of its start in one pilot run; NaN if it does not within `maxEvents`. */
export function relaxationTime(params: ModelParams, seed: string, fraction: number, maxEvents: number): number {
  return pilotTime(slabSpec(params, []), seed, fraction, maxEvents).time;
}

/** Γ (1/s) of one relaxation sampled at `points` times up to T: the least-squares slope of −ln A(t) through the origin over the points where A > 0.15·A0. */
export function decayRate(params: ModelParams, frozen: Frozen, seed: string, T: number, points: number): number {
  const times = Array.from({ length: points }, (_, i) => (T * (i + 1)) / points);
  const a = relax(slabSpec(params, frozen), seed, times).amplitudes;
  let sxy = 0, sxx = 0, used = 0;
  for (let i = 1; i < a.length && a[i] > 0.15 * a[0]; i++) {
    sxy += times[i - 1] * Math.log(a[i] / a[0]);
    sxx += times[i - 1] ** 2;
    used++;
  }
  return used >= 2 ? -sxy / sxx : Number.NaN;
}
