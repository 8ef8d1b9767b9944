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
 * Y·p·√(π·(a + ℓ)) ≥ K_IC; it advances only as fast as Li fills it (the tip opens when the last
 * opened site holds Li), which is what limits it to the Li supply rather than a free rate.
 */
import { BccLattice } from "../lattice/bcc.ts";
import { LLZO_POISSON } from "../constants/materials.ts";

export type CrackKind = "griffith" | "pit-tip" | "surface";

export interface FractureCriterion {
  toughness: number;
  griffithY: number;
  theoreticalStrength: number;
  pitStressConcentration: number;
}

/** The edge-of-contact tension factor (1 − 2ν)/2 of LLZO (ν = 0.257, Ni et al. 2012). */
const SURFACE_TENSION_FACTOR = (1 - 2 * LLZO_POISSON) / 2;

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
  return SURFACE_TENSION_FACTOR * p >= c.theoreticalStrength;
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
