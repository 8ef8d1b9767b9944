/**
 * The walls of the box that Li can reach (issue 19): a closed x or y side (its first or last
 * cell) and the top (the layers above `topLimitLayer`, which root growth may not enter). Li that
 * reaches one is confined by the box, not by the physics: from then on the box could decide the
 * outcome (a pressure built against a side, a whisker stopped by the lid). The first arrival is
 * recorded (summary.json `wall`) and, with `run.stopAtWall`, ends the run (stop reason
 * `sideWall` or `topOfBox`). The catalogue checks the sites whose occupancy changed in each
 * event (O(1) each, no allocation) and a root-growth move that the lid blocked.
 *
 * What reaches a wall is a body of Li, not a lone adatom: an adatom wandering up the collector's
 * shank to the top of the box, or across the LLZO to a side, hops back as it would in a larger
 * box, and is no confinement. A contact counts when the site's body holds at least
 * WALL_MIN_BODY_SITES sites (a b.c.c. cell with its neighbours: a cluster, not a few adatoms).
 * It is checked when a site on or next to a wall becomes Li (the arrival's neighbours on a wall:
 * a cluster that grows onto an adatom already there), and when a root-growth move is blocked by
 * the lid. Only a body that joins Li on a wall through a merge far from the wall is seen late, at
 * its next arrival near the wall.
 */
import type { BccLattice } from "../../lattice/bcc.ts";

/** Stop code of `perform`: Li reached a wall of the box (with stopAtWall). */
export const STOP_WALL = 3;

/** The walls, by index: x = 0, x = max, y = 0, y = max, the top. */
export const WALLS = ["x0", "x1", "y0", "y1", "top"] as const;
export const WALL_TOP = 4;

/** Sites a body must hold for its contact with a wall to count (a cluster, not adatoms). */
export const WALL_MIN_BODY_SITES = 8;

export interface WallContact {
  /** Index in WALLS. */
  wall: number;
  /** The Li site that reached it (−1: a root-growth move blocked by the lid). */
  site: number;
  /** When (s). */
  time: number;
}

export class BoxWalls {
  /** The first contact of Li with a wall; null: none yet. */
  reached: WallContact | null = null;

  constructor(
    private readonly lat: BccLattice,
    /** Highest layer Li may occupy before it counts as at the top. */
    private readonly topLimitLayer: number,
    /** End the run at the first contact. */
    readonly stop: boolean,
  ) {}

  /** The wall site s lies on (WALLS index), or −1. */
  wallAt(s: number): number {
    const lat = this.lat;
    if (Math.floor(s / lat.layerSize) > this.topLimitLayer) return WALL_TOP;
    if (!lat.periodicX) {
      const x = s % lat.nx;
      if (x === 0) return 0;
      if (x === lat.nx - 1) return 1;
    }
    if (!lat.periodicY) {
      const y = Math.floor(s / lat.nx) % lat.ny;
      if (y === 0) return 2;
      if (y === lat.ny - 1) return 3;
    }
    return -1;
  }

  /** Whether s is within one cell (or two layers) of a wall: its neighbours may lie on one. */
  near(s: number): boolean {
    const lat = this.lat;
    if (Math.floor(s / lat.layerSize) > this.topLimitLayer - 2) return true;
    if (!lat.periodicX) {
      const x = s % lat.nx;
      if (x <= 1 || x >= lat.nx - 2) return true;
    }
    if (!lat.periodicY) {
      const y = Math.floor(s / lat.nx) % lat.ny;
      if (y <= 1 || y >= lat.ny - 2) return true;
    }
    return false;
  }

  /** Li reached wall w at site s at `time`: recorded the first time; true when the run must stop. */
  reach(s: number, w: number, time: number): boolean {
    if (this.reached !== null) return false;
    this.reached = { wall: w, site: s, time };
    return this.stop;
  }

  /** A checkpoint's contact, or null. */
  restore(c: WallContact | null | undefined): void {
    this.reached = c ? { ...c } : null;
  }
}
