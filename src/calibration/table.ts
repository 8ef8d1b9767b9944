/**
 * The coarse-graining table of issue 14 as markdown, from the stored data
 * (data/coarse-graining.json and data/coarse-graining-equivalence.json): per n the measured
 * surface B and interface/collector D·δ with their uncertainties and the calibrated factors, then
 * per observable and n the equivalence with the finest n that runs (value, ratio and its 90 % CI,
 * pass). For `lidep reproduce`'s report; a scenario's n is chosen from it.
 */
import { existsSync, readFileSync } from "node:fs";
import type { EquivalenceRow } from "./equivalence-stage.ts";

const DATA = new URL("../../data/coarse-graining.json", import.meta.url);
const EQUIVALENCE = new URL("../../data/coarse-graining-equivalence.json", import.meta.url);

interface SurfaceEntry { defined: boolean; reason: string; B_m4_per_s?: number; relSeB?: number; exponent?: number; seExponent?: number }
interface InterfaceEntry { defined: boolean; Ddelta_m3_per_s: number; relSe: number; meanVacancies: number }
interface Factor { factor: number; relSe: number }

const sci = (v: number | null | undefined, d = 2) => (v === null || v === undefined || !Number.isFinite(v) ? "—" : v.toExponential(d));
const pct = (r: number | null | undefined) => (r === null || r === undefined || !Number.isFinite(r) ? "" : ` ± ${(r * 100).toFixed(0)} %`);

export function coarseGrainingTable(): string {
  if (!existsSync(DATA)) return "_No coarse-graining calibration (data/coarse-graining.json is missing): every n runs by MODEL.md §1's rule alone._\n";
  const d = JSON.parse(readFileSync(DATA, "utf8"));
  const lines: string[] = [];
  lines.push(`**Coarse-graining calibration** (calibrated, ${d.date}, lidep ${d.lidepVersion}, ${d.temperature_K} K; targets: B = ${sci(d.targets?.surface?.value)} m⁴/s, interface and collector D·δ = ${sci(d.targets?.interface?.value)} m³/s). Calibrated n: ${(d.calibratedN ?? []).join(", ") || "none"}.`);
  lines.push("");
  lines.push("| n | surface B (m⁴/s) | Γ ∝ q^α | surface factor | interface D·δ (m³/s) | interface factor | collector D·δ (m³/s) | collector factor |");
  lines.push("|---|---|---|---|---|---|---|---|");
  const ns = new Set<string>([...Object.keys(d.surface ?? {}), ...Object.keys(d.interface ?? {})]);
  for (const n of [...ns].sort((a, b) => Number(a) - Number(b))) {
    const s: SurfaceEntry | undefined = d.surface?.[n];
    const i: InterfaceEntry | undefined = d.interface?.[n];
    const c: InterfaceEntry | undefined = d.collector?.[n];
    const f: Record<string, Factor | null> | undefined = d.factors?.[n];
    const b = !s ? "—" : s.defined ? `${sci(s.B_m4_per_s)}${pct(s.relSeB)}` : `not defined (${s.reason})`;
    const alpha = s && s.exponent !== undefined ? `${s.exponent.toFixed(2)} ± ${s.seExponent!.toFixed(2)}` : "—";
    const tr = (e: InterfaceEntry | undefined) => (!e ? "—" : e.defined ? `${sci(e.Ddelta_m3_per_s)}${pct(e.relSe)}` : "not measurable");
    const fac = (x: Factor | null | undefined) => (x ? `${x.factor.toPrecision(3)}${pct(x.relSe)}` : n === "1" ? "1 (atomistic)" : "1 (uncalibrated)");
    lines.push(`| ${n} | ${b} | ${alpha} | ${fac(f?.surface)} | ${tr(i)} | ${fac(f?.interface)} | ${tr(c)} | ${fac(f?.collector)} |`);
  }
  if (existsSync(EQUIVALENCE)) {
    const e = JSON.parse(readFileSync(EQUIVALENCE, "utf8")) as { rows: EquivalenceRow[]; margin: number; seeds: number; eventBudgetPerRun: number };
    lines.push("");
    lines.push(`**n-equivalence** (calibrated factors applied; TOST against the finest n that runs, ratio on the log scale, equivalent when its 90 % CI lies within ±${(e.margin * 100).toFixed(0)} %; ${e.seeds} seeds per n):`);
    lines.push("");
    lines.push("| observable | n | value (mean ± SE) | ratio to reference [90 % CI] | equivalent |");
    lines.push("|---|---|---|---|---|");
    for (const r of withSkipped(e.rows, e.eventBudgetPerRun)) {
      const spread = r.se === 0 ? " (every seed alike)" : ` ± ${sci(r.se, 1)}${r.unit ? ` ${r.unit}` : ""}`;
      const v = r.mean === null ? r.note : `${sci(r.mean)}${r.se === 0 && r.unit ? ` ${r.unit}` : ""}${spread}`;
      const ratio = r.n === r.reference ? "reference" : r.ratio === null ? "—" : `${r.ratio.toFixed(3)} [${r.ciLow!.toFixed(3)}, ${r.ciHigh!.toFixed(3)}]`;
      // a failed TOST either excludes 1 (the n differs) or is too wide to tell (not shown equivalent)
      const verdict = r.ciLow !== null && r.ciHigh !== null && (r.ciLow > 1 || r.ciHigh < 1) ? "differs" : "CI too wide";
      const pass = r.pass === null ? (r.n === r.reference ? "" : "not tested") : r.pass ? "yes" : `**no** (${verdict})`;
      lines.push(`| ${r.label} | ${r.n} | ${v} | ${ratio} | ${pass} |`);
    }
  }
  return lines.join("\n") + "\n";
}

/** The n of issue 14's equivalence. */
const EQUIVALENCE_TARGET_N = [2, 4, 8];

/**
 * The rows with a row added for each n of 2, 4, 8 that an observable was not run at, saying why:
 * the events per run measured at the two coarser n, extrapolated by the same factor to the next
 * finer one (a run's cost grows by about that much per halving of n).
 */
export function withSkipped(rows: EquivalenceRow[], budget: number): EquivalenceRow[] {
  const out: EquivalenceRow[] = [];
  const observables = [...new Set(rows.map((r) => r.observable))];
  for (const o of observables) {
    const mine = rows.filter((r) => r.observable === o);
    for (const n of EQUIVALENCE_TARGET_N) {
      if (mine.some((r) => r.n === n)) continue;
      const coarse = mine.find((r) => r.n === 2 * n), coarser = mine.find((r) => r.n === 4 * n);
      const growth = coarse && coarser && coarser.meanEvents > 0 ? coarse.meanEvents / coarser.meanEvents : null;
      const why =
        coarse && growth !== null
          ? `not run: ${sci(coarser!.meanEvents, 1)} → ${sci(coarse.meanEvents, 1)} events a run from n = ${4 * n} to ${2 * n} (×${growth.toFixed(0)}), so ~${sci(coarse.meanEvents * growth, 0)} at n = ${n}, past the ${sci(budget, 0)}-event budget`
          : "not run";
      out.push({ ...mine[0], n, seeds: 0, values: [], mean: null, se: null, meanEvents: 0, ratio: null, ciLow: null, ciHigh: null, pass: null, note: why });
    }
    out.push(...mine);
  }
  return out.sort((a, b) => observables.indexOf(a.observable) - observables.indexOf(b.observable) || a.n - b.n);
}
