/**
 * Equation of state of Li under the compression of stored interfacial excess (MODEL.md §3):
 * a body holding N_ex excess atoms over N lattice atoms is compressed by V0/V = 1 + x with
 * x = N_ex/N, and its pressure is Murnaghan's p = (K0/K0′)·[(1 + x)^K0′ − 1]
 * (K0 = 11.6 GPa handbook; K0′ ≈ 3.5 an estimate, PARAMETERS.md). b.c.c. Li turns f.c.c. near
 * 7 GPa at room temperature: beyond that the model is outside its validity (flagged, not stopped).
 */
import { LI_BCC_FCC_TRANSITION_GPA, LI_BULK_MODULUS_DERIVATIVE, LI_BULK_MODULUS_GPA } from "../constants/materials.ts";

const LI_BULK_MODULUS = LI_BULK_MODULUS_GPA * 1e9;
export const BCC_FCC_TRANSITION_PA = LI_BCC_FCC_TRANSITION_GPA * 1e9;

export function murnaghanPressure(x: number, K0 = LI_BULK_MODULUS, K0p = LI_BULK_MODULUS_DERIVATIVE): number {
  if (x <= 0) return 0;
  return (K0 / K0p) * (Math.pow(1 + x, K0p) - 1);
}

/** Inverse: the excess fraction that builds pressure p. */
export function murnaghanExcess(p: number, K0 = LI_BULK_MODULUS, K0p = LI_BULK_MODULUS_DERIVATIVE): number {
  if (p <= 0) return 0;
  return Math.pow(1 + (p * K0p) / K0, 1 / K0p) - 1;
}
