/**
 * The views: each turns a run (or a sweep) into its chart's plain data and draws it. The same
 * functions run in the browser (viz/app.ts) and in Node (src/viz/render.ts).
 */
import { drawMorphology, morphologyData, type MorphologyData } from "./charts/morphology.ts";
import { drawGrowth } from "./charts/growth.ts";
import { drawPressure } from "./charts/pressure.ts";
import { drawCurrent } from "./charts/current.ts";
import { drawPaths } from "./charts/paths.ts";
import { drawSweep } from "./charts/sweep.ts";
import type { Container, Size } from "./charts/frame.ts";
import { crackTimes, griffithThreshold, LLZO_THEORETICAL_STRENGTH_PA, sweepAxes, sweepPoints, type RunData, type SweepData, type TimeSeries } from "./model.ts";

export const RUN_VIEWS = ["morphology", "growth", "pressure", "current", "paths"] as const;
export const VIEWS = [...RUN_VIEWS, "sweep"] as const;
export type RunView = (typeof RUN_VIEWS)[number];
export type ViewName = (typeof VIEWS)[number];

export const DEFAULT_SIZE: Record<ViewName, Size> = {
  morphology: { width: 900, height: 560 },
  growth: { width: 800, height: 460 },
  pressure: { width: 800, height: 460 },
  current: { width: 800, height: 460 },
  paths: { width: 800, height: 460 },
  sweep: { width: 820, height: 560 },
};

/** Which files of a run directory a view reads. */
export const VIEW_FILES: Record<RunView, ("timeseries.arrow" | "snapshots.arrow" | "summary.json")[]> = {
  morphology: ["snapshots.arrow", "summary.json"],
  growth: ["timeseries.arrow", "summary.json"],
  pressure: ["timeseries.arrow", "summary.json"],
  current: ["timeseries.arrow", "summary.json"],
  paths: ["timeseries.arrow", "summary.json"],
};

export function isView(v: string): v is ViewName {
  return (VIEWS as readonly string[]).includes(v);
}

function col(ts: TimeSeries, name: string): Float64Array {
  return ts.cols[name] ?? new Float64Array(ts.n).fill(Number.NaN);
}

export function runMorphologyData(run: RunData): MorphologyData {
  const width = run.summary.scenario?.lattice?.size_nm?.[0];
  // the crack, for the legend: from the summary (and the time series when it is loaded)
  const known = run.summary.crack !== undefined || run.timeseries?.cols.crackState !== undefined;
  const c = crackTimes(run);
  return morphologyData(run.snapshots ?? [], typeof width === "number" ? width : undefined, known ? { initiated_s: c.initiated, shortCircuit_s: c.shortCircuit } : undefined);
}

export interface DrawOptions extends Size {
  /** Morphology: the snapshot (position in the run's snapshots; negative from the end). */
  snapshot?: number;
  /** Morphology: prepared data, to redraw snapshots without rebuilding it. */
  morphology?: MorphologyData;
}

export function drawRunView(container: Container, view: RunView, run: RunData, o: DrawOptions): void {
  const size = { width: o.width, height: o.height };
  if (view === "morphology") {
    drawMorphology(container, o.morphology ?? runMorphologyData(run), size, o.snapshot ?? -1);
    return;
  }
  const ts = run.timeseries;
  if (!ts) throw new Error(`${run.name}: no time series`);
  const cracks = crackTimes(run);
  switch (view) {
    case "growth":
      drawGrowth(container, { time_s: ts.time_s, height_nm: col(ts, "height_nm"), lateralExtent_nm: col(ts, "lateralExtent_nm") }, size);
      return;
    case "pressure":
      drawPressure(
        container,
        {
          time_s: ts.time_s,
          maxPressure_Pa: col(ts, "maxPressure_Pa"),
          meanPressure_Pa: col(ts, "meanPressure_Pa"),
          griffith: griffithThreshold(run.summary),
          theoreticalStrength_Pa: LLZO_THEORETICAL_STRENGTH_PA,
          crack_s: cracks.initiated,
          shortCircuit_s: cracks.shortCircuit,
        },
        size,
      );
      return;
    case "current":
      drawCurrent(container, { time_s: ts.time_s, current_A: col(ts, "current_A"), crack_s: cracks.initiated, shortCircuit_s: cracks.shortCircuit }, size);
      return;
    case "paths":
      drawPaths(
        container,
        { time_s: ts.time_s, hops: { bulk: ts.cols.hopsBulk, surface: ts.cols.hopsSurface, interface: ts.cols.hopsInterface, collector: ts.cols.hopsCollector } },
        size,
      );
      return;
  }
}

export function drawSweepView(container: Container, sweep: SweepData, o: Size & { xKey?: string; yKey?: string }): { xKey: string; yKey: string } {
  const ax = sweepAxes(sweep.columns, o.xKey, o.yKey);
  drawSweep(container, { xKey: ax.x, yKey: ax.y, points: sweepPoints(sweep, ax.x, ax.y) }, { width: o.width, height: o.height });
  return { xKey: ax.x, yKey: ax.y };
}
