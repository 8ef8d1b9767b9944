/**
 * `lidep analytic`: the paper's analytic numbers (Gao et al., Nat. Commun. 13, 5050 (2022)) for a
 * given flaw size, whisker velocity and contact radius —
 *
 *   Eq. 1  σc = K_IC / (Y·√(π·a))        critical (Griffith) stress of a flaw of size a
 *   Eq. 2  Δφ = σ·Vm / F                 the overpotential that builds that stress
 *   v ↔ i  i = v·F / Vm                  current density of a front growing at v
 *   Eq. 3  σ = γ·4/d + ½·ρ·v²            stress (and Δφ) of a whisker on a round contact of diameter d
 *
 * Inputs are in nm and nm/s; the JSON output is SI except where a key names its unit.
 */
import { GRIFFITH_Y } from "../constants/materials.ts";
import {
  LLZO_KIC,
  LI_SURFACE_ENERGY,
  currentDensityForVelocity,
  griffithStress,
  overpotentialForStress,
  whiskerOverpotential,
  whiskerStress,
} from "../mechanics/analytic.ts";
import { UserError } from "../errors.ts";

export interface AnalyticOptions {
  defectNm?: number;
  velocityNmPerS?: number;
  contactRadiusNm?: number;
}

export const ANALYTIC_DEFAULTS = { defectNm: 10, velocityNmPerS: 1940, contactRadiusNm: 75 } as const;

function positive(value: number | undefined, flag: string, fallback: number, unit: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new UserError(`${flag}: expected a positive number (${unit}), found ${String(value)}`);
  }
  return value;
}

const NM = 1e-9;

export function analyticReport(opts: AnalyticOptions = {}): { text: string; json: Record<string, number> } {
  const a = positive(opts.defectNm, "--defect-nm", ANALYTIC_DEFAULTS.defectNm, "nm");
  const v = positive(opts.velocityNmPerS, "--velocity-nm-per-s", ANALYTIC_DEFAULTS.velocityNmPerS, "nm/s");
  const r = positive(opts.contactRadiusNm, "--contact-radius-nm", ANALYTIC_DEFAULTS.contactRadiusNm, "nm");
  const d = 2 * r;

  const sigmaC = griffithStress(a * NM);
  const dphiC = overpotentialForStress(sigmaC);
  const i = currentDensityForVelocity(v * NM); // A/m²
  const sigmaW = whiskerStress(d * NM, v * NM);
  const dphiW = whiskerOverpotential(d * NM, v * NM);

  const json: Record<string, number> = {
    defect_nm: a,
    griffithStress_Pa: sigmaC,
    griffithOverpotential_V: dphiC,
    velocity_nm_per_s: v,
    currentDensity_A_per_cm2: i / 1e4,
    contactRadius_nm: r,
    contactDiameter_nm: d,
    whiskerStress_Pa: sigmaW,
    whiskerOverpotential_V: dphiW,
    toughness_Pa_sqrt_m: LLZO_KIC,
    griffithY: GRIFFITH_Y,
    liSurfaceEnergy_J_per_m2: LI_SURFACE_ENERGY,
  };

  const g = (x: number) => x.toPrecision(3);
  const rows: [string, string][] = [
    [`Eq. 1  critical stress, flaw a = ${a} nm`, `σc = K_IC/(Y·√(π·a)) = ${g(sigmaC / 1e9)} GPa   (K_IC = ${LLZO_KIC / 1e6} MPa·m^½, Y = ${GRIFFITH_Y})`],
    [`Eq. 2  overpotential for σc`, `Δφ = σc·Vm/F = ${g(dphiC)} V`],
    [`v ↔ i  growth velocity v = ${v} nm/s`, `i = v·F/Vm = ${g(i / 1e4)} A/cm²`],
    [`Eq. 3  whisker on a contact R = ${r} nm (d = ${d} nm)`, `σ = 4γ/d + ½ρv² = ${g(sigmaW / 1e6)} MPa, Δφ = ${g(dphiW * 1e3)} mV   (γ = ${LI_SURFACE_ENERGY} J/m²)`],
  ];
  const w = Math.max(...rows.map((row) => row[0].length));
  return { text: rows.map(([k, val]) => `${k.padEnd(w)}  ${val}`).join("\n") + "\n", json };
}
