/**
 * Growth: the deposit's height and lateral extent against time on one chart; the title gives the
 * ratio of the two growth rates (least-squares slopes over the run), which tells vertical
 * (whisker-like, root) growth from lateral creep at a glance.
 */
import { drawTimeChart } from "./timechart.ts";
import type { Container, Size } from "./frame.ts";
import { growthRates } from "../model.ts";
import { formatSI } from "../units.ts";

export interface GrowthData {
  time_s: ArrayLike<number>;
  height_nm: ArrayLike<number>;
  lateralExtent_nm: ArrayLike<number>;
}

export function growthTitle(d: GrowthData): string {
  const r = growthRates(d.time_s, d.height_nm, d.lateralExtent_nm);
  const ratio = Number.isFinite(r.ratio) ? r.ratio.toPrecision(3) : Number.isNaN(r.ratio) ? "n/a (no growth)" : r.ratio > 0 ? "∞" : "−∞";
  return `Growth — height rate / lateral rate = ${ratio}`;
}

export function drawGrowth(container: Container, d: GrowthData, size: Size): void {
  const r = growthRates(d.time_s, d.height_nm, d.lateralExtent_nm);
  drawTimeChart(
    container,
    {
      kind: "growth",
      title: growthTitle(d),
      yLabel: "size (nm)",
      yMin: 0,
      series: [
        { name: "height", label: `height (dh/dt = ${formatSI(r.height * 1e-9, "m/s")})`, color: "#1f77b4", t: d.time_s, y: d.height_nm },
        { name: "lateral", label: `lateral extent (dw/dt = ${formatSI(r.lateral * 1e-9, "m/s")})`, color: "#ff7f0e", t: d.time_s, y: d.lateralExtent_nm },
      ],
      note: "rates: least-squares slopes over the run",
    },
    size,
  );
}
