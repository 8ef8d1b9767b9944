/**
 * Connected Li bodies (grains): per-body quantities, part of the model's state (state.ts).
 *
 * A body is a connected set of Li sites (first or second neighbours). Each body records its size,
 * its root count (sites touching LLZO: the Li|LLZO contact), its collector count (sites touching
 * the CC; > 0 means electronically connected), its stored interfacial excess (in sites), its
 * pressure, and one member site from which it can be walked. Ids are recycled.
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
  /** Interfacial excess, in sites (n³ atoms each). */
  excess: Ro<Float64Array> = new Float64Array(0);
  /** Pressure (Pa), compressive positive. */
  pressure: Ro<Float64Array> = new Float64Array(0);
  /** A member site (for walks); −1 for a free id. */
  seed: Ro<Int32Array> = new Int32Array(0);
  /** Excess at which the next root-growth attempt is made after a blocked one. */
  nextAttempt: Ro<Float64Array> = new Float64Array(0);
  /** Root-growth moves so far. */
  moves: Ro<Int32Array> = new Int32Array(0);
  /** 1 when the body cannot move up (capped by a rigid collector, LLZO, a wall): excess compresses it. */
  confined: Ro<Uint8Array> = new Uint8Array(0);
  /** Empty sites at its edge touching LLZO or the collector (relief outlets), at the last walk. */
  ring: Ro<Int32Array> = new Int32Array(0);
  /** Excess and p·Ω·n³/kT_n at which its relief and edge rates were last refreshed. */
  refreshedExcess: Ro<Float64Array> = new Float64Array(0);
  refreshedPi: Ro<Float64Array> = new Float64Array(0);
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
    this.nextAttempt = g(this.nextAttempt, Float64Array);
    this.moves = g(this.moves, Int32Array);
    this.confined = g(this.confined, Uint8Array);
    this.ring = g(this.ring, Int32Array);
    this.refreshedExcess = g(this.refreshedExcess, Float64Array);
    this.refreshedPi = g(this.refreshedPi, Float64Array);
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
    (this.nextAttempt as Float64Array)[id] = 0;
    (this.moves as Int32Array)[id] = 0;
    (this.confined as Uint8Array)[id] = 0;
    (this.ring as Int32Array)[id] = 1;
    (this.refreshedExcess as Float64Array)[id] = -1;
    (this.refreshedPi as Float64Array)[id] = 0;
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

  /** Stored excess over all bodies (sites). */
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
  /** Excess atoms (sites) gained or lost by insertion, extraction, relief, root growth. */
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
  setNextAttempt(b: number, x: number): void {
    (this.nextAttempt as Float64Array)[b] = x;
  }
  countMove(b: number): void {
    (this.moves as Int32Array)[b]++;
  }
  /** After a walk of its edge: its outlets and the drivers its edge and root rates now reflect. */
  setRefreshed(b: number, ring: number, excess: number, pi: number): void {
    (this.ring as Int32Array)[b] = ring;
    (this.refreshedExcess as Float64Array)[b] = excess;
    (this.refreshedPi as Float64Array)[b] = pi;
  }

  /** `small` joins `big`: its excess adds, the higher pressure and any confinement carry over. */
  absorb(big: number, small: number, excessSmall: number): void {
    (this.excess as Float64Array)[big] += excessSmall;
    (this.pressure as Float64Array)[big] = Math.max(this.pressure[big], this.pressure[small]);
    (this.confined as Uint8Array)[big] = this.confined[big] | this.confined[small];
    (this.nextAttempt as Float64Array)[big] = 0;
  }

  /** `part` split off `b`, taking `share` of its excess, its pressure and its confinement. */
  splitOff(b: number, part: number, share: number): void {
    (this.excess as Float64Array)[part] = share;
    (this.excess as Float64Array)[b] -= share;
    (this.pressure as Float64Array)[part] = this.pressure[b];
    (this.confined as Uint8Array)[part] = this.confined[b];
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
export const BODY_ARRAYS = ["size", "root", "cc", "excess", "pressure", "seed", "nextAttempt", "moves", "confined", "ring", "refreshedExcess", "refreshedPi"] as const;
