/**
 * The particle/whisker crossover as a law (issue 19, item 4), log–log: the measured crossover
 * current j* against nucleus radius R (filled circles, with the bracket of currents it lies in as a
 * bar; one colour per surface factor), the measured law through them (solid, at the radius series'
 * factor) carried to the paper's radius and physical B (dashed, with its interval as a bar), and the
 * paper's bracket at its radius (the particle's and the whisker's currents, a red band).
 */
import * as d3 from "d3";
import { axes, frame, legend, type Container, type Size } from "./frame.ts";

export interface CrossoverChartData {
  title: string;
  /** Per (R, surface factor) with a bracketed j*. */
  points: { R: number; surfaceFactor: number; jStar: number; below: number; above: number }[];
  /** Per (R, surface factor) without a bracket: j* below `upper` (every current a whisker) or above `lower` (every one a particle). */
  bounds?: { R: number; surfaceFactor: number; upper?: number; lower?: number }[];
  /** The fitted law at the series' factor: j* = anchor·(R/R_a)^k. */
  law: { k: number; anchorR: number; anchorJ: number; surfaceFactor: number } | null;
  /** j* at the paper's radius and physical B, with its interval. */
  atPaper: { R: number; jStar: number; lo: number; hi: number } | null;
  /** The paper's bracket at its radius (A/cm²). */
  paper: { R: number; particleAt: number; whiskerAt: number } | null;
}

const COLOURS = ["#1f77b4", "#2ca02c", "#9467bd", "#8c564b"];

export function drawCrossover(container: Container, d: CrossoverChartData, size: Size): void {
  const f = frame(container, size, { top: 100, right: 30, bottom: 55, left: 80 }, d.title, "crossover");
  const bounds = d.bounds ?? [];
  const Rs = [...d.points.map((p) => p.R), ...bounds.map((b) => b.R), ...(d.atPaper ? [d.atPaper.R] : []), ...(d.paper ? [d.paper.R] : [])];
  const js = [...d.points.flatMap((p) => [p.below, p.above]), ...bounds.flatMap((b) => [b.upper ?? 0, b.lower ?? 0]), ...(d.atPaper ? [d.atPaper.lo, d.atPaper.hi] : []), ...(d.paper ? [d.paper.particleAt, d.paper.whiskerAt] : [])].filter((v) => v > 0 && Number.isFinite(v));
  const x = d3.scaleLog().domain([(d3.min(Rs) ?? 1) / 1.5, (d3.max(Rs) ?? 10) * 1.5]).range([0, f.w]);
  const y = d3.scaleLog().domain([(d3.min(js) ?? 1e-4) / 3, (d3.max(js) ?? 1) * 3]).range([f.h, 0]).clamp(true);
  const [y0, y1] = y.domain();
  const decades = d3.range(Math.ceil(Math.log10(y0)), Math.floor(Math.log10(y1)) + 1).map((e) => 10 ** e);
  const xt = [1, 2, 5].flatMap((m) => d3.range(-1, 5).map((e) => m * 10 ** e)).filter((v) => v >= x.domain()[0] && v <= x.domain()[1]);
  axes(f, x, y, "nucleus (contact) radius R (nm)", "crossover current j* (A/cm²)", { xTickFormat: (v) => String(v), yTickFormat: (v) => d3.format(".0e")(v), yTickValues: decades });
  f.plot.select<SVGGElement>(".x-axis").call(d3.axisBottom<number>(x).tickValues(xt).tickFormat((v) => String(v)));
  const factors = [...new Set([...d.points, ...bounds].map((p) => p.surfaceFactor))].sort((a, b) => a - b);
  const colour = (s: number) => COLOURS[factors.indexOf(s) % COLOURS.length];
  if (d.paper) {
    const p = d.paper;
    f.plot.append("rect").attr("class", "paper-bracket").attr("x", x(p.R) - 7).attr("width", 14).attr("y", y(p.whiskerAt)).attr("height", Math.max(1, y(p.particleAt) - y(p.whiskerAt))).attr("fill", "#d62728").attr("fill-opacity", 0.25).attr("stroke", "#d62728");
  }
  if (d.law) {
    const L = d.law;
    const at = (R: number) => L.anchorJ * (R / L.anchorR) ** L.k;
    const [r0, r1] = d3.extent(d.points.filter((p) => p.surfaceFactor === L.surfaceFactor).map((p) => p.R)) as [number, number];
    f.plot.append("line").attr("class", "law-fit").attr("x1", x(r0)).attr("x2", x(r1)).attr("y1", y(at(r0))).attr("y2", y(at(r1))).attr("stroke", colour(L.surfaceFactor)).attr("stroke-width", 1.5);
    if (d.atPaper) f.plot.append("line").attr("class", "law-extrapolation").attr("x1", x(r1)).attr("x2", x(d.atPaper.R)).attr("y1", y(at(r1))).attr("y2", y(d.atPaper.jStar)).attr("stroke", "#555").attr("stroke-dasharray", "5 4");
  }
  if (d.atPaper) {
    const a = d.atPaper;
    f.plot.append("line").attr("class", "at-paper-interval").attr("x1", x(a.R)).attr("x2", x(a.R)).attr("y1", y(a.lo)).attr("y2", y(a.hi)).attr("stroke", "#555").attr("stroke-width", 2);
    f.plot.append("path").attr("class", "at-paper").attr("transform", `translate(${x(a.R)},${y(a.jStar)})`).attr("d", d3.symbol(d3.symbolDiamond, 90)()).attr("fill", "#555");
  }
  const g = f.plot.selectAll("g.jstar").data(d.points).join("g").attr("class", "jstar");
  g.append("line").attr("x1", (p) => x(p.R)).attr("x2", (p) => x(p.R)).attr("y1", (p) => y(p.below)).attr("y2", (p) => y(p.above)).attr("stroke", (p) => colour(p.surfaceFactor)).attr("stroke-width", 2);
  g.append("circle").attr("cx", (p) => x(p.R)).attr("cy", (p) => y(p.jStar)).attr("r", 5).attr("fill", (p) => colour(p.surfaceFactor));
  // a bound: a triangle pointing where j* lies (down: below the lowest current, all whiskers)
  for (const b of bounds) {
    const v = b.upper ?? b.lower;
    if (v === undefined) continue;
    f.plot.append("path").attr("class", b.upper !== undefined ? "jstar-upper" : "jstar-lower").attr("transform", `translate(${x(b.R)},${y(v)}) rotate(${b.upper !== undefined ? 180 : 0})`).attr("d", d3.symbol(d3.symbolTriangle, 80)()).attr("fill", "none").attr("stroke", colour(b.surfaceFactor)).attr("stroke-width", 2);
  }
  legend(f.svg.append("g"), [
    ...factors.map((s) => ({ label: `j* (bar: bracketing currents; open triangle: a bound), surface factor ${s}`, color: colour(s), kind: "symbol" as const, symbol: d3.symbolCircle })),
    ...(d.atPaper ? [{ label: "law carried to the paper's R and B (bar: interval)", color: "#555", kind: "symbol" as const, symbol: d3.symbolDiamond }] : []),
    ...(d.paper ? [{ label: "paper: particle 0.2 / whisker 4 mA/cm²", color: "#d62728", kind: "line" as const }] : []),
  ], f.margin.left, 38, f.w);
}
