/**
 * Sweep: a morphology map over two swept keys: one mark per simulation at its (x, y) values,
 * coloured by the deposit's aspect ratio (final height / final lateral extent; red tall, blue
 * flat), a cross for a simulation that cracked and a circle for one that did not. Several seeds
 * at one grid point sit on a small ring around it. Numeric keys whose values span two decades or
 * more get a log axis; text keys (e.g. collector.kind) a categorical one.
 */
import * as d3 from "d3";
import { frame, type Container, type Size } from "./frame.ts";
import type { SweepPoint } from "../model.ts";
import { keyLabel } from "../units.ts";

export interface SweepMapData {
  xKey: string;
  yKey: string;
  points: SweepPoint[];
}

type AxisScale = { kind: "log" | "linear" | "band"; pos: (v: number | string) => number; axis: d3.Axis<any> };

function scaleFor(values: (number | string)[], range: [number, number]): AxisScale {
  const nums = values.filter((v): v is number => typeof v === "number" && Number.isFinite(v));
  const distinct = Array.from(new Set(values.map((v) => String(v))));
  if (nums.length === values.length && distinct.length > 1) {
    const lo = d3.min(nums)!, hi = d3.max(nums)!;
    // a grid of a few values: label exactly those
    const grid = distinct.length <= 10 ? Array.from(new Set(nums)).sort((a, b) => a - b) : null;
    if (lo > 0 && hi / lo >= 100) {
      const f = Math.pow(hi / lo, 0.08);
      const s = d3.scaleLog().domain([lo / f, hi * f]).range(range);
      const axis = grid ? d3.axisBottom(s).tickValues(grid).tickFormat((v) => d3.format("~g")(v as number)) : d3.axisBottom(s).ticks(6, "~g");
      return { kind: "log", pos: (v) => s(v as number), axis };
    }
    const pad = (hi - lo) * 0.1;
    const s = d3.scaleLinear().domain([lo - pad, hi + pad]).range(range);
    const axis = grid ? d3.axisBottom(s).tickValues(grid).tickFormat((v) => d3.format("~g")(v as number)) : d3.axisBottom(s).ticks(6);
    return { kind: "linear", pos: (v) => s(v as number), axis };
  }
  const order = nums.length === values.length ? distinct.sort((a, b) => Number(a) - Number(b)) : distinct.sort();
  const s = d3.scalePoint<string>().domain(order).range(range).padding(0.6);
  return { kind: "band", pos: (v) => s(String(v)) ?? 0, axis: d3.axisBottom(s) };
}

export const aspectColor = (t: number) => d3.interpolateRdBu(1 - t);

export function drawSweep(container: Container, d: SweepMapData, size: Size): void {
  const nCracked = d.points.filter((p) => p.cracked).length;
  const legendWidth = 150;
  const margin = { top: 40, right: legendWidth + 20, bottom: 52, left: 80 };
  const f = frame(container, size, margin, `Sweep morphology map — ${d.points.length} simulations, ${nCracked} cracked`, "sweep");
  const xs = scaleFor(d.points.map((p) => p.x), [0, f.w]);
  const ys = scaleFor(d.points.map((p) => p.y), [f.h, 0]);
  const xAxis = xs.axis;
  f.plot.append("g").attr("class", "axis x-axis").attr("transform", `translate(0,${f.h})`).call(xAxis);
  // the same axis, on the left
  const ya = d3.axisLeft(ys.axis.scale() as d3.AxisScale<any>).tickFormat(ys.axis.tickFormat() as (v: any, i: number) => string);
  const yTickValues = ys.axis.tickValues();
  if (yTickValues) ya.tickValues(yTickValues);
  const yTickArgs = ys.axis.tickArguments();
  if (yTickArgs.length) ya.tickArguments(yTickArgs);
  f.plot.append("g").attr("class", "axis y-axis").call(ya);
  const xLabel = `${keyLabel(d.xKey)}${xs.kind === "log" ? ", log scale" : ""}`;
  const yLabel = `${keyLabel(d.yKey)}${ys.kind === "log" ? ", log scale" : ""}`;
  f.plot.append("text").attr("class", "axis-label x-label").attr("x", f.w / 2).attr("y", f.h + 38).attr("text-anchor", "middle").text(xLabel);
  f.plot.append("text").attr("class", "axis-label y-label").attr("transform", `translate(${-margin.left + 16},${f.h / 2}) rotate(-90)`).attr("text-anchor", "middle").text(yLabel);

  const finite = d.points.map((p) => Math.log2(p.aspect)).filter(Number.isFinite);
  const m = Math.max(1, d3.max(finite.map(Math.abs)) ?? 1);
  const color = d3.scaleDiverging<string>(aspectColor).domain([-m, 0, m]);

  // positions: a ring around the grid point when several simulations share it
  const groups = d3.group(d.points, (p) => `${p.x}\u0000${p.y}`);
  const pos = new Map<SweepPoint, [number, number]>();
  for (const g of groups.values()) {
    g.forEach((p, i) => {
      const cx = xs.pos(p.x), cy = ys.pos(p.y);
      if (g.length === 1) pos.set(p, [cx, cy]);
      else {
        const a = (2 * Math.PI * i) / g.length - Math.PI / 2;
        const rr = Math.min(14, 5 + 2 * g.length);
        pos.set(p, [cx + rr * Math.cos(a), cy + rr * Math.sin(a)]);
      }
    });
  }
  const circle = d3.symbol(d3.symbolCircle, 130)();
  const cross = d3.symbol(d3.symbolCross, 150)();
  f.plot
    .append("g")
    .attr("class", "marks")
    .selectAll("path")
    .data(d.points)
    .join("path")
    .attr("class", (p) => `mark ${p.cracked ? "cracked" : "intact"}`)
    .attr("data-row", (p) => p.row)
    .attr("data-cracked", (p) => (p.cracked ? "1" : "0"))
    .attr("transform", (p) => `translate(${pos.get(p)![0].toFixed(2)},${pos.get(p)![1].toFixed(2)})`)
    .attr("d", (p) => (p.cracked ? cross : circle))
    .attr("fill", (p) => (Number.isFinite(p.aspect) && p.aspect > 0 ? color(Math.log2(p.aspect)) : "#bbbbbb"))
    .attr("stroke", (p) => (p.cracked ? "black" : "#555"))
    .attr("stroke-width", (p) => (p.cracked ? 1.6 : 0.8))
    .append("title")
    .text((p) => `${d.xKey} = ${p.x}\n${d.yKey} = ${p.y}\nseed ${p.seed}: ${p.outcome}\nheight ${p.height_nm.toFixed(2)} nm, width ${p.width_nm.toFixed(2)} nm, aspect ${Number.isFinite(p.aspect) ? p.aspect.toFixed(2) : "–"}`);

  // legend
  const lg = f.svg.append("g").attr("class", "legend").attr("transform", `translate(${size.width - legendWidth - 6},${margin.top + 4})`).attr("font-size", 11);
  lg.append("text").attr("x", 0).attr("y", 0).attr("font-weight", "bold").text("height / width");
  lg.append("text").attr("x", 0).attr("y", 14).text("(red tall, blue flat)");
  const barH = Math.max(50, Math.min(160, f.h - 110));
  const gradId = "lidep-aspect-gradient";
  const grad = lg.append("defs").append("linearGradient").attr("id", gradId).attr("x1", 0).attr("x2", 0).attr("y1", 1).attr("y2", 0);
  for (let s = 0; s <= 10; s++) grad.append("stop").attr("offset", s / 10).attr("stop-color", aspectColor(s / 10));
  lg.append("rect").attr("class", "colorbar").attr("x", 0).attr("y", 24).attr("width", 16).attr("height", barH).attr("fill", `url(#${gradId})`).attr("stroke", "#999");
  const bs = d3.scaleLog().base(2).domain([2 ** -m, 2 ** m]).range([24 + barH, 24]);
  const tv: number[] = [];
  for (let e = -Math.floor(m); e <= Math.floor(m); e++) tv.push(2 ** e);
  const step = Math.max(1, Math.ceil(tv.length / 7));
  lg.append("g").attr("class", "axis colorbar-axis").attr("transform", "translate(16,0)").call(d3.axisRight(bs).tickValues(tv.filter((_, i) => (i - Math.floor(tv.length / 2)) % step === 0)).tickFormat((v) => d3.format("~g")(v as number)));
  let ly = 24 + barH + 28;
  for (const [label, path, stroke, fill] of [["intact", circle, "#555", "#dddddd"], ["cracked", cross, "black", "#dddddd"], ["aspect unknown", circle, "#555", "#bbbbbb"]] as const) {
    lg.append("path").attr("transform", `translate(8,${ly - 4})`).attr("d", path).attr("fill", fill).attr("stroke", stroke).attr("stroke-width", 1.2);
    lg.append("text").attr("x", 22).attr("y", ly).text(label);
    ly += 20;
  }
}
