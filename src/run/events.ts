/**
 * A run's event-level results (model/lidep/records.ts), as the summary's `atEvents` and the
 * columns of events.arrow (run/columns.ts EVENT_FIELDS).
 */
import type { Columns } from "../io/arrow.ts";
import { EV_ROOT, EV_SHORT, type EventRecords } from "../model/lidep/records.ts";
import type { Summary } from "./summary.ts";

const NM = 1e-9;

/** A current density in A/m² as A/cm², null where it does not exist (NaN). */
function perCm2(j: number): number | null {
  return Number.isNaN(j) ? null : j / 1e4;
}

/** The summary's event-level block; `peak` is the run's peak pressure (Pa), `atomsPerSite` n³. */
export function atEvents(rec: EventRecords, peak: number, atomsPerSite: number): Summary["atEvents"] {
  const n = rec.netHops;
  return {
    peakPressure_Pa: peak,
    peakPressureTime_s: rec.peakPressureTime,
    peakPressureBeforeCrack_Pa: rec.peakPressureBeforeCrack,
    leftModel_s: rec.outsideTime,
    currentDensityAtCrack_A_per_cm2: perCm2(rec.currentDensityAtCrack),
    maxCurrentDensityAfterCrack_A_per_cm2: perCm2(rec.maxCurrentDensityAfterCrack),
    currentDensityAtShortCircuit_A_per_cm2: perCm2(rec.currentDensityAtShortCircuit),
    netHops: { bulk: n[0], surface: n[1], interface: n[2], collector: n[3] },
    netAtoms: { bulk: n[0] * atomsPerSite, surface: n[1] * atomsPerSite, interface: n[2] * atomsPerSite, collector: n[3] * atomsPerSite },
    rareEvents: rec.log.time.length,
  };
}

/** events.arrow's columns; NaN where a value does not exist (written as null). */
export function eventColumns(rec: EventRecords, siteArea: number): Columns {
  const L = rec.log;
  return {
    time_s: Float64Array.from(L.time),
    event: Int8Array.from(L.kind),
    body: Float64Array.from(L.body, (b) => (b < 0 ? Number.NaN : b)),
    pressure_Pa: Float64Array.from(L.pressure),
    currentDensity_A_per_cm2: Float64Array.from(L.currentDensity, (j) => j / 1e4),
    length_m: Float64Array.from(L.value, (v, i) => (L.kind[i] === EV_ROOT || L.kind[i] === EV_SHORT ? Number.NaN : v)),
    rootArea_nm2: Float64Array.from(L.value, (v, i) => (L.kind[i] === EV_ROOT ? (v * siteArea) / NM ** 2 : Number.NaN)),
  };
}
