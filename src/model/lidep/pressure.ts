/**
 * Pressure per connected body (MODEL.md §3): pressure equalises through a crystal within
 * nanoseconds, so p is a property of the body, from its stored excess and what holds it. Every
 * body has the pressure it bears: a confined body (it cannot rise) the equation of state of its
 * excess; a body holding up a spring-loaded collector the spring's force over its root; a body
 * free to rise none. The work a root-growth step costs (new surface, adhesion, the collector's
 * load) is the body's growth stress (root-growth.ts), which acts on insertion (redox.ts), not here.
 */
import { LI_ATOMIC_VOLUME_M3 } from "../../constants/physical.ts";
import { murnaghanPressure } from "../../mechanics/eos.ts";
import type { Collector } from "./collector.ts";
import type { LiState } from "./state.ts";

/** |σ·Ω/kT| beyond which exponents are capped: 200 kT (≈ 38 GPa at 298 K), far beyond the b.c.c. model's 7 GPa. */
const MAX_KT = 200;

/** σ·Ω/kT of a stress σ (Pa) on one atom (per electron: MODEL.md §2), capped at ±200 to keep exponentials finite. */
export function stressKT(st: LiState, sigma: number): number {
  const x = (sigma * LI_ATOMIC_VOLUME_M3 * st.m) / st.kTn;
  return x > MAX_KT ? MAX_KT : x < -MAX_KT ? -MAX_KT : x;
}

/**
 * p·Ω/kT of body b (the pressure work of one atom per kT, = p·Ω·n³/kT_n; 0 for no body). Capped
 * at 200 kT: the cap only keeps the exponentials finite when a run is driven out of the model's
 * range.
 */
export function pressureKT(st: LiState, b: number): number {
  return b < 0 ? 0 : stressKT(st, st.bodies.pressure[b]);
}

/** The pressure (Pa) whose p·Ω/kT is `pi` (the inverse of `stressKT` inside its cap). */
export function pressureOfKT(st: LiState, pi: number): number {
  return (pi * st.kTn) / (LI_ATOMIC_VOLUME_M3 * st.m);
}

/**
 * What the relief weights of body b read of it (relief.ts `drivers`): the creep conductances per
 * edge slot of its interface and collector paths (out[0], out[4]), the dislocation and power-law
 * weight per edge slot at the pressure `pFlow` (out[1]), p·Ω/kT at the midpoints of a creep
 * emergence and re-entry (out[2], out[3]; NaN where no weight reads them). A walk bounds the edge
 * rates for them.
 */
export interface ReliefDrivers {
  drivers(b: number, pFlow: number, out: Float64Array): void;
}

/**
 * The pressure window (issue 18): a walk of body b bounds the redox and relief weights of its
 * edge slots over p·Ω/kT ∈ [π0 − WINDOW_PI, π0 + WINDOW_PI] (π0 its value at the walk; likewise
 * each creep midpoint), each at the end of the window where it is largest (every such weight is
 * monotone in the pressure: reduction and re-entry fall with it, oxidation, emergence and the
 * flow's placement rise). The slot trees hold these bounds; a selected slot is accepted with its
 * exact weight over its bound and a rejection is a null event (thinning: catalogue.ts), so an
 * insertion that leaves the pressure inside the window rewrites no slot and the kinetics are
 * exact in p. The body is walked again when p·Ω/kT or a midpoint leaves its window, or a relief
 * factor that is not the pressure (contact, ring) moves by more than WALK_RELIEF (log): those
 * lag by at most that much, as before (the rate is then min(exact, bound)).
 * One insertion moves p·Ω/kT by ≈ 0.06 at GPa (n = 4): a window of ±0.5 walks a confined body
 * every ≈ 8 insertions instead of every one, and accepts ≥ e^{−1} of the (rare) slot selections.
 */
export const WINDOW_PI = 0.5;
export const WALK_RELIEF = 0.05;

export class Pressure {
  private readonly d = new Float64Array(5);

  constructor(
    private readonly st: LiState,
    private readonly collector: Collector,
    private readonly relief: ReliefDrivers,
  ) {}

  /**
   * Pressure of body b: a confined body (it cannot move up) is compressed by its stored excess,
   * Murnaghan's p(x) with x = N_ex/N the excess over the atoms on its sites; a body holding up a
   * spring-loaded collector carries its force over its root, F/A_root (the whisker's root
   * pressure), and the larger of the two counts. A body free to rise bears no load: its excess is
   * a partial layer waiting to be inserted.
   */
  compute(b: number): number {
    return this.at(b, this.st.bodies.excess[b]);
  }

  /** The pressure body b would have with `excess` atoms (cracks.ts shares atoms with it). */
  at(b: number, excess: number): number {
    const st = this.st;
    const B = st.bodies;
    const mech = st.p.mechanics;
    let p = 0;
    if (B.confined[b] && excess > 0 && B.size[b] > 0) p = murnaghanPressure(excess / (B.size[b] * st.m), mech.bulkModulus, mech.bulkModulusDerivative);
    const load = this.collector.loadPressure(b);
    if (load > p) p = load;
    return p;
  }

  /** Brings the pressure of every body changed in this event up to date. */
  updateChanged(): void {
    const dirty = this.st.dirtyBodies;
    for (let i = 0; i < dirty.length; i++) this.update(dirty[i]);
  }

  /**
   * Brings a body's pressure up to date; when it left the body's pressure window, or a relief
   * factor moved by more than WALK_RELIEF (or to or from zero), since the last walk, the body is
   * walked (its edge slots' bounds set for a new window).
   */
  update(b: number): void {
    const st = this.st;
    const B = st.bodies;
    if (!B.isLive(b)) return;
    const p = this.compute(b);
    if (p !== B.pressure[b]) {
      B.setPressure(b, p);
      st.records.notePressure(p, st.time);
    }
    // (a body walked this event anyway needs no drift check: the walk re-centres its window)
    if (!st.walkRequested(b) && this.drifted(b)) st.requestWalk(b);
  }

  /** Whether body b left its pressure window or a relief factor moved past WALK_RELIEF since the last walk. */
  drifted(b: number): boolean {
    const st = this.st;
    const B = st.bodies;
    const pi0 = B.refreshedPi[b];
    if (Math.abs(pressureKT(st, b) - pi0) > WINDOW_PI) return true;
    const d = this.d;
    this.relief.drivers(b, pressureOfKT(st, pi0 + WINDOW_PI), d);
    return outside(d[2], B.refreshedMidE[b]) || outside(d[3], B.refreshedMidR[b]) || moved(d[0], B.refreshedCreep[b]) || moved(d[4], B.refreshedCreepCC[b]) || moved(d[1], B.refreshedFlow[b]);
  }

  /** A walk of body b: its window is centred on its state now. */
  refreshed(b: number): void {
    const st = this.st;
    const d = this.d;
    const pi = pressureKT(st, b);
    this.relief.drivers(b, pressureOfKT(st, pi + WINDOW_PI), d);
    st.bodies.setRefreshed(b, pi, d[2], d[3], d[0], d[4], d[1]);
  }
}
/** A creep midpoint left the window around x0 (NaN: not read; becoming read or unread leaves it). */
function outside(x: number, x0: number): boolean {
  return Number.isNaN(x) ? !Number.isNaN(x0) : !(Math.abs(x - x0) <= WINDOW_PI);
}

/** A relief factor moved past the threshold since it was x0: by a ratio beyond e^±WALK_RELIEF, or to or from zero. */
function moved(x: number, x0: number): boolean {
  if (x === x0) return false;
  if (x <= 0 || x0 <= 0) return true;
  return Math.abs(Math.log(x / x0)) > WALK_RELIEF;
}
