/**
 * The current collector (MODEL.md §1): one rigid object above the LLZO, held by a spring of
 * stiffness k in z — k = ∞ a Cu tip (rigid), finite a W tip (spring), k ≈ 0 a CNT (free). One
 * object per kind behind `Collector`; a new kind is one more object here and one more name in the
 * schema's `collector.kind`. Root growth asks it whether it moves (root-growth.ts); the pressure
 * asks what it presses with (pressure.ts); after Li leaves it, a raised collector settles back.
 */
import { LI_LATTICE_CONSTANT_M } from "../../constants/physical.ts";
import { murnaghanPressure } from "../../mechanics/eos.ts";
import { CC, EMPTY } from "../species.ts";
import type { LiState } from "./state.ts";

export type CollectorKind = "rigid" | "free" | "spring";

export interface Collector {
  readonly kind: CollectorKind;
  /** Whether root growth can push it up at all (a rigid one blocks like the LLZO). */
  readonly movable: boolean;
  /** Whether it gives way when body b, otherwise free to rise, pushes it up by one move. */
  yields(b: number): boolean;
  /** The force it exerts on the Li below (N). */
  force(): number;
  /** The pressure it exerts on body b through their contact (Pa; 0 when none). */
  contactPressure(b: number): number;
  /** Moves back down onto what is below it, once what held it up has gone. */
  settle(): void;
}

class Rigid implements Collector {
  readonly kind = "rigid";
  readonly movable = false;
  yields(): boolean {
    return false;
  }
  force(): number {
    return 0;
  }
  contactPressure(): number {
    return 0;
  }
  settle(): void {}
}

/** A CNT, too soft to constrain: it rides on the Li, and rests on it when the Li shrinks. */
class Free implements Collector {
  readonly kind: CollectorKind = "free";
  readonly movable = true;
  constructor(protected readonly st: LiState) {}
  yields(_b: number): boolean {
    return true;
  }
  force(): number {
    return 0;
  }
  contactPressure(_b: number): number {
    return 0;
  }
  settle(): void {
    settleDown(this.st);
  }
}

/** A W tip on a spring: F = k·Δz. */
class Spring extends Free {
  override readonly kind: CollectorKind = "spring";
  /**
   * It gives way only when the compression the excess would build exceeds the spring's contact
   * pressure after the move: N_ex·Ω = A·Δz + V·x(p) with k·Δz = p·A (MODEL.md §2.1).
   */
  override yields(b: number): boolean {
    const st = this.st;
    const B = st.bodies;
    const mech = st.p.mechanics;
    const pCompressed = murnaghanPressure(B.excess[b] / Math.max(1, B.size[b]), mech.bulkModulus, mech.bulkModulusDerivative);
    const fAfter = mech.springStiffness * (st.ccShift + 1) * st.n * LI_LATTICE_CONSTANT_M;
    return !(pCompressed < fAfter / (Math.max(1, B.cc[b]) * st.siteArea));
  }
  override force(): number {
    return this.st.p.mechanics.springStiffness * this.st.collectorDisplacement;
  }
  /** A body holding up the raised spring carries its force over the Li|CC contact, F/A. */
  override contactPressure(b: number): number {
    const st = this.st;
    const cc = st.bodies.cc[b];
    return st.ccShift > 0 && cc > 0 ? this.force() / (cc * st.siteArea) : 0;
  }
}

export function makeCollector(kind: CollectorKind, st: LiState): Collector {
  return kind === "rigid" ? new Rigid() : kind === "spring" ? new Spring(st) : new Free(st);
}

/** Where template site c of the collector is after `k` up-moves of (0, 0, a); −1 above the box. */
function ccPosition(st: LiState, c: number, k: number): number {
  const t = c + 2 * k * st.lat.layerSize;
  return t < st.N ? t : -1;
}

/**
 * A free or spring-held collector rests on what is below it: when the Li that held it up has
 * gone, it moves back down (undoing its last up-move) while nothing is in the way, never below
 * its rest position. (A CNT tip stays pressed on its whisker; it does not hover.)
 */
function settleDown(st: LiState): void {
  while (st.ccShift > 0) {
    const k = st.ccShift - 1;
    // the collector's own sites are the only CC on the lattice, so "not part of it now" is just
    // "not CC": the check allocates nothing (it runs after every hop off the collector's surface)
    for (let i = 0; i < st.ccTemplate.length; i++) {
      const t = ccPosition(st, st.ccTemplate[i], k);
      if (t >= 0 && st.spec[t] !== CC && st.spec[t] !== EMPTY) return; // something holds it up
    }
    const next: number[] = [];
    for (let i = 0; i < st.ccTemplate.length; i++) {
      const t = ccPosition(st, st.ccTemplate[i], k);
      if (t >= 0) next.push(t);
    }
    const current = new Set<number>(st.ccSites);
    const nextSet = new Set<number>(next);
    for (const c of st.ccSites) if (!nextSet.has(c)) st.setSpecies(c, EMPTY, -1);
    for (const t of next) if (!current.has(t)) st.setSpecies(t, CC, -1);
    st.moveCollector(next, k);
  }
}
