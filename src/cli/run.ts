/**
 * `lidep run`: load and resolve the scenario, simulate with a progress bar on stderr, write the run
 * directory, print a short summary.
 */
import { basename, join, resolve } from "node:path";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import cliProgress from "cli-progress";
import { loadScenario, resolveScenario } from "../scenario/load.ts";
import { Simulation, type RunResult } from "../run/simulate.ts";
import { writeRunDirectory, writeRunFiles } from "../run/outputs.ts";
import { CheckpointWriter, readLatestCheckpoint, removeCheckpoints } from "../io/checkpoint.ts";
import { writeFileAtomic } from "../io/atomic.ts";
import { UserError } from "../errors.ts";
import { VERSION } from "../version.ts";
import type { Scenario } from "../scenario/schema.ts";

export interface RunArgs {
  scenario: string;
  seed: number;
  out?: string;
  set: string[];
  quiet: boolean;
  start?: boolean;
  /** "N" events or "Ns" seconds of wall time between checkpoints. */
  checkpointEvery?: string;
}

interface CheckpointPlan {
  events: number;
  seconds: number;
}

export function parseCheckpointEvery(text: string | undefined): CheckpointPlan | null {
  if (text === undefined) return null;
  const m = /^(\d+(?:\.\d+)?(?:e\d+)?)(s?)$/.exec(String(text).trim());
  if (!m || !(Number(m[1]) > 0)) throw new UserError(`--checkpoint-every ${text}: expected a number of events (e.g. 100000) or of seconds (e.g. 30s)`);
  return m[2] === "s" ? { events: Infinity, seconds: Number(m[1]) } : { events: Math.round(Number(m[1])), seconds: Infinity };
}

/**
 * Runs a Simulation to its end with a progress bar, writing checkpoints into `out` when asked
 * (the run directory then exists during the run, holding `run.json` and the checkpoints; they are
 * removed once the outputs are written).
 */
function drive(sim: Simulation, out: string, plan: CheckpointPlan | null, quiet: boolean, writer?: CheckpointWriter): RunResult {
  const showBar = !quiet && process.stderr.isTTY;
  const bar = showBar
    ? new cliProgress.SingleBar(
        { format: "{bar} {percentage}% | t = {t} s | {ev} events | {rate} ev/s | ETA {eta_formatted}", hideCursor: true, stream: process.stderr },
        cliProgress.Presets.shades_classic,
      )
    : null;
  bar?.start(1000, 0, { t: "0", ev: "0", rate: "0" });
  let lastEvents = sim.solver.events;
  let lastWall = performance.now();
  const chunk = plan && Number.isFinite(plan.events) ? Math.min(20000, plan.events) : 20000;
  for (;;) {
    const done = sim.step(chunk);
    const p = sim.progress();
    const frac = Math.max(p.time / p.maxTime, p.events / p.maxEvents);
    bar?.update(Math.min(1000, Math.round(frac * 1000)), { t: p.time.toExponential(2), ev: String(p.events), rate: Math.round(p.eventsPerSecond).toString() });
    if (done) break;
    if (plan && writer) {
      const dueEvents = sim.solver.events - lastEvents >= plan.events;
      const dueWall = (performance.now() - lastWall) / 1000 >= plan.seconds;
      if (dueEvents || dueWall) {
        writer.write(sim.save());
        lastEvents = sim.solver.events;
        lastWall = performance.now();
      }
    }
  }
  bar?.update(1000);
  bar?.stop();
  const result = sim.result();
  if (plan) {
    writeRunFiles(out, result);
    removeCheckpoints(out);
    rmSync(join(out, "run.json"), { force: true });
  } else writeRunDirectory(out, result);
  return result;
}

export function defaultOutDir(scenarioFile: string, seed: number): string {
  return resolve("data/runs", `${basename(scenarioFile).replace(/\.json$/, "")}-seed${seed}`);
}

export async function runCommand(a: RunArgs): Promise<number> {
  const scenario = loadScenario(a.scenario, a.set);
  const plan = parseCheckpointEvery(a.checkpointEvery);
  const out = resolve(a.out ?? defaultOutDir(a.scenario, a.seed));
  let writer: CheckpointWriter | undefined;
  if (plan) {
    if (existsSync(out)) rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    writeFileAtomic(join(out, "run.json"), JSON.stringify({ scenario, seed: a.seed, version: VERSION, checkpointEvery: a.checkpointEvery }, null, 2) + "\n");
    writer = new CheckpointWriter(out);
  }
  let result: RunResult;
  try {
    result = drive(new Simulation(scenario, a.seed), out, plan, a.quiet, writer);
  } catch (e) {
    if (plan) rmSync(out, { recursive: true, force: true });
    throw e;
  }
  return report(result, out, a.start);
}

/** `lidep resume <dir>`: continues a killed run from its newest whole checkpoint. */
export async function resumeCommand(a: { dir: string; quiet: boolean }): Promise<number> {
  const out = resolve(a.dir);
  const runFile = join(out, "run.json");
  if (!existsSync(runFile)) throw new UserError(`${out}: no run.json here — not a run started with --checkpoint-every, or it already finished`);
  const info = JSON.parse(readFileSync(runFile, "utf8")) as { scenario: Scenario; seed: number; version: string; checkpointEvery: string };
  if (info.version !== VERSION) throw new UserError(`${runFile}: written by lidep ${info.version}, this is ${VERSION}: a run must be resumed by the version that started it`);
  const scenario = resolveScenario(info.scenario, runFile);
  const data = readLatestCheckpoint(out);
  const sim = data ? new Simulation(scenario, info.seed, data) : new Simulation(scenario, info.seed);
  const writer = new CheckpointWriter(out);
  const result = drive(sim, out, parseCheckpointEvery(info.checkpointEvery), a.quiet, writer);
  return report(result, out, false);
}

async function report(result: RunResult, out: string, start?: boolean): Promise<number> {
  const s = result.summary;
  const rows: [string, string][] = [
    ["outcome", `${s.outcome} (${s.stopReason})`],
    ["simulated time", `${s.simulatedTime_s.toExponential(3)} s`],
    ["events", `${s.events} (${Math.round(s.eventsPerSecond)} /s)`],
    ["deposited", `${s.depositedAtoms} atoms (${s.storedAtoms} stored at the interface)`],
    ["mean current density", `${s.meanCurrentDensity_A_per_cm2.toExponential(3)} A/cm²`],
    ["height / lateral extent", `${s.finalHeight_nm.toFixed(2)} nm / ${s.finalLateralExtent_nm.toFixed(2)} nm`],
    ["contact area", `${s.contactArea_nm2.toFixed(2)} nm²`],
    ["max pressure", `${(s.maxPressure_Pa / 1e6).toFixed(3)} MPa`],
    ["hops bulk/surface/interface/collector", `${s.hops.bulk}/${s.hops.surface}/${s.hops.interface}/${s.hops.collector}`],
  ];
  const w = Math.max(...rows.map((r) => r[0].length));
  process.stdout.write(rows.map(([k, v]) => `  ${k.padEnd(w)}  ${v}`).join("\n") + "\n");
  process.stdout.write(`output: ${out}\n`);
  if (start) {
    const { renderStartPictures } = await import("../viz/render.ts");
    const pics = await renderStartPictures(out);
    process.stdout.write(`pictures: ${pics.join(", ")}\nsee it live: npx lidep view ${out}\n`);
  }
  return 0;
}
