/**
 * A quantity (or a few) against time: one line and one point mark per sample (circle.point, with
 * data-series), optional horizontal reference lines and vertical event marks. The growth,
 * pressure, current and paths charts are this with their own data.
 */
import * as d3 from "d3";
import { axes, frame, legend, symlogTicks, tickText, type Container, type LegendItem, type Size } from "./frame.ts";
import { timeUnit } from "../units.ts";

export interface Series {
  /** Identifier (data-series attribute of its marks). */
  name: string;
  label: string;
  color: string;
  t: ArrayLike<number>;
  y: ArrayLike<number>;
  dash?: boolean;
}

export interface HLine {
  name: string;
  y: number;
  label: string;
  color: string;
}

export interface VMark {
  name: string;
  t: number;
  label: string;
  color: string;
}

export interface TimeChartSpec {
  kind: string;
  title: string;
  /** Axis label, units included (values are divided by yFactor before drawing). */
  yLabel: string;
  yFactor?: number;
  series: Series[];
  hlines?: HLine[];
  marks?: VMark[];
  /** Points to ring (e.g. a current spike), in series units at time t. */
  highlights?: { name: string; t: number; y: number; label: string; color: string }[];
  /** symlog: zero stays visible and decades spread out (counts, pressures). */
  yScale?: "linear" | "symlog";
  symlogConstant?: number;
  yMin?: number;
  note?: string;
}

export function drawTimeChart(container: Container, spec: TimeChartSpec, size: Size): void {
  const yf = spec.yFactor ?? 1;
  let tMax = 0;
  let yLo = Number.POSITIVE_INFINITY, yHi = Number.NEGATIVE_INFINITY;
  for (const s of spec.series) {
    for (let i = 0; i < s.t.length; i++) {
      const t = s.t[i], y = s.y[i] / yf;
      if (Number.isFinite(t) && t > tMax) tMax = t;
      if (Number.isFinite(t) && Number.isFinite(y)) {
        if (y < yLo) yLo = y;
        if (y > yHi) yHi = y;
      }
    }
  }
  for (const m of spec.marks ?? []) if (m.t > tMax) tMax = m.t;
  for (const l of spec.hlines ?? []) {
    const y = l.y / yf;
    if (y < yLo) yLo = y;
    if (y > yHi) yHi = y;
  }
  if (!Number.isFinite(yLo)) { yLo = 0; yHi = 1; }
  if (spec.yMin !== undefined) yLo = Math.min(yLo, spec.yMin / yf);
  const tu = timeUnit(tMax > 0 ? tMax : 1);
  const legendItems: LegendItem[] = [
    ...spec.series.map((s): LegendItem => ({ label: s.label, color: s.color, kind: s.dash ? "dash" : "line" })),
    ...(spec.hlines ?? []).map((l): LegendItem => ({ label: l.label, color: l.color, kind: "dash" })),
  ];
  const margin = { top: 48, right: 24, bottom: 50, left: 70 };
  // room for the legend above the plot: estimate its rows
  const estRows = Math.ceil(legendItems.reduce((a, it) => a + 40 + it.label.length * 6.6, 0) / Math.max(100, size.width - margin.left - margin.right));
  margin.top = 34 + 16 * Math.max(1, estRows) + (spec.marks?.length ? 14 : 0);
  const f = frame(container, size, margin, spec.title, spec.kind);
  const x = d3.scaleLinear().domain([0, tMax > 0 ? tMax / tu.factor : 1]).range([0, f.w]);
  let y: d3.ScaleContinuousNumeric<number, number>;
  let yTickValues: number[] | undefined;
  if (spec.yScale === "symlog") {
    const c = spec.symlogConstant ?? 1;
    const top = Math.max(yHi, c) * 1.6;
    y = d3.scaleSymlog().constant(c).domain([Math.min(0, yLo), top]).range([f.h, 0]);
    yTickValues = symlogTicks(top, c).filter((v) => v >= Math.min(0, yLo));
  } else {
    if (yLo === yHi) { yLo -= yLo === 0 ? 0 : Math.abs(yLo) * 0.1; yHi += yHi === 0 ? 1 : Math.abs(yHi) * 0.1; }
    const pad = (yHi - yLo) * 0.06;
    y = d3.scaleLinear().domain([yLo >= 0 && yLo - pad < 0 ? 0 : yLo - pad, yHi + pad]).range([f.h, 0]).nice();
  }
  axes(f, x, y, `time (${tu.unit})`, spec.yLabel, { yTickValues, yTickFormat: yTickValues ? tickText : undefined });
  legend(f.svg as unknown as d3.Selection<SVGGElement, unknown, null | Element, unknown>, legendItems, margin.left, 40, size.width - margin.left - margin.right);

  const plot = f.plot;
  const clipId = `lidep-clip-${spec.kind}`;
  plot.append("clipPath").attr("id", clipId).append("rect").attr("x", -4).attr("y", -4).attr("width", f.w + 8).attr("height", f.h + 8);

  for (const l of spec.hlines ?? []) {
    const yy = y(l.y / yf);
    const g = plot.append("g").attr("class", `hline ${l.name}`).attr("data-name", l.name);
    g.append("line").attr("x1", 0).attr("x2", f.w).attr("y1", yy).attr("y2", yy).attr("stroke", l.color).attr("stroke-width", 1.5).attr("stroke-dasharray", "6 3");
  }
  for (const m of spec.marks ?? []) {
    const xx = x(m.t / tu.factor);
    const g = plot.append("g").attr("class", `vmark ${m.name}`).attr("data-name", m.name);
    g.append("line").attr("x1", xx).attr("x2", xx).attr("y1", -6).attr("y2", f.h).attr("stroke", m.color).attr("stroke-width", 1.5).attr("stroke-dasharray", "3 3");
    g.append("text").attr("x", xx).attr("y", -9).attr("text-anchor", xx > f.w * 0.7 ? "end" : "start").attr("font-size", 11).attr("fill", m.color).text(m.label);
  }
  const data = plot.append("g").attr("class", "series-all").attr("clip-path", `url(#${clipId})`);
  for (const s of spec.series) {
    const idx: number[] = [];
    for (let i = 0; i < s.t.length; i++) if (Number.isFinite(s.t[i]) && Number.isFinite(s.y[i])) idx.push(i);
    const g = data.append("g").attr("class", `series ${s.name}`).attr("data-series", s.name);
    const line = d3
      .line<number>()
      .x((i) => x(s.t[i] / tu.factor))
      .y((i) => y(s.y[i] / yf));
    g.append("path").attr("class", "line").attr("fill", "none").attr("stroke", s.color).attr("stroke-width", 1.8).attr("stroke-dasharray", s.dash ? "6 3" : null).attr("d", line(idx));
    g.selectAll("circle")
      .data(idx)
      .join("circle")
      .attr("class", "point")
      .attr("data-series", s.name)
      .attr("cx", (i) => x(s.t[i] / tu.factor))
      .attr("cy", (i) => y(s.y[i] / yf))
      .attr("r", idx.length > 400 ? 1.2 : 2)
      .attr("fill", s.color);
  }
  for (const hl of spec.highlights ?? []) {
    const xx = x(hl.t / tu.factor), yy = y(hl.y / yf);
    const g = plot.append("g").attr("class", `highlight ${hl.name}`);
    g.append("circle").attr("cx", xx).attr("cy", yy).attr("r", 8).attr("fill", "none").attr("stroke", hl.color).attr("stroke-width", 2);
    g.append("text").attr("x", xx + 11).attr("y", yy + 4).attr("font-size", 11).attr("fill", hl.color).text(hl.label);
  }
  if (spec.note) plot.append("text").attr("class", "note").attr("x", f.w).attr("y", f.h - 6).attr("text-anchor", "end").attr("font-size", 11).attr("fill", "#666").text(spec.note);
}
