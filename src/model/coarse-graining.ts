/**
 * The calibrated coarse-graining factors (MODEL.md §1, issue 14), a pure function of n.
 *
 * MODEL.md §1's rule (T_n = n³T, bonds × n², hop prefactors by path) keeps the hop rates' scaling
 * but not the mass transport: the mobile population goes as exp(−E_f/kT_n) with ε_n/kT_n =
 * ε/(n·kT). So each n carries, per hop path, a factor on the path's prefactor, measured from the
 * simulation so that the surface's Mullins constant B and the buried interfaces' D·δ equal their
 * physical values (scripts/calibrate-coarse-graining.ts → data/coarse-graining.json, labelled
 * calibrated: method, fits, uncertainties, date, version). The factor is separate from a scenario's
 * `rateFactor` and is recorded in every run's summary. The bulk path is not calibrated (factor 1).
 *
 * Temperature: measured at 298.15 K; at other temperatures the 298.15 K factor is kept and the
 * paths' activation energies carry T. An n outside the calibrated set runs with factors 1 (the
 * rule alone) and `coarseGrainingWarning` says so; a scenario can switch the factors off
 * (`lattice.calibratedTransport: false`, e.g. a test of bookkeeping that needs deposition within a
 * small event budget), and is warned about too (`lidep validate` and `lidep run` print it); it
 * also says when a calibrated n runs at another temperature.
 * n = 1 is not coarse-grained: its hops are the paths' own atomistic rates (below the roughening
 * transition its surfaces are faceted and B is not defined — data/coarse-graining.json says so),
 * so it takes no factor and no warning.
 *
 * The plug-in point for the rest of the model: `ModelParams.coarseGraining` (this object, set by
 * paramsFromInputs from the scenario's n) and, in the Li catalogue, `HopRates.k[path]` (the lattice
 * hop rate with the factor) beside `HopRates.kRule[path]` (MODEL.md §1's rule without it). A rate
 * law that already uses a path's physical D over a distance (the relief's diffusional creep,
 * relief.ts) takes `kRule`: the factor corrects the lattice's mobile population, which such a law
 * does not have. A hop rate on the lattice takes `k`.
 */
import { readFileSync } from "node:fs";

export type CalibratedPath = "bulk" | "surface" | "interface" | "collector";

export interface CoarseGraining {
  n: number;
  /** n is in the calibrated set: the factors below come from data/coarse-graining.json. */
  calibrated: boolean;
  /** Factor on each path's prefactor (1 where not calibrated). */
  factors: Record<CalibratedPath, number>;
  /** Where the factors come from, for the summary. */
  source: string;
}

interface FactorEntry {
  factor: number;
  relSe: number;
  /** The factor stands in for an unmeasurable path (say why). */
  note?: string;
}

interface CalibrationData {
  calibratedN: number[];
  factors: Record<string, Record<"surface" | "interface" | "collector", FactorEntry>>;
  date: string;
  lidepVersion: string;
  temperature_K: number;
}

export const CALIBRATION_FILE = new URL("../../data/coarse-graining.json", import.meta.url);

let cache: CalibrationData | null | undefined;
/** Why the calibration data is null: the file is missing, unreadable or holds no factors. */
let cacheProblem = "";

/** Read a calibration file: its data, or null and why (missing, unreadable, no factors). */
export function readCalibration(file: URL | string): { data: CalibrationData | null; problem: string } {
  try {
    const d = JSON.parse(readFileSync(file, "utf8")) as Partial<CalibrationData>;
    return Array.isArray(d.calibratedN) && d.factors ? { data: d as CalibrationData, problem: "" } : { data: null, problem: "holds no calibratedN and factors" };
  } catch (e) {
    return { data: null, problem: (e as NodeJS.ErrnoException).code === "ENOENT" ? "is missing" : `is unreadable (${(e as Error).message.split("\n")[0]})` };
  }
}

/** The calibration data, or null when the file is missing or holds no factors. */
export function calibrationData(): CalibrationData | null {
  if (cache !== undefined) return cache;
  const r = readCalibration(CALIBRATION_FILE);
  cache = r.data;
  cacheProblem = r.problem;
  return cache;
}

/** The coarse-graining factors for n; `apply` false (the scenario's lattice.calibratedTransport) gives the rule alone. */
export function coarseGraining(n: number, apply = true): CoarseGraining {
  if (!apply && n !== 1) return { n, calibrated: false, factors: { bulk: 1, surface: 1, interface: 1, collector: 1 }, source: "switched off (lattice.calibratedTransport = false): MODEL.md §1's rule alone" };
  const d = calibrationData();
  const f = d && d.calibratedN.includes(n) ? d.factors[String(n)] : undefined;
  if (!d || !f) return { n, calibrated: false, factors: { bulk: 1, surface: 1, interface: 1, collector: 1 }, source: n === 1 ? "atomistic (n = 1): the paths' own rates" : "uncalibrated: MODEL.md §1's rule alone" };
  return {
    n,
    calibrated: true,
    factors: { bulk: 1, surface: f.surface.factor, interface: f.interface.factor, collector: f.collector.factor },
    source: `calibrated: data/coarse-graining.json (${d.date}, lidep ${d.lidepVersion}, ${d.temperature_K} K)`,
  };
}

/** The calibrated n, ascending. */
export function calibratedSet(): number[] {
  return [...(calibrationData()?.calibratedN ?? [])].sort((a, b) => a - b);
}

/** Temperatures this far from the calibration's count as the calibration's own (K). */
const SAME_TEMPERATURE_K = 0.5;

/**
 * One line for stderr when a scenario's n is outside the calibrated set, or inside it at a
 * temperature T (K) other than the calibration's (the factor is carried over, not re-measured:
 * the mobile population's exp(−E_f/(n·kT)) has its own T dependence); null otherwise.
 */
export function coarseGrainingWarning(n: number, T?: number, apply = true): string | null {
  if (n === 1) return null;
  if (!apply) return `warning: lattice.calibratedTransport = false: lattice.coarseGrain = ${n} runs by MODEL.md §1's rule alone, without its calibrated factors (data/coarse-graining.json), so its surface and interface transport is not the physical B and D·δ`;
  const cg = coarseGraining(n);
  if (cg.calibrated) {
    const Tc = calibrationData()!.temperature_K;
    if (T === undefined || Math.abs(T - Tc) <= SAME_TEMPERATURE_K) return null;
    return `warning: lattice.coarseGrain = ${n} was calibrated at ${Tc} K (data/coarse-graining.json); at temperature_K = ${T} its factors are carried over, not re-measured, so surface and interface transport are the physical B and D·δ only approximately`;
  }
  if (!calibrationData()) return `warning: data/coarse-graining.json ${cacheProblem}: lattice.coarseGrain = ${n} runs by MODEL.md §1's rule alone, so its surface and interface transport is not the physical B and D·δ (restore the file from the repository, or run scripts/calibrate-coarse-graining.ts)`;
  const set = calibratedSet();
  return `warning: lattice.coarseGrain = ${n} is outside the calibrated set (${set.length ? set.join(", ") : "none"}; data/coarse-graining.json): its surface and interface transport is MODEL.md §1's rule alone, not the physical B and D·δ`;
}
