/**
 * The SPPARKS reference model, `app_style diffusion linear hop` on a b.c.c. lattice, as an event
 * catalogue on lidep's solver (so that the benchmark measures lidep's engine on exactly the work
 * SPPARKS does; rules confirmed against spparks/spparks src/app_diffusion.cpp, nothing copied):
 *
 * - sites are vacant, occupied or blocked; an occupied site's energy is its number of vacant
 *   first neighbours;
 * - an atom at i hops to a vacant first neighbour j with rate 1 if ΔE = E_j(after) − E_i(before)
 *   ≤ 0, else exp(−2ΔE/T). With v(s) the number of vacant first neighbours of s now,
 *   E_i(before) = v(i) and E_j(after) = v(j) + 1 (i is vacant after the hop), so
 *   ΔE = v(j) + 1 − v(i).
 *
 * One byte per site: bits 0–1 the state, bits 2–5 the maintained vacant-neighbour count v, bit 7
 * a scratch mark that de-duplicates the sites to recompute after an event.
 */
import { BccLattice, firstNeighbours } from "../../lattice/bcc.ts";
import { SumTree } from "../../kmc/sumtree.ts";
import type { EventCatalogue } from "../../kmc/solver.ts";

export const VACANT = 0;
export const OCCUPIED = 1;
export const BLOCKED = 2;
const STATE = 3;
const VSHIFT = 2;
const VONE = 1 << VSHIFT;
const VMASK = 15 << VSHIFT;
const MARK = 128;

export interface ReferenceSpec {
  /** Cubic cells per side (the box is L×L×L cells, 2L³ sites). */
  cells: number;
  /** Temperature in SPPARKS' energy units. */
  temperature: number;
}

export class SpparksDiffusion implements EventCatalogue {
  readonly lat: BccLattice;
  readonly state: Uint8Array;
  readonly tree: SumTree;
  readonly trees: SumTree[];
  readonly multipliers = new Float64Array([1]);
  /** rateTable[v(j) + 1 − v(i) + 8] for ΔE ∈ [−8, 9]. */
  private readonly rateTable = new Float64Array(18);
  private readonly nbA = new Int32Array(8);
  private readonly nbB = new Int32Array(8);
  hops = 0;

  constructor(spec: ReferenceSpec, occupancy: (layer: number, x: number, y: number) => number) {
    const L = spec.cells;
    // z closed: the neighbour across the z boundary is the blocked sentinel, which is what the
    // periodic box sees there too (the top layers are blocked), so the energetics are identical.
    this.lat = new BccLattice({ nx: L, ny: L, nz: L, periodicX: true, periodicY: true });
    const lat = this.lat;
    this.state = new Uint8Array(lat.sites + 1);
    this.state[lat.sites] = BLOCKED;
    for (let s = 0; s < lat.sites; s++) {
      this.state[s] = occupancy(lat.layerOf(s), lat.xOf(s), lat.yOf(s));
    }
    for (let d = -8; d <= 9; d++) this.rateTable[d + 8] = d <= 0 ? 1 : Math.exp((-2 * d) / spec.temperature);
    // contrib[(neighbour state & 127) << 4 | v(i)]: the term of a vacant neighbour (0 otherwise)
    for (let b = 0; b < 128; b++)
      for (let vi = 1; vi < 16; vi++) {
        if ((b & STATE) !== VACANT) continue;
        const d = ((b & VMASK) >> VSHIFT) + 1 - vi;
        this.contrib[(b << 4) | vi] = d <= -8 ? 1 : d > 9 ? 0 : this.rateTable[d + 8];
      }
    this.tree = new SumTree(lat.sites);
    this.trees = [this.tree];
    const nb = new Int32Array(8);
    for (let s = 0; s < lat.sites; s++) {
      firstNeighbours(lat, s, nb);
      let v = 0;
      for (let k = 0; k < 8; k++) if ((this.state[nb[k]] & STATE) === VACANT) v++;
      this.state[s] |= v << VSHIFT;
    }
    for (let s = 0; s < lat.sites; s++) this.tree.leaves[s] = this.propensity(s);
    this.tree.rebuild();
  }

  /** Bytes per site held by the engine's arrays (state + tree). */
  bytesPerSite(): number {
    return (this.state.byteLength + this.tree.bytes) / this.lat.sites;
  }

  /** Energy of site s in SPPARKS' sense: vacant first neighbours of an occupied site. */
  energy(s: number): number {
    const st = this.state[s];
    return (st & STATE) === OCCUPIED ? (st & VMASK) >> VSHIFT : 0;
  }

  propensity(s: number): number {
    const lat = this.lat;
    const x = lat.xOf(s);
    const y = lat.yOf(s);
    return this.propensityAt(s, x, y, lat.layerOf(s));
  }

  /** Propensity of the site s at wrapped coordinates (x, y, layer): no integer division. */
  private propensityAt(s: number, x: number, y: number, layer: number): number {
    const st = this.state;
    const si = st[s];
    if ((si & STATE) !== OCCUPIED) return 0;
    const vi = (si & VMASK) >> VSHIFT;
    if (vi === 0) return 0;
    const lat = this.lat;
    const table = this.rateTable;
    const base = 9 - vi;
    let r = 0;
    const nx = lat.nx, ny = lat.ny, layers = lat.layers;
    if (x > 0 && y > 0 && x < nx - 1 && y < ny - 1 && layer > 0 && layer < layers - 1) {
      const offs = lat.firstOffsets;
      const o = (layer & 1) << 3;
      for (let k = 0; k < 8; k++) {
        const sj = st[s + offs[o + k]];
        if ((sj & STATE) === VACANT) r += table[((sj & VMASK) >> VSHIFT) + base];
      }
      return r;
    }
    const wx = lat.wrapX, wy = lat.wrapY, N = lat.sites;
    const p = layer & 1;
    for (let k = 0; k < 8; k++) {
      const xx = wx[x + p + (k & 1) + 1];
      const yy = wy[y + p + ((k >> 1) & 1) + 1];
      const ll = layer - 1 + ((k >> 2) << 1);
      const t = xx < 0 || yy < 0 || ll < 0 || ll >= layers ? N : (ll * ny + yy) * nx + xx;
      const sj = st[t];
      if ((sj & STATE) === VACANT) r += table[((sj & VMASK) >> VSHIFT) + base];
    }
    return r;
  }

  perform(_group: number, i: number, u: number): number {
    const lat = this.lat;
    const tree = this.tree;
    const n = hopKernel(this.state, lat.firstOffsets, lat.wrapX, lat.wrapY, lat.nx, lat.ny, lat.layers, lat.sites, this.rateTable, tree.leaves, this.ws, this.wxs, this.wys, this.wls, this.nbA, this.nbB, i, u);
    this.hops++;
    tree.set(i, 0); // i is vacant now: no events
    recomputeKernel(this.state, lat.firstOffsets, lat.wrapX, lat.wrapY, lat.nx, lat.ny, lat.layers, lat.sites, this.contrib, this.ws, this.wxs, this.wys, this.wls, n, tree);
    tree.flush();
    return 0;
  }

  private readonly ws = new Int32Array(256);
  private readonly wxs = new Int32Array(256);
  private readonly wys = new Int32Array(256);
  private readonly wls = new Int32Array(256);
  /** contrib[(state & 127) << 4 | v(i)]: a neighbour's term in the rate of a site with v(i) (branch-free). */
  private readonly contrib = (() => {
    const c = new Float64Array(128 * 16);
    return c;
  })();
}

/**
 * The hop itself and the list of sites to recompute, over plain arrays passed in (PERFORMANCE.md
 * item 2: the hot loop over locals, not over `this`). Returns the number of listed sites.
 */
function hopKernel(
  st: Uint8Array, offs: Int32Array, wx: Int32Array, wy: Int32Array, nx: number, ny: number, layers: number, N: number,
  table: Float64Array, leaves: Float64Array, ws: Int32Array, wxs: Int32Array, wys: Int32Array, wls: Int32Array,
  nbI: Int32Array, nbJ: Int32Array, i: number, u: number,
): number {
  const xi = i % nx;
  const rest = (i - xi) / nx;
  const yi = rest % ny;
  const li = (rest - yi) / ny;
  const pi = li & 1;
  const vi = (st[i] & VMASK) >> VSHIFT;
  let r = u * leaves[i];
  let j = -1;
  let xj = 0, yj = 0, lj = 0;
  for (let k = 0; k < 8; k++) {
    const xx = wx[xi + pi + (k & 1) + 1];
    const yy = wy[yi + pi + ((k >> 1) & 1) + 1];
    const ll = li - 1 + ((k >> 2) << 1);
    const t = xx < 0 || yy < 0 || ll < 0 || ll >= layers ? N : (ll * ny + yy) * nx + xx;
    nbI[k] = t;
    const sj = st[t];
    if (r >= 0 && (sj & STATE) === VACANT) {
      j = t; xj = xx; yj = yy; lj = ll;
      r -= table[((sj & VMASK) >> VSHIFT) + 9 - vi];
    }
  }
  st[i] = (st[i] & ~STATE) | VACANT;
  st[j] = (st[j] & ~STATE) | OCCUPIED;
  for (let k = 0; k < 8; k++) st[nbI[k]] += VONE;
  const pj = lj & 1;
  for (let k = 0; k < 8; k++) {
    const xx = wx[xj + pj + (k & 1) + 1];
    const yy = wy[yj + pj + ((k >> 1) & 1) + 1];
    const ll = lj - 1 + ((k >> 2) << 1);
    const t = xx < 0 || yy < 0 || ll < 0 || ll >= layers ? N : (ll * ny + yy) * nx + xx;
    nbJ[k] = t;
    st[t] -= VONE;
  }
  st[N] = BLOCKED; // the sentinel's count is meaningless; keep it blocked
  // the sites whose propensity can have changed: occupied sites among i, j and their neighbours
  // (own count or target set changed), and occupied neighbours of vacant ones (a target's count)
  let n = visit(st, offs, wx, wy, nx, ny, layers, ws, wxs, wys, wls, 0, i, xi, yi, li);
  n = visit(st, offs, wx, wy, nx, ny, layers, ws, wxs, wys, wls, n, j, xj, yj, lj);
  for (let k = 0; k < 8; k++) {
    if (nbI[k] !== N) n = visit(st, offs, wx, wy, nx, ny, layers, ws, wxs, wys, wls, n, nbI[k], wx[xi + pi + (k & 1) + 1], wy[yi + pi + ((k >> 1) & 1) + 1], li - 1 + ((k >> 2) << 1));
    if (nbJ[k] !== N) n = visit(st, offs, wx, wy, nx, ny, layers, ws, wxs, wys, wls, n, nbJ[k], wx[xj + pj + (k & 1) + 1], wy[yj + pj + ((k >> 1) & 1) + 1], lj - 1 + ((k >> 2) << 1));
  }
  return n;
}

/** Adds s (if occupied) or its occupied neighbours (if s is vacant) to the work list. */
function visit(
  st: Uint8Array, offs: Int32Array, wx: Int32Array, wy: Int32Array, nx: number, ny: number, layers: number,
  ws: Int32Array, wxs: Int32Array, wys: Int32Array, wls: Int32Array, n: number, s: number, x: number, y: number, layer: number,
): number {
  const v = st[s];
  if ((v & STATE) === OCCUPIED) {
    if ((v & MARK) === 0) {
      st[s] = v | MARK;
      ws[n] = s; wxs[n] = x; wys[n] = y; wls[n] = layer;
      n++;
    }
    return n;
  }
  if ((v & STATE) !== VACANT) return n;
  const p = layer & 1;
  if (x > 0 && y > 0 && x < nx - 1 && y < ny - 1 && layer > 0 && layer < layers - 1) {
    const o = p << 3;
    for (let k = 0; k < 8; k++) {
      const t = s + offs[o + k];
      const w = st[t];
      const c = (((w & 131) ^ OCCUPIED) - 1) >>> 31; // occupied and unmarked, branch-free
      st[t] = w | (c << 7);
      ws[n] = t; wxs[n] = x + p - 1 + (k & 1); wys[n] = y + p - 1 + ((k >> 1) & 1); wls[n] = layer - 1 + ((k >> 2) << 1);
      n += c;
    }
    return n;
  }
  for (let k = 0; k < 8; k++) {
    const xx = wx[x + p + (k & 1) + 1];
    const yy = wy[y + p + ((k >> 1) & 1) + 1];
    const ll = layer - 1 + ((k >> 2) << 1);
    if (xx < 0 || yy < 0 || ll < 0 || ll >= layers) continue;
    const t = (ll * ny + yy) * nx + xx;
    const w = st[t];
    if ((w & STATE) === OCCUPIED && (w & MARK) === 0) {
      st[t] = w | MARK;
      ws[n] = t; wxs[n] = xx; wys[n] = yy; wls[n] = ll;
      n++;
    }
  }
  return n;
}

/** New propensities of the listed sites (marks cleared), written into the tree. */
function recomputeKernel(
  st: Uint8Array, offs: Int32Array, wx: Int32Array, wy: Int32Array, nx: number, ny: number, layers: number, N: number,
  contrib: Float64Array, ws: Int32Array, wxs: Int32Array, wys: Int32Array, wls: Int32Array, n: number, tree: SumTree,
): void {
  for (let m = 0; m < n; m++) {
    const s = ws[m];
    st[s] &= ~MARK;
    const vi = (st[s] & VMASK) >> VSHIFT;
    let r = 0;
    if (vi !== 0) {
      const x = wxs[m], y = wys[m], layer = wls[m];
      if (x > 0 && y > 0 && x < nx - 1 && y < ny - 1 && layer > 0 && layer < layers - 1) {
        const o = (layer & 1) << 3;
        for (let k = 0; k < 8; k++) r += contrib[((st[s + offs[o + k]] & 127) << 4) | vi];
      } else {
        const p = layer & 1;
        for (let k = 0; k < 8; k++) {
          const xx = wx[x + p + (k & 1) + 1];
          const yy = wy[y + p + ((k >> 1) & 1) + 1];
          const ll = layer - 1 + ((k >> 2) << 1);
          const t = xx < 0 || yy < 0 || ll < 0 || ll >= layers ? N : (ll * ny + yy) * nx + xx;
          r += contrib[((st[t] & 127) << 4) | vi];
        }
      }
    }
    tree.set(s, r);
  }
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
