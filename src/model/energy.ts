/**
 * Bond-counting energetics of b.c.c. Li (MODEL.md §2.2).
 *
 * Li–Li bonds ε1 (first neighbours, √3a/2) and ε2 (second, a). Cutting the crystal along a plane
 * breaks, per unit area, Σ_{v·n>0} ε_v·ρ·(v·n̂) bonds (ρ = 2/a³ sites per volume), half of which
 * is charged to each new surface:
 *   γ{100} = (2ε1 + ε2)/a²,   γ{110} = √2(ε1 + ε2)/a²,   γ{112} = (4/√6)(ε1 + ε2)/a².
 * {110} is lowest iff ε2 < √2·ε1; γ{112}/γ{110} = 2/√3 whatever the bonds. Two target values
 * (γ{110}, γ{100}) fix ε1 and ε2.
 *
 * Adhesion to LLZO and to the collector uses the same first/second-neighbour shape, scaled so that
 * the work of adhesion of a (001) Li face is the target W: a (001) Li face on a flat (001)
 * substrate has 4 first and 2 second neighbour contacts per a², so W = (4εa1 + 2εa2)/a² and
 * εa_k = ε_k · W / (2γ{100}). Young–Dupré: cos θ = W/γ − 1.
 *
 * Coarse graining by n (MODEL.md §1): bond energies scale as n² (a coarse face holds n² atomic
 * bonds), so γ is unchanged, and kT_n = n³·kT.
 */
import { LI_LATTICE_CONSTANT_M } from "../constants/physical.ts";
import type { BccLattice } from "../lattice/bcc.ts";
import { EMPTY, LI, WALL } from "./species.ts";

export interface BondEnergies {
  /** Li–Li first-neighbour bond (J), atomistic. */
  liLi1: number;
  /** Li–Li second-neighbour bond (J). */
  liLi2: number;
  /** Li–LLZO first / second neighbour bonds (J). */
  llzo1: number;
  llzo2: number;
  /** Li–CC first / second neighbour bonds (J). */
  cc1: number;
  cc2: number;
}

export interface FacetEnergies {
  gamma100: number;
  gamma110: number;
  gamma112: number;
}

const SQRT2 = Math.SQRT2;
const F112 = 4 / Math.sqrt(6);

/** Facet surface energies (J/m²) implied by Li–Li bond energies (J) on a lattice of constant a. */
export function facetEnergies(liLi1: number, liLi2: number, a = LI_LATTICE_CONSTANT_M): FacetEnergies {
  const a2 = a * a;
  return {
    gamma100: (2 * liLi1 + liLi2) / a2,
    gamma110: (SQRT2 * (liLi1 + liLi2)) / a2,
    gamma112: (F112 * (liLi1 + liLi2)) / a2,
  };
}

/**
 * Bond energies (J) that reproduce γ{110} and γ{100} (J/m²). Throws if the targets cannot be met
 * with positive bonds and {110} lowest.
 */
export function calibrateLiBonds(gamma110: number, gamma100: number, a = LI_LATTICE_CONSTANT_M): { liLi1: number; liLi2: number } {
  const a2 = a * a;
  const sum = (gamma110 * a2) / SQRT2; // ε1 + ε2
  const twoPlus = gamma100 * a2; // 2ε1 + ε2
  const liLi1 = twoPlus - sum;
  const liLi2 = sum - liLi1;
  if (!(liLi1 > 0) || !(liLi2 >= 0)) {
    throw new RangeError(
      `facet energies γ110=${gamma110} J/m², γ100=${gamma100} J/m² need γ100 between γ110/√2 and √2·γ110 ` +
        `for positive bonds (got ε1=${liLi1}, ε2=${liLi2})`,
    );
  }
  if (!(liLi2 < SQRT2 * liLi1)) {
    throw new RangeError(`γ100=${gamma100} J/m² must exceed γ110=${gamma110} J/m² for {110} to be the lowest facet`);
  }
  return { liLi1, liLi2 };
}

/** Adhesion bonds (J) for a work of adhesion W (J/m²), with the Li–Li first/second shape. */
export function adhesionBonds(work: number, liLi1: number, liLi2: number, a = LI_LATTICE_CONSTANT_M): [number, number] {
  const g100 = facetEnergies(liLi1, liLi2, a).gamma100;
  const f = work / (2 * g100);
  return [liLi1 * f, liLi2 * f];
}

/** Young–Dupré contact angle (degrees) for work of adhesion W on a surface of energy γ. */
export function contactAngleDeg(work: number, gamma: number): number {
  const c = Math.max(-1, Math.min(1, work / gamma - 1));
  return (Math.acos(c) * 180) / Math.PI;
}

/**
 * Quantised energies for the hot loop. Every bond is rounded to an integer number of quanta
 * δ = kT_n / QUANTA_PER_KT, so the lattice energy is an exact integer and detailed balance holds
 * exactly for the quantised bonds (the rounding shifts each bond by at most δ/2 = kT/128).
 */
export const QUANTA_PER_KT = 64;

export interface QuantisedBonds {
  /** Energy quantum (J), δ = kT_n / QUANTA_PER_KT. */
  quantum: number;
  /** q[species * 2 + second]: bond of a Li atom to a neighbour of that species, in quanta. */
  q: Int32Array;
  /** The coarse bonds (J) after rounding: what the model really uses. */
  effective: BondEnergies;
}

export function quantiseBonds(bonds: BondEnergies, n: number, kTn: number, species: { LI: number; LLZO: number; CC: number }): QuantisedBonds {
  const quantum = kTn / QUANTA_PER_KT;
  const scale = n * n;
  const q = new Int32Array(10);
  const round = (e: number) => Math.round((e * scale) / quantum);
  q[species.LI * 2] = round(bonds.liLi1);
  q[species.LI * 2 + 1] = round(bonds.liLi2);
  q[species.LLZO * 2] = round(bonds.llzo1);
  q[species.LLZO * 2 + 1] = round(bonds.llzo2);
  q[species.CC * 2] = round(bonds.cc1);
  q[species.CC * 2 + 1] = round(bonds.cc2);
  const back = (v: number) => (v * quantum) / scale;
  return {
    quantum,
    q,
    effective: {
      liLi1: back(q[species.LI * 2]),
      liLi2: back(q[species.LI * 2 + 1]),
      llzo1: back(q[species.LLZO * 2]),
      llzo2: back(q[species.LLZO * 2 + 1]),
      cc1: back(q[species.CC * 2]),
      cc2: back(q[species.CC * 2 + 1]),
    },
  };
}

/**
 * Configurational energy of the Li atom at s (J, coarse site): minus its bonds, with each Li–Li
 * bond shared by the two atoms; and of an empty site, 0. Σ over sites = total bond energy.
 */
export function siteEnergy(lat: BccLattice, spec: ArrayLike<number>, bonds: QuantisedBonds, s: number): number {
  if (spec[s] !== LI) return 0;
  const q = bonds.q;
  const nb = new Int32Array(14);
  lat.neighbours(s, nb);
  let e = 0;
  for (let k = 0; k < 14; k++) {
    const sp = spec[nb[k]];
    if (sp === EMPTY || sp === WALL) continue;
    const w = q[sp * 2 + (k >= 8 ? 1 : 0)];
    e -= sp === LI ? w / 2 : w;
  }
  return e * bonds.quantum;
}
