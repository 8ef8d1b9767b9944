/**
 * Current: the I–t curve, with the crack (its spike) and the short circuit (the jump) marked.
 */
import { drawTimeChart, type VMark } from "./timechart.ts";
import type { Container, Size } from "./frame.ts";
import { siPrefix } from "../units.ts";

export interface CurrentData {
  time_s: ArrayLike<number>;
  current_A: ArrayLike<number>;
  crack_s: number | null;
  shortCircuit_s: number | null;
}

/** The largest current in [t0, t1) (the crack spike), as an index, or -1. */
export function peakAfter(t: ArrayLike<number>, y: ArrayLike<number>, t0: number, t1 = Number.POSITIVE_INFINITY): number {
  let best = -1;
  for (let i = 0; i < t.length; i++) if (t[i] >= t0 && t[i] < t1 && Number.isFinite(y[i]) && (best < 0 || y[i] > y[best])) best = i;
  return best;
}

export function drawCurrent(container: Container, d: CurrentData, size: Size): void {
  let maxAbs = 0;
  for (let i = 0; i < d.current_A.length; i++) if (Number.isFinite(d.current_A[i])) maxAbs = Math.max(maxAbs, Math.abs(d.current_A[i]));
  const u = siPrefix(maxAbs, "A");
  const marks: VMark[] = [];
  const highlights = [];
  if (d.crack_s !== null) {
    marks.push({ name: "crack", t: d.crack_s, label: "crack initiated", color: "#d62728" });
    const i = peakAfter(d.time_s, d.current_A, d.crack_s, d.shortCircuit_s !== null && d.shortCircuit_s > d.crack_s ? d.shortCircuit_s : undefined);
    if (i >= 0) highlights.push({ name: "spike", t: d.time_s[i], y: d.current_A[i], label: "crack spike", color: "#d62728" });
  }
  if (d.shortCircuit_s !== null) {
    marks.push({ name: "short-circuit", t: d.shortCircuit_s, label: "short circuit", color: "#9467bd" });
    const i = peakAfter(d.time_s, d.current_A, d.shortCircuit_s);
    if (i >= 0) highlights.push({ name: "jump", t: d.time_s[i], y: d.current_A[i], label: "short-circuit jump", color: "#9467bd" });
  }
  drawTimeChart(
    container,
    {
      kind: "current",
      title: "Current through the cell (I–t)",
      yLabel: `current (${u.unit})`,
      yFactor: u.factor,
      series: [{ name: "current", label: "current I", color: "#1f77b4", t: d.time_s, y: d.current_A }],
      marks,
      highlights,
      yMin: 0,
    },
    size,
  );
}
