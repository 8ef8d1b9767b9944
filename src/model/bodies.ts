/**
 * Connected Li bodies (grains): per-body statistics, kept current as atoms come and go.
 *
 * A body is a connected set of Li sites (first or second neighbours). Each body records its size,
 * its root count (sites touching LLZO: the Li|LLZO contact), its collector count (sites touching
 * the CC; > 0 means electronically connected), its stored interfacial excess (in sites), its
 * pressure, and one member site from which it can be walked. Ids are recycled.
 */
export class BodyTable {
  capacity = 0;
  size = new Int32Array(0);
  root = new Int32Array(0);
  cc = new Int32Array(0);
  /** Interfacial excess, in sites (n³ atoms each). */
  excess = new Float64Array(0);
  /** Pressure (Pa), compressive positive. */
  pressure = new Float64Array(0);
  /** A member site (for walks); −1 for a free id. */
  seed = new Int32Array(0);
  /** Excess at which the next root-growth attempt is made after a blocked one. */
  nextAttempt = new Float64Array(0);
  /** Root-growth moves so far. */
  moves = new Int32Array(0);
  /** 1 when the body cannot move up (capped by a rigid collector, LLZO, a wall): excess compresses it. */
  confined = new Uint8Array(0);
  /** Empty sites at its edge touching LLZO or the collector (relief outlets), at the last walk. */
  ring = new Int32Array(0);
  /** Excess and p·Ω·n³/kT_n at which its relief and edge rates were last refreshed. */
  refreshedExcess = new Float64Array(0);
  refreshedPi = new Float64Array(0);
  private free: number[] = [];
  /** Number of ids ever handed out (the high-water mark). */
  used = 0;
  /** Called when the capacity grows, so that trees over body ids can grow with it. */
  onGrow: ((capacity: number) => void) | null = null;

  constructor(initial = 64) {
    this.grow(initial);
  }

  private grow(cap: number): void {
    const g = <T extends Int32Array | Float64Array>(a: T, C: new (n: number) => T, fill = 0): T => {
      const b = new C(cap);
      if (fill !== 0) b.fill(fill);
      b.set(a);
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
    const c = new Uint8Array(cap);
    c.set(this.confined);
    this.confined = c;
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
    this.size[id] = 0;
    this.root[id] = 0;
    this.cc[id] = 0;
    this.excess[id] = 0;
    this.pressure[id] = 0;
    this.nextAttempt[id] = 0;
    this.moves[id] = 0;
    this.confined[id] = 0;
    this.ring[id] = 1;
    this.refreshedExcess[id] = -1;
    this.refreshedPi[id] = 0;
    this.seed[id] = seed;
    return id;
  }

  release(id: number): void {
    this.seed[id] = -1;
    this.size[id] = 0;
    this.root[id] = 0;
    this.cc[id] = 0;
    this.excess[id] = 0;
    this.pressure[id] = 0;
    this.free.push(id);
  }

  isLive(id: number): boolean {
    return this.seed[id] >= 0;
  }

  /** Free ids in release order (for checkpoints). */
  freeList(): number[] {
    return this.free.slice();
  }
  restoreFreeList(ids: number[], used: number): void {
    this.free = ids.slice();
    this.used = used;
  }
}
