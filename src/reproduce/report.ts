/**
 * `lidep reproduce`: runs the paper's experiments on a worker pool, decides a verdict per row and
 * writes report.md, reproduce.arrow, the runs and the figures into one directory.
 */
import { join, resolve } from "node:path";
import { mkdirSync, existsSync } from "node:fs";
import os from "node:os";
import { loadScenario } from "../scenario/load.ts";
import { runTasks, type SimTask } from "../parallel/pool.ts";
import { writeFileAtomic } from "../io/atomic.ts";
import { writeArrow } from "../io/arrow.ts";
import { provenance, provenanceMetadata } from "../run/provenance.ts";
import { VERSION } from "../version.ts";
import { prepareOutput } from "../io/outdir.ts";
import { estimateRunBytes } from "../run/outputs.ts";
import { experiments, type Experiment } from "./experiments.ts";
import { analyticRows, experimentRows, loadRun, type Row, type RunData } from "./rows.ts";

export interface ReproduceOptions {
  quick: boolean;
  out?: string;
  workers?: number;
  /** Replace an earlier lidep output at `out`. */
  force?: boolean;
  onProgress?: (done: number, total: number, name: string) => void;
  /** Skip the figures (the tests' quick mode). */
  figures?: boolean;
  /** The simulations to run (default: all of the paper's, experiments.ts); rows without theirs say "not run". */
  experiments?: Experiment[];
  /** Events per simulation in quick mode (experiments.ts: QUICK_EVENTS). */
  quickEvents?: number;
}

export interface ReproduceResult {
  rows: Row[];
  dir: string;
  wallTime_s: number;
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
  const dir = resolve(opts.out ?? defaultReproduceDir(opts.quick));
  const exps = opts.experiments ?? experiments(opts.quick, opts.quickEvents);
  const scenarios = exps.map((e) => loadScenario(e.scenario, e.overrides));
  const workers = opts.workers ?? Math.max(1, os.availableParallelism());
  const bytes = scenarios.reduce((b, s) => b + estimateRunBytes(s), 0) + 50e6; // and the figures
  const output = prepareOutput(dir, { kind: "reproduce", force: opts.force, bytes });
  try {
    return await output.fill(async (tmp) => {
      const runsDir = join(tmp, "runs");
      mkdirSync(runsDir, { recursive: true });
      const tasks: SimTask[] = exps.map((e, index) => ({ index, scenario: scenarios[index], seed: e.seed, dir: join(runsDir, e.name) }));
      await runTasks(tasks, { workers, onProgress: (p) => opts.onProgress?.(p.done, p.total, exps[p.index].name) });
      const runs = new Map<string, RunData>();
      for (const e of exps) {
        const r = loadRun(join(runsDir, e.name));
        if (r) runs.set(e.name, r);
      }
      const rows = [...analyticRows(), ...experimentRows(runs)];
      const wall = (performance.now() - t0) / 1000;
      const figures: string[] = [];
      if (opts.figures !== false) {
        const { renderCommand } = await import("../viz/render.ts");
        mkdirSync(join(tmp, "figures"), { recursive: true });
        for (const [name, views] of [
          ["fig1-cu-rigid-0.2V", ["morphology", "growth"]],
          ["fig2-w-spring-0.2V", ["morphology", "growth"]],
          ["fig3-cu-rigid-3V", ["morphology", "pressure", "current"]],
          ["fig4g-cnt-free-3V", ["morphology", "growth"]],
          ["fem-confined-4A", ["pressure"]],
        ] as const) {
          if (!existsSync(join(runsDir, name, "summary.json"))) continue;
          for (const view of views) {
            const out = join(tmp, "figures", `${name}-${view}.png`);
            await renderCommand({ dir: join(runsDir, name), view, out });
            figures.push(`figures/${name}-${view}.png`);
          }
        }
      }
      writeArrow(
        join(tmp, "reproduce.arrow"),
        {
          experiment: rows.map((r) => r.experiment),
          quantity: rows.map((r) => r.quantity),
          paper: rows.map((r) => r.paper),
          lidep: rows.map((r) => r.lidep),
          verdict: rows.map((r) => r.verdict),
          criterion: rows.map((r) => r.criterion),
          note: rows.map((r) => r.note),
        },
        { ...provenanceMetadata(provenance({ quick: opts.quick, experiments: exps })), "lidep.reproduce": JSON.stringify({ quick: opts.quick, experiments: exps }) },
      );
      writeFileAtomic(join(tmp, "report.md"), markdown(rows, opts.quick, wall, workers, runs, figures));
      return { rows, dir, wallTime_s: wall };
    });
  } finally {
    output.release();
  }
}

/** The report; `figures` are paths relative to the report's directory. */
function markdown(rows: Row[], quick: boolean, wall: number, workers: number, runs: Map<string, RunData>, figures: string[]): string {
  const count = (v: string) => rows.filter((r) => r.verdict === v).length;
  const esc = (s: string) => s.replace(/\|/g, "\\|");
  const lines = [
    `# lidep reproduce${quick ? " (quick)" : ""}`,
    "",
    `Gao et al., Nat. Commun. 13, 5050 (2022), side by side with lidep ${VERSION}: ${count("match")} match, ${count("trend")} trend, ${count("miss")} miss, out of ${rows.length} rows. Wall time ${wall.toFixed(0)} s on ${workers} worker(s).`,
    "",
    "Verdicts are computed from the numbers (criterion column): `match` within the stated tolerance, `trend` right direction and order of magnitude, `miss` otherwise — with what the model would need in the note.",
    "",
    "| experiment | quantity | paper | lidep | verdict | criterion | note |",
    "|---|---|---|---|---|---|---|",
    ...rows.map((r) => `| ${esc(r.experiment)} | ${esc(r.quantity)} | ${esc(r.paper)} | ${esc(r.lidep)} | **${r.verdict}** | ${esc(r.criterion)} | ${esc(r.note)} |`),
    "",
    "## Runs and coarse-graining",
    "",
    "| run | coarse-graining n | lattice sites | events | simulated time | outcome |",
    "|---|---|---|---|---|---|",
    ...[...runs.entries()].map(([name, r]) => `| ${name} | ${r.summary.coarseGrain} | ${r.summary.lattice.sites} | ${r.summary.events} | ${r.summary.simulatedTime_s.toExponential(2)} s | ${r.summary.outcome} (${r.summary.stopReason}) |`),
    "",
    "Fast hop paths are slowed in the low-rate runs (each forward/reverse pair by the same factor, keeping detailed balance), as the scenario descriptions state; surface hops stay many times faster than plating there.",
    "",
    ...(figures.length ? ["## Figures", "", ...figures.map((f) => `![${f.split("/").pop()}](${f})`)] : []),
    "",
  ];
  return lines.join("\n");
}
