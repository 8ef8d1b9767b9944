/**
 * What a finished run must tell its user besides its numbers: a run that went outside the model
 * (the peak pressure past b.c.c. Li's ~7 GPa transition to f.c.c., MODEL.md §3: flagged, not
 * stopped) or that stalled (simulated time stopped advancing, or the state became non-finite).
 * One line each, for stderr.
 */
import { BCC_FCC_TRANSITION_PA } from "../mechanics/eos.ts";
import type { Summary } from "./simulate.ts";

export function runWarnings(s: Pick<Summary, "outsideModel" | "maxPressure_Pa" | "stopReason" | "stalled" | "seed">, label = `seed ${s.seed}`): string[] {
  const w: string[] = [];
  if (s.outsideModel) {
    w.push(
      `warning: ${label}: the pressure reached ${(s.maxPressure_Pa / 1e9).toPrecision(3)} GPa, past b.c.c. Li's transition near ${BCC_FCC_TRANSITION_PA / 1e9} GPa — outside the model (summary.outsideModel)`,
    );
  }
  if (s.stopReason === "stalled") w.push(`warning: ${label}: the run stalled and stopped early: ${s.stalled}`);
  return w;
}

/** Summaries that count in a mean: those inside the model, unless asked to include every one. */
export function forMeans<T extends Pick<Summary, "outsideModel">>(ss: T[], includeOutsideModel: boolean): T[] {
  return includeOutsideModel ? ss : ss.filter((s) => !s.outsideModel);
}
