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
 *
 * The contact holds as soon as some Li site on a wall belongs to a body of that size, and the body
 * can reach it far from the wall: a 7-site chain up the probe's shank with its top atom in the
 * top layer becomes a cluster when an atom joins its foot, 7 layers below (the walls test's first
 * event, default in a 10 nm box, seed 1, event 108,999). So the Li sites on a wall are kept in a
 * list (`track`, from the sites each event changed; `rescan` at the start and after a checkpoint),
 * and after every event that changed a site each listed site's body size is read: O(Li on walls)
 * per event, a few adatoms until the first contact, nothing after it (it is recorded once). A
 * root-growth move blocked by the lid is a contact too (the catalogue).
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

  /** Li sites on a wall, in the order they arrived (`count` of them), and a flag per site. */
  private list = new Int32Array(16);
  count = 0;
  private readonly listed: Uint8Array;

  constructor(
    private readonly lat: BccLattice,
    /** Highest layer Li may occupy before it counts as at the top. */
    private readonly topLimitLayer: number,
    /** End the run at the first contact. */
    readonly stop: boolean,
  ) {
    this.listed = new Uint8Array(lat.sites);
  }

  /** The i-th Li site on a wall (i < count). */
  onWall(i: number): number {
    return this.list[i];
  }

  /** Site s changed: listed when it is Li on a wall, unlisted when it is no longer Li. */
  track(s: number, li: boolean): void {
    if (li) {
      if (this.listed[s] === 1 || this.wallAt(s) < 0) return;
      if (this.count === this.list.length) {
        const g = new Int32Array(2 * this.count);
        g.set(this.list);
        this.list = g;
      }
      this.list[this.count++] = s;
      this.listed[s] = 1;
    } else if (this.listed[s] === 1) {
      this.listed[s] = 0;
      const l = this.list;
      let i = 0;
      while (l[i] !== s) i++;
      l.copyWithin(i, i + 1, this.count--);
    }
  }

  /** The list from the occupancy (`li(s)`: whether s holds Li), at the start and after a restore. */
  rescan(li: (s: number) => boolean): void {
    for (let i = 0; i < this.count; i++) this.listed[this.list[i]] = 0;
    this.count = 0;
    for (let s = 0; s < this.lat.sites; s++) if (li(s)) this.track(s, true);
  }

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
