/**
 * `lidep run`: load and resolve the scenario, simulate with a progress bar on stderr, write the run
 * directory, print a short summary.
 */
import { basename, resolve } from "node:path";
import cliProgress from "cli-progress";
import { loadScenario } from "../scenario/load.ts";
import { simulate } from "../run/simulate.ts";
import { writeRunDirectory } from "../run/outputs.ts";

export interface RunArgs {
  scenario: string;
  seed: number;
  out?: string;
  set: string[];
  quiet: boolean;
  start?: boolean;
}

export function defaultOutDir(scenarioFile: string, seed: number): string {
  return resolve("data/runs", `${basename(scenarioFile).replace(/\.json$/, "")}-seed${seed}`);
}

export async function runCommand(a: RunArgs): Promise<number> {
  const scenario = loadScenario(a.scenario, a.set);
  const out = resolve(a.out ?? defaultOutDir(a.scenario, a.seed));
  const showBar = !a.quiet && process.stderr.isTTY;
  const bar = showBar
    ? new cliProgress.SingleBar(
        { format: "{bar} {percentage}% | t = {t} s | {ev} events | {rate} ev/s | ETA {eta_formatted}", hideCursor: true, stream: process.stderr },
        cliProgress.Presets.shades_classic,
      )
    : null;
  bar?.start(1000, 0, { t: "0", ev: "0", rate: "0" });
  const result = simulate(scenario, {
    seed: a.seed,
    onProgress: (p) => {
      const frac = Math.max(p.time / p.maxTime, p.events / p.maxEvents);
      bar?.update(Math.min(1000, Math.round(frac * 1000)), { t: p.time.toExponential(2), ev: String(p.events), rate: Math.round(p.eventsPerSecond).toString() });
    },
  });
  bar?.update(1000);
  bar?.stop();
  writeRunDirectory(out, result);
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
  if (a.start) {
    const { renderStartPictures } = await import("../viz/render.ts");
    const pics = await renderStartPictures(out);
    process.stdout.write(`pictures: ${pics.join(", ")}\nsee it live: npx lidep view ${out}\n`);
  }
  return 0;
}
