/**
 * `lidep run`: load and resolve the scenario, simulate with a progress bar on stderr, write the run
 * directory, print a short summary.
 */
import { basename, dirname, join, resolve } from "node:path";
import { existsSync, rmSync } from "node:fs";
import { createHash } from "node:crypto";
import cliProgress from "cli-progress";
import { loadScenario, resolveScenario } from "../scenario/load.ts";
import { Simulation, type RunResult } from "../run/simulate.ts";
import { estimateRunBytes, writeRunFiles } from "../run/outputs.ts";
import { CheckpointWriter, readLatestCheckpoint, removeCheckpoints } from "../io/checkpoint.ts";
import { writeFileAtomic } from "../io/atomic.ts";
import { checkFreeSpace, cleanStaleTemps, lockOutput, markerKind, prepareOutput, writeFailure, writeMarker, type Output } from "../io/outdir.ts";
import { UserError } from "../errors.ts";
import { parseSeed } from "../scenario/seed.ts";
import { readJsonFile, requireObject } from "../scenario/document.ts";
import { checkFeasible } from "../scenario/feasible.ts";
import { MAX_SETUP_VISITS, formatBytes } from "../scenario/limits.ts";
import { VERSION } from "../version.ts";
import { runWarnings } from "../run/warnings.ts";
import { coarseGrainingWarning } from "../model/coarse-graining.ts";
import type { Scenario } from "../scenario/schema.ts";

export interface RunArgs {
  scenario: string;
  /** As typed (checked by parseSeed after the scenario, so that a bad scenario is named first, as by validate). */
  seed: number | string;
  out?: string;
  set: string[];
  quiet: boolean;
  start?: boolean;
  /** Replace an earlier lidep output at `out`. */
  force?: boolean;
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
 * Runs a Simulation to its end with a progress bar, writing checkpoints when asked (the run
 * directory then exists during the run, holding `run.json` and the checkpoints; they are removed
 * once the outputs are written).
 */
function drive(sim: Simulation, plan: CheckpointPlan | null, quiet: boolean, writer?: CheckpointWriter): RunResult {
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
        try {
          writer.write(sim.save());
        } catch (e) {
          // the other checkpoint file is whole (io/checkpoint.ts): the run can go on from it
          throw writeFailure(e, writer.dir, "a checkpoint", `the previous checkpoint is kept: free some space (or make it writable) and run \`lidep resume ${writer.dir}\``);
        }
        lastEvents = sim.solver.events;
        lastWall = performance.now();
      }
    }
  }
  bar?.update(1000);
  bar?.stop();
  return sim.result();
}

/** Says so on stderr before a set-up that takes seconds (a large lattice, or many defects to carve). */
function announceSetup(scenario: Scenario, file: string, quiet: boolean): void {
  const f = checkFeasible(scenario, file);
  if (quiet || (f.sites < 1e7 && f.setupVisits < MAX_SETUP_VISITS / 10)) return;
  process.stderr.write(`lidep: setting up ${f.sites.toExponential(2)} lattice sites (≈${formatBytes(f.bytes)})${f.setupVisits > 0 ? `, carving defects (${f.setupVisits.toExponential(1)} site visits)` : ""}…\n`);
}

const RUN_FILES = ["timeseries.arrow", "snapshots.arrow", "scenario.json", "summary.json"];

/**
 * Writes the run's files. A checkpointed run writes them into its directory, then drops the
 * checkpoints; if a write fails (disk full, read-only) the files written so far are removed and
 * the checkpoints kept, with the way to resume. A plain run builds its directory aside and renames
 * it into place; if that fails nothing is kept. Either way: one line, exit code 1.
 */
function writeOutputs(result: RunResult, out: string, checkpointed: boolean, output?: Output): void {
  if (checkpointed) {
    try {
      writeRunFiles(out, result);
    } catch (e) {
      for (const f of RUN_FILES) rmSync(join(out, f), { force: true });
      throw writeFailure(e, out, "the run's outputs", `the checkpoints are kept: free some space (or make it writable) and run \`lidep resume ${out}\``);
    }
    removeCheckpoints(out);
    rmSync(join(out, "run.json"), { force: true });
  } else {
    try {
      output!.fillSync((tmp) => writeRunFiles(tmp, result));
    } catch (e) {
      throw writeFailure(e, out, "the run directory", "nothing was kept (with --checkpoint-every a failed write keeps what was computed)");
    }
  }
}

/**
 * The tag of a run's `--set` overrides in its default directory name: "" without any, else
 * "-set" and six hex digits of a hash of the overrides (the last value of each key, keys sorted),
 * so that runs differing only in their overrides never share a directory.
 */
export function overridesTag(set: readonly string[]): string {
  if (set.length === 0) return "";
  const last = new Map<string, string>();
  for (const o of set) {
    const i = o.indexOf("=");
    last.set(i < 0 ? o.trim() : o.slice(0, i).trim(), i < 0 ? "" : o.slice(i + 1).trim());
  }
  const canonical = [...last].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${k}=${v}`).join("\n");
  return `-set${createHash("sha256").update(canonical).digest("hex").slice(0, 6)}`;
}

export function scenarioName(scenarioFile: string): string {
  return basename(scenarioFile).replace(/\.json$/, "");
}

/** data/runs/<scenario>-seed<seed>[-set<hash>]. */
export function defaultOutDir(scenarioFile: string, seed: number, set: readonly string[] = []): string {
  return resolve("data/runs", `${scenarioName(scenarioFile)}-seed${seed}${overridesTag(set)}`);
}

export async function runCommand(a: RunArgs): Promise<number> {
  const scenario = loadScenario(a.scenario, a.set);
  const seed = parseSeed(a.seed, "--seed");
  const plan = parseCheckpointEvery(a.checkpointEvery);
  const out = resolve(a.out ?? defaultOutDir(a.scenario, seed, a.set));
  if (a.start && existsSync(join(out, "run.json"))) throw new UserError(`${out}: holds a killed checkpointed run: continue it with \`lidep resume ${out}\`, or remove it to start afresh`);
  // `lidep start` replaces its own earlier output (same scenario and seed), never anything else
  const output = prepareOutput(out, { kind: "run", force: a.force || a.start, bytes: estimateRunBytes(scenario, { checkpoints: plan !== null }) });
  try {
    announceSetup(scenario, a.scenario, a.quiet);
    const cgWarning = coarseGrainingWarning(scenario.lattice.coarseGrain, scenario.temperature_K, scenario.lattice.calibratedTransport);
    if (cgWarning) process.stderr.write(cgWarning + "\n");
    const sim = new Simulation(scenario, seed);
    let writer: CheckpointWriter | undefined;
    if (plan) {
      try {
        output.createInPlace();
        writeFileAtomic(join(out, "run.json"), JSON.stringify({ scenario, seed, version: VERSION, checkpointEvery: a.checkpointEvery }, null, 2) + "\n");
      } catch (e) {
        throw writeFailure(e, out, "the run directory", "nothing was computed");
      }
      writer = new CheckpointWriter(out);
    }
    const result = drive(sim, plan, a.quiet, writer);
    writeOutputs(result, out, plan !== null, output);
    return await report(result, out, a.start);
  } finally {
    output.release();
  }
}

/** `lidep resume <dir>`: continues a killed run from its newest whole checkpoint. */
export async function resumeCommand(a: { dir: string; quiet: boolean }): Promise<number> {
  const out = resolve(a.dir);
  const runFile = join(out, "run.json");
  const notResumable = () => new UserError(`${out}: no run.json here — not a run started with --checkpoint-every, or it already finished`);
  if (!existsSync(runFile)) throw notResumable();
  const lock = lockOutput(out, "lidep resume");
  try {
    if (!existsSync(runFile)) throw notResumable(); // finished by another process meanwhile
    if (markerKind(out) === null) writeMarker(out, "run"); // started by a lidep without markers
    cleanStaleTemps(out);
    cleanStaleTemps(dirname(out));
    const info = requireObject(readJsonFile(runFile, "run"), runFile, "the run's record") as unknown as { scenario: Scenario; seed: number; version: string; checkpointEvery: string };
    if (info.version !== VERSION) throw new UserError(`${runFile}: written by lidep ${info.version}, this is ${VERSION}: a run must be resumed by the version that started it`);
    const scenario = resolveScenario(info.scenario, runFile);
    const seed = parseSeed(info.seed, `${runFile}: key seed`);
    checkFreeSpace(out, estimateRunBytes(scenario), "lidep resume");
    const data = readLatestCheckpoint(out);
    const sim = data ? new Simulation(scenario, seed, data) : new Simulation(scenario, seed);
    const writer = new CheckpointWriter(out);
    const result = drive(sim, parseCheckpointEvery(info.checkpointEvery), a.quiet, writer);
    writeOutputs(result, out, true);
    return await report(result, out, false);
  } finally {
    lock.release();
  }
}

async function report(result: RunResult, out: string, start?: boolean): Promise<number> {
  const s = result.summary;
  const rows: [string, string][] = [
    ["outcome", `${s.outcome} (${s.stopReason})${s.outsideModel ? ", outside the model (past 7 GPa)" : ""}`],
    ["simulated time", `${s.simulatedTime_s.toExponential(3)} s`],
    ["events", `${s.events} (${Math.round(result.timing.eventsPerSecond)} /s)`],
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
  for (const w of runWarnings(s)) process.stderr.write(`lidep: ${w}\n`);
  if (start) {
    const { renderStartPictures } = await import("../viz/render.ts");
    const pics = await renderStartPictures(out);
    process.stdout.write(`pictures: ${pics.join(", ")}\nsee it live: npx lidep view ${out}\n`);
  }
  return 0;
}
