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

/**
 * The body factors of the relief weights of body b (relief.ts): `creep` multiplies the per-site
 * creep factor, `flow` is the dislocation outflow plus power-law creep per edge site. They and
 * p·Ω/kT are what a walk refreshes the edge rates for.
 */
export interface ReliefDrivers {
  drivers(b: number, out: Float64Array): void;
}

/** Walk thresholds: p·Ω/kT moved by more than this, or a relief factor by more than this fraction (log). */
export const WALK_PI = 0.02;
export const WALK_RELIEF = 0.05;

export class Pressure {
  private readonly d = new Float64Array(2);

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
   * Brings a body's pressure up to date; when p·Ω/kT moved by more than WALK_PI, or a relief
   * factor by more than WALK_RELIEF (or to or from zero), since its edge rates were last
   * refreshed, they are refreshed by a walk. The rates in between lag by at most that much.
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
    if (this.drifted(b)) st.requestWalk(b);
  }

  /** Whether body b's edge-rate drivers moved past the walk thresholds since the last walk. */
  drifted(b: number): boolean {
    const B = this.st.bodies;
    const d = this.d;
    this.relief.drivers(b, d);
    return Math.abs(pressureKT(this.st, b) - B.refreshedPi[b]) > WALK_PI || moved(d[0], B.refreshedCreep[b]) || moved(d[1], B.refreshedFlow[b]);
  }

  /** Records what a walk of body b refreshed its edge rates for. */
  refreshed(b: number): void {
    const d = this.d;
    this.relief.drivers(b, d);
    this.st.bodies.setRefreshed(b, pressureKT(this.st, b), d[0], d[1]);
  }
}

/** A relief factor moved past the threshold since it was x0: by a ratio beyond e^±WALK_RELIEF, or to or from zero. */
function moved(x: number, x0: number): boolean {
  if (x === x0) return false;
  if (x <= 0 || x0 <= 0) return true;
  return Math.abs(Math.log(x / x0)) > WALK_RELIEF;
}
