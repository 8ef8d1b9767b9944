/**
 * Observables of a running model, for the time series and the summary.
 */
import type { LidepModel } from "../model/lidep/catalogue.ts";
import { LI } from "../model/species.ts";
import { LI_ATOMIC_VOLUME_M3 } from "../constants/physical.ts";

export interface Morphology {
  /** Li sites on the lattice (all bodies). */
  liSites: number;
  /** Highest Li above the LLZO surface (m): one monolayer is a/2. */
  height: number;
  /** Lateral extent of the Li in x (m), periodic-aware. */
  lateralExtent: number;
  /** Extent in x of the Li that touches LLZO (m): the footprint. */
  footprint: number;
  /** The main body (−1 without Li). */
  main: number;
}

/**
 * One pass over the lattice (O(N) on bytes; done only at sample times). Height and extents are
 * those of the main body — the largest one touching the LLZO (or the largest, if none does) — so
 * that a stray adatom climbing the collector does not count as growth.
 */
export function morphology(m: LidepModel, surfaceLayer: number, a: number): Morphology {
  const lat = m.lat;
  const B = m.bodies;
  let main = -1;
  for (let b = 0; b < B.used; b++) {
    if (!B.isLive(b)) continue;
    if (main < 0 || (B.root[b] > 0 && B.root[main] === 0) || ((B.root[b] > 0) === (B.root[main] > 0) && B.size[b] > B.size[main])) main = b;
  }
  const nx = lat.nx;
  const ls = lat.layerSize;
  const cols = new Uint8Array(2 * nx);
  const foot = new Uint8Array(2 * nx);
  let maxLayer = -1;
  let li = 0;
  const spec = m.spec;
  for (let L = 0; L < lat.layers; L++) {
    const base = L * ls;
    const b = L & 1;
    for (let i = 0; i < ls; i++) {
      if (spec[base + i] !== LI) continue;
      li++;
      if (m.body[base + i] !== main) continue;
      if (L > maxLayer) maxLayer = L;
      const hc = 2 * (i % nx) + b;
      cols[hc] = 1;
      if (L <= surfaceLayer + 1 || (m.cnt[base + i] & (15 << 7)) !== 0) foot[hc] = 1;
    }
  }
  return {
    liSites: li,
    height: maxLayer < 0 ? 0 : ((maxLayer - surfaceLayer) * a) / 2,
    lateralExtent: (span(cols, lat.periodicX) * a) / 2,
    footprint: (span(foot, lat.periodicX) * a) / 2,
    main,
  };
}

/** Half-columns covered by the smallest interval (an arc if periodic) containing all set ones. */
function span(c: Uint8Array, periodic: boolean): number {
  const n = c.length;
  let first = -1, last = -1, count = 0;
  for (let i = 0; i < n; i++) if (c[i]) { if (first < 0) first = i; last = i; count++; }
  if (count === 0) return 0;
  if (!periodic) return last - first + 1;
  // the longest run of empty half-columns on the circle is what the Li does not cover
  let longest = 0, run = 0;
  for (let k = 0; k < 2 * n; k++) {
    if (c[k % n]) run = 0;
    else { run++; if (run > longest) longest = Math.min(run, n); }
  }
  return n - longest;
}

export interface PressureStats {
  max: number;
  mean: number;
}

/** Max and contact-weighted mean pressure over live bodies in contact with LLZO. */
export function pressureStats(m: LidepModel): PressureStats {
  const B = m.bodies;
  let max = 0, sum = 0, w = 0;
  for (let b = 0; b < B.used; b++) {
    if (!B.isLive(b) || B.root[b] === 0) continue;
    const p = B.pressure[b];
    if (p > max) max = p;
    sum += p * B.root[b];
    w += B.root[b];
  }
  return { max, mean: w > 0 ? sum / w : 0 };
}

export function liVolume(m: LidepModel, liSites: number): number {
  return (liSites * m.m + m.storedExcess() + m.cracks.heldAtoms()) * LI_ATOMIC_VOLUME_M3;
}

/** The growth stress of body b (Pa, root-growth.ts), or NaN when it cannot rise (confined) or has no root. */
export function growthStress(m: LidepModel, b: number): number {
  const B = m.bodies;
  return b >= 0 && B.isLive(b) && B.root[b] > 0 && !B.confined[b] ? m.growth.stress(b) : Number.NaN;
}
