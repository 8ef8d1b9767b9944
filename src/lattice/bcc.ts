/**
 * b.c.c. lattice geometry in (001) layers.
 *
 * A box of Nx × Ny × Nz cubic cells of side a holds 2 sites per cell. We index the sites by
 * (001) layers: layer L = 2z + b (b = 0 corner sublattice, b = 1 body centre), so a layer holds
 * Nx·Ny sites and consecutive layers are a/2 apart. Site index s = (L·Ny + y)·Nx + x and its
 * position is ((x + b/2)·a, (y + b/2)·a, (L/2)·a) with b = L & 1.
 *
 * First neighbours (8, distance √3·a/2) lie in layers L ± 1: for even L at x' ∈ {x−1, x},
 * y' ∈ {y−1, y}; for odd L at x' ∈ {x, x+1}, y' ∈ {y, y+1}. Second neighbours (6, distance a) are
 * (x ± 1, y, L), (x, y ± 1, L) and (x, y, L ± 2).
 *
 * x and y are periodic or closed; z is always closed. A neighbour outside a closed boundary is
 * the sentinel site index N (one extra site that the models keep permanently blocked).
 */
/**
 * The 14 neighbour vectors in units of a/2, in the order of `BccLattice.neighbours` (first
 * neighbours 0–7: x sign from bit 0, y from bit 1, layer below/above from bit 2; then −x, +x, −y,
 * +y, −z, +z at distance a).
 */
export const NEIGHBOUR_VECTORS: ReadonlyArray<readonly [number, number, number]> = (() => {
  const v: [number, number, number][] = [];
  for (let k = 0; k < 8; k++) v.push([k & 1 ? 1 : -1, k & 2 ? 1 : -1, k & 4 ? 1 : -1]);
  v.push([-2, 0, 0], [2, 0, 0], [0, -2, 0], [0, 2, 0], [0, 0, -2], [0, 0, 2]);
  return v;
})();

/** Whether (x, y, z), in units of a/2, is a first- or second-neighbour vector. */
export function isNeighbourVector(x: number, y: number, z: number): boolean {
  const ax = Math.abs(x), ay = Math.abs(y), az = Math.abs(z);
  if (ax === 1 && ay === 1 && az === 1) return true;
  return ax + ay + az === 2 && (ax === 2 || ay === 2 || az === 2);
}

interface LatticeSpec {
  nx: number;
  ny: number;
  nz: number;
  periodicX: boolean;
  periodicY: boolean;
}

export class BccLattice {
  readonly nx: number;
  readonly ny: number;
  readonly nz: number;
  /** Number of (001) layers, 2·Nz. */
  readonly layers: number;
  /** Sites per layer, Nx·Ny. */
  readonly layerSize: number;
  /** Number of real sites; index `sites` is the blocked sentinel. */
  readonly sites: number;
  readonly periodicX: boolean;
  readonly periodicY: boolean;
  /**
   * Wrap tables over x ∈ [−2, nx + 1]: wrapX[x + 2] is x wrapped into the box, or −1 outside a
   * closed boundary. Same for y. Hot loops use them to find neighbours from coordinates without
   * integer division.
   */
  readonly wrapX: Int32Array;
  readonly wrapY: Int32Array;
  /**
   * Per site: bit 0 the layer parity, bit 1 set when the site is within one cell of an x or y
   * boundary or two layers of the bottom or top (where `neighbours` must wrap or use the
   * sentinel). Built on first use of `neighboursFast` (1 byte per site).
   */
  private flagsCache: Uint8Array | null = null;
  /** xm[x] = x−1 (wrapped, or −1 outside a closed boundary), xp[x] = x+1; same for y. */
  readonly xm: Int32Array;
  readonly xp: Int32Array;
  readonly ym: Int32Array;
  readonly yp: Int32Array;

  constructor(spec: LatticeSpec) {
    const { nx, ny, nz } = spec;
    // 2 cells at least: a periodic axis of 1 cell would make a site its own neighbour (with 2,
    // the ±1 neighbours are the two images of one site, bonded twice, as in a periodic crystal)
    if (!(Number.isInteger(nx) && Number.isInteger(ny) && Number.isInteger(nz)) || nx < 2 || ny < 2 || nz < 2) {
      throw new RangeError(`lattice must have integer nx, ny, nz ≥ 2 cells (got ${nx}×${ny}×${nz})`);
    }
    this.nx = nx;
    this.ny = ny;
    this.nz = nz;
    this.layers = 2 * nz;
    this.layerSize = nx * ny;
    this.sites = this.layerSize * this.layers;
    if (this.sites >= 2 ** 31 - 1) throw new RangeError("lattice too large for 31-bit site indices");
    this.periodicX = spec.periodicX;
    this.periodicY = spec.periodicY;
    this.xm = new Int32Array(nx);
    this.xp = new Int32Array(nx);
    this.ym = new Int32Array(ny);
    this.yp = new Int32Array(ny);
    this.wrapX = new Int32Array(nx + 4);
    this.wrapY = new Int32Array(ny + 4);
    for (let x = -2; x < nx + 2; x++) {
      this.wrapX[x + 2] = x >= 0 && x < nx ? x : spec.periodicX ? ((x % nx) + nx) % nx : -1;
    }
    for (let y = -2; y < ny + 2; y++) {
      this.wrapY[y + 2] = y >= 0 && y < ny ? y : spec.periodicY ? ((y % ny) + ny) % ny : -1;
    }
    for (let x = 0; x < nx; x++) {
      this.xm[x] = x > 0 ? x - 1 : spec.periodicX ? nx - 1 : -1;
      this.xp[x] = x < nx - 1 ? x + 1 : spec.periodicX ? 0 : -1;
    }
    for (let y = 0; y < ny; y++) {
      this.ym[y] = y > 0 ? y - 1 : spec.periodicY ? ny - 1 : -1;
      this.yp[y] = y < ny - 1 ? y + 1 : spec.periodicY ? 0 : -1;
    }
  }

  index(x: number, y: number, layer: number): number {
    return (layer * this.ny + y) * this.nx + x;
  }
  xOf(s: number): number {
    return s % this.nx;
  }
  yOf(s: number): number {
    return Math.floor(s / this.nx) % this.ny;
  }
  layerOf(s: number): number {
    return Math.floor(s / this.layerSize);
  }
  /** Position in units of the cubic cell side a: [x + b/2, y + b/2, L/2]. */
  position(s: number, out: Float64Array | number[] = new Float64Array(3)): Float64Array | number[] {
    const L = this.layerOf(s);
    const h = (L & 1) * 0.5;
    out[0] = this.xOf(s) + h;
    out[1] = this.yOf(s) + h;
    out[2] = L * 0.5;
    return out;
  }

  /**
   * Writes the 14 neighbours of s into out[0..13]: first neighbours 0..7 (layer below: 0..3,
   * layer above: 4..7), then second neighbours 8..13 in the order −x, +x, −y, +y, −z, +z.
   * Outside a closed boundary the entry is the sentinel index `sites`.
   */
  neighbours(s: number, out: Int32Array): void {
    const nx = this.nx;
    const ls = this.layerSize;
    const x = s % nx;
    const rest = (s - x) / nx;
    const y = rest % this.ny;
    const L = (rest - y) / this.ny;
    const N = this.sites;
    // first-neighbour x', y' for this parity
    let xa: number, xb: number, ya: number, yb: number;
    if ((L & 1) === 0) {
      xa = this.xm[x]; xb = x; ya = this.ym[y]; yb = y;
    } else {
      xa = x; xb = this.xp[x]; ya = y; yb = this.yp[y];
    }
    const below = L - 1;
    const above = L + 1;
    let k = 0;
    for (let dl = 0; dl < 2; dl++) {
      const layer = dl === 0 ? below : above;
      const ok = layer >= 0 && layer < this.layers;
      const base = layer * ls;
      out[k++] = ok && ya >= 0 && xa >= 0 ? base + ya * nx + xa : N;
      out[k++] = ok && ya >= 0 && xb >= 0 ? base + ya * nx + xb : N;
      out[k++] = ok && yb >= 0 && xa >= 0 ? base + yb * nx + xa : N;
      out[k++] = ok && yb >= 0 && xb >= 0 ? base + yb * nx + xb : N;
    }
    const row = s - x;
    const xm = this.xm[x], xp = this.xp[x], ym = this.ym[y], yp = this.yp[y];
    out[8] = xm >= 0 ? row + xm : N;
    out[9] = xp >= 0 ? row + xp : N;
    out[10] = ym >= 0 ? s + (ym - y) * nx : N;
    out[11] = yp >= 0 ? s + (yp - y) * nx : N;
    out[12] = L >= 2 ? s - 2 * ls : N;
    out[13] = L + 2 < this.layers ? s + 2 * ls : N;
  }

  /**
   * Per site: bit 0 the layer parity, bits 1–2 the x class (interior, first column, last
   * column), bits 3–4 the y class, bit 5 set where `neighboursFast` must take the general path
   * (a closed x/y boundary, or within two layers of the bottom or top). Each (parity, x class,
   * y class) has its own 14 offsets with the periodic wrap built in.
   */
  get flags(): Uint8Array {
    if (this.flagsCache) return this.flagsCache;
    const f = new Uint8Array(this.sites + 1);
    const { nx, ny, layers } = this;
    const cls = (v: number, n: number) => (v === 0 ? 1 : v === n - 1 ? 2 : 0);
    let s = 0;
    for (let L = 0; L < layers; L++)
      for (let y = 0; y < ny; y++)
        for (let x = 0; x < nx; x++, s++) {
          const xc = cls(x, nx), yc = cls(y, ny);
          const slow = (xc !== 0 && !this.periodicX) || (yc !== 0 && !this.periodicY) || L < 2 || L >= layers - 2;
          f[s] = (L & 1) | (xc << 1) | (yc << 3) | (slow ? 32 : 0);
        }
    f[this.sites] = 32;
    // offsets per class, measured on a representative site of each class away from z edges
    const offs = new Int32Array((32 + SCRATCH_ROWS) * 14);
    const nb = new Int32Array(14);
    for (let p = 0; p < 2; p++)
      for (let xc = 0; xc < 3; xc++)
        for (let yc = 0; yc < 3; yc++) {
          if ((xc === 0 && nx < 3) || (yc === 0 && ny < 3)) continue; // no interior class
          const x = xc === 0 ? 1 : xc === 1 ? 0 : nx - 1;
          const y = yc === 0 ? 1 : yc === 1 ? 0 : ny - 1;
          const L = 2 + p;
          if (L >= layers - 2) continue; // no site of this parity off the z edges
          const site = this.index(x, y, L);
          this.neighbours(site, nb);
          const c = p | (xc << 1) | (yc << 3);
          for (let k = 0; k < 14; k++) offs[c * 14 + k] = nb[k] - site;
        }
    this.classOffsets = offs;
    this.flagsCache = f;
    return f;
  }
  private classOffsets: Int32Array = new Int32Array(0);

  /**
   * The 14 neighbour offsets of each site class: neighbour k of a site s whose flag lacks bit 5 is
   * s + neighbourOffsets[(flags[s] & 31) * 14 + k] (what `neighboursFast` writes out, for hot
   * loops that add the offsets in place instead of reading a written list back).
   */
  get neighbourOffsets(): Int32Array {
    if (!this.flagsCache) void this.flags;
    return this.classOffsets;
  }

  /**
   * The row of s's neighbour offsets in `neighbourOffsets`: neighbour k of s is
   * s + neighbourOffsets[row + k]. Its class's row, or for a site on the general path (a closed
   * boundary, the bottom or top) scratch row `scratch` (0 to SCRATCH_ROWS − 1) written now with its
   * neighbours less s (the sentinel N included): a caller that loops over one site's neighbours
   * while another loop over them is open takes another scratch row.
   */
  neighbourRow(s: number, scratch: number): number {
    const f = this.flagsCache![s];
    if ((f & 32) === 0) return (f & 31) * 14;
    const nb = this.nbRow;
    this.neighbours(s, nb);
    const o = (32 + scratch) * 14;
    const off = this.classOffsets;
    for (let k = 0; k < 14; k++) off[o + k] = nb[k] - s;
    return o;
  }
  private readonly nbRow = new Int32Array(14);

  /**
   * Same as `neighbours`, by constant offsets per site class (no integer division); sites next to
   * a closed boundary or the bottom/top take the general path.
   */
  neighboursFast(s: number, out: Int32Array): void {
    const f = (this.flagsCache ?? this.flags)[s];
    if ((f & 32) !== 0) {
      this.neighbours(s, out);
      return;
    }
    const o = (f & 31) * 14;
    const off = this.classOffsets;
    for (let k = 0; k < 14; k++) out[k] = s + off[o + k];
  }

  /**
   * Minimum-image displacement from site a to site b, in units of a (periodic axes wrapped).
   */
  displacement(a: number, b: number, out: Float64Array | number[]): void {
    const pa = this.position(a, [0, 0, 0]);
    const pb = this.position(b, [0, 0, 0]);
    let dx = pb[0] - pa[0];
    let dy = pb[1] - pa[1];
    if (this.periodicX) dx -= this.nx * Math.round(dx / this.nx);
    if (this.periodicY) dy -= this.ny * Math.round(dy / this.ny);
    out[0] = dx;
    out[1] = dy;
    out[2] = pb[2] - pa[2];
  }
}

/** Scratch rows after the 32 class rows of `neighbourOffsets`, for `neighbourRow`. */
export const SCRATCH_ROWS = 12;

/**
 * Index of the site at (x, y, layer) with x, y up to 2 outside the box (wrapped or, outside a
 * closed boundary or below/above the box, the sentinel).
 */
export function siteAt(lat: BccLattice, x: number, y: number, layer: number): number {
  const wx = lat.wrapX[x + 2];
  const wy = lat.wrapY[y + 2];
  if (wx < 0 || wy < 0 || layer < 0 || layer >= lat.layers) return lat.sites;
  return (layer * lat.ny + wy) * lat.nx + wx;
}
