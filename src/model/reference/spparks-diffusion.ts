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
 * Site numbering: bricks of 8 (001) layers × 1 column, x fastest within a slab of 8 layers —
 * s = ((slab·L + y)·L + x)·8 + lz with layer = 8·slab + lz (layer = 2z + b, b = 1 on the body
 * centres). A leaf of the sum tree's first level is then one brick, its second level 8 bricks
 * along x: an event's changed sites (a few columns around the hop, a few layers deep) share most
 * of their ancestors and the update climbs little (PERFORMANCE.md, item 1); the layers within a
 * brick are contiguous, and x ± 1 and y ± 1 are fixed offsets (8 and 8L). The numbering is this
 * catalogue's own: the solver and the tree see leaf numbers only. A box whose 2L layers are not a
 * multiple of 8 pads its last slab with blocked, unconnected slots (never neighbours, rate 0).
 *
 * One byte per site: bits 0–4 the code 9·state + v (state 0 vacant, 1 occupied, 2 blocked; v the
 * maintained count of vacant first neighbours, 0…8; the layer parity is s & 1), bit 6 set on the box's faces (neighbours wrap: the slow path), bit 7 a scratch mark that
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
/** 1 where a byte is a vacant site (its code in 0…8). */
const VACANT_CODE = new Uint8Array(256);
for (let b = 0; b < 256; b++) VACANT_CODE[b] = (b & CODE) < 9 ? 1 : 0;

export class SpparksDiffusion implements EventCatalogue {
  /** Cells per side. */
  readonly cells: number;
  /** (001) layers, 2L. */
  readonly layers: number;
  /** Real sites, 2L³ (the numbering may hold padding slots beyond them, see above). */
  readonly sites: number;
  /** Slots in the numbering (sites + padding). */
  readonly slots: number;
  /** Index offsets: next x (8), next y (8L), next slab (8L²). */
  readonly X: number;
  readonly Y: number;
  readonly Z: number;
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
  /** wrap[c + 1] = c mod L for c ∈ [−1, L]; layerOffset[l + 1]: index offset of layer l mod 2L. */
  private readonly wrap: Int32Array;
  private readonly layerOffset: Int32Array;

  private readonly nbI = new Int32Array(8);
  private readonly nbJ = new Int32Array(8);
  private readonly nbS = new Int32Array(16);
  /** The sites whose rates change in a hop: at most 15 first neighbours, 14 × 8 second, and i. */
  private readonly work = new Int32Array(8 + 16 * 8);
  hops = 0;

  constructor(spec: ReferenceSpec, occupancy: (layer: number, x: number, y: number) => number) {
    const L = (this.cells = spec.cells);
    if (!Number.isInteger(L) || L < 2) throw new RangeError(`reference box needs an integer L ≥ 2 cells (got ${L})`);
    const NL = (this.layers = 2 * L);
    this.sites = L * L * NL;
    const X = (this.X = 8), Y = (this.Y = 8 * L), Z = (this.Z = 8 * L * L);
    const N = (this.slots = Z * Math.ceil(NL / 8));
    this.wrap = Int32Array.from({ length: L + 2 }, (_, c) => (c - 1 + L) % L);
    this.layerOffset = Int32Array.from({ length: NL + 2 }, (_, l) => {
      const w = (l - 1 + NL) % NL;
      return (w >> 3) * Z + (w & 7);
    });
    const st = (this.state = new Uint8Array(N).fill(9 * BLOCKED));
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
    const face = new Uint8Array(N);
    for (let layer = 0; layer < NL; layer++)
      for (let y = 0; y < L; y++)
        for (let x = 0; x < L; x++) {
          const s = this.siteAt(x, y, layer);
          this.neighbours(s, nb);
          let v = 0;
          for (let k = 0; k < 8; k++) if (stateOf(st[nb[k]]) === VACANT) v++;
          vac[s] = v;
          face[s] = x === 0 || y === 0 || x === L - 1 || y === L - 1 || layer === 0 || layer === NL - 1 ? FACE : 0;
        }
    for (let s = 0; s < N; s++) st[s] += vac[s] | face[s];
    this.tree = new SumTree(N);
    this.trees = [this.tree];
    for (let s = 0; s < N; s++) this.tree.leaves[s] = this.propensity(s); // padding: blocked, 0
    this.tree.rebuild();
  }

  /** Index of the site at cell (x, y) in (001) layer `layer` (periodic wrap). */
  siteAt(x: number, y: number, layer: number): number {
    const L = this.cells, NL = this.layers;
    const w = ((layer % NL) + NL) % NL;
    return (((w >> 3) * L + (((y % L) + L) % L)) * L + (((x % L) + L) % L)) * 8 + (w & 7);
  }

  /** Cell and layer of site s. */
  coordinates(s: number): { x: number; y: number; layer: number } {
    const L = this.cells;
    const rest = s >> 3;
    const x = rest % L;
    const r2 = (rest - x) / L;
    const y = r2 % L;
    return { x, y, layer: ((r2 - y) / L) * 8 + (s & 7) };
  }

  /**
   * The 8 first neighbours of s into out (periodic): in layers ±1, at x' ∈ {x − 1, x} and
   * y' ∈ {y − 1, y} from an even layer, {x, x + 1} and {y, y + 1} from an odd one.
   */
  neighbours(s: number, out: Int32Array): void {
    const L = this.cells, X = this.X, Y = this.Y;
    const rest = s >> 3;
    const x = rest % L;
    const r2 = (rest - x) / L;
    const y = r2 % L;
    const layer = ((r2 - y) / L) * 8 + (s & 7);
    const p = s & 1;
    const w = this.wrap;
    // wrapped coordinates of the two x, the two y and the two layers, as index offsets
    const xa = w[x + p] * X, xb = w[x + p + 1] * X;
    const ya = w[y + p] * Y, yb = w[y + p + 1] * Y;
    const lo = this.layerOffset[layer], hi = this.layerOffset[layer + 2];
    out[0] = ya + xa + lo; out[1] = ya + xb + lo; out[2] = yb + xa + lo; out[3] = yb + xb + lo;
    out[4] = ya + xa + hi; out[5] = ya + xb + hi; out[6] = yb + xa + hi; out[7] = yb + xb + hi;
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
    return rateOf(this.state, this, this.pairRate, this.nbS, this.X, this.Y, this.Z, s);
  }

  perform(_group: number, i: number, u: number): number {
    const { state, pairRate, work, nbS, tree } = this;
    const { X, Y, Z } = this;
    // the changed rates are written into the tree's leaves directly, then flushed as one list
    // (the sites hop() listed, and i)
    const leaves = tree.leaves;
    const n = hop(state, this, this.rateTable, leaves, this.nbI, this.nbJ, nbS, work, X, Y, Z, i, u);
    this.hops++;
    leaves[i] = 0; // i is vacant now
    work[n] = i;
    const XY = X + Y;
    for (let m = 0; m < n; m++) {
      const s = work[m];
      const b = state[s] & ~MARK;
      state[s] = b;
      let r: number;
      if ((b & FACE) === 0) {
        // rateOf's interior branch, inlined
        const base = (b & CODE) << 8;
        const d = shift(s, XY);
        const a = s + down(s, Z) + d;
        const c = s + up(s, Z) + d;
        r =
          pairRate[base | state[a]] + pairRate[base | state[a + X]] + (pairRate[base | state[a + Y]] + pairRate[base | state[a + XY]]) +
          (pairRate[base | state[c]] + pairRate[base | state[c + X]] + (pairRate[base | state[c + Y]] + pairRate[base | state[c + XY]]));
      } else r = rateOf(state, this, pairRate, nbS, X, Y, Z, s);
      leaves[s] = r;
    }
    tree.flushList(work, n + 1);
    return 0;
  }
}

/*
 * The hot kernels. Away from the box's faces the 8 neighbours of s are a, a + X, a + Y,
 * a + X + Y in the layer below and the same from c in the layer above, with a = s + DOWN + d,
 * c = s + UP + d: DOWN = −1 and UP = +1 inside a brick, ∓(Z − 7) across a slab boundary
 * (lz = s & 7 is 0 or 7), and d = −X − Y on even layers (s & 1 = 0), 0 on odd ones. Index
 * arithmetic on locals; sites on a face take the general routine.
 */

/** Offset of the site below (in layer − 1, same column) as a function of lz, given Z. */
function down(s: number, Z: number): number {
  return (s & 7) === 0 ? 7 - Z : -1;
}
function up(s: number, Z: number): number {
  return (s & 7) === 7 ? Z - 7 : 1;
}
/** d: −X − Y on even layers, 0 on odd. */
function shift(s: number, XY: number): number {
  return ((s & 1) - 1) & -XY;
}

/**
 * Rate of site s: Σ over its neighbours of pairRate[code(s) << 8 | byte(neighbour)], summed pairwise
 * (a shorter chain of dependent additions) in the same order on every path, so that a site's rate
 * is one function of its neighbourhood, bit for bit.
 */
function rateOf(st: Uint8Array, app: SpparksDiffusion, rates: Float64Array, nb: Int32Array, X: number, Y: number, Z: number, s: number): number {
  const b = st[s];
  const base = (b & CODE) << 8;
  if ((b & FACE) === 0) {
    const d = shift(s, X + Y);
    const a = s + down(s, Z) + d;
    const c = s + up(s, Z) + d;
    return (
      rates[base | st[a]] + rates[base | st[a + X]] + (rates[base | st[a + Y]] + rates[base | st[a + X + Y]]) +
      (rates[base | st[c]] + rates[base | st[c + X]] + (rates[base | st[c + Y]] + rates[base | st[c + X + Y]]))
    );
  }
  app.neighbours(s, nb);
  return (
    rates[base | st[nb[0]]] + rates[base | st[nb[1]]] + (rates[base | st[nb[2]]] + rates[base | st[nb[3]]]) +
    (rates[base | st[nb[4]]] + rates[base | st[nb[5]]] + (rates[base | st[nb[6]]] + rates[base | st[nb[7]]]))
  );
}

/** The 8 neighbours of s into out. */
function neighboursOf(st: Uint8Array, app: SpparksDiffusion, X: number, Y: number, Z: number, s: number, out: Int32Array): void {
  const b = st[s];
  if ((b & FACE) === 0) {
    const d = shift(s, X + Y);
    const a = s + down(s, Z) + d;
    const c = s + up(s, Z) + d;
    out[0] = a; out[1] = a + X; out[2] = a + Y; out[3] = a + X + Y;
    out[4] = c; out[5] = c + X; out[6] = c + Y; out[7] = c + X + Y;
  } else app.neighbours(s, out);
}

/** Lists the occupied, unlisted neighbours of the vacant site t on a face, marking them. */
function takeFaceNeighbours(st: Uint8Array, app: SpparksDiffusion, nb: Int32Array, work: Int32Array, n: number, t: number): number {
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
  nbI: Int32Array, nbJ: Int32Array, nbS: Int32Array, work: Int32Array, X: number, Y: number, Z: number, i: number, u: number,
): number {
  neighboursOf(st, app, X, Y, Z, i, nbI);
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
  neighboursOf(st, app, X, Y, Z, j, nbJ);
  st[i] -= 9; // occupied → vacant
  st[j] += 9; // vacant → occupied
  // each neighbour of i gains a vacant neighbour (i), each of j loses one (j); in the same pass,
  // occupied neighbours are listed (j among them) and vacant ones kept, to list their occupied
  // neighbours next (i's own are the neighbours of i, listed here). The counts do not change a
  // site's state, so listing before every count is updated is safe.
  let n = 0;
  let nv = 0;
  const vac = nbS; // at most 7 + 7 vacant ones, nbS has room for 16
  for (let k = 0; k < 8; k++) {
    const t = nbI[k];
    const w = st[t] + 1;
    const f = TAKE[w];
    st[t] = w | (f << 7);
    work[n] = t;
    n += f;
    vac[nv] = t;
    nv += VACANT_CODE[w];
  }
  for (let k = 0; k < 8; k++) {
    const t = nbJ[k];
    const w = st[t] - 1;
    const f = TAKE[w];
    st[t] = w | (f << 7);
    work[n] = t;
    n += f;
    vac[nv] = t;
    nv += VACANT_CODE[w] & (t !== i ? 1 : 0);
  }
  // the occupied neighbours of each vacant one (TAKE[byte] is 1 for an occupied, unmarked site,
  // so listing is branch-free; unrolled over the 8 neighbours)
  const XY = X + Y;
  for (let q = 0; q < nv; q++) {
    const t = vac[q];
    if ((st[t] & FACE) !== 0) {
      n = takeFaceNeighbours(st, app, nbI, work, n, t); // nbI is free scratch by now
      continue;
    }
    const d = shift(t, XY);
    const a = t + down(t, Z) + d;
    const c = t + up(t, Z) + d;
    let u = a, w = st[u], f = TAKE[w];
    st[u] = w | (f << 7); work[n] = u; n += f;
    u = a + X; w = st[u]; f = TAKE[w];
    st[u] = w | (f << 7); work[n] = u; n += f;
    u = a + Y; w = st[u]; f = TAKE[w];
    st[u] = w | (f << 7); work[n] = u; n += f;
    u = a + XY; w = st[u]; f = TAKE[w];
    st[u] = w | (f << 7); work[n] = u; n += f;
    u = c; w = st[u]; f = TAKE[w];
    st[u] = w | (f << 7); work[n] = u; n += f;
    u = c + X; w = st[u]; f = TAKE[w];
    st[u] = w | (f << 7); work[n] = u; n += f;
    u = c + Y; w = st[u]; f = TAKE[w];
    st[u] = w | (f << 7); work[n] = u; n += f;
    u = c + XY; w = st[u]; f = TAKE[w];
    st[u] = w | (f << 7); work[n] = u; n += f;
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
