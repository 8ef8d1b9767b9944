/**
 * The split search of connectivity.ts (issue 18, item 2): breadth-first searches over one body
 * from every former neighbour of a departed atom at once, one site each in turn, until at most
 * one group of them is still growing. Searches that meet join a group (union–find in `par`); a
 * group whose searches have all run out is a whole component, cut off from the rest, with its
 * sites in its searches' queues. So a split costs the number of targets times the sites of the
 * parts cut off (or of the balls around the targets until they meet), never the body that keeps
 * its id. Allocation-free unless a queue outgrows its array.
 */
import { LI } from "../species.ts";
import type { LiState } from "./state.ts";

export class Lockstep {
  /** A queue per target: the sites its search reached, in order (all of them: nothing is dropped). */
  readonly queues: Int32Array[] = Array.from({ length: 14 }, () => new Int32Array(64));
  readonly qhead = new Int32Array(14);
  readonly qtail = new Int32Array(14);
  /** Union–find over the targets: searches that met. */
  readonly par = new Int32Array(14);
  /** The group still growing when the searches stopped (its root in `par`), −1 for none. */
  alive = -1;

  find(i: number): number {
    const par = this.par;
    while (par[i] !== i) i = par[i] = par[par[i]];
    return i;
  }

  /**
   * Searches over body b from targets tg[0…nt) (distinct Li sites of b), marking the sites that
   * search i reaches with base + i in `seen` (base … base + nt − 1 are fresh marks). Stops when all
   * groups but one have met or run out; sets `alive`. Returns the sites queued.
   */
  run(st: LiState, seen: Uint32Array, base: number, b: number, tg: Int32Array, nt: number): number {
    const spec = st.spec;
    const body = st.body;
    const lat = st.lat;
    const offsets = lat.neighbourOffsets;
    const par = this.par;
    const head = this.qhead;
    const tail = this.qtail;
    const queues = this.queues;
    for (let i = 0; i < nt; i++) {
      par[i] = i;
      head[i] = 0;
      tail[i] = 1;
      queues[i][0] = tg[i];
      seen[tg[i]] = base + i;
    }
    // groups neither met by another nor run out, minus one: the searches stop at 0
    let open = nt - 1;
    let sites = nt;
    while (open > 0) {
      for (let i = 0; i < nt && open > 0; i++) {
        if (head[i] === tail[i]) continue;
        let q = queues[i];
        const x = q[head[i]++];
        const o = lat.neighbourRow(x, 9);
        if (tail[i] + 14 > q.length) q = this.growQueue(i, tail[i] + 14);
        let ti = tail[i];
        for (let k = 0; k < 14; k++) {
          const t = x + offsets[o + k];
          const v = seen[t] - base;
          if (v === i) continue;
          if (v >= 0 && v < nt) {
            // a site of another search: its own group, or two groups meet
            const a = this.find(i), c = this.find(v);
            if (a !== c) {
              par[c] = a;
              open--;
            }
            continue;
          }
          if (spec[t] !== LI || body[t] !== b) continue;
          seen[t] = base + i;
          q[ti++] = t;
        }
        sites += ti - tail[i];
        tail[i] = ti;
        if (head[i] === ti && open > 0) {
          // this search has run out: its group has when all its searches have
          const r = this.find(i);
          let over = true;
          for (let j = 0; j < nt; j++) if (head[j] !== tail[j] && this.find(j) === r) over = false;
          if (over) open--;
        }
      }
    }
    // the group still growing: one whose searches have sites left
    this.alive = -1;
    for (let i = 0; i < nt; i++) if (head[i] !== tail[i]) this.alive = this.find(i);
    return sites;
  }

  private growQueue(i: number, n: number): Int32Array {
    const q = this.queues[i];
    const g = new Int32Array(Math.max(n, q.length * 2));
    g.set(q);
    this.queues[i] = g;
    return g;
  }
}
