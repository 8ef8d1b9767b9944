/**
 * The continuum crack criterion at LLZO surface defects, and the paths cracks take on the lattice
 * (MODEL.md §3).
 *
 * One criterion per defect, under the pressure p of the Li body above it:
 *  - a flaw filled with Li (a pit Li has entered): K_I = Y·p·√(π·a) ≥ K_IC (Griffith, Eq. 1);
 *  - an empty pit under the Li: σ1 = K_t·p at its tip ≥ σ_th (K_t ≈ 3.3 from the paper's FEM);
 *  - a defect-free surface: σ1 ≈ (1 − 2ν)·p/2 ≈ 0.24·p at the edge of the pressed zone ≥ σ_th.
 * Non-wetting Li enters a pit of width w only above the Laplace pressure 2γ|cos θ|/w.
 * At fixed p, K_I grows with the crack length, so a started crack keeps going while
 * Y·p·√(π·L) ≥ K_IC (L its length); it advances only as fast as Li fills it (the tip opens when
 * the last opened site holds Li, and its opening holds the Li of `crackVolume`), which is what
 * limits it to the Li supply rather than a free rate.
 */
import { BccLattice } from "../lattice/bcc.ts";

export type CrackKind = "griffith" | "pit-tip" | "surface";

export interface FractureCriterion {
  toughness: number;
  griffithY: number;
  theoreticalStrength: number;
  pitStressConcentration: number;
  /** LLZO Poisson ratio ν: the edge-of-contact tension factor (1 − 2ν)/2. */
  poisson: number;
}

/**
 * The volume (m³) a surface crack of length (depth) L holds open under the pressure p of the Li
 * in it, in LLZO of Young's modulus E and Poisson ratio ν: a half-penny of radius L,
 * V = 8(1 − ν²)·p·L³/(3E) (MODEL.md §3; Sneddon's penny crack holds twice that, its face opening
 * 8(1 − ν²)·p·√(L² − r²)/(πE)). In a thin cross-section of thickness w, periodic across it (the
 * TEM slab), the Li simulated fills the crack's central slice, ∫ opening dz·w = 2(1 − ν²)·p·L²·w/E
 * — the whole half-penny once w ≥ 4L/3. Pass w = ∞ for a box that holds the whole crack.
 */
export function crackVolume(p: number, L: number, E: number, nu: number, w = Infinity): number {
  if (!(p > 0) || !(L > 0)) return 0;
  const c = ((1 - nu * nu) * p) / E;
  if (L !== lastL) {
    lastL = L;
    lastCube = L ** 3;
  }
  return Math.min((8 * c * lastCube) / 3, 2 * c * L * L * w);
}
/** L³ of the last crack length asked for (the same crack is asked for at every event). */
let lastL = Number.NaN;
let lastCube = Number.NaN;

/** Laplace pressure (Pa) for non-wetting Li to enter a pit of width w (m). */
export function pitEntryPressure(w: number, gamma: number, contactAngleDeg: number): number {
  return (2 * gamma * Math.abs(Math.cos((contactAngleDeg * Math.PI) / 180))) / w;
}

/**
 * Which criterion a defect of depth a (m) meets at pressure p (Pa), if any, given whether Li
 * is inside it.
 */
export function defectFires(c: FractureCriterion, p: number, a: number, filled: boolean): CrackKind | null {
  if (p <= 0) return null;
  if (filled) return c.griffithY * p * Math.sqrt(Math.PI * a) >= c.toughness ? "griffith" : null;
  return c.pitStressConcentration * p >= c.theoreticalStrength ? "pit-tip" : null;
}

/** Whether the defect-free surface under a body at pressure p (Pa) cracks at the edge of the pressed zone. */
export function surfaceFires(c: FractureCriterion, p: number): boolean {
  return ((1 - 2 * c.poisson) / 2) * p >= c.theoreticalStrength;
}

/** A growing crack keeps going while the stress intensity of its current length exceeds K_IC. */
export function crackGrows(c: FractureCriterion, p: number, length: number): boolean {
  return c.griffithY * p * Math.sqrt(Math.PI * length) >= c.toughness;
}

/**
 * The LLZO sites a crack opens, in order, from `start`: splitting goes straight down (second-
 * neighbour steps of a, normal to the surface) to the counter electrode at the bottom of the slab;
 * peeling goes down `depth` steps, sideways `run` steps, and back up to the surface layer.
 */
export function crackPath(lat: BccLattice, start: number, surfaceLayer: number, mode: "split" | "peel", isLLZO: (s: number) => boolean, depth = 2, run = 8): number[] {
  const path: number[] = [];
  const ls = lat.layerSize;
  let s = start;
  if (!isLLZO(s)) s -= 2 * ls;
  if (mode === "split") {
    while (s >= 0) {
      path.push(s);
      s -= 2 * ls;
    }
    return path;
  }
  for (let i = 0; i < depth && s >= 0; i++) {
    path.push(s);
    s -= 2 * ls;
  }
  s += 2 * ls; // last opened site
  const nb = new Int32Array(14);
  for (let i = 0; i < run; i++) {
    lat.neighbours(s, nb);
    const next = nb[9]; // +x second neighbour
    if (next >= lat.sites) break;
    s = next;
    path.push(s);
  }
  while (lat.layerOf(s) + 2 <= surfaceLayer) {
    s += 2 * ls;
    path.push(s);
  }
  return path;
}
