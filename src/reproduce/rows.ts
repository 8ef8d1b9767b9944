/**
 * The rows of the scoreboard: one per reference entry, with the paper's value and source, lidep's
 * values over seeds, and the verdict decided by `verdict.ts` from the entry's band. Kinds that are
 * never scored (calibrated, not-modelled, reported) are shown with their values and reasons.
 */
import type { Entry, Kind, Reference } from "./reference.ts";
import { describeBand, runSpec } from "./reference.ts";
import { judge, type Judgement, type Value, type Verdict } from "./verdict.ts";
import { OBSERVABLES, type ObservableInput, type RunData } from "./observables.ts";
import { lawRunName, PATH_HYPOTHESES, slowedName } from "./experiments.ts";
import { crossoverByRadius, extrapolateLaw, judgeBracket, judgeExponent, measureLaw, surfaceExponent, type Estimate, type MeasuredLaw, type RadiusCrossover } from "./crossover.ts";
import { crossoverRunOf } from "./crossover-runs.ts";

/** What a row says in the end: a simulated verdict, or the kind that keeps it out of the count. */
export type RowStatus = Verdict | "short" | "not-run" | "calibrated" | "not-modelled" | "reported" | "formula-agrees" | "formula-disagrees";

export interface Row {
  entry: Entry;
  /** The kind in force for this run (an entry may become not-modelled at a coarse n). */
  kind: Kind;
  status: RowStatus;
  seeds: number[];
  values: Value[];
  judgement: Judgement | null;
  /** Why the row is what it is: the kind's reason, disagreement between seeds, missing values. */
  note: string;
  /** A law entry's measurement (the crossovers, the law, j* at the paper's size), for the figure. */
  law?: LawResult;
}

export interface LawResult {
  crossovers: RadiusCrossover[];
  law: MeasuredLaw | null;
  /** j* carried to the paper's radius and physical B (paperBracket entries). */
  atPaper: Estimate | null;
  paperRadius_nm: number | null;
  bracket: [number, number] | null;
}

/** Runs by scenario name, then by seed. */
export type Runs = Map<string, Map<number, RunData>>;

function runOf(runs: Runs, name: string | null | undefined, seed: number): RunData | null {
  return name ? runs.get(name)?.get(seed) ?? null : null;
}

export function observe(e: Entry, runs: Runs, seed: number): Value {
  const f = e.observable ? OBSERVABLES[e.observable] : undefined;
  if (!f) throw new Error(`reference entry ${e.id}: unknown observable ${e.observable}`);
  const slowed: Record<string, RunData | null> = {};
  if (e.observable === "mostLimitingPath") for (const p of PATH_HYPOTHESES) slowed[p] = runOf(runs, slowedName(p), seed);
  const input: ObservableInput = { run: runOf(runs, runSpec(e, "run")?.name, seed), reference: runOf(runs, runSpec(e, "reference")?.name, seed), slowed };
  const v = f(input);
  return typeof v === "number" && !Number.isFinite(v) ? null : v;
}

/** The coarse-graining of the entry's scenario in these runs (the largest over seeds). */
function coarseGrainOf(e: Entry, runs: Runs): number | null {
  const spec = runSpec(e, "run");
  const m = spec ? runs.get(spec.name) : undefined;
  if (!m || m.size === 0) return null;
  return Math.max(...[...m.values()].map((r) => r.summary.coarseGrain));
}

/** The runs an entry reads on one seed (its run, its reference, the Fig. 2d slowed runs). */
function runsRead(e: Entry, runs: Runs, seed: number): (RunData | null)[] {
  const out = [runOf(runs, runSpec(e, "run")?.name, seed), runOf(runs, runSpec(e, "reference")?.name, seed)];
  if (e.observable === "mostLimitingPath") for (const p of PATH_HYPOTHESES) out.push(runOf(runs, slowedName(p), seed));
  return out;
}

/**
 * Seeds on which `--quick`'s event cap ended a run the entry reads before the scenario's own end
 * (RunData.cutByQuickCap), with the simulated time each such run reached and the scenario's own
 * time limit.
 */
function cutSeeds(e: Entry, runs: Runs, seeds: number[]): { seeds: number[]; reached_s: number[]; maxTime_s: number } {
  const out = { seeds: [] as number[], reached_s: [] as number[], maxTime_s: 0 };
  for (const s of seeds) {
    const cut = runsRead(e, runs, s).filter((r): r is RunData => !!r?.cutByQuickCap);
    if (cut.length === 0) continue;
    out.seeds.push(s);
    out.reached_s.push(Math.min(...cut.map((r) => r.summary.simulatedTime_s)));
    out.maxTime_s = Math.max(out.maxTime_s, ...cut.map((r) => r.summary.scenario.run.maxTime_s));
  }
  return out;
}

/**
 * What a row's scenario slows by hand: a hop path's `rateFactor` ≠ 1 is a stand-in for speed
 * (test/scenario-factors.test.ts makes every scenario say so), which scales that path's transport
 * constant (the surface's Mullins B) by the same factor; a verdict read from such a run says it.
 */
export function standInFactors(summary: { scenario?: { hops?: Record<string, unknown> } } | undefined): string | null {
  const hops = summary?.scenario?.hops;
  if (!hops) return null;
  const slowed: string[] = [];
  for (const [path, v] of Object.entries(hops)) {
    const f = (v as { rateFactor?: unknown } | null)?.rateFactor;
    if (typeof f === "number" && f !== 1) slowed.push(f < 1 ? `${path} hops slowed ${fmt(1 / f)}×` : `${path} hops sped up ${fmt(f)}×`);
  }
  return slowed.length ? `its scenario sets ${slowed.join(", ")} by hand (a stand-in for speed, not physics: that path's transport constant scales with it)` : null;
}

export function buildRows(ref: Reference, runs: Runs, seeds: number[]): Row[] {
  const rows: Row[] = [];
  for (const e of ref.entries) {
    let kind: Kind = e.kind;
    let note = "";
    const n = coarseGrainOf(e, runs);
    if (kind === "simulated" && e.notModelledAboveCoarseGrain !== undefined && n !== null && n > e.notModelledAboveCoarseGrain) {
      kind = "not-modelled";
      note = `at n = ${n}: ${e.notModelledReason}`;
    }
    if (e.kind === "formula") {
      const v = observe(e, runs, 0);
      const j = judge(e, [v]);
      rows.push({ entry: e, kind, status: j.verdict === "match" ? "formula-agrees" : "formula-disagrees", seeds: [], values: [v], judgement: j, note: "" });
      continue;
    }
    if (e.law) {
      rows.push(lawRow(e, runs));
      continue;
    }
    const usesRuns = !!e.scenario && !!e.observable;
    // a paper-size scenario that this mode did not run (experiments.ts: full mode without --long)
    if (e.long && usesRuns && !runs.has(runSpec(e, "run")!.name)) {
      rows.push({ entry: e, kind, status: "not-run", seeds: [], values: [], judgement: null, note: `not run: ${e.long}; \`lidep reproduce --long\` runs it` });
      continue;
    }
    const rowSeeds = usesRuns ? seeds : [];
    const values = rowSeeds.map((s) => observe(e, runs, s));
    if (e.kind === "reported" && !usesRuns && e.observable) values.push(observe(e, runs, 0));
    if (kind === "simulated") {
      const j = judge(e, values);
      const parts: string[] = [];
      if (j.reason) parts.push(j.reason);
      if (j.disagree > 0) parts.push(`seeds disagree: ${j.perSeed.filter((v) => v === j.verdict).length} of ${rowSeeds.length} ${j.verdict}`);
      const outside = rowSeeds.filter((s) => runOf(runs, runSpec(e, "run")?.name, s)?.summary.outsideModel).length;
      if (outside > 0) parts.push(`${outside} seed(s) left the model's range (> 7 GPa)`);
      // a run that Li's contact with a wall of the box ended (walls.ts): the box, not the physics, set its end
      const walled = rowSeeds.map((s) => runOf(runs, runSpec(e, "run")?.name, s)?.summary).filter((u) => u && (u.stopReason === "sideWall" || u.stopReason === "topOfBox"));
      if (walled.length > 0) parts.push(`${walled.length} seed(s) stopped when Li reached a wall of the box (${[...new Set(walled.map((u) => `${u!.stopReason} at ${u!.wall?.boundary ?? "?"}`))].join(", ")}): a larger box goes further`);
      const slowed = standInFactors(rowSeeds.map((s) => runOf(runs, runSpec(e, "run")?.name, s)?.summary).find((u) => u));
      if (slowed) parts.push(slowed);
      if (j.verdict !== "match" && e.needs) parts.push(`needs: ${e.needs}`);
      // a window the scenario did not choose judges nothing, whichever way it points: a row whose
      // runs the quick cap ended on more than half its seeds is not scored, its verdict shown as
      // provisional
      const cut = cutSeeds(e, runs, rowSeeds);
      if (cut.seeds.length > rowSeeds.length / 2) {
        const reached = [...cut.reached_s].sort((a, b) => a - b)[Math.floor((cut.reached_s.length - 1) / 2)];
        parts.unshift(`window too short: --quick's event cap ended ${cut.seeds.length} of ${rowSeeds.length} seeds' runs at ${fmt(reached)} s (median) of the scenario's ${fmt(cut.maxTime_s)} s; provisional verdict ${j.verdict}`);
        rows.push({ entry: e, kind, status: "short", seeds: rowSeeds, values, judgement: j, note: parts.join("; ") });
        continue;
      }
      rows.push({ entry: e, kind, status: j.verdict, seeds: rowSeeds, values, judgement: j, note: parts.join("; ") });
      continue;
    }
    const reason = kind === "calibrated" ? `set by ${(e.calibratedBy ?? []).join(", ")}: ${e.bandReason}` : kind === "not-modelled" ? note || e.bandReason : e.bandReason;
    rows.push({ entry: e, kind, status: kind as RowStatus, seeds: rowSeeds, values, judgement: null, note: reason });
  }
  return rows;
}

export interface Counts {
  simulated: Record<Verdict, number>;
  /** Simulated rows whose window the quick cap cut: not scored. */
  short: number;
  /** Rows of a paper-size scenario that this mode did not run (`--long` runs them). */
  notRun: number;
  calibrated: number;
  notModelled: number;
  reported: number;
  formula: { agrees: number; disagrees: number };
}

/** The first line of the report. Only simulated rows are ever counted as match / trend / miss. */
export function countRows(rows: Row[]): Counts {
  const c: Counts = { simulated: { match: 0, trend: 0, miss: 0 }, short: 0, notRun: 0, calibrated: 0, notModelled: 0, reported: 0, formula: { agrees: 0, disagrees: 0 } };
  for (const r of rows) {
    if (r.status === "not-run") c.notRun++;
    else if (r.kind === "simulated" && r.status === "short") c.short++;
    else if (r.kind === "simulated") c.simulated[r.status as Verdict]++;
    else if (r.kind === "calibrated") c.calibrated++;
    else if (r.kind === "not-modelled") c.notModelled++;
    else if (r.kind === "reported") c.reported++;
    else if (r.status === "formula-agrees") c.formula.agrees++;
    else c.formula.disagrees++;
  }
  return c;
}

export function countsLine(c: Counts): string {
  return (
    `simulated: ${c.simulated.match} match / ${c.simulated.trend} trend / ${c.simulated.miss} miss${c.short ? ` (${c.short} more too short to judge: not scored)` : ""}; ` +
    `calibrated: ${c.calibrated} (not scored); formula: ${c.formula.agrees} of ${c.formula.agrees + c.formula.disagrees} agree (checked, not counted); ` +
    `not modelled: ${c.notModelled}; reported: ${c.reported}${c.notRun ? `; not run: ${c.notRun} (paper-size: --long)` : ""}`
  );
}

/** A value for the report. */
export function fmt(v: Value, digits = 3): string {
  if (v === null) return "—";
  if (typeof v === "boolean") return v ? "yes" : "no";
  if (typeof v === "string") return v;
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e5 || a < 1e-3)) return v.toExponential(digits - 1);
  return Number(v.toPrecision(digits)).toString();
}

/** "median [min–max]" over seeds, or the categorical median and the per-seed values. */
export function lidepText(r: Row): string {
  const j = r.judgement;
  if (j?.interval && r.values.length > 1) return `${fmt(j.interval.median)} [${fmt(Math.min(...(r.values.filter((v) => typeof v === "number") as number[])))}–${fmt(Math.max(...(r.values.filter((v) => typeof v === "number") as number[])))}]`;
  if (r.values.length === 0) return "—";
  if (r.values.length === 1) return fmt(r.values[0]);
  const nums = r.values.filter((v): v is number => typeof v === "number");
  if (nums.length === r.values.length) {
    const s = [...nums].sort((a, b) => a - b);
    const med = s.length % 2 ? s[(s.length - 1) / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    return `${fmt(med)} [${fmt(s[0])}–${fmt(s[s.length - 1])}]`;
  }
  return j ? `${fmt(j.medianValue)} (${r.values.map((v) => fmt(v)).join(", ")})` : r.values.map((v) => fmt(v)).join(", ");
}

export function paperText(e: Entry): string {
  const v = e.paper ?? (e.value === null ? "—" : `${fmt(e.value)}`);
  return `${v}${e.unit && e.value !== null && e.paper === undefined ? ` ${e.unit}` : ""}`;
}

export function criterionText(e: Entry, kind: Kind): string {
  if (kind !== "simulated" && kind !== "formula") return "—";
  if (e.law?.check === "exponent") return `${e.law.expected} inside the measured k's interval, lying below 0 (the fit's 95 %, or the brackets' bounds with 2 radii)`;
  if (e.law) return `estimate in (${e.law.particleAt}, ${e.law.whiskerAt}] ${e.unit}; trend: only its interval reaches it`;
  const band = describeBand(e.band);
  const dir = e.direction && e.directionThreshold !== undefined ? `; direction ${e.direction === "greater" ? ">" : "<"} ${e.directionThreshold} required` : "";
  const numeric = e.band && !("equals" in e.band);
  return `band ${band}${e.unit && numeric ? ` ${e.unit}` : ""}${dir}${numeric && kind === "simulated" ? "; trend: right direction, within 10×" : ""}`;
}

/**
 * A law entry's row (issue 19, item 4): the crossovers of every run of its sweeps (`not-run` when
 * none ran: `--long` runs them), the law measured over them, and the verdict on the exponent or on
 * the paper's bracket; the interval, not the value, is the tolerance (crossover.ts).
 */
export function lawRow(e: Entry, runs: Runs): Row {
  const L = e.law!;
  const found = [...runs].filter(([name]) => L.sweeps.some((s) => name.startsWith(lawRunName(s, ""))));
  if (found.length === 0) return { entry: e, kind: e.kind, status: "not-run", seeds: [], values: [], judgement: null, note: `not run: ${e.long}; \`lidep reproduce --long\` runs it` };
  const cruns = found.flatMap(([, m]) => [...m.values()].map((r) => crossoverRunOf(r)));
  const seeds = [...new Set(cruns.map((r) => r.seed))].sort((a, b) => a - b);
  const crossovers = crossoverByRadius(cruns, L.volumeFactor, L.threshold);
  const { law, reason } = measureLaw(crossovers, L.refFactor);
  const table = crossovers.map((c) => `R ${c.R} nm, s ${c.surfaceFactor}: ${c.crossover.jStar !== null ? `j* ${fmt(c.crossover.jStar)} (${c.crossover.below}–${c.crossover.above})` : c.crossover.reason}`).join("; ");
  const walled = cruns.filter((r) => r.stopReason === "sideWall" || r.stopReason === "topOfBox").length;
  const nRuns = crossovers.reduce((n, c) => n + c.points.reduce((k, p) => k + p.seeds.length, 0), 0); // a run two sweeps share, once
  const parts = [`${nRuns} runs over seeds ${seeds.join(", ")}, shape read at ${L.volumeFactor}× the nucleus's volume, threshold aspect ${L.threshold}: ${table}`];
  if (walled) parts.push(`${walled} run(s) ended when Li reached a wall of the box (a shape reached before the wall counts; a run the wall stopped first is short)`);
  parts.push(`surface hops slowed: the radius series at surface factor ${L.refFactor} (a stand-in for speed; B ∝ the factor), carried to another factor only by the measured m`);
  const base: LawResult = { crossovers, law, atPaper: null, paperRadius_nm: L.paperRadius_nm ?? null, bracket: L.particleAt !== undefined && L.whiskerAt !== undefined ? [L.particleAt, L.whiskerAt] : null };
  const sm = surfaceExponent(crossovers, L.refFactor);
  const mText = sm ? `m of j* ∝ B^m at R = ${sm.R} nm: ${sm.m.estimate.toFixed(2)} (${sm.m.lo.toFixed(2)} to ${sm.m.hi.toFixed(2)}, ${sm.m.method})` : "m not measured";
  if (!law) return { entry: e, kind: e.kind, status: "short", seeds, values: [null], judgement: null, note: [`no law: ${reason}`, mText, ...parts].join("; "), law: base };
  if (L.check === "exponent") {
    const j = judgeExponent(law.k, L.expected!);
    return { entry: e, kind: e.kind, status: j.verdict, seeds, values: [law.k.estimate], judgement: null, note: [`${j.reason}; ${law.decades.toFixed(2)} decades of R (${law.radii.join(", ")} nm)`, ...parts].join("; "), law: base };
  }
  const at = extrapolateLaw(law, L.paperRadius_nm!, L.physicalFactor!);
  if (!at) return { entry: e, kind: e.kind, status: "short", seeds, values: [null], judgement: null, note: [`m not measured (one surface factor): no extrapolation to the physical B`, ...parts].join("; "), law: base };
  const j = judgeBracket(at, L.particleAt!, L.whiskerAt!);
  const m = law.m!;
  const extra = `an extrapolation over ${Math.log10(L.paperRadius_nm! / law.anchor.R).toFixed(1)} decades of R and ${Math.abs(Math.log10(L.physicalFactor! / law.anchor.surfaceFactor)).toFixed(1)} of B, with k = ${law.k.estimate.toFixed(2)} (${law.k.lo.toFixed(2)} to ${law.k.hi.toFixed(2)}) and m = ${m.estimate.toFixed(2)} (${m.lo.toFixed(2)} to ${m.hi.toFixed(2)}) both fitted here; ${at.method}`;
  return { entry: e, kind: e.kind, status: j.verdict, seeds, values: [at.estimate], judgement: null, note: [j.reason, extra, ...parts].join("; "), law: { ...base, atPaper: at } };
}
