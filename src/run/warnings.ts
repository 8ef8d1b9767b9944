/**
 * What a finished run must tell its user besides its numbers: a run that went outside the model
 * (the peak pressure past b.c.c. Li's ~7 GPa transition to f.c.c., MODEL.md §3: flagged, not
 * stopped), that stalled (simulated time stopped advancing, or the state became non-finite), or
 * whose Li reached a wall of the box (walls.ts: stopped there, or went on confined by the box).
 * One line each, for stderr.
 */
import { BCC_FCC_TRANSITION_PA } from "../mechanics/eos.ts";
import type { Summary } from "./simulate.ts";

export function runWarnings(s: Pick<Summary, "outsideModel" | "maxPressure_Pa" | "stopReason" | "stalled" | "seed"> & Partial<Pick<Summary, "wall">>, label = `seed ${s.seed}`): string[] {
  const w: string[] = [];
  if (s.outsideModel) {
    w.push(
      `warning: ${label}: the pressure reached ${(s.maxPressure_Pa / 1e9).toPrecision(3)} GPa, past b.c.c. Li's transition near ${BCC_FCC_TRANSITION_PA / 1e9} GPa — outside the model (summary.outsideModel)`,
    );
  }
  if (s.stopReason === "stalled") w.push(`warning: ${label}: the run stalled and stopped early: ${s.stalled}`);
  const wall = wallLine(s);
  if (wall !== null) w.push(`warning: ${label}: ${wall}`);
  return w;
}

/** What Li's contact with a wall of the box did to the run (summary.wall), or null if it never reached one. */
export function wallLine(s: Pick<Summary, "stopReason"> & Partial<Pick<Summary, "wall">>): string | null {
  const c = s.wall;
  if (!c) return null;
  const where = c.boundary === "top" ? "the top of the box" : `the box's ${c.boundary} side`;
  const t = `t = ${c.time_s.toExponential(3)} s`;
  if (s.stopReason === "sideWall" || s.stopReason === "topOfBox") return `Li reached ${where} at ${t} and the run stopped there (${s.stopReason}): a larger box goes further`;
  return `Li reached ${where} at ${t} and the run went on (run.stopAtWall: false): from then on the box confines it`;
}

/** Summaries that count in a mean: those inside the model, unless asked to include every one. */
export function forMeans<T extends Pick<Summary, "outsideModel">>(ss: T[], includeOutsideModel: boolean): T[] {
  return includeOutsideModel ? ss : ss.filter((s) => !s.outsideModel);
}
