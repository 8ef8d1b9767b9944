/**
 * `lidep reproduce`: runs every scenario that `data/paper-reference.json` names over seeds on the
 * worker pool, judges each entry from its band (verdict.ts), and writes report.md,
 * reproduce.arrow (one row per entry) and the figures into one directory.
 */
import { join, resolve } from "node:path";
import { mkdirSync, existsSync } from "node:fs";
import os from "node:os";
import { loadScenario } from "../scenario/load.ts";
import { runTasks, type SimTask } from "../parallel/pool.ts";
import { writeFileAtomic } from "../io/atomic.ts";
import { writeColumns } from "../parallel/table.ts";
import { VERSION } from "../version.ts";
import { UserError } from "../errors.ts";
import { prepareOutput } from "../io/outdir.ts";
import { estimateRunBytes } from "../run/outputs.ts";
import { provenance, provenanceMetadata } from "../run/provenance.ts";
import { experiments, FIG2, PATH_HYPOTHESES, QUICK_EVENTS, SCENARIO_DIR, type Experiment } from "./experiments.ts";
import { diffusivitySweep, sensitivityTable, sensitivityVariants, variantExperiments, type Variant } from "./sensitivity.ts";
import { atPaperSize, loadReference, REFERENCE_FILE, type Reference } from "./reference.ts";
import { lastInside, loadRun, sampleAt } from "./observables.ts";
import type { ComparisonData } from "../viz/charts/comparison.ts";
import type { CrossoverChartData } from "../viz/charts/crossover.ts";
import type { ScoreboardRow } from "../viz/charts/scoreboard.ts";
import { coarseGrainingTable } from "../calibration/table.ts";
import { buildRows, countRows, countsLine, criterionText, fmt, lidepText, paperText, type Row, type Runs } from "./rows.ts";

export interface ReproduceOptions {
  quick: boolean;
  /** Seeds 1 … seeds (default 5; 2 with --quick). */
  seeds?: number;
  out?: string;
  workers?: number;
  /** Replace an earlier lidep output at `out`. */
  force?: boolean;
  onProgress?: (done: number, total: number, name: string) => void;
  /** Skip the figures (the tests' quick mode). */
  figures?: boolean;
  /** Another reference file (tests). */
  referenceFile?: string;
  /** The simulations to run (default: every scenario the reference names × seeds); rows without theirs say so. */
  experiments?: Experiment[];
  /** Events per simulation in quick mode (experiments.ts: QUICK_EVENTS). */
  quickEvents?: number;
  /** Full mode: also the entries marked `long` (paper-size scenarios beyond ~30 minutes on 2 workers). */
  long?: boolean;
  /**
   * Rerun everything with each unmeasured parameter ×3 and ÷3 and across the interface D range
   * (sensitivity.ts), at the quick budget on at most 3 seeds; default on in full mode.
   */
  sensitivity?: boolean;
}

export interface ReproduceResult {
  rows: Row[];
  dir: string;
  wallTime_s: number;
  seeds: number[];
}

/** The fig2 scenario's path barriers (eV), from which the Fig. 2d runs slow one path each. */
function barriersOf(): Record<string, number> {
  const fig2 = loadScenario(join(SCENARIO_DIR, `${FIG2}.json`));
  const out: Record<string, number> = {};
  for (const p of PATH_HYPOTHESES) out[p] = fig2.hops[p].barrier_eV ?? 0;
  return out;
}

export function defaultSeeds(quick: boolean): number {
  return quick ? 2 : 5;
}

export function defaultReproduceDir(quick: boolean): string {
  return resolve("data/runs", quick ? "reproduce-quick" : "reproduce");
}

/**
 * Runs the experiments and writes the report directory whole (io/outdir.ts: checked, locked, built
 * aside and renamed into place; a killed reproduce leaves no partial report).
 */
export async function reproduce(opts: ReproduceOptions): Promise<ReproduceResult> {
  const t0 = performance.now();
  const nSeeds = opts.seeds ?? defaultSeeds(opts.quick);
  if (!Number.isInteger(nSeeds) || nSeeds < 1 || nSeeds > 1000) throw new UserError(`--seeds ${nSeeds}: expected a whole number of seeds from 1 to 1000`);
  const ref = loadReference(opts.referenceFile ?? REFERENCE_FILE);
  // full mode: the paper-size scenarios where an entry names one (issue 19, item 5); the sensitivity
  // variants below stay on the quick windows of `ref`'s own scenarios
  const refRun = opts.quick ? ref : atPaperSize(ref);
  const dir = resolve(opts.out ?? defaultReproduceDir(opts.quick));
  let seeds = Array.from({ length: nSeeds }, (_, i) => i + 1);
  let exps: Experiment[];
  if (opts.experiments) {
    exps = opts.experiments;
    seeds = [...new Set(exps.map((e) => e.seed))].sort((a, b) => a - b);
  } else {
    exps = experiments(refRun, seeds, opts.quick, barriersOf(), opts.quickEvents, opts.long);
  }
  // the sensitivity variants: at the quick budget, on at most 3 seeds, each with its own baseline
  // (the main runs when they are quick on the same seeds)
  const sensitivity = (opts.sensitivity ?? !opts.quick) && !opts.experiments;
  const vSeeds = seeds.slice(0, 3);
  // … and leave out the long (paper-size) entries: a quick window of them judges nothing
  const refSens: Reference = { ...ref, entries: ref.entries.filter((e) => !e.long) };
  const vBase = sensitivity ? experiments(refSens, vSeeds, true, barriersOf(), opts.quickEvents) : [];
  const ownBase = sensitivity && !(opts.quick && vSeeds.length === seeds.length);
  const variants: Variant[] = sensitivity ? [...(ownBase ? [{ name: "baseline", label: "baseline", overrides: [] }] : []), ...sensitivityVariants(), ...diffusivitySweep()] : [];
  exps = [...exps, ...variants.flatMap((v) => variantExperiments(vBase, v))];
  const scenarios = exps.map((e) => loadScenario(e.scenario, e.overrides));
  const workers = opts.workers ?? Math.max(1, os.availableParallelism());
  const bytes = scenarios.reduce((b, s) => b + estimateRunBytes(s), 0) + 50e6; // and the figures
  const output = prepareOutput(dir, { kind: "reproduce", force: opts.force, bytes });
  try {
    return await output.fill(async (tmp) => {
      const runsDir = join(tmp, "runs");
      mkdirSync(runsDir, { recursive: true });
      const tasks: SimTask[] = exps.map((e, index) => ({ index, scenario: scenarios[index], seed: e.seed, dir: join(runsDir, e.name, `seed=${e.seed}`) }));
      await runTasks(tasks, { workers, onProgress: (p) => opts.onProgress?.(p.done, p.total, `${exps[p.index].name} seed ${exps[p.index].seed}`) });
      const runs: Runs = new Map();
      for (const [i, e] of exps.entries()) {
        const r = loadRun(join(runsDir, e.name, `seed=${e.seed}`));
        if (!r) continue;
        r.cutByQuickCap = r.summary.stopReason === "maxEvents" && e.quickCap !== undefined && ownMaxEvents(e) > scenarios[i].run.maxEvents;
        if (!runs.has(e.name)) runs.set(e.name, new Map());
        runs.get(e.name)!.set(e.seed, r);
      }
      const rows = buildRows(refRun, runs, seeds);
      const sens: string[] = [];
      if (variants.length > 0) {
        const byVariant = (prefix: string): Runs => {
          const m: Runs = new Map();
          for (const [k, v] of runs) if (k.startsWith(`${prefix}/`)) m.set(k.slice(prefix.length + 1), v);
          return m;
        };
        const base = ownBase ? buildRows(refSens, byVariant("baseline"), vSeeds) : rows.filter((r) => !r.entry.long);
        const of = (list: Variant[]) => list.map((v) => ({ v, rows: buildRows(refSens, byVariant(v.name), vSeeds) }));
        const budget = `at the quick budget (${opts.quickEvents ?? QUICK_EVENTS} events per run), seeds ${vSeeds.join(", ")}`;
        sens.push(...sensitivityTable("Sensitivity to the unmeasured parameters (×3, ÷3)", `Each unmeasured parameter ×3 and ÷3, one at a time, everything else at its default, ${budget}; the baseline at the same budget. A verdict in bold differs from the baseline's.`, base, of(sensitivityVariants())));
        sens.push(...sensitivityTable("Interface diffusivity across its range", `The Li|LLZO interface D (no measured value: PARAMETERS.md) from bulk-like 1e-15 to surface-like 1e-11 m²/s (default 1e-13), at the paper's scale: the similarity rule scales it by (R/R_p)² in the rigid-probe scenarios; ${budget}.`, base, of(diffusivitySweep())));
      }
      const wall = (performance.now() - t0) / 1000;
      const figures: string[] = [];
      if (opts.figures !== false) figures.push(...(await drawFigures(tmp, runsDir, rows, runs)));
      writeTableFile(join(tmp, "reproduce.arrow"), rows, ref, opts.quick, seeds, exps);
      writeFileAtomic(join(tmp, "report.md"), markdown(rows, ref, opts.quick, seeds, wall, workers, runs, figures) + (sens.length ? "\n" + sens.join("\n") : ""));
      return { rows, dir, wallTime_s: wall, seeds };
    });
  } finally {
    output.release();
  }
}

/** The event budget the scenario sets itself (its overrides without `--quick`'s cap). */
function ownMaxEvents(e: Experiment): number {
  const capless = e.overrides.filter((o) => o !== `run.maxEvents=${e.quickCap}`);
  return loadScenario(e.scenario, capless).run.maxEvents;
}

/**
 * Fig. 4d side by side: the FEM's pressure at 2, 3, 4 A/cm² and lidep's, each seed read at the
 * latest sample time all three of its runs reached inside the model's range (equal time, as the
 * rows compare).
 */
function femComparison(runs: Runs): ComparisonData | null {
  const currents = [2, 3, 4];
  const byCurrent = currents.map((j) => runs.get(`fem-confined-${j}A`));
  if (byCurrent.some((m) => !m || m.size === 0)) return null;
  const seeds = [...byCurrent[0]!.keys()].filter((s) => byCurrent.every((m) => m!.has(s)));
  if (seeds.length === 0) return null;
  const lidep = currents.map((j, k) => {
    const ps = seeds.map((seed) => {
      const t = Math.min(...byCurrent.map((m) => lastInside(m!.get(seed)!)));
      const r = byCurrent[k]!.get(seed)!;
      return sampleAt(r.ts.time_s, r.ts.maxPressure_Pa, t) / 1e9;
    });
    const sorted = [...ps].sort((a, b) => a - b);
    const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : 0.5 * (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]);
    return { x: j, median, min: sorted[0], max: sorted[sorted.length - 1] };
  });
  return {
    title: "Fig. 4d: pressure in confined Li against current density (equal time)",
    xLabel: "current density (A/cm²)",
    yLabel: "pressure in the Li (GPa)",
    paper: [{ x: 2, y: 4.9 }, { x: 3, y: 7.6 }, { x: 4, y: 10.4 }],
    lidep,
    hline: { y: 7, label: "b.c.c. Li limit ≈ 7 GPa" },
  };
}

async function drawFigures(dir: string, runsDir: string, rows: Row[], runs: Runs): Promise<string[]> {
  const { renderCommand, renderScoreboard, renderComparison, renderCrossover } = await import("../viz/render.ts");
  mkdirSync(join(dir, "figures"), { recursive: true });
  const out: string[] = [];
  await renderScoreboard(scoreboardRows(rows), join(dir, "figures", "scoreboard.png"));
  out.push("figures/scoreboard.png");
  const fem = femComparison(runs);
  if (fem) {
    await renderComparison(fem, join(dir, "figures", "fem-pressure-vs-current.png"));
    out.push("figures/fem-pressure-vs-current.png");
  }
  const law = crossoverChart(rows);
  if (law) {
    await renderCrossover(law, join(dir, "figures", "crossover-law.png"));
    out.push("figures/crossover-law.png");
  }
  for (const [name, views] of [
    ["fig1-cu-rigid-0.2V", ["morphology", "growth"]],
    ["fig2-w-spring-0.2V", ["morphology", "growth"]],
    ["fig3-cu-rigid-3V", ["morphology", "pressure", "current"]],
    ["fig4g-cnt-free-3V", ["morphology", "growth"]],
    ["fem-confined-4A", ["pressure"]],
  ] as const) {
    const run = join(runsDir, name, "seed=1");
    if (!existsSync(join(run, "summary.json"))) continue;
    for (const view of views) {
      await renderCommand({ dir: run, view, out: join(dir, "figures", `${name}-${view}.png`) });
      out.push(`figures/${name}-${view}.png`);
    }
  }
  return out;
}

/** The crossover law's figure (issue 19, item 4) from the law rows that ran, or null. */
export function crossoverChart(rows: Row[]): CrossoverChartData | null {
  const withLaw = rows.filter((r) => r.law && r.law.crossovers.length > 0);
  if (withLaw.length === 0) return null;
  const lr = (withLaw.find((r) => r.law!.atPaper) ?? withLaw[0]).law!;
  const br = withLaw.find((r) => r.law!.bracket && r.law!.paperRadius_nm)?.law;
  const bounds = lr.crossovers.filter((c) => c.crossover.jStar === null && (c.crossover.above !== null) !== (c.crossover.below !== null)).map((c) => ({ R: c.R, surfaceFactor: c.surfaceFactor, ...(c.crossover.above !== null ? { upper: c.crossover.above } : { lower: c.crossover.below! }) }));
  const points = lr.crossovers.filter((c) => c.crossover.jStar !== null && c.crossover.below !== null && c.crossover.above !== null).map((c) => ({ R: c.R, surfaceFactor: c.surfaceFactor, jStar: c.crossover.jStar!, below: c.crossover.below!, above: c.crossover.above! }));
  const L = lr.law;
  return {
    title: "Particle/whisker crossover j* against radius (Supp. Figs. 7–8)",
    points,
    law: L ? { k: L.k.estimate, anchorR: L.anchor.R, anchorJ: L.anchor.jStar, surfaceFactor: L.anchor.surfaceFactor } : null,
    atPaper: lr.atPaper && lr.paperRadius_nm ? { R: lr.paperRadius_nm, jStar: lr.atPaper.estimate, lo: lr.atPaper.lo, hi: lr.atPaper.hi } : null,
    bounds,
    paper: br ? { R: br.paperRadius_nm!, particleAt: br.bracket![0], whiskerAt: br.bracket![1] } : null,
  };
}

/** Which rows full mode ran on their paper-size scenario (reference entries' `paperSize`), or none. */
function paperSizeLines(rows: Row[], quick: boolean): string[] {
  const swapped = rows.filter((r) => r.entry.paperSize && r.entry.scenario === r.entry.paperSize);
  if (quick || swapped.length === 0) return [];
  const by = new Map<string, string[]>();
  for (const r of swapped) by.set(r.entry.paperSize!, [...(by.get(r.entry.paperSize!) ?? []), r.entry.id]);
  return [`Paper-size scenarios (full mode; \`--quick\` runs the slabs): ${[...by].map(([s, ids]) => `\`${s}\` for ${ids.join(", ")}`).join("; ")}.`, ""];
}

/** The numeric simulated rows, for the scoreboard figure. */
function scoreboardRows(rows: Row[]): ScoreboardRow[] {
  const out: ScoreboardRow[] = [];
  for (const r of rows) {
    const b = r.entry.band;
    const iv = r.judgement?.interval;
    if (r.kind !== "simulated" || !b || "equals" in b || !iv) continue;
    const e = r.entry;
    // a stated direction whose threshold is the band's edge leaves no trend zone on that side
    const noTrendBelow = e.direction === "greater" && e.directionThreshold !== undefined && b.min !== undefined && e.directionThreshold >= b.min;
    const noTrendAbove = e.direction === "less" && e.directionThreshold !== undefined && b.max !== undefined && e.directionThreshold <= b.max;
    out.push({ id: e.id, label: e.id, min: b.min ?? null, max: b.max ?? null, values: r.values.filter((v): v is number => typeof v === "number"), median: iv.median, verdict: r.status as ScoreboardRow["verdict"], noTrendBelow, noTrendAbove });
  }
  return out;
}

function writeTableFile(file: string, rows: Row[], ref: Reference, quick: boolean, seeds: number[], exps: Experiment[]): void {
  const num = (r: Row, f: (iv: NonNullable<NonNullable<Row["judgement"]>["interval"]>) => number) => (r.judgement?.interval ? f(r.judgement.interval) : null);
  writeColumns(
    file,
    [
      { name: "id", kind: "utf8", values: rows.map((r) => r.entry.id) },
      { name: "kind", kind: "utf8", values: rows.map((r) => r.kind) },
      { name: "experiment", kind: "utf8", values: rows.map((r) => r.entry.experiment) },
      { name: "quantity", kind: "utf8", values: rows.map((r) => r.entry.quantity) },
      { name: "unit", kind: "utf8", values: rows.map((r) => r.entry.unit) },
      { name: "paper", kind: "utf8", values: rows.map((r) => paperText(r.entry)) },
      { name: "source", kind: "utf8", values: rows.map((r) => r.entry.source) },
      { name: "criterion", kind: "utf8", values: rows.map((r) => criterionText(r.entry, r.kind)) },
      { name: "median", kind: "f64", values: rows.map((r) => num(r, (iv) => iv.median)) },
      { name: "ciLow", kind: "f64", values: rows.map((r) => num(r, (iv) => iv.lo)) },
      { name: "ciHigh", kind: "f64", values: rows.map((r) => num(r, (iv) => iv.hi)) },
      { name: "ciCoverage", kind: "f64", values: rows.map((r) => num(r, (iv) => iv.coverage)) },
      { name: "values", kind: "utf8", values: rows.map((r) => JSON.stringify(r.values)) },
      { name: "seedVerdicts", kind: "utf8", values: rows.map((r) => JSON.stringify(r.judgement?.perSeed ?? [])) },
      { name: "verdict", kind: "utf8", values: rows.map((r) => r.status) },
      { name: "note", kind: "utf8", values: rows.map((r) => r.note) },
    ],
    { ...provenanceMetadata(provenance({ quick, seeds, experiments: exps })), "lidep.reproduce": JSON.stringify({ quick, seeds, reference: ref.paper.doi, experiments: exps }) },
  );
}

const esc = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** The report; `figures` are paths relative to the report's directory. */
function markdown(rows: Row[], ref: Reference, quick: boolean, seeds: number[], wall: number, workers: number, runs: Runs, figures: string[]): string {
  const c = countRows(rows);
  const seedText = `${seeds.length} seed${seeds.length > 1 ? "s" : ""} (${seeds[0]}–${seeds[seeds.length - 1]})`;
  const table = (kinds: string[]) => {
    const sel = rows.filter((r) => kinds.includes(r.kind));
    return [
      "| id | experiment | quantity | paper (source) | lidep median [min–max] | seeds: verdicts | verdict | criterion | note |",
      "|---|---|---|---|---|---|---|---|---|",
      ...sel.map((r) => {
        const perSeed = r.judgement?.perSeed.length ? r.judgement.perSeed.map((v) => (v === null ? "—" : v)).join(" ") : "—";
        const unit = r.entry.unit && !(r.entry.band && "equals" in r.entry.band) ? ` ${r.entry.unit}` : "";
        return `| ${r.entry.id} | ${esc(r.entry.experiment)} | ${esc(r.entry.quantity)} | ${esc(paperText(r.entry))} (${esc(r.entry.source)}) | ${esc(lidepText(r))}${unit} | ${perSeed} | **${r.status}** | ${esc(criterionText(r.entry, r.kind))} | ${esc(r.note)} |`;
      }),
    ];
  };
  const lines = [
    `# lidep reproduce${quick ? " (quick)" : ""}`,
    "",
    `**${countsLine(c)}.**`,
    "",
    `${ref.paper.citation} — side by side with lidep ${VERSION}, ${seedText} per simulated row. Wall time ${wall.toFixed(0)} s on ${workers} worker(s). Reference data: \`data/paper-reference.json\` (every row cites its entry).`,
    "",
    "How rows are judged: " + ref.conventions.verdicts.match + " → `match`; " + ref.conventions.verdicts.trend + " → `trend`; otherwise `miss`; a row whose runs `--quick`'s event cap ended before the scenario's own end (its time, its own event budget, a short circuit) on more than half its seeds → `short` (its window is not the scenario's: not scored, the provisional verdict in its note); a row of a paper-size scenario that full mode leaves out without `--long` → `not-run` (its cost in its note). " + ref.conventions.seeds + ". Bands: " + ref.conventions.bands,
    "",
    ...paperSizeLines(rows, quick),
    "## Simulated rows (scored)",
    "",
    ...table(["simulated"]),
    "",
    "## Calibrated rows (an input sets them: shown, never scored)",
    "",
    ...table(["calibrated"]),
    "",
    "## The paper's formulas (checked, not counted as simulation)",
    "",
    ...table(["formula"]),
    "",
    "## Not modelled, and reported without a paper value",
    "",
    ...table(["not-modelled", "reported"]),
    "",
    "## Changes to kinds and bands",
    "",
    ...ref.conventions.history.map((h) => `- ${h.date}: ${h.change}`),
    "",
    "## Coarse-graining: calibration and n-equivalence (issue 14)",
    "",
    "Read from the stored measurement (`data/coarse-graining.json`, `data/coarse-graining-equivalence.json`; re-measured by `scripts/calibrate-coarse-graining.ts`, not by this command). A scenario's n is chosen from this table; `n` in the runs below is each scenario's.",
    "",
    coarseGrainingTable(),
    "## Runs",
    "",
    "| scenario | n | lattice sites | events (median) | simulated time (median) | outcomes by seed |",
    "|---|---|---|---|---|---|",
    ...[...runs.entries()].map(([name, m]) => {
      const rs = [...m.entries()].sort((a, b) => a[0] - b[0]).map(([, r]) => r);
      const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
      const s0 = rs[0].summary;
      const cg = s0.coarseGrain === 1 ? "1 (atomistic)" : `${s0.coarseGrain} (${s0.coarseGraining?.calibrated ? "calibrated" : "uncalibrated"})`;
      return `| ${name} | ${cg} | ${s0.lattice.sites} | ${fmt(med(rs.map((r) => r.summary.events)))} | ${fmt(med(rs.map((r) => r.summary.simulatedTime_s)))} s | ${rs.map((r) => `${r.summary.outcome} (${r.summary.stopReason})`).join(", ")} |`;
    }),
    "",
    ...(figures.length ? ["## Figures", "", ...figures.map((f) => `![${f.split("/").pop()}](${f})`), ""] : []),
  ];
  return lines.join("\n");
}
