/**
 * One fuzz case, run the way a user would meet it, in a worker thread (worker.mjs) so that the
 * test can stop a case that hangs: `lidep validate` through the CLI's own `main` (exit code and
 * stderr), then
 *  - a rejected case: `lidep run` (or `lidep sweep`) must reject it too, with the same one line,
 *    exit code 2, and leave no output;
 *  - an accepted one: the run's own path (loadScenario / loadSweep, the seed, Simulation) for a
 *    few hundred events in-process — it must not throw, must not stall silently, and its summary
 *    and time series must hold no NaN or Infinity.
 * Each check that fails adds a line to `problems`; the case's outcome says how far it got.
 */
import { SNAPSHOT_FIELDS, TIMESERIES_FIELDS } from "../../src/run/columns.ts";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parentPort } from "node:worker_threads";
import { main } from "../../src/cli/main.ts";
import { loadScenario } from "../../src/scenario/load.ts";
import { checkFeasible } from "../../src/scenario/feasible.ts";
import { parseSeed } from "../../src/scenario/seed.ts";
import { loadSweep } from "../../src/parallel/sweepfile.ts";
import { runCommand } from "../../src/cli/run.ts";
import { sweepCommand } from "../../src/cli/sweep.ts";
import { validateScenario } from "../../src/cli/validate.ts";
import { Simulation } from "../../src/run/simulate.ts";
import { UserError } from "../../src/errors.ts";
import type { Scenario } from "../../src/scenario/schema.ts";

export type FuzzCase =
  /** `cli`: validate through the CLI's `main` (exit code, stderr), else through the function it calls (faster); default true. */
  | { kind: "scenario"; text: string; sets: string[]; seed: string; cli?: boolean }
  | { kind: "sweep"; sweep: string; base: string; seed: string };

export interface CaseOutcome {
  /** rejected (exit 2), validated only (too big for the fuzzer's budget), or ran. */
  status: "rejected" | "validated" | "ran";
  message?: string;
  stopReason?: string;
  events?: number;
  problems: string[];
  /** Milliseconds in each phase (validate, set-up, steps), to keep the fuzzer fast. */
  ms?: Record<string, number>;
}

function timed<T>(o: CaseOutcome, phase: string, f: () => T): T {
  const t0 = performance.now();
  try {
    return f();
  } finally {
    (o.ms ??= {})[phase] = ((o.ms ??= {})[phase] ?? 0) + performance.now() - t0;
  }
}

/**
 * Runs within the fuzzer's budget: lattice sites, events and wall time of the bounded run (longer
 * runs for a search by hand: LIDEP_FUZZ_EVENTS, LIDEP_FUZZ_WALL_MS).
 */
export const BUDGET = {
  sites: 40_000,
  setupVisits: 2e6,
  events: Number(process.env.LIDEP_FUZZ_EVENTS ?? 100),
  chunk: 50,
  wall_ms: Number(process.env.LIDEP_FUZZ_WALL_MS ?? 400),
};

/** Stop reasons a run may give (Simulation.step). */
const STOP_REASONS = new Set(["maxTime", "maxEvents", "shortCircuit", "sideWall", "topOfBox", "noEvents", "stalled"]);

/**
 * Columns declared nullable (run/columns.ts: `bias_V` of a galvanostatic run, `ccForce_N` of a
 * rigid collector, `born_s` of a site that is not Li): in memory a missing value is NaN, and the
 * Arrow writer stores it as null. Every other column must be finite.
 */
const NAN_EXEMPT = new Set(
  [...Object.entries(TIMESERIES_FIELDS), ...Object.entries(SNAPSHOT_FIELDS)].filter(([, f]) => f.nullable).map(([name]) => name),
);

let dir = "";
function workDir(): string {
  if (!dir) dir = mkdtempSync(join(tmpdir(), "lidep-fuzz-"));
  return dir;
}

/** Calls the CLI's `main` with stdout and stderr captured. */
async function cli(args: string[]): Promise<{ code: number | "threw"; stdout: string; stderr: string; error?: unknown }> {
  let stdout = "", stderr = "";
  const out = process.stdout.write, err = process.stderr.write;
  process.stdout.write = ((c: string | Uint8Array) => ((stdout += String(c)), true)) as typeof process.stdout.write;
  process.stderr.write = ((c: string | Uint8Array) => ((stderr += String(c)), true)) as typeof process.stderr.write;
  try {
    return { code: await main(args), stdout, stderr };
  } catch (e) {
    return { code: "threw", stdout, stderr, error: e };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}

/** What `main` does around a command: its output, exit 0, or exit 2 with "lidep: <message>" for a UserError. */
async function direct(f: () => string): Promise<Awaited<ReturnType<typeof cli>>> {
  try {
    return { code: 0, stdout: f(), stderr: "" };
  } catch (e) {
    if (e instanceof UserError) return { code: 2, stdout: "", stderr: `lidep: ${e.message}\n` };
    return { code: "threw", stdout: "", stderr: "", error: e };
  }
}

function describeThrown(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message.slice(0, 300)}\n${(e.stack ?? "").split("\n").slice(1, 6).join("\n")}` : String(e);
}

/** The one line a rejection printed, or a problem. */
function rejectionLine(r: Awaited<ReturnType<typeof cli>>, what: string, problems: string[]): string | undefined {
  if (r.code === "threw") {
    problems.push(`${what}: threw ${describeThrown(r.error)}`);
    return undefined;
  }
  if (r.code !== 0 && r.code !== 2) problems.push(`${what}: exit code ${r.code}`);
  if (r.code !== 2) return undefined;
  if (!/^lidep: [^\n]+\n$/.test(r.stderr)) problems.push(`${what}: expected one line on stderr, found ${JSON.stringify(r.stderr.slice(0, 500))}`);
  if (/\n\s+at /.test(r.stderr)) problems.push(`${what}: a stack trace on stderr`);
  return r.stderr.trim();
}

/** The UserError a command must throw, as the CLI prints it ("lidep: …"), or a problem. */
async function rejection(f: () => Promise<number>, what: string, problems: string[]): Promise<string | undefined> {
  try {
    const code = await f();
    problems.push(`${what}: accepted what it should reject (exit ${code})`);
  } catch (e) {
    if (!(e instanceof UserError)) problems.push(`${what}: threw ${describeThrown(e)}`);
    else if (e.message.includes("\n")) problems.push(`${what}: a message of several lines: ${JSON.stringify(e.message.slice(0, 500))}`);
    else return `lidep: ${e.message}`;
  }
  return undefined;
}

/** Every number in a value (deep), with its path, that is NaN or infinite. */
function nonFinite(v: unknown, path: string, out: string[]): string[] {
  if (typeof v === "number") {
    if (!Number.isFinite(v)) out.push(`${path} = ${v}`);
  } else if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    const a = v as unknown as ArrayLike<number>;
    for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return out.push(`${path}[${i}] = ${a[i]}`), out;
  } else if (v && typeof v === "object") {
    for (const [k, c] of Object.entries(v)) if (!NAN_EXEMPT.has(k)) nonFinite(c, path ? `${path}.${k}` : k, out);
  }
  return out;
}

/** A bounded run of an accepted scenario on the run's own path; problems for anything amiss. */
function boundedRun(scenario: Scenario, seed: number, label: string, problems: string[], outcome: CaseOutcome): void {
  const f = checkFeasible(scenario, label);
  if (f.sites > BUDGET.sites || f.setupVisits > BUDGET.setupVisits) {
    outcome.status = "validated";
    return;
  }
  let sim: Simulation;
  try {
    sim = timed(outcome, "setup", () => new Simulation(scenario, seed));
  } catch (e) {
    problems.push(`${e instanceof UserError ? "validate accepted, run rejected" : "run threw"} at set-up: ${describeThrown(e)}`);
    return;
  }
  const t0 = performance.now();
  try {
    let done = false;
    const r = timed(outcome, "steps", () => {
      while (!done && sim.solver.events < BUDGET.events && performance.now() - t0 < BUDGET.wall_ms) done = sim.step(BUDGET.chunk);
      return sim.result();
    });
    outcome.status = "ran";
    outcome.stopReason = done ? r.summary.stopReason : "bounded";
    outcome.events = r.summary.events;
    if (done && !STOP_REASONS.has(r.summary.stopReason)) problems.push(`unknown stop reason ${r.summary.stopReason}`);
    if (r.summary.stopReason === "stalled" && !r.summary.stalled) problems.push("stalled without saying why");
    const bad = [...nonFinite(r.summary, "summary", []), ...nonFinite(r.timeseries, "timeseries", []), ...nonFinite(r.snapshots, "snapshots", [])];
    if (bad.length) problems.push(`non-finite output: ${bad.slice(0, 5).join(", ")}`);
    const time = r.timeseries.time_s as Float64Array;
    for (let i = 1; i < time.length; i++) if (!(time[i] >= time[i - 1])) problems.push(`time series goes back in time at row ${i}`);
  } catch (e) {
    problems.push(`${e instanceof UserError ? "validate accepted, run rejected" : "run threw"}: ${describeThrown(e)}`);
  }
}

async function scenarioCase(c: Extract<FuzzCase, { kind: "scenario" }>, root: string): Promise<CaseOutcome> {
  const problems: string[] = [];
  const outcome: CaseOutcome = { status: "rejected", problems };
  const file = join(root, "s.json");
  writeFileSync(file, c.text);
  // --set=VALUE: a value is never taken for a flag (yargs reads `--set ->` as an option "-"; run and
  // validate share that parse, the bounded run below does not); yargs drops `--set=` but keeps `--set ""`
  const sets = c.sets.flatMap((s) => (s === "" ? ["--set", ""] : [`--set=${s}`]));
  const tv = performance.now();
  const v = c.cli === false ? await direct(() => validateScenario(file, c.sets)) : await cli(["validate", file, ...sets]);
  (outcome.ms ??= {}).validate = performance.now() - tv;
  const message = rejectionLine(v, "validate", problems);
  let seedOk = true;
  try {
    parseSeed(c.seed, "--seed");
  } catch {
    seedOk = false;
  }
  if (v.code === 2 || !seedOk) {
    // `lidep run` (the function the CLI calls) must refuse it as well, with the same line, before writing anything
    const out = join(root, "out");
    const line = await rejection(() => runCommand({ scenario: file, seed: c.seed, out, set: c.sets, quiet: true }), "run", problems);
    if (line !== undefined && v.code === 2 && line !== message) problems.push(`run and validate disagree: ${JSON.stringify(line)} vs ${JSON.stringify(message)}`);
    if (existsSync(out)) problems.push("run left an output directory after rejecting");
    outcome.message = v.code === 2 ? message : line;
    return outcome;
  }
  if (v.code !== 0) return outcome;
  let scenario: Scenario;
  try {
    scenario = loadScenario(file, c.sets);
  } catch (e) {
    problems.push(`validate accepted, loadScenario threw: ${describeThrown(e)}`);
    return outcome;
  }
  const printed = JSON.parse(v.stdout) as unknown;
  if (JSON.stringify(printed) !== JSON.stringify(scenario)) problems.push("validate printed another document than run resolves");
  boundedRun(scenario, parseSeed(c.seed, "--seed"), file, problems, outcome);
  return outcome;
}

async function sweepCase(c: Extract<FuzzCase, { kind: "sweep" }>, root: string): Promise<CaseOutcome> {
  const problems: string[] = [];
  const outcome: CaseOutcome = { status: "rejected", problems };
  writeFileSync(join(root, "base.json"), c.base);
  const file = join(root, "sweep.json");
  writeFileSync(file, c.sweep);
  let sw;
  try {
    sw = loadSweep(file);
  } catch (e) {
    if (!(e instanceof UserError)) {
      problems.push(`loadSweep threw ${describeThrown(e)}`);
      return outcome;
    }
    if (e.message.includes("\n")) problems.push(`loadSweep: a message of several lines: ${JSON.stringify(e.message.slice(0, 500))}`);
    const out = join(root, "out");
    const line = await rejection(() => sweepCommand({ file, out, workers: 1, quiet: true }), "sweep", problems);
    if (line !== undefined && line !== `lidep: ${e.message}`) problems.push(`sweep and loadSweep disagree: ${JSON.stringify(line)} vs ${JSON.stringify(e.message)}`);
    if (existsSync(out)) problems.push("sweep left an output directory after rejecting");
    outcome.message = e.message;
    return outcome;
  }
  boundedRun(sw.points[0].scenario, sw.doc.seeds[0], file, problems, outcome);
  return outcome;
}

export async function runCase(c: FuzzCase): Promise<CaseOutcome> {
  const root = workDir();
  for (const f of readdirSync(root)) rmSync(join(root, f), { recursive: true, force: true });
  const polluted = () => ({} as Record<string, unknown>).polluted !== undefined || ({} as Record<string, unknown>).x !== undefined;
  const o = c.kind === "scenario" ? await scenarioCase(c, root) : await sweepCase(c, root);
  if (polluted()) o.problems.push("Object.prototype was polluted");
  const left = readdirSync(root).filter((f) => !["s.json", "base.json", "sweep.json"].includes(f));
  if (left.length) o.problems.push(`left behind: ${left.join(", ")}`);
  return o;
}

/** The worker's side: one case per message, one outcome back. */
export function serve(): void {
  parentPort!.on("message", async (c: FuzzCase) => {
    parentPort!.postMessage(await runCase(c));
  });
}
