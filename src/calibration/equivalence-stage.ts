/**
 * The equivalence stage of scripts/calibrate-coarse-graining.ts: each observable of
 * equivalence.ts at each n over seeds, with the calibrated factors applied, and the TOST of each n
 * against the finest n that runs within the event budget → data/coarse-graining-equivalence.json.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { OBSERVABLES, OBSERVABLE_INFO, MAX_EVENTS, type EquivalenceResult, type Observable } from "./equivalence.ts";
import type { CalibrationTask } from "./task.ts";
import { mean, sd, tost } from "./stats.ts";
import { VERSION } from "../version.ts";
import { gitCommit } from "../run/provenance.ts";

/** Which n each observable is run at, finest first. The particles at n = 2 would take ~1e8 events a run (≈ (L/a)⁵ growth of the relaxation work). */
export const EQUIVALENCE_N: Record<Observable, number[]> = {
  growthVelocity: [4, 8],
  aspectLow: [4, 8],
  aspectHigh: [4, 8],
  confinedPressure: [2, 4, 8],
  creepRelief: [2, 4, 8],
};
export const EQUIVALENCE_SEEDS = 5;
export const MARGIN = 0.15;

type Run = <T>(task: CalibrationTask, label: string) => Promise<T>;
type Result = EquivalenceResult & { tooLong?: string };

export async function equivalenceStage(_data: Record<string, unknown>, run: Run, log: (m: string) => void, quick: boolean, root: string, which: readonly Observable[] = OBSERVABLES): Promise<void> {
  const seeds = quick ? 2 : EQUIVALENCE_SEEDS;
  const file = resolve(root, "data/coarse-graining-equivalence.json");
  // observables not re-run keep their rows
  const kept: EquivalenceRow[] = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")).rows as EquivalenceRow[]).filter((r) => !which.includes(r.observable)) : [];
  const keptObs: Record<string, unknown> = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")).observables : {};
  const results = new Map<string, Result[]>();
  const jobs: Promise<void>[] = [];
  // aspectHigh runs give growthVelocity too (the same particle)
  const order = (["aspectLow", "aspectHigh", "creepRelief", "confinedPressure"] as Observable[]).filter((o) => which.includes(o) || (o === "aspectHigh" && which.includes("growthVelocity")));
  for (const o of order) {
    for (const n of quick ? EQUIVALENCE_N[o].filter((k) => k >= 4) : EQUIVALENCE_N[o]) {
      const list: Result[] = [];
      results.set(`${o}/${n}`, list);
      if (o === "aspectHigh") results.set(`growthVelocity/${n}`, []);
      for (let seed = 1; seed <= seeds; seed++) {
        jobs.push(
          run<Result>({ kind: "equivalence", task: { observable: o, n, seed } }, `equivalence ${o} n=${n} seed ${seed}`).then((r) => {
            list.push(r);
            if (o === "aspectHigh") results.get(`growthVelocity/${n}`)!.push({ ...r, observable: "growthVelocity", value: r.velocity ?? Number.NaN });
          }),
        );
      }
    }
  }
  await Promise.all(jobs);
  const rows: EquivalenceRow[] = [...kept];
  const observables: Record<string, unknown> = { ...keptObs };
  for (const o of OBSERVABLES.filter((k) => which.includes(k))) {
    const ns = EQUIVALENCE_N[o].filter((n) => results.has(`${o}/${n}`));
    const ran = ns.filter((n) => results.get(`${o}/${n}`)!.every((r) => Number.isFinite(r.value) && r.value > 0));
    const ref = ran.length > 0 ? Math.min(...ran) : null;
    const refValues = ref === null ? [] : results.get(`${o}/${ref}`)!.map((r) => r.value);
    for (const n of ns) {
      const rs = results.get(`${o}/${n}`)!.sort((a, b) => a.seed - b.seed);
      const values = rs.map((r) => r.value);
      const ok = ran.includes(n);
      const row: EquivalenceRow = {
        observable: o,
        label: OBSERVABLE_INFO[o].label,
        unit: OBSERVABLE_INFO[o].unit,
        n,
        reference: ref,
        seeds: rs.length,
        values,
        mean: ok ? mean(values) : null,
        se: ok ? sd(values) / Math.sqrt(values.length) : null,
        meanEvents: mean(rs.map((r) => r.events)),
        ratio: null,
        ciLow: null,
        ciHigh: null,
        pass: null,
        note: ok ? "" : `not run: ${rs.find((r) => r.tooLong)?.tooLong ?? "no positive value"}`,
      };
      if (ok && ref !== null && n !== ref) {
        const t = tost(values, refValues, MARGIN);
        Object.assign(row, { ratio: t.ratio, ciLow: t.ciLow, ciHigh: t.ciHigh, pass: t.equivalent });
      }
      rows.push(row);
      log(`equivalence ${o} n=${n}: ${row.mean === null ? row.note : `${row.mean.toExponential(3)} ± ${row.se!.toExponential(2)}`}${row.ratio !== null ? ` ratio ${row.ratio.toFixed(3)} [${row.ciLow!.toFixed(3)}, ${row.ciHigh!.toFixed(3)}] ${row.pass ? "PASS" : "FAIL"}` : ""}`);
    }
    observables[o] = { label: OBSERVABLE_INFO[o].label, unit: OBSERVABLE_INFO[o].unit, reference: ref };
  }
  const out = {
    what: "n-equivalence of the coarse-grained model with the calibrated factors of data/coarse-graining.json (issue 14): TOST of each n against the finest n that runs, ratio on the log scale, equivalent when the 90 % CI of the ratio lies in [1 − 0.15, 1 + 0.15]",
    margin: MARGIN,
    seeds,
    eventBudgetPerRun: MAX_EVENTS,
    observables,
    rows,
    date: new Date().toISOString().slice(0, 10),
    lidepVersion: VERSION,
    commit: gitCommit(),
  };
  rows.sort((a, b) => OBSERVABLES.indexOf(a.observable) - OBSERVABLES.indexOf(b.observable) || a.n - b.n);
  writeFileSync(file, JSON.stringify(out, null, 1) + "\n");
  log("wrote data/coarse-graining-equivalence.json");
}

export interface EquivalenceRow {
  observable: Observable;
  label: string;
  unit: string;
  n: number;
  /** The finest n that ran (the reference), or null. */
  reference: number | null;
  seeds: number;
  values: number[];
  mean: number | null;
  se: number | null;
  meanEvents: number;
  ratio: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  pass: boolean | null;
  note: string;
}
