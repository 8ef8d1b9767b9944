/**
 * The parts every chart shares: an <svg> of a given size with a white background and a title, a
 * plot area inside margins, labelled axes, legends. Works on any document (the browser's, or
 * jsdom's in Node): nothing here measures text or reads layout, and nothing uses the global
 * `document`.
 */
import * as d3 from "d3";

/** Where a chart is drawn: a selection of one element (a <div>, <body>, ...). The chart replaces
 * any <svg> child it drew there before. */
export type Container = d3.Selection<Element, unknown, null | Element, unknown>;
export type G = d3.Selection<SVGGElement, unknown, null | Element, unknown>;
export type Svg = d3.Selection<SVGSVGElement, unknown, null | Element, unknown>;

export interface Size {
  width: number;
  height: number;
}

export interface Margin {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export const FONT = "DejaVu Sans, Helvetica, Arial, sans-serif";
export const SVG_NS = "http://www.w3.org/2000/svg";

/** Rough width of a text in this font (no layout is available in Node). */
export function textWidth(text: string, fontSize = 12): number {
  return text.length * fontSize * 0.6;
}

export interface Frame {
  svg: Svg;
  /** The plot area, translated by the margins. */
  plot: G;
  /** Plot area size. */
  w: number;
  h: number;
  margin: Margin;
}

export function frame(container: Container, size: Size, margin: Margin, title: string, kind: string): Frame {
  container.selectChildren("svg").remove();
  const svg = container
    .append("svg")
    .attr("xmlns", SVG_NS)
    .attr("class", `lidep-chart lidep-${kind}`)
    .attr("width", size.width)
    .attr("height", size.height)
    .attr("viewBox", `0 0 ${size.width} ${size.height}`)
    .attr("font-family", FONT)
    .attr("font-size", 12) as unknown as Svg;
  svg.append("rect").attr("class", "background").attr("width", size.width).attr("height", size.height).attr("fill", "white");
  svg
    .append("text")
    .attr("class", "title")
    .attr("x", margin.left)
    .attr("y", 20)
    .attr("font-size", 14)
    .attr("font-weight", "bold")
    .text(title);
  const w = Math.max(10, size.width - margin.left - margin.right);
  const h = Math.max(10, size.height - margin.top - margin.bottom);
  const plot = svg.append("g").attr("class", "plot").attr("transform", `translate(${margin.left},${margin.top})`) as unknown as G;
  return { svg, plot, w, h, margin };
}

/** Axes at the bottom and left of the plot area, with their labels. */
export function axes(
  f: Frame,
  x: d3.AxisScale<number>,
  y: d3.AxisScale<number>,
  xLabel: string,
  yLabel: string,
  opts: { xTicks?: number; yTicks?: number; yTickValues?: number[]; xTickFormat?: (v: number) => string; yTickFormat?: (v: number) => string; grid?: boolean } = {},
): void {
  const { plot, w, h } = f;
  const xa = d3.axisBottom<number>(x).ticks(opts.xTicks ?? Math.max(2, Math.round(w / 90)));
  if (opts.xTickFormat) xa.tickFormat(opts.xTickFormat);
  const ya = d3.axisLeft<number>(y).ticks(opts.yTicks ?? Math.max(2, Math.round(h / 50)));
  if (opts.yTickValues) ya.tickValues(opts.yTickValues);
  if (opts.yTickFormat) ya.tickFormat(opts.yTickFormat);
  if (opts.grid !== false) {
    const gy = plot.append("g").attr("class", "grid").attr("stroke", "#e6e6e6");
    const ticks = opts.yTickValues ?? ((y as unknown as { ticks?: (n: number) => number[] }).ticks?.(opts.yTicks ?? Math.max(2, Math.round(h / 50))) ?? []);
    gy.selectAll("line").data(ticks).join("line").attr("x1", 0).attr("x2", w).attr("y1", (d) => y(d) ?? 0).attr("y2", (d) => y(d) ?? 0);
  }
  plot.append("g").attr("class", "axis x-axis").attr("transform", `translate(0,${h})`).call(xa);
  plot.append("g").attr("class", "axis y-axis").call(ya);
  plot
    .append("text")
    .attr("class", "axis-label x-label")
    .attr("x", w / 2)
    .attr("y", h + 36)
    .attr("text-anchor", "middle")
    .text(xLabel);
  plot
    .append("text")
    .attr("class", "axis-label y-label")
    .attr("transform", `translate(${-f.margin.left + 16},${h / 2}) rotate(-90)`)
    .attr("text-anchor", "middle")
    .text(yLabel);
}

export interface LegendItem {
  label: string;
  color: string;
  /** line: a short stroke; dash: a dashed stroke; swatch: a filled square; symbol: a d3 symbol path. */
  kind: "line" | "dash" | "swatch" | "symbol";
  symbol?: d3.SymbolType;
  stroke?: string;
}

/** A legend of items laid out left to right, wrapping at maxWidth. Returns its height. */
export function legend(g: d3.Selection<SVGGElement, unknown, null | Element, unknown>, items: LegendItem[], x: number, y: number, maxWidth: number): number {
  const lg = g.append("g").attr("class", "legend").attr("transform", `translate(${x},${y})`).attr("font-size", 11);
  let cx = 0, cy = 0;
  for (const it of items) {
    const wItem = 26 + textWidth(it.label, 11) + 14;
    if (cx > 0 && cx + wItem > maxWidth) {
      cx = 0;
      cy += 16;
    }
    const ig = lg.append("g").attr("class", "legend-item").attr("transform", `translate(${cx},${cy})`);
    if (it.kind === "swatch") ig.append("rect").attr("x", 2).attr("y", -9).attr("width", 18).attr("height", 10).attr("fill", it.color).attr("stroke", it.stroke ?? "none");
    else if (it.kind === "symbol") ig.append("path").attr("transform", "translate(11,-4)").attr("d", d3.symbol(it.symbol ?? d3.symbolCircle, 50)()).attr("fill", it.color).attr("stroke", it.stroke ?? "none").attr("stroke-width", 1.5);
    else ig.append("line").attr("x1", 0).attr("x2", 22).attr("y1", -4).attr("y2", -4).attr("stroke", it.color).attr("stroke-width", 2).attr("stroke-dasharray", it.kind === "dash" ? "6 3" : null);
    ig.append("text").attr("x", 26).attr("y", 0).text(it.label);
    cx += wItem;
  }
  return cy + 16;
}

/** Decade tick values for a symlog axis from 0 to max, at most `count` of them (plus 0). */
export function symlogTicks(max: number, constant: number, count = 7): number[] {
  if (!(max > 0)) return [0];
  const lo = Math.ceil(Math.log10(constant));
  const hi = Math.floor(Math.log10(max));
  const decades: number[] = [];
  for (let k = lo; k <= hi; k++) decades.push(k);
  const step = Math.max(1, Math.ceil(decades.length / count));
  return [0, ...decades.filter((_, i) => (decades.length - 1 - i) % step === 0).map((k) => 10 ** k)];
}

/** Tick text for decade ticks: plain numbers with thousands separators up to a million, then 1e7… */
export function tickText(v: number): string {
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 1e7 || a < 1e-3) return d3.format(".0e")(v).replace("e+", "e");
  return d3.format(",~g")(v);
}
