/**
 * What a run is judged on, recorded when it happens rather than read from samples (part of the
 * state, state.ts; each mechanism notes its own): the peak pressure of any body at any event, the
 * current density at crack initiation and its largest value until the short circuit, ∫A dt for
 * the whole run's mean current density, the net atoms transported by each hop path, and a log of
 * the rare events (crack initiation and advance, short circuit, root-growth moves, collector
 * moves) with the time, body, pressure and current density of each.
 *
 * Net transport: a hop undone by the same atom's next hop (back to the site it came from) is no
 * transport, so both count for nothing; most of a run's hops are such back-and-forth flicker.
 * Each Li site keeps the site its atom came from and the path of that hop (`from`, one word:
 * site·4 + path, −1 when the atom has no hop to undo: it arrived by any other event, or came
 * back).
 *
 * A run that leaves the model's range (a body past b.c.c. Li's ≈7 GPa transition, MODEL.md §3)
 * records when; the after-crack current stops being followed from then on, since the state it
 * would describe is outside the model.
 */
import { LI_BCC_FCC_TRANSITION_GPA } from "../../constants/materials.ts";

const OUTSIDE_PA = LI_BCC_FCC_TRANSITION_GPA * 1e9;

/** The rare events of the log, in the order of their codes. */
export const RARE_EVENTS = ["crackInitiation", "crackAdvance", "shortCircuit", "rootGrowth", "collectorMove"] as const;
export type RareEvent = (typeof RARE_EVENTS)[number];
export const EV_CRACK = 0;
export const EV_CRACK_ADVANCE = 1;
export const EV_SHORT = 2;
export const EV_ROOT = 3;
export const EV_COLLECTOR = 4;

/** One column per field of a logged event (plain arrays: rare events only). */
export interface RareEventLog {
  time: number[];
  kind: number[];
  body: number[];
  pressure: number[];
  currentDensity: number[];
  /** Per kind: the defect depth (m) at initiation, the crack length (m) on advance, the body's root sites on a root-growth move, the collector displacement (m) on a collector move. */
  value: number[];
}

export class EventRecords {
  /** Highest pressure (Pa) of any body after any event, when, and the highest before the first crack. */
  peakPressure = 0;
  peakPressureTime = 0;
  peakPressureBeforeCrack = 0;
  /** When a body's pressure first passed the b.c.c. limit (null: never). */
  outsideTime: number | null = null;
  /** The current density (A/m²) in force now (after the last event), as the electrode set it. */
  currentDensity = 0;
  /** Time of the first crack (null before), the current density in force when it started, and the largest after it until the short circuit. */
  crackTime: number | null = null;
  currentDensityAtCrack = Number.NaN;
  maxCurrentDensityAfterCrack = Number.NaN;
  currentDensityAtShortCircuit = Number.NaN;
  /** ∫A dt (m²·s) of the active area, over the whole run (the mean current density is ∫I dt / ∫A dt). */
  areaTime = 0;
  /** Net atoms transported by path: bulk, surface, interface, collector (site hops, not atoms: × n³ for atoms). */
  readonly netHops = new Float64Array(4);
  /** Per Li site: site·4 + path of the hop that brought its atom, −1 if none to undo. */
  readonly from: Int32Array;
  log: RareEventLog = { time: [], kind: [], body: [], pressure: [], currentDensity: [], value: [] };

  constructor(sites: number) {
    this.from = new Int32Array(sites + 1).fill(-1);
  }

  /** A pressure set on a body (Pa) at `time`. */
  notePressure(p: number, time: number): void {
    if (p > this.peakPressure) {
      this.peakPressure = p;
      this.peakPressureTime = time;
    }
    if (this.crackTime === null && p > this.peakPressureBeforeCrack) this.peakPressureBeforeCrack = p;
    if (p > OUTSIDE_PA && this.outsideTime === null) this.outsideTime = time;
  }

  /** The current density (A/m²) the electrode set after an event; after a crack, its largest until the short circuit (inside the model's range). */
  noteCurrent(j: number, shorted: boolean): void {
    this.currentDensity = j;
    if (this.crackTime !== null && !shorted && this.outsideTime === null && !(j <= this.maxCurrentDensityAfterCrack)) this.maxCurrentDensityAfterCrack = j;
  }

  /**
   * The hop s → t of the atom (path p) is done; `prev` was `from[s]` before it. Back to where it
   * came from: the earlier hop is undone (both count for nothing); otherwise it is transport.
   */
  hop(s: number, t: number, p: number, prev: number): void {
    if (prev >= 0 && prev >> 2 === t) {
      this.netHops[prev & 3]--;
      this.from[t] = -1;
    } else {
      this.netHops[p]++;
      this.from[t] = s * 4 + p;
    }
  }

  /** Logs a rare event; a crack initiation also starts the after-crack current record. */
  logEvent(kind: number, time: number, body: number, pressure: number, value: number): void {
    const L = this.log;
    L.time.push(time);
    L.kind.push(kind);
    L.body.push(body);
    L.pressure.push(pressure);
    L.currentDensity.push(this.currentDensity);
    L.value.push(value);
    if (kind === EV_CRACK && this.crackTime === null) {
      this.crackTime = time;
      this.currentDensityAtCrack = this.currentDensity;
      this.maxCurrentDensityAfterCrack = this.currentDensity;
    }
    if (kind === EV_SHORT && Number.isNaN(this.currentDensityAtShortCircuit)) this.currentDensityAtShortCircuit = this.currentDensity;
  }

  /** The scalars, for checkpoints (the arrays `from` and `netHops` are saved as arrays). */
  scalars(): Record<string, unknown> {
    return {
      peakPressure: this.peakPressure,
      peakPressureTime: this.peakPressureTime,
      peakPressureBeforeCrack: this.peakPressureBeforeCrack,
      outsideTime: this.outsideTime,
      currentDensity: this.currentDensity,
      crackTime: this.crackTime,
      currentDensityAtCrack: nullIfNaN(this.currentDensityAtCrack),
      maxCurrentDensityAfterCrack: nullIfNaN(this.maxCurrentDensityAfterCrack),
      currentDensityAtShortCircuit: nullIfNaN(this.currentDensityAtShortCircuit),
      areaTime: this.areaTime,
      log: this.log,
    };
  }

  restore(sc: Record<string, unknown>): void {
    this.peakPressure = sc.peakPressure as number;
    this.peakPressureTime = sc.peakPressureTime as number;
    this.peakPressureBeforeCrack = sc.peakPressureBeforeCrack as number;
    this.outsideTime = sc.outsideTime as number | null;
    this.currentDensity = sc.currentDensity as number;
    this.crackTime = sc.crackTime as number | null;
    this.currentDensityAtCrack = (sc.currentDensityAtCrack as number | null) ?? Number.NaN;
    this.maxCurrentDensityAfterCrack = (sc.maxCurrentDensityAfterCrack as number | null) ?? Number.NaN;
    this.currentDensityAtShortCircuit = (sc.currentDensityAtShortCircuit as number | null) ?? Number.NaN;
    this.areaTime = sc.areaTime as number;
    const L = sc.log as RareEventLog;
    this.log = { time: [...L.time], kind: [...L.kind], body: [...L.body], pressure: [...L.pressure], currentDensity: [...L.currentDensity], value: [...L.value] };
  }
}

function nullIfNaN(x: number): number | null {
  return Number.isNaN(x) ? null : x;
}
