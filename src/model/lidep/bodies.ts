/**
 * Connected Li bodies (grains): per-body quantities, part of the model's state (state.ts).
 *
 * A body is a connected set of Li sites (first or second neighbours). Each body records its size,
 * its root count (sites touching LLZO: the Li|LLZO contact), its collector count (sites touching
 * the CC; > 0 means electronically connected), its stored interfacial excess (in atoms, never in
 * whole coarse sites: MODEL.md §3), its pressure, and one member site from which it can be
 * walked. Ids are recycled.
 *
 * The arrays are read by everyone and written only here, through the methods below (their types
 * are read-only outside this file): size, root and cc by LiState as sites change; excess,
 * pressure and the rest by the mechanisms that own them, each through its one method.
 */
type Ro<T> = Readonly<T>;

export class BodyTable {
  capacity = 0;
  size: Ro<Int32Array> = new Int32Array(0);
  root: Ro<Int32Array> = new Int32Array(0);
  cc: Ro<Int32Array> = new Int32Array(0);
  /** Interfacial excess, in atoms (a whole number; a site holds n³ atoms). */
  excess: Ro<Float64Array> = new Float64Array(0);
  /** Pressure (Pa), compressive positive. */
  pressure: Ro<Float64Array> = new Float64Array(0);
  /** A member site (for walks); −1 for a free id. */
  seed: Ro<Int32Array> = new Int32Array(0);
  /**
   * Work of the body's next root-growth step per inserted volume (Pa): the new surface and the
   * change of adhesion of rising by one lattice constant and filling the vacated bottom sites
   * (root-growth.ts), at its last probe or move; the collector's load is added where it is
   * pushed (`pushes`).
   */
  capillaryStress: Ro<Float64Array> = new Float64Array(0);
  /** 1 when the body's next root-growth step pushes the collector up. */
  pushes: Ro<Uint8Array> = new Uint8Array(0);
  /** Excess (atoms) at which the next root-growth attempt is made after a blocked one. */
  nextAttempt: Ro<Float64Array> = new Float64Array(0);
  /** Root-growth moves so far. */
  moves: Ro<Int32Array> = new Int32Array(0);
  /** 1 when the body cannot move up (capped by a rigid collector, LLZO, a wall): excess compresses it. */
  confined: Ro<Uint8Array> = new Uint8Array(0);
  /** Empty sites at its edge touching LLZO or the collector (relief outlets), at the last walk. */
  ring: Ro<Int32Array> = new Int32Array(0);
  /**
   * What its edge rates were bounded for at the last walk (pressure.ts): the centre of its
   * pressure window, p·Ω/kT (per atom), and the two body factors of its relief weights (creep, and
   * dislocation plus power-law flow at the window's top pressure).
   */
  refreshedPi: Ro<Float64Array> = new Float64Array(0);
  /** p·Ω/kT at the midpoints of a creep emergence and re-entry (relief.ts), at the last walk. */
  refreshedMidE: Ro<Float64Array> = new Float64Array(0);
  refreshedMidR: Ro<Float64Array> = new Float64Array(0);
  refreshedCreep: Ro<Float64Array> = new Float64Array(0);
  /** The creep factor of its collector path (the other is its interface path's). */
  refreshedCreepCC: Ro<Float64Array> = new Float64Array(0);
  refreshedFlow: Ro<Float64Array> = new Float64Array(0);
  private free: number[] = [];
  /** Number of ids ever handed out (the high-water mark). */
  used = 0;
  /** Called when the capacity grows, so that trees over body ids can grow with it. */
  onGrow: ((capacity: number) => void) | null = null;

  constructor(initial = 64) {
    this.grow(initial);
  }

  private grow(cap: number): void {
    const g = <T extends Int32Array | Float64Array | Uint8Array>(a: Ro<T>, C: new (n: number) => T, fill = 0): T => {
      const b = new C(cap);
      if (fill !== 0) b.fill(fill);
      b.set(a as T);
      return b;
    };
    this.size = g(this.size, Int32Array);
    this.root = g(this.root, Int32Array);
    this.cc = g(this.cc, Int32Array);
    this.excess = g(this.excess, Float64Array);
    this.pressure = g(this.pressure, Float64Array);
    this.seed = g(this.seed, Int32Array, -1);
    this.capillaryStress = g(this.capillaryStress, Float64Array);
    this.pushes = g(this.pushes, Uint8Array);
    this.nextAttempt = g(this.nextAttempt, Float64Array);
    this.moves = g(this.moves, Int32Array);
    this.confined = g(this.confined, Uint8Array);
    this.ring = g(this.ring, Int32Array);
    this.refreshedPi = g(this.refreshedPi, Float64Array);
    this.refreshedMidE = g(this.refreshedMidE, Float64Array);
    this.refreshedMidR = g(this.refreshedMidR, Float64Array);
    this.refreshedCreep = g(this.refreshedCreep, Float64Array);
    this.refreshedCreepCC = g(this.refreshedCreepCC, Float64Array);
    this.refreshedFlow = g(this.refreshedFlow, Float64Array);
    this.capacity = cap;
    this.onGrow?.(cap);
  }

  allocate(seed: number): number {
    let id: number;
    if (this.free.length > 0) id = this.free.pop()!;
    else {
      if (this.used === this.capacity) this.grow(this.capacity * 2);
      id = this.used++;
    }
    (this.size as Int32Array)[id] = 0;
    (this.root as Int32Array)[id] = 0;
    (this.cc as Int32Array)[id] = 0;
    (this.excess as Float64Array)[id] = 0;
    (this.pressure as Float64Array)[id] = 0;
    (this.capillaryStress as Float64Array)[id] = 0;
    (this.pushes as Uint8Array)[id] = 0;
    (this.nextAttempt as Float64Array)[id] = 0;
    (this.moves as Int32Array)[id] = 0;
    (this.confined as Uint8Array)[id] = 0;
    (this.ring as Int32Array)[id] = 1;
    (this.refreshedPi as Float64Array)[id] = 0;
    (this.refreshedMidE as Float64Array)[id] = Number.NaN; // not read until a walk (pressure.ts)
    (this.refreshedMidR as Float64Array)[id] = Number.NaN;
    (this.refreshedCreep as Float64Array)[id] = 0;
    (this.refreshedCreepCC as Float64Array)[id] = 0;
    (this.refreshedFlow as Float64Array)[id] = 0;
    (this.seed as Int32Array)[id] = seed;
    return id;
  }

  release(id: number): void {
    (this.seed as Int32Array)[id] = -1;
    (this.size as Int32Array)[id] = 0;
    (this.root as Int32Array)[id] = 0;
    (this.cc as Int32Array)[id] = 0;
    (this.excess as Float64Array)[id] = 0;
    (this.pressure as Float64Array)[id] = 0;
    this.free.push(id);
  }

  isLive(id: number): boolean {
    return this.seed[id] >= 0;
  }

  /** Li sites in all bodies. */
  totalSize(): number {
    let c = 0;
    for (let b = 0; b < this.used; b++) if (this.isLive(b)) c += this.size[b];
    return c;
  }

  /** Stored excess over all bodies (atoms). */
  totalExcess(): number {
    let e = 0;
    for (let b = 0; b < this.used; b++) if (this.isLive(b)) e += this.excess[b];
    return e;
  }

  // ------------------------------------------------------------ writes (each by its one owner)

  /** Site counts, kept by LiState as sites change and are relabelled. */
  addSize(b: number, d: number): void {
    (this.size as Int32Array)[b] += d;
  }
  addRoot(b: number, d: number): void {
    (this.root as Int32Array)[b] += d;
  }
  addCC(b: number, d: number): void {
    (this.cc as Int32Array)[b] += d;
  }
  setSeed(b: number, s: number): void {
    (this.seed as Int32Array)[b] = s;
  }
  /** Excess atoms gained or lost by insertion, extraction, relief, root growth, cracks. */
  addExcess(b: number, d: number): void {
    (this.excess as Float64Array)[b] += d;
  }
  setExcess(b: number, x: number): void {
    (this.excess as Float64Array)[b] = x;
  }
  setPressure(b: number, p: number): void {
    (this.pressure as Float64Array)[b] = p;
  }
  setConfined(b: number, c: number): void {
    (this.confined as Uint8Array)[b] = c;
  }
  /** The work per inserted volume of its next root-growth step, and whether that step pushes the collector (root-growth.ts). */
  setGrowthWork(b: number, capillaryStress: number, pushes: boolean): void {
    (this.capillaryStress as Float64Array)[b] = capillaryStress;
    (this.pushes as Uint8Array)[b] = pushes ? 1 : 0;
  }
  setNextAttempt(b: number, x: number): void {
    (this.nextAttempt as Float64Array)[b] = x;
  }
  countMove(b: number): void {
    (this.moves as Int32Array)[b]++;
  }
  /** After a walk of its edge: its outlets (counted by the walk). */
  setRing(b: number, ring: number): void {
    (this.ring as Int32Array)[b] = ring;
  }
  /** The drivers its edge rates now reflect (pressure.ts). */
  setRefreshed(b: number, pi: number, midE: number, midR: number, creep: number, creepCC: number, flow: number): void {
    (this.refreshedCreepCC as Float64Array)[b] = creepCC;
    (this.refreshedPi as Float64Array)[b] = pi;
    (this.refreshedMidE as Float64Array)[b] = midE;
    (this.refreshedMidR as Float64Array)[b] = midR;
    (this.refreshedCreep as Float64Array)[b] = creep;
    (this.refreshedFlow as Float64Array)[b] = flow;
  }

  /** `small` joins `big`: its excess adds, the higher pressure and any confinement carry over. */
  absorb(big: number, small: number, excessSmall: number): void {
    (this.excess as Float64Array)[big] += excessSmall;
    (this.pressure as Float64Array)[big] = Math.max(this.pressure[big], this.pressure[small]);
    (this.confined as Uint8Array)[big] = this.confined[big] | this.confined[small];
    (this.nextAttempt as Float64Array)[big] = 0;
  }

  /**
   * `part` has split off `b` (both labelled, their sizes and roots counted): the excess goes with
   * the atoms (MODEL.md §3). In a confined body it is compression, uniform through the crystal,
   * so each piece keeps the strain of its atoms: shared by volume (sites). In a body free to rise
   * it is the partial layer gathered over the root: shared by root (by volume if neither piece
   * has one): each rooted piece of a body that can rise can rise too — the site a step moves a
   * site to is its second neighbour, so it is never Li of another piece, and what blocks a piece
   * (LLZO, a rigid collector, the lid) blocks the whole — so its share is a partial layer its own
   * next move places. Whole atoms: the rounding moves at most half an atom, never a remainder onto a
   * fragment. A piece without a root keeps its share and gives it back by the rate laws (relief
   * into an edge site once it holds a site's worth, or on merging again). The part inherits the
   * pressure (recomputed this event: pressure.ts), the confinement and the growth work.
   */
  splitOff(b: number, part: number): void {
    const E = this.excess[b];
    let wp = this.size[part], wb = this.size[b];
    if (!this.confined[b] && this.root[part] + this.root[b] > 0) {
      wp = this.root[part];
      wb = this.root[b];
    }
    const share = E > 0 && wp > 0 ? Math.round((E * wp) / (wp + wb)) : 0;
    (this.excess as Float64Array)[part] = share;
    (this.excess as Float64Array)[b] = E - share;
    (this.pressure as Float64Array)[part] = this.pressure[b];
    (this.confined as Uint8Array)[part] = this.confined[b];
    (this.capillaryStress as Float64Array)[part] = this.capillaryStress[b];
    (this.pushes as Uint8Array)[part] = this.pushes[b];
  }

  // ------------------------------------------------------------ checkpoints

  /** Free ids in release order (for checkpoints). */
  freeList(): number[] {
    return this.free.slice();
  }
  restoreFreeList(ids: number[], used: number): void {
    this.free = ids.slice();
    this.used = used;
  }
  /** Grows to `capacity` (a restored state) and overwrites the per-body arrays. */
  restore(capacity: number, arrays: Record<(typeof BODY_ARRAYS)[number], ArrayLike<number>>): void {
    while (this.capacity < capacity) this.grow(this.capacity * 2);
    for (const k of BODY_ARRAYS) {
      const a = this[k] as unknown as { fill(v: number): void; set(x: ArrayLike<number>): void };
      a.fill(0);
      a.set(arrays[k]);
    }
  }
}

/** The per-body arrays a checkpoint holds. */
export const BODY_ARRAYS = ["size", "root", "cc", "excess", "pressure", "seed", "capillaryStress", "pushes", "nextAttempt", "moves", "confined", "ring", "refreshedPi", "refreshedMidE", "refreshedMidR", "refreshedCreep", "refreshedCreepCC", "refreshedFlow"] as const;
