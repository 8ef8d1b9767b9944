/**
 * Is a scenario's physics the same at two calibrated coarse-graining factors n (issue 17, item 4)?
 * Runs the scenario at each n given (the first is the reference) over seeds 1…N to the same
 * simulated time, and compares converge's observables (converge.ts `observe`: heights at T/3,
 * 2T/3 and T, lateral extent, aspect ratio, contact area, peak and time-mean pressure, current
 * density, crack time) plus the fraction of the Li outside the largest body (detached sites:
 * adatoms and fragments) by Welch's TOST (converge/stats.ts `tost`: the arms do not share a random
 * stream, so they are not paired) within converge's margins — 20 % of the reference mean, with
 * converge's floors, the length floor being one lattice constant of the coarser n (a length below
 * one site is not resolved there) and the contact-area floor four of its interface sites.
 * B is not compared here: each n's B is calibrated to the physical value (data/coarse-graining.json).
 *
 *   node --import tsx scripts/n-invariance.ts scenarios/X.json --n 4,8 [--seeds 5] [--until-time T] [--set key=value …]
 *
 * Every run's own line (events, CPU, simulated time, stop reason) goes to stderr as it ends.
 */
import { applyOverrides, loadScenario, resolveScenario } from "../src/scenario/load.ts";
import { observe, RELATIVE_MARGIN, type RunObservables } from "../src/converge/converge.ts";
import { mean, sd, tost } from "../src/converge/stats.ts";
import { LI } from "../src/model/species.ts";
import { LI_LATTICE_CONSTANT_M } from "../src/constants/physical.ts";
import type { Simulation } from "../src/run/simulate.ts";
import { takeAll, takeOption } from "./args.ts";

const args = process.argv.slice(2);
const sets: string[] = [];
const opt = (k: string) => takeOption(args, k);
sets.push(...takeAll(args, "--set"));
const ns = (opt("--n") ?? "4,8").split(",").map(Number);
const seeds = Number(opt("--seeds") ?? 5);
const until = opt("--until-time");
const file = args[0];

interface Run extends RunObservables {
  detached: number;
}

/** Fraction of the Li sites outside the largest body at the end of the run. */
function detachedFraction(sim: Simulation): number {
  const m = sim.model;
  let li = 0, largest = 0;
  for (let i = 0; i < m.N; i++) if (m.spec[i] === LI) li++;
  for (let b = 0; b < m.bodies.used; b++) largest = Math.max(largest, m.bodies.size[b]);
  return li > 0 ? (li - largest) / li : 0;
}

const base = loadScenario(file, sets);
const T = until ? Number(until) : base.run.maxTime_s;
const arms = new Map<number, Run[]>();
for (const n of ns) {
  const s = resolveScenario(applyOverrides(base, [`lattice.coarseGrain=${n}`, `run.maxTime_s=${T}`, "run.maxEvents=2000000000"], file), file);
  const runs: Run[] = [];
  for (let seed = 1; seed <= seeds; seed++) {
    let detached = 0;
    const o = observe(s, seed, T, 1e-9, (sim) => (detached = detachedFraction(sim)));
    runs.push({ ...o, detached });
    process.stderr.write(`n = ${n} seed ${seed}: ${o.events} events, ${o.cpu_s.toFixed(1)} CPU s, t = ${o.time_s.toExponential(3)} s (${o.stopReason}), height ${o.heights[2].toFixed(1)} nm, extent ${o.lateralExtent_nm.toFixed(1)} nm, contact ${o.contactArea_nm2.toFixed(0)} nm², peak p ${(o.peakPressure_Pa / 1e6).toFixed(1)} MPa, layers ${o.depositedLayers.toFixed(1)}, root moves ${o.rootMoves}, detached ${(100 * detached).toFixed(1)} %\n`);
  }
  arms.set(n, runs);
}

const f = (x: number) => (Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-2 && x !== 0) ? x.toExponential(2) : x.toFixed(2));
const ms = (xs: number[]) => `${f(mean(xs))} ± ${f(sd(xs))}`;
const ref = arms.get(ns[0])!;
const cells = Math.max(...ns) * LI_LATTICE_CONSTANT_M * 1e9;
const obs: [string, string, (r: Run) => number, number][] = [
  ["height at T/3", "nm", (r) => r.heights[0], cells],
  ["height at 2T/3", "nm", (r) => r.heights[1], cells],
  ["height at T", "nm", (r) => r.heights[2], cells],
  ["lateral extent", "nm", (r) => r.lateralExtent_nm, cells],
  ["aspect ratio", "1", (r) => r.aspectRatio, 0.05],
  ["contact area", "nm²", (r) => r.contactArea_nm2, 4 * cells * cells],
  ["peak pressure", "Pa", (r) => r.peakPressure_Pa, 1e6],
  ["mean pressure", "Pa", (r) => r.meanPressure_Pa, 1e6],
  ["current density", "A/cm²", (r) => r.currentDensity_A_per_cm2, 1e-4],
  ["detached Li fraction", "1", (r) => r.detached, 0.02],
];
const cost = (rs: Run[]) => {
  const ev = rs.reduce((a, r) => a + r.events, 0), t = rs.reduce((a, r) => a + r.time_s, 0), c = rs.reduce((a, r) => a + r.cpu_s, 0);
  return `${(ev / t).toExponential(2)} events / simulated s, ${(c / (t * 1e3)).toExponential(2)} CPU s / simulated ms, ${(ev / rs.length).toExponential(2)} events per run`;
};
console.log(`n-invariance of ${file} (${sets.join(" ") || "as shipped"}), window ${T} s, seeds 1…${seeds}; Welch TOST at α = 0.05 (90 % CI of the difference inside ±margin; margin max(${RELATIVE_MARGIN * 100} % of the reference, floor), length floor one n = ${Math.max(...ns)} site = ${cells.toFixed(2)} nm)`);
for (const n of ns) console.log(`- n = ${n}: ${cost(arms.get(n)!)}; crack in ${arms.get(n)!.filter((r) => r.crackTime_s !== null).length}/${seeds}; stop: ${[...new Set(arms.get(n)!.map((r) => r.stopReason))].join(", ")}; layers over the contact ${ms(arms.get(n)!.map((r) => r.depositedLayers))}, root moves ${ms(arms.get(n)!.map((r) => r.rootMoves))}`);
console.log("");
console.log(`| observable | n = ${ns[0]} | ${ns.slice(1).map((n) => `n = ${n} | diff (90 % CI) | margin | verdict`).join(" | ")} |`);
console.log(`|---|---|${ns.slice(1).map(() => "---|---|---|---").join("|")}|`);
let allPass = true;
for (const [name, unit, g, floor] of obs) {
  const a = ref.map(g);
  const margin = Math.max(RELATIVE_MARGIN * Math.abs(mean(a)), floor);
  const cellsOut = ns.slice(1).map((n) => {
    const b = arms.get(n)!.map(g);
    const e = tost(b, a, margin);
    allPass &&= e.equivalent;
    return `${ms(b)} | ${f(e.diff)} (${f(e.ciLow)} … ${f(e.ciHigh)}) | ±${f(margin)} | ${e.equivalent ? "PASS" : "not shown equivalent"}`;
  });
  console.log(`| ${name} [${unit}] | ${ms(a)} | ${cellsOut.join(" | ")} |`);
}
console.log(`\nverdict: ${allPass ? "PASS — every observable equivalent within its margin" : "FAIL — see the rows not shown equivalent"}`);
