/**
 * `npm run bench`: events per second and bytes per site of lidep's physics at ~1e4…1e7 sites and
 * of the SPPARKS reference model at 9,826 / 101,306 / 1,024,000 sites. Each measurement runs in
 * a fresh node process; the table shows the median of `--reps` (default 3) repetitions. Writes
 * data/runs/bench.json. Not a test: speed is measured here, never asserted in `npm test`.
 */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { writeFileAtomic } from "../io/atomic.ts";
import { VERSION } from "../version.ts";
import type { Measurement } from "./workloads.ts";
import { SCENARIO_ROWS, type ScenarioMeasurement } from "./acceleration.ts";

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const reps = Number(args[args.indexOf("--reps") + 1] || 3) || 3;
const quick = args.includes("--quick");

const SPPARKS_REFERENCE: Record<number, number> = { 17: 486e3, 37: 424e3, 80: 355e3 };

function run(workload: string, L: number, events?: number): Measurement {
  const out = execFileSync(process.execPath, ["--import", "tsx", join(here, "measure.ts"), workload, String(L), ...(events ? [String(events)] : [])], {
    encoding: "utf8",
    maxBuffer: 1 << 20,
    env: { ...process.env },
  });
  return JSON.parse(out.trim().split("\n").pop()!) as Measurement;
}

function median(ms: Measurement[]): Measurement & { runs: number[] } {
  const sorted = [...ms].sort((a, b) => a.eventsPerSecond - b.eventsPerSecond);
  return { ...sorted[Math.floor(sorted.length / 2)], runs: ms.map((m) => Math.round(m.eventsPerSecond)) };
}

const plan: [string, number, number?][] = [
  ["lidep", 17, 300_000],
  ["lidep", 37, 300_000],
  ["lidep", 80, 300_000],
  ...(quick ? [] : ([["lidep", 171, 300_000]] as [string, number, number][])),
  ["spparks", 17],
  ["spparks", 37],
  ["spparks", 80],
];

const results: (Measurement & { runs: number[] })[] = [];
for (const [w, L, ev] of plan) {
  const ms: Measurement[] = [];
  for (let r = 0; r < reps; r++) ms.push(run(w, L, ev));
  const m = median(ms);
  results.push(m);
  process.stderr.write(`${w.padEnd(8)} ${String(m.sites).padStart(10)} sites  ${Math.round(m.eventsPerSecond).toLocaleString("en").padStart(11)} ev/s  ${m.bytesPerSite.toFixed(1).padStart(6)} B/site\n`);
}

const fmt = (x: number) => Math.round(x).toLocaleString("en");
const lines = ["| workload | sites | events/s (median) | runs | bytes/site (arrays) | RSS bytes/site | vs SPPARKS -O2 |", "|---|---|---|---|---|---|---|"];
for (const m of results) {
  const ref = m.workload === "spparks" ? SPPARKS_REFERENCE[m.cells] : undefined;
  lines.push(`| ${m.workload} | ${fmt(m.sites)} | ${fmt(m.eventsPerSecond)} | ${m.runs.map(fmt).join(", ")} | ${m.bytesPerSite.toFixed(1)} | ${m.rssBytesPerSite.toFixed(1)} | ${ref ? (m.eventsPerSecond / ref).toFixed(2) + "×" : ""} |`);
}
const lid = results.filter((m) => m.workload === "lidep");
const flat = lid.length >= 2 ? lid[lid.length - 1].eventsPerSecond / lid[0].eventsPerSecond : NaN;
const ref80 = results.find((m) => m.workload === "spparks" && m.cells === 80);
const checks = {
  lidepFlatness: { ratio: flat, target: 0.5, pass: flat >= 0.5, note: `events/s at ${fmt(lid[lid.length - 1]?.sites ?? 0)} sites over events/s at ${fmt(lid[0]?.sites ?? 0)}` },
  spparksSpeed: ref80 ? { eventsPerSecond: ref80.eventsPerSecond, target: 1.4e6, pass: ref80.eventsPerSecond >= 1.4e6 } : null,
  spparksMemory: ref80 ? { bytesPerSite: ref80.bytesPerSite, target: 16, pass: ref80.bytesPerSite <= 16 } : null,
};
process.stdout.write(lines.join("\n") + "\n\n");
process.stdout.write(`lidep flatness (largest/smallest): ${flat.toFixed(2)} (target ≥ 0.5)\n`);
if (ref80) process.stdout.write(`reference at 1,024,000 sites: ${fmt(ref80.eventsPerSecond)} ev/s (target ≥ 1,400,000), ${ref80.bytesPerSite.toFixed(1)} B/site (target ≤ 16)\n`);
writeFileAtomic("data/runs/bench.json", JSON.stringify({ version: VERSION, node: process.version, date: new Date().toISOString(), reps, results, checks }, null, 2) + "\n");
process.stdout.write("wrote data/runs/bench.json\n");

// acceleration (issue 17): each scenario with and without, interleaved, in fresh processes
if (!args.includes("--no-accel")) {
  const accelEvents = quick ? 40_000 : 200_000;
  const rows: ScenarioMeasurement[] = [];
  for (const { name } of SCENARIO_ROWS)
    for (let r = 0; r < reps; r++)
      for (const acc of ["0", "1"]) {
        const out = execFileSync(process.execPath, ["--import", "tsx", join(here, "measure.ts"), "scenario", name, String(accelEvents), acc], { encoding: "utf8", maxBuffer: 1 << 20 });
        const m = JSON.parse(out.trim().split("\n").pop()!) as ScenarioMeasurement;
        rows.push(m);
        process.stderr.write(`${name.padEnd(8)} accel=${acc}  ${m.eventsPerSimSecond.toExponential(3)} events per simulated s  ${m.simSecondsPerCpuSecond.toExponential(3)} simulated s per CPU s  (${m.scaledPairs} pairs scaled)\n`);
      }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const t = ["| scenario | events per simulated s, off | on | ratio (target ≥ 3× default, ≥ 2× fig4g) | simulated s per CPU s, off | on |", "|---|---|---|---|---|---|"];
  for (const { name } of SCENARIO_ROWS) {
    const off = rows.filter((m) => m.scenario === name && !m.accelerated), on = rows.filter((m) => m.scenario === name && m.accelerated);
    const eo = med(off.map((m) => m.eventsPerSimSecond)), ea = med(on.map((m) => m.eventsPerSimSecond));
    t.push(`| ${name} | ${eo.toExponential(3)} | ${ea.toExponential(3)} | ${(eo / ea).toFixed(2)}× | ${med(off.map((m) => m.simSecondsPerCpuSecond)).toExponential(3)} | ${med(on.map((m) => m.simSecondsPerCpuSecond)).toExponential(3)} |`);
  }
  process.stdout.write("\n" + t.join("\n") + "\n");
  writeFileAtomic("data/runs/bench-acceleration.json", JSON.stringify({ version: VERSION, node: process.version, date: new Date().toISOString(), reps, events: accelEvents, rows }, null, 2) + "\n");
  process.stdout.write("wrote data/runs/bench-acceleration.json\n");
}
