/**
 * `npm run bench`: events per second and bytes per site of lidep's physics at ~1e4…1e7 sites, of
 * the scenarios users run (default, fig3, a growing fig4g whisker: scenarios.ts) and of the
 * SPPARKS reference model at 9,826 / 101,306 / 1,024,000 sites. Each measurement runs in a fresh
 * node process; the table shows the median of `--reps` (default 3) repetitions, ranked by events
 * per CPU-second (on a machine others load, CPU time holds where wall time does not). Writes
 * data/runs/bench.json. Not a test: speed is measured here, never asserted in `npm test`.
 *
 * Time to solution (issue 19): `fig4g-3d` (0.1 s of the growing Fig. 4g whisker in 3D) and
 * `fig4g-full` (the paper's whole whisker, 2 s) are timed whole, once each, in their own table; they
 * take tens of minutes to hours today, so they run only with `--long` (or `--only fig4g-3d`).
 *
 *   npm run bench [-- --reps 3] [--quick] [--long] [--only default,fig3,lidep,spparks,fig4g-whisker,fig4g-3d,fig4g-full]
 */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { writeFileAtomic } from "../io/atomic.ts";
import { VERSION } from "../version.ts";
import type { Measurement } from "./workloads.ts";
import type { EventMix, ScenarioMeasurement } from "./scenarios.ts";
import { ACCEL_ROWS, type AccelMeasurement } from "./acceleration.ts";
import { scenarioPlan, SCENARIO_WORKLOADS } from "./scenarios.ts";

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const reps = Number(args[args.indexOf("--reps") + 1] || 3) || 3;
const quick = args.includes("--quick");
const long = args.includes("--long");
const onlyArg = args.indexOf("--only") >= 0 ? args[args.indexOf("--only") + 1] : "";
const only = onlyArg ? new Set(onlyArg.split(",")) : null;

/** SPPARKS (C++, -O2) on this kind of machine, events per second (PERFORMANCE.md). */
const SPPARKS_REFERENCE: Record<number, number> = { 17: 486e3, 37: 424e3, 80: 355e3 };

function run(workload: string, L?: number, events?: number): string {
  const out = execFileSync(process.execPath, ["--import", "tsx", join(here, "measure.ts"), workload, ...(L ? [String(L)] : []), ...(events ? [String(events)] : [])], {
    encoding: "utf8",
    maxBuffer: 1 << 20,
    env: { ...process.env },
  });
  return out.trim().split("\n").pop()!;
}

function median<T>(ms: T[], key: (m: T) => number): T & { runs: number[] } {
  const sorted = [...ms].sort((a, b) => key(a) - key(b));
  return { ...sorted[Math.floor(sorted.length / 2)], runs: ms.map((m) => Math.round(key(m))) };
}

const latticePlan: [string, number, number?][] = [
  ["lidep", 17, 300_000],
  ["lidep", 37, 300_000],
  ["lidep", 80, 300_000],
  ...(quick ? [] : ([["lidep", 171, 300_000]] as [string, number, number][])),
  ["spparks", 17],
  ["spparks", 37],
  ["spparks", 80],
];
// the long time-to-solution workloads only when asked for (--long, or by name in --only)
const plan = scenarioPlan({ quick, long, only });

const fmt = (x: number) => Math.round(x).toLocaleString("en");
const lattice: (Measurement & { runs: number[] })[] = [];
for (const [w, L, ev] of latticePlan) {
  if (only && !only.has(w)) continue;
  const ms: Measurement[] = [];
  for (let r = 0; r < reps; r++) ms.push(JSON.parse(run(w, L, ev)) as Measurement);
  const m = median(ms, (x) => x.eventsPerCpuSecond);
  lattice.push(m);
  process.stderr.write(`${w.padEnd(14)} ${String(m.sites).padStart(10)} sites  ${fmt(m.eventsPerCpuSecond).padStart(11)} ev/CPU-s  ${fmt(m.eventsPerSecond).padStart(11)} ev/s  ${m.bytesPerSite.toFixed(1).padStart(6)} B/site\n`);
}
const scenarios: (ScenarioMeasurement & { runs: number[] })[] = [];
for (const w of plan) {
  const ms: ScenarioMeasurement[] = [];
  for (let r = 0; r < (SCENARIO_WORKLOADS[w].long ? 1 : reps); r++) ms.push(JSON.parse(run(w)) as ScenarioMeasurement);
  const m = median(ms, (x) => x.eventsPerCpuSecond);
  scenarios.push(m);
  process.stderr.write(`${w.padEnd(14)} ${String(m.sites).padStart(10)} sites  ${fmt(m.eventsPerCpuSecond).padStart(11)} ev/CPU-s  ${fmt(m.eventsPerWallSecond).padStart(11)} ev/s  ${m.simulatedPerWallSecond.toExponential(3)} sim-s/s\n`);
}

const lines: string[] = [];
if (lattice.length > 0) {
  lines.push("| workload | sites | events/CPU-s (median) | runs (CPU) | events/s (wall) | bytes/site (arrays) | RSS bytes/site | vs SPPARKS -O2 |", "|---|---|---|---|---|---|---|---|");
  for (const m of lattice) {
    const ref = m.workload === "spparks" ? SPPARKS_REFERENCE[m.cells] : undefined;
    lines.push(`| ${m.workload} | ${fmt(m.sites)} | ${fmt(m.eventsPerCpuSecond)} | ${m.runs.map(fmt).join(", ")} | ${fmt(m.eventsPerSecond)} | ${m.bytesPerSite.toFixed(1)} | ${m.rssBytesPerSite.toFixed(1)} | ${ref ? (m.eventsPerSecond / ref).toFixed(2) + "×" : ""} |`);
  }
  lines.push("");
}
const mixText = (x: EventMix) => {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(x)) if (v > 0) parts.push(`${k} ${fmt(v)}`);
  return parts.join(", ");
};
if (scenarios.length > 0) {
  lines.push("| scenario (file sha256) | window (seeds) | sites | events | events/CPU-s (median) | runs (CPU) | events/s (wall) | simulated s per wall s | bytes/site |", "|---|---|---|---|---|---|---|---|---|");
  for (const m of scenarios) {
    lines.push(`| ${m.workload} (${m.sha256.slice(0, 12)}) | ${m.window} (${m.seeds.join(", ")}) | ${fmt(m.sites)} | ${fmt(m.events)} | ${fmt(m.eventsPerCpuSecond)} | ${m.runs.map(fmt).join(", ")} | ${fmt(m.eventsPerWallSecond)} | ${m.simulatedPerWallSecond.toExponential(3)} | ${m.bytesPerSite.toFixed(1)} |`);
  }
  const tts = scenarios.filter((m) => SCENARIO_WORKLOADS[m.workload].timeToSolution);
  if (tts.length > 0) {
    lines.push("", "Time to solution (set-up and steps; one run):", "", "| scenario (file sha256) | window (seeds) | sites | reached | events | CPU s (set-up + steps) | wall s (steps) | events/CPU-s |", "|---|---|---|---|---|---|---|---|");
    for (const m of tts) {
      const reached = m.reachedEnd ? `${m.simulatedSeconds.toPrecision(3)} s (the window's end)` : `${m.simulatedSeconds.toPrecision(3)} s (stopped: ${m.stopReason})`;
      lines.push(`| ${m.workload} (${m.sha256.slice(0, 12)}) | ${m.window} (${m.seeds.join(", ")}) | ${fmt(m.sites)} | ${reached} | ${fmt(m.events)} | ${fmt(m.timeToSolutionCpuSeconds)} | ${fmt(m.wallSeconds)} | ${fmt(m.eventsPerCpuSecond)} |`);
    }
  }
  lines.push("", "Event mix (summed over the seeds):", "");
  for (const m of scenarios) lines.push(`- ${m.workload}: ${mixText(m.mix)}${m.workload === "fig3" ? `; ${fmt(m.eventsToCrack)} events up to the cracks (${fmt(m.eventsToCrack / m.cpuSecondsToCrack)} per CPU-s)` : ""}`);
  lines.push("");
}

const lid = lattice.filter((m) => m.workload === "lidep");
const flat = lid.length >= 2 ? lid[lid.length - 1].eventsPerCpuSecond / lid[0].eventsPerCpuSecond : NaN;
const lid80 = lid.find((m) => m.cells === 80);
const ref80 = lattice.find((m) => m.workload === "spparks" && m.cells === 80);
const scen = (name: string) => scenarios.find((m) => m.workload === name);
const checks = {
  lidepSpeed: lid80 ? { eventsPerCpuSecond: lid80.eventsPerCpuSecond, target: 250e3, pass: lid80.eventsPerCpuSecond >= 250e3 } : null,
  lidepFlatness: lid.length >= 2 ? { ratio: flat, target: 0.5, pass: flat >= 0.5, note: `events/CPU-s at ${fmt(lid[lid.length - 1].sites)} sites over events/CPU-s at ${fmt(lid[0].sites)}` } : null,
  defaultSpeed: scen("default") ? { eventsPerCpuSecond: scen("default")!.eventsPerCpuSecond, target: 300e3, pass: scen("default")!.eventsPerCpuSecond >= 300e3 } : null,
  fig3Speed: scen("fig3") ? { eventsPerCpuSecond: scen("fig3")!.eventsPerCpuSecond, target: 50e3, pass: scen("fig3")!.eventsPerCpuSecond >= 50e3 } : null,
  spparksSpeed: ref80 ? { eventsPerSecond: ref80.eventsPerSecond, target: 1.4e6, pass: ref80.eventsPerSecond >= 1.4e6 } : null,
  spparksMemory: ref80 ? { bytesPerSite: ref80.bytesPerSite, target: 16, pass: ref80.bytesPerSite <= 16 } : null,
};
process.stdout.write(lines.join("\n") + "\n");
for (const [k, v] of Object.entries(checks)) if (v) process.stdout.write(`${k}: ${v.pass ? "pass" : "FAIL"} ${JSON.stringify(v)}\n`);
writeFileAtomic("data/runs/bench.json", JSON.stringify({ version: VERSION, node: process.version, date: new Date().toISOString(), reps, lattice, scenarios, checks }, null, 2) + "\n");
process.stdout.write("wrote data/runs/bench.json\n");

// acceleration (issue 17): each scenario with and without, interleaved, in fresh processes
if (!args.includes("--no-accel")) {
  const accelEvents = quick ? 40_000 : 200_000;
  const rows: AccelMeasurement[] = [];
  for (const { name } of ACCEL_ROWS)
    for (let r = 0; r < reps; r++)
      for (const acc of ["0", "1"]) {
        const out = execFileSync(process.execPath, ["--import", "tsx", join(here, "measure.ts"), "accel", name, String(accelEvents), acc], { encoding: "utf8", maxBuffer: 1 << 20 });
        const m = JSON.parse(out.trim().split("\n").pop()!) as AccelMeasurement;
        rows.push(m);
        process.stderr.write(`${name.padEnd(8)} accel=${acc}  ${m.eventsPerSimSecond.toExponential(3)} events per simulated s  ${m.simSecondsPerCpuSecond.toExponential(3)} simulated s per CPU s  (${m.scaledPairs} pairs scaled)\n`);
      }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const t = ["| scenario | events per simulated s, off | on | ratio (target ≥ 3× default, ≥ 2× fig4g) | simulated s per CPU s, off | on |", "|---|---|---|---|---|---|"];
  for (const { name } of ACCEL_ROWS) {
    const off = rows.filter((m) => m.scenario === name && !m.accelerated), on = rows.filter((m) => m.scenario === name && m.accelerated);
    const eo = med(off.map((m) => m.eventsPerSimSecond)), ea = med(on.map((m) => m.eventsPerSimSecond));
    t.push(`| ${name} | ${eo.toExponential(3)} | ${ea.toExponential(3)} | ${(eo / ea).toFixed(2)}× | ${med(off.map((m) => m.simSecondsPerCpuSecond)).toExponential(3)} | ${med(on.map((m) => m.simSecondsPerCpuSecond)).toExponential(3)} |`);
  }
  process.stdout.write("\n" + t.join("\n") + "\n");
  writeFileAtomic("data/runs/bench-acceleration.json", JSON.stringify({ version: VERSION, node: process.version, date: new Date().toISOString(), reps, events: accelEvents, rows }, null, 2) + "\n");
  process.stdout.write("wrote data/runs/bench-acceleration.json\n");
}
