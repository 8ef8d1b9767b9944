/**
 * The scoreboard at a glance: one line per numeric simulated row of `lidep reproduce`, on a common
 * logarithmic axis where each row's values are divided by its band's reference (the geometric
 * centre of a two-sided band, or its one edge). The band is the dark strip, the ×10 trend zone
 * around it the light one; each seed is a dot, the median a diamond coloured by the row's verdict.
 * Values beyond the axis are drawn at its end with an arrow.
 */
import * as d3 from "d3";
import { frame, type Container, type Size } from "./frame.ts";

export interface ScoreboardRow {
  id: string;
  label: string;
  /** Band edges (null: open on that side). */
  min: number | null;
  max: number | null;
  values: number[];
  median: number;
  verdict: "match" | "trend" | "miss" | "short";
  /** No trend zone below / above the band (a direction the paper states ends there: beyond it is a miss). */
  noTrendBelow?: boolean;
  noTrendAbove?: boolean;
}

// "short": a window too short to judge (not scored): grey
const COLOR = { match: "#2ca02c", trend: "#ff7f0e", miss: "#d62728", short: "#999999" } as const;
const LIMIT = 1000;

function reference(r: ScoreboardRow): number {
  if (r.min !== null && r.max !== null) return Math.sqrt(r.min * r.max);
  return (r.min ?? r.max)!;
}

export function drawScoreboard(container: Container, rows: ScoreboardRow[], size: Size): void {
  const usable = rows.filter((r) => (r.min === null || r.min > 0) && (r.max === null || r.max > 0) && (r.min !== null || r.max !== null));
  const rowH = 26;
  const height = Math.max(size.height, 90 + rowH * usable.length);
  const f = frame(container, { width: size.width, height }, { top: 40, right: 30, bottom: 45, left: 260 }, "Scoreboard: lidep over seeds against the paper's bands", "scoreboard");
  const x = d3.scaleLog().domain([1 / LIMIT, LIMIT]).range([0, f.w]).clamp(true);
  const y = d3.scaleBand<string>().domain(usable.map((r) => r.id)).range([0, f.h]).padding(0.3);
  const ticks = [1e-3, 1e-2, 0.1, 1, 10, 100, 1e3];
  const xa = d3.axisBottom<number>(x).tickValues(ticks).tickFormat((v) => (v >= 1 ? `×${v}` : `÷${Math.round(1 / v)}`));
  f.plot.append("g").attr("class", "axis x-axis").attr("transform", `translate(0,${f.h})`).call(xa);
  f.plot.append("line").attr("class", "unity").attr("x1", x(1)).attr("x2", x(1)).attr("y1", 0).attr("y2", f.h).attr("stroke", "#999").attr("stroke-dasharray", "3 3");
  f.plot.append("text").attr("class", "axis-label x-label").attr("x", f.w / 2).attr("y", f.h + 36).attr("text-anchor", "middle").text("lidep value ÷ the band's reference (log); dark: band, light: ×10 trend zone");
  for (const r of usable) {
    const ref = reference(r);
    const g = f.plot.append("g").attr("class", `row row-${r.id.replace(/\./g, "-")}`).attr("transform", `translate(0,${y(r.id)})`);
    const bh = y.bandwidth();
    const lo = r.min === null ? 1 / LIMIT : r.min / ref;
    const hi = r.max === null ? LIMIT : r.max / ref;
    const tlo = r.noTrendBelow ? lo : Math.max(lo / 10, 1 / LIMIT);
    const thi = r.noTrendAbove ? hi : Math.min(hi * 10, LIMIT);
    g.append("rect").attr("class", "trend-zone").attr("x", x(tlo)).attr("width", x(thi) - x(tlo)).attr("height", bh).attr("fill", "#eeeeee");
    g.append("rect").attr("class", "band").attr("x", x(lo)).attr("width", Math.max(1, x(hi) - x(lo))).attr("height", bh).attr("fill", "#c6dbef");
    for (const v of r.values) {
      g.append("circle").attr("class", "seed").attr("cx", x(v / ref)).attr("cy", bh / 2).attr("r", 3).attr("fill", "#444").attr("fill-opacity", 0.6);
    }
    const mx = x(r.median / ref);
    g.append("path").attr("class", `median verdict-${r.verdict}`).attr("d", d3.symbol(d3.symbolDiamond, 80)()).attr("transform", `translate(${mx},${bh / 2})`).attr("fill", COLOR[r.verdict]);
    const out = r.median / ref > LIMIT ? "→" : r.median / ref < 1 / LIMIT ? "←" : "";
    if (out) g.append("text").attr("x", mx + (out === "→" ? -14 : 6)).attr("y", bh / 2 - 8).attr("font-size", 11).text(out);
    f.svg
      .append("text")
      .attr("class", "row-label")
      .attr("x", f.margin.left - 8)
      .attr("y", f.margin.top + (y(r.id) ?? 0) + bh / 2 + 4)
      .attr("text-anchor", "end")
      .attr("font-size", 11)
      .text(`${r.label} — ${r.verdict}`);
  }
}
