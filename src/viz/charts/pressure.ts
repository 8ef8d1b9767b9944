/**
 * Pressure: the maximum and mean pressure on the Li–LLZO interface against time, with the Griffith
 * threshold of the largest surface defect and the theoretical strength of LLZO as horizontal
 * lines, and crack initiation marked. A symlog axis keeps zero visible while MPa and GPa share it.
 */
import { drawTimeChart, type HLine, type VMark } from "./timechart.ts";
import type { Container, Size } from "./frame.ts";
import { formatSI } from "../units.ts";

export interface PressureData {
  time_s: ArrayLike<number>;
  maxPressure_Pa: ArrayLike<number>;
  meanPressure_Pa: ArrayLike<number>;
  /** Griffith threshold σc of the largest defect (Pa) and that defect's depth (nm), if any. */
  griffith: { stress_Pa: number; depth_nm: number | null } | null;
  theoreticalStrength_Pa: number;
  crack_s: number | null;
  shortCircuit_s: number | null;
}

export function drawPressure(container: Container, d: PressureData, size: Size): void {
  const hlines: HLine[] = [];
  if (d.griffith) {
    const a = d.griffith.depth_nm !== null ? `, a = ${Number(d.griffith.depth_nm.toPrecision(3))} nm` : "";
    hlines.push({ name: "griffith", y: d.griffith.stress_Pa, label: `Griffith threshold${a}: ${formatSI(d.griffith.stress_Pa, "Pa")}${d.griffith.stress_Pa > d.theoreticalStrength_Pa ? " (above the strength)" : ""}`, color: "#d62728" });
  }
  hlines.push({ name: "strength", y: d.theoreticalStrength_Pa, label: `LLZO theoretical strength: ${formatSI(d.theoreticalStrength_Pa, "Pa")}`, color: "#7f7f7f" });
  const marks: VMark[] = [];
  if (d.crack_s !== null) marks.push({ name: "crack", t: d.crack_s, label: "crack initiated", color: "#d62728" });
  if (d.shortCircuit_s !== null && d.shortCircuit_s !== d.crack_s) marks.push({ name: "short-circuit", t: d.shortCircuit_s, label: "short circuit", color: "#9467bd" });
  let peak = 0;
  for (let i = 0; i < d.maxPressure_Pa.length; i++) if (d.maxPressure_Pa[i] > peak) peak = d.maxPressure_Pa[i];
  drawTimeChart(
    container,
    {
      kind: "pressure",
      title: `Interface pressure — peak ${formatSI(peak, "Pa")}`,
      yLabel: "interface pressure (MPa, symlog)",
      yFactor: 1e6,
      yScale: "symlog",
      symlogConstant: 0.1,
      series: [
        { name: "max", label: "max pressure", color: "#1f77b4", t: d.time_s, y: d.maxPressure_Pa },
        { name: "mean", label: "mean pressure", color: "#2ca02c", t: d.time_s, y: d.meanPressure_Pa, dash: true },
      ],
      hlines,
      marks,
      note: d.griffith ? undefined : "no surface defect in the scenario: no Griffith threshold",
    },
    size,
  );
}
