/**
 * The paper and lidep side by side on one quantity against one input: the paper's points (open
 * squares, joined) and lidep's median over seeds (filled circles) with the seeds' range (bars).
 * Used for the FEM's pressure against current density (Fig. 4d).
 */
import * as d3 from "d3";
import { axes, frame, legend, type Container, type Size } from "./frame.ts";

export interface ComparisonData {
  title: string;
  xLabel: string;
  yLabel: string;
  paper: { x: number; y: number }[];
  lidep: { x: number; median: number; min: number; max: number }[];
  /** A horizontal line (e.g. the b.c.c. limit), with its label. */
  hline?: { y: number; label: string };
}

export function drawComparison(container: Container, d: ComparisonData, size: Size): void {
  const f = frame(container, size, { top: 50, right: 30, bottom: 55, left: 70 }, d.title, "comparison");
  const xs = [...d.paper.map((p) => p.x), ...d.lidep.map((p) => p.x)];
  const ys = [...d.paper.map((p) => p.y), ...d.lidep.map((p) => p.max), ...(d.hline ? [d.hline.y] : []), 0];
  const [x0, x1] = d3.extent(xs) as [number, number];
  const pad = (x1 - x0) * 0.15 || 1;
  const x = d3.scaleLinear().domain([x0 - pad, x1 + pad]).range([0, f.w]);
  const y = d3.scaleLinear().domain([0, (d3.max(ys) ?? 1) * 1.1]).nice().range([f.h, 0]);
  axes(f, x, y, d.xLabel, d.yLabel, { xTickFormat: (v) => String(v) });
  if (d.hline) {
    f.plot.append("line").attr("class", "hline").attr("x1", 0).attr("x2", f.w).attr("y1", y(d.hline.y)).attr("y2", y(d.hline.y)).attr("stroke", "#7f7f7f").attr("stroke-dasharray", "4 3");
    f.plot.append("text").attr("x", f.w - 4).attr("y", y(d.hline.y) - 4).attr("text-anchor", "end").attr("font-size", 11).attr("fill", "#555").text(d.hline.label);
  }
  const line = d3.line<{ x: number; y: number }>().x((p) => x(p.x)).y((p) => y(p.y));
  f.plot.append("path").attr("class", "paper-line").attr("d", line(d.paper)).attr("fill", "none").attr("stroke", "#d62728").attr("stroke-width", 1.5);
  f.plot.selectAll("rect.paper").data(d.paper).join("rect").attr("class", "paper").attr("x", (p) => x(p.x) - 5).attr("y", (p) => y(p.y) - 5).attr("width", 10).attr("height", 10).attr("fill", "white").attr("stroke", "#d62728").attr("stroke-width", 2);
  const g = f.plot.selectAll("g.lidep").data(d.lidep).join("g").attr("class", "lidep");
  g.append("line").attr("x1", (p) => x(p.x)).attr("x2", (p) => x(p.x)).attr("y1", (p) => y(p.min)).attr("y2", (p) => y(p.max)).attr("stroke", "#1f77b4").attr("stroke-width", 2);
  g.append("circle").attr("cx", (p) => x(p.x)).attr("cy", (p) => y(p.median)).attr("r", 5).attr("fill", "#1f77b4");
  legend(f.svg.append("g"), [
    { label: "paper", color: "#d62728", kind: "line" },
    { label: "lidep: median over seeds, bar = range", color: "#1f77b4", kind: "symbol", symbol: d3.symbolCircle },
  ], f.margin.left, 38, f.w);
}
