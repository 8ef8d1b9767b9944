/**
 * What changed during the current event, kept by the state (state.ts extends this): the sites
 * whose occupancy changed, the sites whose rates are to be recomputed (each once: a stamp per
 * site with the event's epoch), the bodies whose statistics changed (pressure and body rates),
 * and the bodies whose edge and root rates are refreshed by a walk. All of it lives within one
 * event; checkpoints never hold it.
 */
import type { BccLattice } from "../../lattice/bcc.ts";
import { EMPTY, LI, LI_MASK } from "../species.ts";

type Ro<T> = Readonly<T>;

export abstract class EventChanges {
  /** The occupancy and the lattice (state.ts), which `propagate` reads. */
  abstract readonly spec: Ro<Uint8Array>;
  abstract readonly cnt: Ro<Uint32Array>;
  abstract readonly lat: BccLattice;
  /** Sites whose occupancy changed (their neighbourhoods' rates are recomputed). */
  protected changed: Int32Array<ArrayBuffer> = new Int32Array(1024);
  protected nchanged = 0;
  /**
   * Sites whose rates are to be recomputed, each once: marked in `stamp` with `epoch`, or with
   * `epoch + 1` once every Li neighbour of the site has been marked too (`propagate` expands each
   * site once). Stamps of earlier events are smaller: the epoch advances by 2 an event.
   */
  work: Int32Array<ArrayBuffer> = new Int32Array(1024);
  nwork = 0;
  readonly stamp: Uint32Array;
  epoch = 2;
  /**
   * Slot sites whose redox and relief weights (not their hop rates) are to be recomputed: what a
   * walk marks (a body's pressure, connection or relief drivers moved, none of which a hop rate
   * reads), each once: `slotStamp` (by slot) holds the event's epoch. A slot also in `work` is
   * refreshed there.
   */
  slotWork: Int32Array<ArrayBuffer> = new Int32Array(1024);
  nslotWork = 0;
  private slotStamp = new Uint32Array(1024);
  /** Bodies whose statistics changed (pressure and body rates are brought up to date). */
  readonly dirtyBodies: number[] = [];
  bodyStamp = new Uint32Array(64);
  /** Bodies whose edge and root rates are refreshed by a walk (connection gained or lost, or drifted drivers). */
  readonly rewalk: number[] = [];

  constructor(sites: number) {
    this.stamp = new Uint32Array(sites + 1);
  }

  /** A new event: fresh marks. */
  protected newEpoch(): void {
    this.epoch += 2;
    if (this.epoch >= 0xfffffff0) {
      this.stamp.fill(0);
      this.bodyStamp.fill(0);
      this.slotStamp.fill(0);
      this.epoch = 2;
    }
  }

  markBody(b: number): void {
    if (b < 0) return;
    if (this.bodyStamp[b] !== this.epoch) {
      this.bodyStamp[b] = this.epoch;
      this.dirtyBodies.push(b);
    }
  }

  /** A body to walk for its edge and root rates this event (once). */
  requestWalk(b: number): void {
    if (!this.rewalk.includes(b)) this.rewalk.push(b);
  }

  /** Whether body b is to be walked this event already. */
  walkRequested(b: number): boolean {
    return this.rewalk.includes(b);
  }

  markRate(s: number): void {
    if (this.stamp[s] >= this.epoch) return;
    this.stamp[s] = this.epoch;
    if (this.nwork === this.work.length) this.work = grow(this.work);
    this.work[this.nwork++] = s;
  }

  /** The slot site s (slot i) for a refresh of its redox and relief weights only. */
  markSlot(s: number, i: number): void {
    if (i >= this.slotStamp.length) {
      const g = new Uint32Array(Math.max(2 * this.slotStamp.length, i + 1));
      g.set(this.slotStamp);
      this.slotStamp = g;
    }
    if (this.slotStamp[i] === this.epoch) return;
    this.slotStamp[i] = this.epoch;
    if (this.nslotWork === this.slotWork.length) this.slotWork = grow(this.slotWork);
    this.slotWork[this.nslotWork++] = s;
  }

  /**
   * Marks every site whose rates depend on the occupancy of the changed sites: the site, its
   * neighbours, and the Li around its empty neighbours (hop targets); an empty site whose Li are
   * marked already (stamp epoch + 1) is not expanded again.
   */
  propagate(): void {
    const spec = this.spec;
    const cnt = this.cnt;
    const lat = this.lat;
    const offsets = lat.neighbourOffsets;
    const N = lat.sites;
    const stamp = this.stamp;
    const ep = this.epoch;
    const expanded = ep + 1;
    // marks written out on locals (markRate's test, stamp[s] ≥ epoch: marked this event)
    let work = this.work;
    let n = this.nwork;
    if (n + 2048 > work.length) work = this.reserveWork(n + 2048);
    for (let i = 0; i < this.nchanged; i++) {
      const x = this.changed[i];
      if (stamp[x] < ep) work[n++] = x;
      stamp[x] = expanded; // every neighbour of x is marked below, its Li ones among them
      const o = lat.neighbourRow(x, 0);
      for (let k = 0; k < 14; k++) {
        const y = x + offsets[o + k];
        if (y === N) continue;
        const sy = stamp[y];
        if (sy < ep) work[n++] = y;
        if (spec[y] !== EMPTY || sy === expanded) {
          if (sy < ep) stamp[y] = ep;
          continue;
        }
        // the Li around an empty neighbour: it is their hop target (each empty site expanded once;
        // one whose counts hold no Li neighbour has none to mark: most of them, where Li is sparse)
        stamp[y] = expanded;
        if ((cnt[y] & LI_MASK) === 0) continue;
        const o2 = lat.neighbourRow(y, 1);
        for (let j = 0; j < 14; j++) {
          const z = y + offsets[o2 + j];
          if (spec[z] === LI && stamp[z] < ep) {
            stamp[z] = ep;
            work[n++] = z;
          }
        }
      }
      if (n + 256 > work.length) work = this.reserveWork(n + 2048);
    }
    this.nwork = n;
    this.nchanged = 0;
  }

  /** The work list with room for at least `min` entries (its entries kept). */
  protected reserveWork(min: number): Int32Array<ArrayBuffer> {
    while (this.work.length < min) this.work = grow(this.work);
    return this.work;
  }

  /** The sites whose occupancy changed in this event so far: how many, and the i-th. */
  get nchangedSites(): number {
    return this.nchanged;
  }
  changedSite(i: number): number {
    return this.changed[i];
  }

  protected pushChanged(s: number): void {
    if (this.nchanged === this.changed.length) this.changed = grow(this.changed);
    this.changed[this.nchanged++] = s;
  }

  /** Body ids up to `capacity` can be marked. */
  protected growBodyMarks(capacity: number): void {
    if (this.bodyStamp.length < capacity) {
      const s2 = new Uint32Array(capacity);
      s2.set(this.bodyStamp);
      this.bodyStamp = s2;
    }
  }

  /** Lists that only live within one event (left over by construction, or a restore). */
  protected clearChanges(): void {
    this.rewalk.length = 0;
    this.dirtyBodies.length = 0;
    this.nchanged = 0;
    this.nwork = 0;
    this.nslotWork = 0;
  }

  /** After a restore: no marks. */
  protected resetMarks(): void {
    this.stamp.fill(0);
    this.bodyStamp.fill(0);
    this.slotStamp.fill(0);
    this.epoch = 2;
  }
}

function grow(a: Int32Array): Int32Array<ArrayBuffer> {
  const g = new Int32Array(a.length * 2);
  g.set(a);
  return g;
}
