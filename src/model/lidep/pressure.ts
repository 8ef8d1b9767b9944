/**
 * Pressure per connected body (MODEL.md §3): pressure equalises through a crystal within
 * nanoseconds, so p is a property of the body, from its stored excess and what holds it.
 */
import { LI_ATOMIC_VOLUME_M3 } from "../../constants/physical.ts";
import { murnaghanPressure } from "../../mechanics/eos.ts";
import type { Collector } from "./collector.ts";
import type { LiState } from "./state.ts";

/**
 * p·Ω·m/kT_n of body b (the pressure work of one site's atoms, per kT_n; 0 for no body). Capped at
 * 200 kT (≈ 38 GPa at 298 K), far beyond the b.c.c. model's 7 GPa: the cap only keeps the
 * exponentials finite when a run is driven out of the model's range.
 */
export function pressureKT(st: LiState, b: number): number {
  return b < 0 ? 0 : Math.min(200, (st.bodies.pressure[b] * LI_ATOMIC_VOLUME_M3 * st.m) / st.kTn);
}

export class Pressure {
  constructor(
    private readonly st: LiState,
    private readonly collector: Collector,
  ) {}

  /**
   * Pressure of body b: a confined body (it cannot move up) is compressed by its stored excess,
   * Murnaghan's p(x) with x = N_ex/N; a body holding up a spring-loaded collector carries its
   * force over the contact, F/A (the whisker's root pressure). A body that can move freely has
   * no pressure: its excess is a partial layer waiting to be inserted.
   */
  compute(b: number): number {
    const st = this.st;
    const B = st.bodies;
    const mech = st.p.mechanics;
    let p = 0;
    if (B.confined[b] && B.excess[b] > 0 && B.size[b] > 0) p = murnaghanPressure(B.excess[b] / B.size[b], mech.bulkModulus, mech.bulkModulusDerivative);
    const contact = this.collector.contactPressure(b);
    if (contact > 0) p = Math.max(p, contact);
    return p;
  }

  /** Brings the pressure of every body changed in this event up to date. */
  updateChanged(): void {
    const dirty = this.st.dirtyBodies;
    for (let i = 0; i < dirty.length; i++) this.update(dirty[i]);
  }

  /**
   * Brings a body's pressure up to date; when its relief drivers (p·Ω and the excess) moved by
   * more than 2 % (of kT, of the excess), its edge and root rates are refreshed by a walk. The
   * rates in between lag by at most that much.
   */
  private update(b: number): void {
    const st = this.st;
    const B = st.bodies;
    if (!B.isLive(b)) return;
    const p = this.compute(b);
    if (p !== B.pressure[b]) {
      B.setPressure(b, p);
      st.records.notePressure(p, st.time);
    }
    if (!(B.confined[b] || p > 0) && B.refreshedPi[b] === 0) return;
    const pi = pressureKT(st, b);
    const ex = B.excess[b];
    const lastEx = B.refreshedExcess[b];
    if (Math.abs(pi - B.refreshedPi[b]) > 0.02 || Math.abs(ex - lastEx) > 0.05 * Math.max(1, lastEx) + 1) st.requestWalk(b);
  }
}
