/**
 * `lidep render`: draws one view of a run or sweep directory in Node — the same chart code as the
 * browser, on a jsdom document — and writes it as SVG, or as PNG through resvg, by the output's
 * extension.
 */
import { extname, join, resolve } from "node:path";
import { JSDOM } from "jsdom";
import * as d3 from "d3";
import { Resvg } from "@resvg/resvg-js";
import { UserError } from "../errors.ts";
import { writeFileAtomic } from "../io/atomic.ts";
import { prepareOutputFile, writeFailure } from "../io/outdir.ts";
import { dirKind, loadRun, loadSweep } from "./data.ts";
import { DEFAULT_SIZE, VIEWS, VIEW_FILES, drawRunView, drawSweepView, isView, type ViewName } from "./views.ts";
import type { Container } from "./charts/frame.ts";
import { drawScoreboard, type ScoreboardRow } from "./charts/scoreboard.ts";
import { drawComparison, type ComparisonData } from "./charts/comparison.ts";
import { drawCrossover, type CrossoverChartData } from "./charts/crossover.ts";

export interface RenderOptions {
  dir: string;
  view: ViewName;
  out: string;
  width?: number;
  height?: number;
  /** Morphology: snapshot index (0-based; negative counts from the end; default the last). */
  snapshot?: number;
  /** Replace an existing file at `out` (one inside a lidep output is replaced without it). */
  force?: boolean;
}

const MAX_SIDE = 10000;

function checkSide(name: string, v: number | undefined): void {
  if (v === undefined) return;
  if (!Number.isInteger(v) || v < 50 || v > MAX_SIDE) throw new UserError(`--${name} ${v}: expected a whole number of pixels between 50 and ${MAX_SIDE}`);
}

/** Draws the view and returns the SVG document text. */
export function renderSvg(opts: Omit<RenderOptions, "out">): string {
  const view = String(opts.view);
  if (!isView(view)) throw new UserError(`unknown view "${view}": expected one of ${VIEWS.join(", ")}`);
  checkSide("width", opts.width);
  checkSide("height", opts.height);
  const dir = resolve(opts.dir);
  const kind = dirKind(dir);
  const size = { width: opts.width ?? DEFAULT_SIZE[view].width, height: opts.height ?? DEFAULT_SIZE[view].height };
  const dom = new JSDOM("<!DOCTYPE html><html><body></body></html>");
  try {
    const body = d3.select(dom.window.document.body) as unknown as Container;
    if (view === "sweep") {
      if (kind !== "sweep") throw new UserError(`${opts.dir}: the sweep view needs a sweep directory (with sweep.arrow)`);
      drawSweepView(body, loadSweep(dir), size);
    } else {
      if (kind !== "run") throw new UserError(`${opts.dir}: a sweep directory; the ${view} view needs a run directory (one of the sweep's key=value/seed=N/ folders)`);
      const files = VIEW_FILES[view];
      const run = loadRun(dir, { timeseries: files.includes("timeseries.arrow"), snapshots: files.includes("snapshots.arrow") });
      if (view === "morphology" && opts.snapshot !== undefined) {
        const K = run.snapshots?.length ?? 0;
        if (!Number.isInteger(opts.snapshot) || opts.snapshot >= K || opts.snapshot < -K) {
          throw new UserError(`--snapshot ${opts.snapshot}: the run has ${K} snapshots (0..${K - 1}, or -1 for the last)`);
        }
      }
      drawRunView(body, view, run, { ...size, snapshot: opts.snapshot });
    }
    const svg = dom.window.document.querySelector("svg");
    if (!svg) throw new Error("the chart drew no <svg>");
    return `<?xml version="1.0" encoding="UTF-8"?>\n${svg.outerHTML}\n`;
  } finally {
    dom.window.close();
  }
}

/** An SVG document as a PNG of the SVG's own size, text in the system's sans-serif font. */
export function svgToPng(svg: string): Uint8Array {
  const r = new Resvg(svg, {
    fitTo: { mode: "original" },
    background: "white",
    font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans", sansSerifFamily: "DejaVu Sans" },
  });
  return r.render().asPng();
}

export async function renderCommand(opts: RenderOptions): Promise<void> {
  if (!opts.out) throw new UserError("render: give an output file (.svg or .png)");
  const ext = extname(opts.out).toLowerCase();
  if (ext !== ".svg" && ext !== ".png") throw new UserError(`${opts.out}: unknown picture type "${ext || "(none)"}": expected .svg or .png`);
  const out = prepareOutputFile(opts.out, { force: opts.force });
  const svg = renderSvg(opts);
  const data = ext === ".svg" ? svg : svgToPng(svg);
  try {
    writeFileAtomic(out, data);
  } catch (e) {
    throw writeFailure(e, out, "the picture", "nothing was written");
  }
}

/** Writes morphology.png (the last snapshot) and growth.png into a run directory; returns their paths. */
export async function renderStartPictures(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const view of ["morphology", "growth"] as const) {
    const file = join(resolve(dir), `${view}.png`);
    await renderCommand({ dir, view, out: file });
    out.push(file);
  }
  return out;
}

/** Draws a chart on a jsdom document and writes it as a PNG. */
function renderPng(out: string, draw: (c: Container) => void): void {
  const dom = new JSDOM("<!DOCTYPE html><html><body></body></html>");
  try {
    draw(d3.select(dom.window.document.body) as unknown as Container);
    const svg = dom.window.document.querySelector("svg");
    if (!svg) throw new Error("the chart drew no <svg>");
    writeFileAtomic(resolve(out), svgToPng(`<?xml version="1.0" encoding="UTF-8"?>\n${svg.outerHTML}\n`));
  } finally {
    dom.window.close();
  }
}

/** The scoreboard figure of `lidep reproduce` (charts/scoreboard.ts) as a PNG. */
export async function renderScoreboard(rows: ScoreboardRow[], out: string): Promise<void> {
  renderPng(out, (c) => drawScoreboard(c, rows, { width: 1000, height: 400 }));
}

/** The paper and lidep side by side (charts/comparison.ts) as a PNG. */
export async function renderCrossover(data: CrossoverChartData, out: string): Promise<void> {
  renderPng(out, (c) => drawCrossover(c, data, { width: 760, height: 480 }));
}

export async function renderComparison(data: ComparisonData, out: string): Promise<void> {
  renderPng(out, (c) => drawComparison(c, data, { width: 720, height: 440 }));
}
