/**
 * The SPPARKS reference model, `app_style diffusion linear hop` on a b.c.c. lattice, as an event
 * catalogue on lidep's solver and sum tree (so that the benchmark measures lidep's engine on
 * exactly the work SPPARKS does; rules confirmed against spparks/spparks src/app_diffusion.cpp,
 * nothing copied):
 *
 * - a box of L×L×L cubic cells (2L³ sites), periodic in x, y and z; sites are vacant, occupied or
 *   blocked; an occupied site's energy is its number of vacant first neighbours;
 * - an atom at i hops to a vacant first neighbour j with rate 1 if ΔE = E_j(after) − E_i(before)
 *   ≤ 0, else exp(−2ΔE/T). With v(s) the number of vacant first neighbours of s now,
 *   E_i(before) = v(i) and E_j(after) = v(j) + 1 (i is vacant after the hop), so
 *   ΔE = v(j) + 1 − v(i).
 *
 * The three questions of a SPPARKS app: `energy(s)`, `propensity(s)` and `perform` (one hop, then
 * the rates of the sites it changed). Which sites: the hop changes the state of i and j and the
 * vacant-neighbour count of every neighbour of i and j, so the rates to recompute are those of the
 * occupied sites among j and the neighbours of i and j, and of the occupied neighbours of the
 * vacant ones (a target's count entered their rates). b.c.c. is bipartite, so no site neighbours
 * both i and j.
 *
 * Site numbering: column-major, the (001) layer fastest — s = (y·L + x)·2L + layer, layer = 2z + b
 * (b = 1 on the body centres). An event's changed sites then sit in a few short runs of
 * consecutive indices (a column each), so they share most of their ancestors in the sum tree and
 * the update climbs little (PERFORMANCE.md, item 1). The numbering is this catalogue's own: the
 * solver and the tree see leaf numbers only.
 *
 * One byte per site: bits 0–4 the code 9·state + v (state 0 vacant, 1 occupied, 2 blocked; v the
 * maintained count of vacant first neighbours, 0…8), bit 5 the layer parity (which neighbours),
 * bit 6 set on the box's faces (neighbours wrap: the slow path), bit 7 a scratch mark that
 * de-duplicates the sites to recompute. With the tree, ~10.3 bytes per site.
 */
import { SumTree } from "../../kmc/sumtree.ts";
import type { EventCatalogue } from "../../kmc/solver.ts";

export const VACANT = 0;
export const OCCUPIED = 1;
export const BLOCKED = 2;
const CODE = 31;
const FACE = 64;
const MARK = 128;

/** State (vacant, occupied, blocked) of a site's byte. */
export function stateOf(b: number): number {
  return ((b & CODE) / 9) | 0;
}
/** Maintained number of vacant first neighbours in a site's byte. */
export function vacantNeighboursOf(b: number): number {
  return (b & CODE) % 9;
}

export interface ReferenceSpec {
  /** Cubic cells per side (the box is L×L×L cells, 2L³ sites). */
  cells: number;
  /** Temperature in SPPARKS' energy units. */
  temperature: number;
}

/** 1 where a byte is an occupied, unmarked site (its code in 9…17, bit 7 clear). */
const TAKE = new Uint8Array(256);
for (let b = 0; b < 128; b++) TAKE[b] = (b & CODE) >= 9 && (b & CODE) < 18 ? 1 : 0;

export class SpparksDiffusion implements EventCatalogue {
  /** Cells per side. */
  readonly cells: number;
  /** (001) layers, 2L. */
  readonly layers: number;
  readonly sites: number;
  readonly state: Uint8Array;
  readonly tree: SumTree;
  readonly trees: SumTree[];
  readonly multipliers = new Float64Array([1]);
  /** rate[ΔE + 8] for ΔE ∈ [−8, 9]. */
  private readonly rateTable = new Float64Array(18);
  /**
   * pairRate[code(i) << 8 | byte(j)]: the term a neighbour j adds to the rate of site i — the hop
   * rate if i is occupied and j vacant, 0 otherwise (branch-free sums; 32 × 256 entries, 64 kB).
   */
  private readonly pairRate = new Float64Array(32 * 256);
  private readonly nbI = new Int32Array(8);
  private readonly nbJ = new Int32Array(8);
  private readonly nbS = new Int32Array(8);
  private readonly work = new Int32Array(8 + 16 * 8);
  hops = 0;

  constructor(spec: ReferenceSpec, occupancy: (layer: number, x: number, y: number) => number) {
    const L = (this.cells = spec.cells);
    if (!Number.isInteger(L) || L < 2) throw new RangeError(`reference box needs an integer L ≥ 2 cells (got ${L})`);
    const NL = (this.layers = 2 * L);
    const N = (this.sites = L * L * NL);
    const st = (this.state = new Uint8Array(N));
    // the occupancy is drawn layer by layer, row by row (x fastest), as SPPARKS creates its sites
    for (let layer = 0; layer < NL; layer++)
      for (let y = 0; y < L; y++) for (let x = 0; x < L; x++) st[this.siteAt(x, y, layer)] = 9 * occupancy(layer, x, y);
    for (let d = -8; d <= 9; d++) this.rateTable[d + 8] = d <= 0 ? 1 : Math.exp((-2 * d) / spec.temperature);
    for (let vi = 1; vi <= 8; vi++)
      for (let bj = 0; bj < 256; bj++) {
        const cj = bj & CODE;
        if (cj < 9) this.pairRate[((9 + vi) << 8) | bj] = this.rateTable[cj + 1 - vi + 8];
      }
    const nb = new Int32Array(8);
    const vac = new Uint8Array(N);
    for (let s = 0; s < N; s++) {
      this.neighbours(s, nb);
      let v = 0;
      for (let k = 0; k < 8; k++) if (stateOf(st[nb[k]]) === VACANT) v++;
      vac[s] = v;
    }
    for (let s = 0; s < N; s++) {
      const layer = s % NL;
      const col = (s - layer) / NL;
      const x = col % L, y = (col - x) / L;
      const face = x === 0 || y === 0 || x === L - 1 || y === L - 1 || layer === 0 || layer === NL - 1;
      st[s] += vac[s] | ((layer & 1) << 5) | (face ? FACE : 0);
    }
    this.tree = new SumTree(N);
    this.trees = [this.tree];
    for (let s = 0; s < N; s++) this.tree.leaves[s] = this.propensity(s);
    this.tree.rebuild();
  }

  /** Index of the site at cell (x, y) in (001) layer `layer` (periodic wrap). */
  siteAt(x: number, y: number, layer: number): number {
    const L = this.cells, NL = this.layers;
    return ((((y % L) + L) % L) * L + (((x % L) + L) % L)) * NL + (((layer % NL) + NL) % NL);
  }

  /** Cell and layer of site s. */
  coordinates(s: number): { x: number; y: number; layer: number } {
    const layer = s % this.layers;
    const col = (s - layer) / this.layers;
    const x = col % this.cells;
    return { x, y: (col - x) / this.cells, layer };
  }

  /**
   * The 8 first neighbours of s into out (periodic): in layers ±1, at x' ∈ {x − 1, x} and
   * y' ∈ {y − 1, y} from an even layer, {x, x + 1} and {y, y + 1} from an odd one.
   */
  neighbours(s: number, out: Int32Array): void {
    const { x, y, layer } = this.coordinates(s);
    const p = layer & 1;
    let k = 0;
    for (const dl of [-1, 1])
      for (let dy = p - 1; dy <= p; dy++) for (let dx = p - 1; dx <= p; dx++) out[k++] = this.siteAt(x + dx, y + dy, layer + dl);
  }

  /** Bytes per site held by the engine's arrays (state + sum tree). */
  bytesPerSite(): number {
    return (this.state.byteLength + this.tree.bytes) / this.sites;
  }

  /** Energy of site s in SPPARKS' sense: vacant first neighbours of an occupied site. */
  energy(s: number): number {
    const b = this.state[s];
    return stateOf(b) === OCCUPIED ? vacantNeighboursOf(b) : 0;
  }

  /** Total rate of the hops of site s. */
  propensity(s: number): number {
    return rateOf(this.state, this, this.pairRate, this.nbS, this.layers, this.cells * this.layers, s);
  }

  perform(_group: number, i: number, u: number): number {
    const { state, pairRate, work, nbS, tree } = this;
    const X = this.layers, Y = this.cells * X;
    const n = hop(state, this, this.rateTable, tree.leaves, this.nbI, this.nbJ, nbS, work, X, Y, i, u);
    this.hops++;
    tree.set(i, 0); // i is vacant now
    for (let m = 0; m < n; m++) {
      const s = work[m];
      state[s] &= ~MARK;
      tree.set(s, rateOf(state, this, pairRate, nbS, X, Y, s));
    }
    tree.flush();
    return 0;
  }
}

/*
 * The hot kernels. Away from the box's faces the 8 neighbours of s are a, a + X, a + Y,
 * a + X + Y in the layer below and the same from c = a + 2 in the layer above, with
 * a = s − 1 + d, X = 2L (next x), Y = 2L² (next y) and d = −X − Y on even layers, 0 on odd ones:
 * index arithmetic on locals, no table. Sites on a face take the general routine.
 */

/** Rate of site s: Σ over its neighbours of pairRate[code(s) << 8 | byte(neighbour)]. */
function rateOf(st: Uint8Array, app: SpparksDiffusion, rates: Float64Array, nb: Int32Array, X: number, Y: number, s: number): number {
  const b = st[s];
  const base = (b & CODE) << 8;
  if ((b & FACE) === 0) {
    const a = s - 1 + ((((b >> 5) & 1) - 1) & (-X - Y));
    const c = a + 2;
    return (
      rates[base | st[a]] + rates[base | st[a + X]] + rates[base | st[a + Y]] + rates[base | st[a + X + Y]] +
      rates[base | st[c]] + rates[base | st[c + X]] + rates[base | st[c + Y]] + rates[base | st[c + X + Y]]
    );
  }
  app.neighbours(s, nb);
  let r = 0;
  for (let k = 0; k < 8; k++) r += rates[base | st[nb[k]]];
  return r;
}

/** The 8 neighbours of s into out. */
function neighboursOf(st: Uint8Array, app: SpparksDiffusion, X: number, Y: number, s: number, out: Int32Array): void {
  const b = st[s];
  if ((b & FACE) === 0) {
    const a = s - 1 + ((((b >> 5) & 1) - 1) & (-X - Y));
    const c = a + 2;
    out[0] = a; out[1] = a + X; out[2] = a + Y; out[3] = a + X + Y;
    out[4] = c; out[5] = c + X; out[6] = c + Y; out[7] = c + X + Y;
  } else app.neighbours(s, out);
}

/**
 * Lists the occupied, unlisted sites among the neighbours of the vacant site t, marking them
 * (unrolled: TAKE[byte] is 1 for an occupied unmarked site, so listing is branch-free).
 */
function takeNeighbours(st: Uint8Array, app: SpparksDiffusion, nb: Int32Array, work: Int32Array, X: number, Y: number, n: number, t: number): number {
  const b = st[t];
  if ((b & FACE) === 0) {
    const a = t - 1 + ((((b >> 5) & 1) - 1) & (-X - Y));
    const c = a + 2;
    let u = a, w = st[u], f = TAKE[w];
    st[u] = w | (f << 7); work[n] = u; n += f;
    u = a + X; w = st[u]; f = TAKE[w];
    st[u] = w | (f << 7); work[n] = u; n += f;
    u = a + Y; w = st[u]; f = TAKE[w];
    st[u] = w | (f << 7); work[n] = u; n += f;
    u = a + X + Y; w = st[u]; f = TAKE[w];
    st[u] = w | (f << 7); work[n] = u; n += f;
    u = c; w = st[u]; f = TAKE[w];
    st[u] = w | (f << 7); work[n] = u; n += f;
    u = c + X; w = st[u]; f = TAKE[w];
    st[u] = w | (f << 7); work[n] = u; n += f;
    u = c + Y; w = st[u]; f = TAKE[w];
    st[u] = w | (f << 7); work[n] = u; n += f;
    u = c + X + Y; w = st[u]; f = TAKE[w];
    st[u] = w | (f << 7); work[n] = u; n += f;
    return n;
  }
  app.neighbours(t, nb);
  for (let k = 0; k < 8; k++) {
    const u = nb[k], w = st[u], f = TAKE[w];
    st[u] = w | (f << 7);
    work[n] = u;
    n += f;
  }
  return n;
}

/**
 * One hop of the atom at i (u uniform in [0, 1) picks the target in proportion to its rate):
 * updates the bytes and lists the occupied sites whose rates can have changed (marked; the
 * caller recomputes them and clears the marks). Returns the length of the list.
 */
function hop(
  st: Uint8Array, app: SpparksDiffusion, table: Float64Array, rates: Float64Array,
  nbI: Int32Array, nbJ: Int32Array, nbS: Int32Array, work: Int32Array, X: number, Y: number, i: number, u: number,
): number {
  neighboursOf(st, app, X, Y, i, nbI);
  const base = 18 - (st[i] & CODE); // rate index v(j) + 1 − v(i) + 8 = code(j) + 18 − code(i)
  let r = u * rates[i];
  let j = -1;
  for (let k = 0; k < 8; k++) {
    const t = nbI[k];
    const c = st[t] & CODE;
    if (c < 9) {
      j = t;
      r -= table[c + base];
      if (r < 0) break;
    }
  }
  neighboursOf(st, app, X, Y, j, nbJ);
  st[i] -= 9; // occupied → vacant
  st[j] += 9; // vacant → occupied
  for (let k = 0; k < 8; k++) st[nbI[k]]++; // one more vacant neighbour (i)
  for (let k = 0; k < 8; k++) st[nbJ[k]]--; // one fewer (j)
  // j, then the neighbours of i and of j: occupied ones are listed, vacant ones list their
  // occupied neighbours (i's own neighbours are the neighbours of i, listed already)
  st[j] |= MARK;
  work[0] = j;
  let n = 1;
  for (let k = 0; k < 8; k++) {
    const t = nbI[k];
    const w = st[t];
    if ((w & CODE) < 9) n = takeNeighbours(st, app, nbS, work, X, Y, n, t);
    else {
      const f = TAKE[w];
      st[t] = w | (f << 7);
      work[n] = t;
      n += f;
    }
  }
  for (let k = 0; k < 8; k++) {
    const t = nbJ[k];
    if (t === i) continue;
    const w = st[t];
    if ((w & CODE) < 9) n = takeNeighbours(st, app, nbS, work, X, Y, n, t);
    else {
      const f = TAKE[w];
      st[t] = w | (f << 7);
      work[n] = t;
      n += f;
    }
  }
  return n;
}

/**
 * The benchmark's initial configuration: the 4 lowest atomic layers (z < 1.9 cells) occupied, the
 * layer at z = 2 occupied with probability ½, layers with z > L − 1.1 blocked.
 */
export function referenceOccupancy(cells: number, uniform: () => number) {
  return (layer: number): number => {
    const z = layer / 2;
    if (z > cells - 1.1) return BLOCKED;
    if (z < 1.9) return OCCUPIED;
    if (z === 2) return uniform() < 0.5 ? OCCUPIED : VACANT;
    return VACANT;
  };
}
