/**
 * The particle/whisker crossover as a law (issue 19, item 4), from sweeps written by
 * `lidep sweep scenarios/sweeps/crossover-R*.json` (one sweep per radius R, a grid of currents,
 * the same seeds): per run, the deposit's aspect ratio when its volume first reaches
 * `--volume-factor` × the nucleus's (equal grown volume at every current; a run whose window ended
 * first is listed as such, never guessed); per R, j* where the median aspect passes
 * `--threshold`; over R, the exponent of j* ∝ R^k fitted freely with its 95 % interval, and j* at
 * `--paper-radius` nm with the line's 95 % interval (src/reproduce/crossover.ts).
 *
 *   node --import tsx scripts/crossover-law.ts data/runs/crossover-R4 data/runs/crossover-R8 … [--volume-factor 3] [--threshold 1] [--paper-radius 100]
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { readArrow } from "../src/io/arrow.ts";
import { aspectAtVolume, crossoverCurrent, extrapolate, fitCrossoverLaw, type ShapePoint } from "../src/reproduce/crossover.ts";

const args = process.argv.slice(2);
const opt = (k: string, d: number) => {
  const i = args.indexOf(k);
  if (i < 0) return d;
  const v = Number(args[i + 1]);
  args.splice(i, 2);
  return v;
};
const factor = opt("--volume-factor", 3);
const threshold = opt("--threshold", 1);
const paperR = opt("--paper-radius", 100);
const J = "electrical.currentDensity_A_per_cm2";
const median = (xs: number[]) => {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const Rs: number[] = [], jStars: number[] = [];
console.log(`| R (nm) | j (A/cm²) | aspect at ${factor}× volume, per seed | median |`);
console.log("|---|---|---|---|");
const verdicts: string[] = [];
for (const dir of args) {
  const doc = JSON.parse(readFileSync(join(dir, "sweep.json"), "utf8"));
  const R = Number(doc.sweep?.overrides?.["li.initialRadius_nm"] ?? doc.overrides?.["li.initialRadius_nm"]);
  const t = readArrow(join(dir, "timeseries.arrow"));
  const col = (k: string) => t.getChild(k)!.toArray() as Float64Array;
  const [j, seed, vol, h, w] = [col(J), col("seed"), col("liVolume_nm3"), col("height_nm"), col("lateralExtent_nm")];
  const runs = new Map<string, number[]>();
  for (let i = 0; i < j.length; i++) {
    const k = `${j[i]}|${seed[i]}`;
    if (!runs.has(k)) runs.set(k, []);
    runs.get(k)!.push(i);
  }
  const byJ = new Map<number, (number | null)[]>();
  const notes: string[] = [];
  // runs that a wall of the box (or anything but their window) ended: said, not hidden
  const sw = readArrow(join(dir, "sweep.arrow"));
  const [sj, ss] = [sw.getChild(J)!.toArray() as Float64Array, sw.getChild("seed")!.toArray() as Float64Array];
  const stops = sw.getChild("stopReason")!.toArray() as unknown as string[];
  for (let i = 0; i < sj.length; i++) if (stops[i] !== "maxTime" && stops[i] !== "maxEvents") notes.push(`j = ${sj[i]}, seed ${ss[i]}: stopped by ${stops[i]}`);
  for (const [k, rows] of runs) {
    const jj = Number(k.split("|")[0]);
    const r = aspectAtVolume(rows.map((i) => vol[i]), rows.map((i) => h[i]), rows.map((i) => w[i]), factor);
    if (r.aspect === null) notes.push(`j = ${jj}, seed ${k.split("|")[1]}: the window ended at ${r.reached.toFixed(2)}× the volume`);
    if (!byJ.has(jj)) byJ.set(jj, []);
    byJ.get(jj)!.push(r.aspect);
  }
  const points: ShapePoint[] = [];
  for (const [jj, as] of [...byJ].sort((a, b) => a[0] - b[0])) {
    const ok = as.every((a) => a !== null);
    const m = ok ? median(as as number[]) : Number.NaN;
    if (ok) points.push({ j: jj, aspect: m });
    console.log(`| ${R} | ${jj} | ${as.map((a) => (a === null ? "window too short" : a.toFixed(2))).join(", ")} | ${ok ? m.toFixed(2) : "—"} |`);
  }
  const c = crossoverCurrent(points, threshold);
  verdicts.push(`R = ${R} nm: ${c.jStar !== null ? `j* = ${c.jStar.toExponential(2)} A/cm² (between ${c.below} and ${c.above})` : c.reason}${notes.length ? `; ${notes.join("; ")}` : ""}`);
  if (c.jStar !== null) {
    Rs.push(R);
    jStars.push(c.jStar);
  }
}
console.log("\n" + verdicts.join("\n"));
if (Rs.length >= 3 && new Set(Rs).size >= 2) {
  const law = fitCrossoverLaw(Rs, jStars);
  const e = extrapolate(law, paperR);
  console.log(`\nj* ∝ R^k: k = ${law.exponent.toFixed(2)} ± ${law.seExponent.toFixed(2)} (95 %: ${law.ci95[0].toFixed(2)} to ${law.ci95[1].toFixed(2)}; MODEL.md §5 expects −3), over ${law.decades.toFixed(2)} decades of R from ${law.points} radii`);
  console.log(`at R = ${paperR} nm: j* = ${e.jStar.toExponential(2)} A/cm² (95 %: ${e.ci95[0].toExponential(2)}–${e.ci95[1].toExponential(2)}); the paper: a particle at 2e-4 A/cm², a whisker at 4e-3 A/cm²`);
} else console.log(`\nno law: j* bracketed at ${Rs.length} radii (the fit needs at least 3)`);
