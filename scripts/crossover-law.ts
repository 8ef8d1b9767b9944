/**
 * The particle/whisker crossover as a law (issue 19, item 4), from sweeps written by
 * `lidep sweep scenarios/sweeps/crossover-R*.json` (any number of sweep directories; runs are
 * grouped by nucleus radius R and surface factor s, so a second sweep refining one R's grid simply
 * adds its currents): per run, the deposit's aspect ratio when its volume first reaches
 * `--volume-factor` × the nucleus's (equal grown volume at every current; a run whose window ended
 * first is listed as such, never guessed); per (R, s), j* where the median aspect over seeds passes
 * `--threshold`; over R at `--ref-factor`, the exponent of j* ∝ R^k (free fit with its 95 % interval
 * from ≥ 3 radii, else the brackets' bounds); m of j* ∝ s^m from a second factor at one R; and j*
 * carried to `--paper-radius` nm at `--physical-factor` (src/reproduce/crossover.ts).
 *
 *   node --import tsx scripts/crossover-law.ts data/runs/crossover-R04 … [--volume-factor 5] [--threshold 1] [--ref-factor 0.01] [--paper-radius 100] [--physical-factor 1] [--json out.json]
 */
import { writeFileSync } from "node:fs";
import { crossoverByRadius, extrapolateLaw, judgeBracket, judgeExponent, measureLaw, surfaceExponent } from "../src/reproduce/crossover.ts";
import { crossoverRunsOfSweep } from "../src/reproduce/crossover-runs.ts";
import { takeOption } from "./args.ts";

const args = process.argv.slice(2);
const num = (k: string, d: number) => {
  const v = takeOption(args, k);
  return v === null ? d : Number(v);
};
const factor = num("--volume-factor", 5);
const threshold = num("--threshold", 1);
const refFactor = num("--ref-factor", 0.01);
const paperR = num("--paper-radius", 100);
const physical = num("--physical-factor", 1);
const jsonOut = takeOption(args, "--json") ?? undefined;

const runs = args.flatMap((d) => crossoverRunsOfSweep(d));
const notes = runs.filter((r) => r.stopReason !== "maxTime" && r.stopReason !== "maxEvents").map((r) => `R ${r.R}, s ${r.surfaceFactor}, j ${r.j}, seed ${r.seed}: ${r.stopReason}`);
const rs = crossoverByRadius(runs, factor, threshold);
console.log(`| R (nm) | surface factor | j (A/cm²) | aspect at ${factor}× volume, per seed (seeds) | median |`);
console.log("|---|---|---|---|---|");
for (const r of rs)
  for (const p of r.points)
    console.log(`| ${r.R} | ${r.surfaceFactor} | ${p.j} | ${p.aspects.map((a, i) => (a === null ? `short (${p.reached[i].toFixed(1)}×)` : a.toFixed(2))).join(", ")} (${p.seeds.join(", ")}) | ${p.median === null ? "—" : p.median.toFixed(2)} |`);
console.log("");
for (const r of rs) console.log(`R = ${r.R} nm, s = ${r.surfaceFactor}: ${r.crossover.jStar !== null ? `j* = ${r.crossover.jStar.toExponential(2)} A/cm² (bracket ${r.crossover.below}–${r.crossover.above})` : r.crossover.reason}`);
if (notes.length) console.log(`\nstopped by the box (aspect read before): ${notes.length} runs (${[...new Set(notes.map((n) => n.split(": ")[1]))].join(", ")})`);
const sm = surfaceExponent(rs, refFactor);
console.log(sm ? `\nj* ∝ s^m at R = ${sm.R} nm: m = ${sm.m.estimate.toFixed(2)}, ${sm.m.lo.toFixed(2)} to ${sm.m.hi.toFixed(2)} (${sm.m.method})` : "\nm: not measured (no radius bracketed at two surface factors)");
const { law, reason } = measureLaw(rs, refFactor);
if (!law) console.log(`\nno law: ${reason}`);
else {
  const jk = judgeExponent(law.k);
  console.log(`\nj* ∝ R^k at s = ${refFactor}: ${jk.reason}; radii ${law.radii.join(", ")} nm (${law.decades.toFixed(2)} decades) → ${jk.verdict}`);
  const e = extrapolateLaw(law, paperR, physical);
  if (e) {
    const jb = judgeBracket(e, 2e-4, 4e-3);
    console.log(`at R = ${paperR} nm, s = ${physical}: ${jb.reason} → ${jb.verdict}\n  (${e.method})`);
  } else console.log(`at R = ${paperR} nm, s = ${physical}: m not measured, no extrapolation to another surface factor`);
}
if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ factor, threshold, refFactor, paperR, physical, crossovers: rs.map((r) => ({ R: r.R, surfaceFactor: r.surfaceFactor, points: r.points, crossover: r.crossover })), law }, null, 2));
