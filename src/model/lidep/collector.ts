/**
 * The current collector (MODEL.md §1): one rigid object above the LLZO, held by a spring of
 * stiffness k in z — k = ∞ a Cu tip (rigid), finite a W tip (spring), k ≈ 0 a CNT (free). One
 * object per kind behind `Collector`; a new kind is one more object here and one more name in the
 * schema's `collector.kind`. Root growth asks it whether it moves and what pushing it costs
 * (root-growth.ts); the pressure asks what load it puts on a body (pressure.ts); after Li leaves
 * it, a raised collector settles back.
 */
import { LI_LATTICE_CONSTANT_M } from "../../constants/physical.ts";
import { CC, EMPTY } from "../species.ts";
import type { LiState } from "./state.ts";

export type CollectorKind = "rigid" | "free" | "spring";

export interface Collector {
  readonly kind: CollectorKind;
  /** Whether root growth can push it up at all (a rigid one blocks like the LLZO). */
  readonly movable: boolean;
  /** The force it exerts on the Li below (N). */
  force(): number;
  /**
   * The load pressure it puts on body b (Pa; 0 when none): a raised spring's force over the root
   * of a body touching it, F/A_root — the whisker carries the force down to its root.
   */
  loadPressure(b: number): number;
  /**
   * The work per inserted volume (Pa) of pushing it up by one move of (0, 0, a) from where it is
   * now, on a body of `root` root sites: ∫F dz over A_root·a.
   */
  stepLoad(root: number): number;
  /** Moves back down onto what is below it, once what held it up has gone. */
  settle(): void;
}

class Rigid implements Collector {
  readonly kind = "rigid";
  readonly movable = false;
  force(): number {
    return 0;
  }
  loadPressure(): number {
    return 0;
  }
  stepLoad(): number {
    return 0;
  }
  settle(): void {}
}

/** A CNT, too soft to constrain: it rides on the Li without resistance, and rests on it when the Li shrinks. */
class Free implements Collector {
  readonly kind: CollectorKind = "free";
  readonly movable = true;
  constructor(protected readonly st: LiState) {}
  force(): number {
    return 0;
  }
  loadPressure(_b: number): number {
    return 0;
  }
  stepLoad(_root: number): number {
    return 0;
  }
  settle(): void {
    settleDown(this.st);
  }
}

/**
 * A W tip on a spring: F = k·Δz. A body pushing it pays k·(Δz + a/2)·a per move with each atom it
 * inserts (redox.ts), and a body under it bears F/A_root. The Li's own compliance is neglected
 * against the spring's — N_ex·Ω = A_root·Δz + V·x(p) (MODEL.md §2.1) with x(p) ≪ A·Δz/V, right
 * while k ≪ K0·A_root/h (≈ 60 N/m for fig2's whisker against its 0.05 N/m); a stiff tip is
 * `rigid`, whose body the excess compresses.
 */
class Spring extends Free {
  override readonly kind: CollectorKind = "spring";
  override force(): number {
    return this.st.p.mechanics.springStiffness * this.st.collectorDisplacement;
  }
  /** A body touching the raised spring with a root carries its force down to the root, F/A_root. */
  override loadPressure(b: number): number {
    const st = this.st;
    const B = st.bodies;
    return st.ccShift > 0 && B.cc[b] > 0 && B.root[b] > 0 ? this.force() / (B.root[b] * st.siteArea) : 0;
  }
  /** ∫ k·z dz from Δz to Δz + a, over A_root·a: k·(Δz + a/2)/A_root. */
  override stepLoad(root: number): number {
    const st = this.st;
    const a = st.n * LI_LATTICE_CONSTANT_M;
    return (st.p.mechanics.springStiffness * (st.collectorDisplacement + a / 2)) / (Math.max(1, root) * st.siteArea);
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
