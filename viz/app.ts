/**
 * The browser page of `lidep view`: loads the served run or sweep directory with apache-arrow and
 * draws the shared views (src/viz/views.ts) — the same chart code `lidep render` runs in Node.
 * For a sweep: the morphology map, and a click on a mark opens that simulation's run below it.
 * The server bundles this file; `d3` and `apache-arrow` resolve to the page's globals.
 */
import * as A from "apache-arrow";
import * as d3 from "d3";
import { DEFAULT_SIZE, RUN_VIEWS, drawRunView, drawSweepView, runMorphologyData, type RunView } from "../src/viz/views.ts";
import { runOfRow, snapshotsFrom, sweptKeys, tableColumns, timeSeriesFrom, type RunData, type RunSummary, type SweepData, type SweepRun } from "../src/viz/model.ts";
import { formatTime, formatSI } from "../src/viz/units.ts";
import type { Container } from "../src/viz/charts/frame.ts";

interface Info {
  kind: "run" | "sweep";
  name: string;
  runs: SweepRun[];
  /** The run directory of each sweep row, in row order (from sweep.json), when known. */
  rowPaths: string[] | null;
}

const TITLES: Record<RunView, string> = {
  morphology: "Morphology (x–z cross-section)",
  growth: "Growth",
  pressure: "Interface pressure",
  current: "Current",
  paths: "Diffusion paths",
};

const $ = <T extends HTMLElement>(sel: string) => document.querySelector(sel) as T;

function dataUrl(runPath: string, file: string): string {
  const parts = runPath ? runPath.split("/").map(encodeURIComponent).join("/") + "/" : "";
  return `/data/${parts}${file}`;
}

async function fetchBytes(url: string): Promise<Uint8Array | null> {
  const r = await fetch(url);
  if (r.status === 404) return null;
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  return new Uint8Array(await r.arrayBuffer());
}

async function fetchArrow(url: string) {
  const b = await fetchBytes(url);
  return b ? tableColumns(A.tableFromIPC(b)) : null;
}

async function loadRun(runPath: string, name: string): Promise<RunData> {
  const [summaryBytes, ts, snaps] = await Promise.all([
    fetchBytes(dataUrl(runPath, "summary.json")),
    fetchArrow(dataUrl(runPath, "timeseries.arrow")),
    fetchArrow(dataUrl(runPath, "snapshots.arrow")),
  ]);
  const summary: RunSummary = summaryBytes ? JSON.parse(new TextDecoder().decode(summaryBytes)) : {};
  return { name, summary, timeseries: ts ? timeSeriesFrom(ts) : null, snapshots: snaps ? snapshotsFrom(snaps) : null };
}

function chartWidth(el: HTMLElement, preferred: number): number {
  const avail = el.clientWidth || preferred;
  return Math.round(Math.max(560, Math.min(preferred + 200, avail)));
}

function showError(e: unknown): void {
  const el = $<HTMLParagraphElement>("#error");
  el.hidden = false;
  el.textContent = `Error: ${(e as Error).message ?? String(e)}`;
  document.body.dataset.error = "true";
  console.error(e);
}

function runMeta(s: RunSummary): string {
  const bits: string[] = [];
  if (s.outcome) bits.push(`outcome ${s.outcome}`);
  if (typeof s.simulatedTime_s === "number") bits.push(`simulated ${formatSI(s.simulatedTime_s, "s")}`);
  if (typeof s.events === "number") bits.push(`${s.events.toLocaleString("en-US")} events`);
  if (typeof s.finalHeight_nm === "number" && typeof s.finalLateralExtent_nm === "number") bits.push(`height ${s.finalHeight_nm.toFixed(2)} nm, width ${s.finalLateralExtent_nm.toFixed(2)} nm`);
  if (typeof s.maxPressure_Pa === "number") bits.push(`max pressure ${formatSI(s.maxPressure_Pa, "Pa")}`);
  if (s.scenario?.collector?.kind) bits.push(`collector ${s.scenario.collector.kind}/${s.scenario.collector.shape ?? ""}`);
  if (typeof s.seed === "number") bits.push(`seed ${s.seed}`);
  return bits.join(" · ");
}

let stopPlaying: (() => void) | null = null;

function drawRun(run: RunData, title: string): void {
  stopPlaying?.();
  $<HTMLElement>("#run-section").hidden = false;
  $<HTMLElement>("#run-title").textContent = title;
  $<HTMLElement>("#run-meta").textContent = runMeta(run.summary);
  const host = $<HTMLDivElement>("#run-views");
  host.replaceChildren();
  for (const view of RUN_VIEWS) {
    const sec = document.createElement("section");
    sec.className = "view";
    sec.id = `section-${view}`;
    const h = document.createElement("h3");
    h.textContent = TITLES[view];
    sec.append(h);
    const chart = document.createElement("div");
    chart.className = "chart";
    chart.id = `view-${view}`;
    host.append(sec);
    const needsSnapshots = view === "morphology";
    const missing = needsSnapshots ? !run.snapshots : !run.timeseries;
    if (missing) {
      const p = document.createElement("p");
      p.className = "missing";
      p.textContent = `No ${needsSnapshots ? "snapshots.arrow" : "timeseries.arrow"} in this run directory.`;
      sec.append(p);
      continue;
    }
    if (view === "morphology") sec.append(morphologyControls(run, chart));
    sec.append(chart);
    if (view !== "morphology") {
      const size = DEFAULT_SIZE[view];
      drawRunView(d3.select(chart) as unknown as Container, view, run, { width: chartWidth(chart, size.width), height: size.height });
    }
  }
}

/** The slider and play button over the snapshots; draws the last snapshot first. */
function morphologyControls(run: RunData, chart: HTMLDivElement): HTMLElement {
  const data = runMorphologyData(run);
  const K = data.snapshots.length;
  const controls = document.createElement("div");
  controls.className = "controls";
  const play = document.createElement("button");
  play.id = "play";
  play.type = "button";
  play.textContent = "▶ play";
  const slider = document.createElement("input");
  slider.type = "range";
  slider.id = "snapshot";
  slider.min = "0";
  slider.max = String(Math.max(0, K - 1));
  slider.step = "1";
  slider.value = String(Math.max(0, K - 1));
  slider.setAttribute("aria-label", "snapshot");
  const label = document.createElement("span");
  label.id = "snapshot-label";
  controls.append(play, slider, label);
  const size = DEFAULT_SIZE.morphology;
  const draw = () => {
    const i = Number(slider.value);
    const s = data.snapshots[i];
    if (s) {
      label.textContent = `snapshot ${i + 1}/${K} · t = ${formatTime(s.time_s)}`;
    } else label.textContent = "no snapshots";
    drawRunView(d3.select(chart) as unknown as Container, "morphology", run, { width: chartWidth(chart, size.width), height: size.height, snapshot: i, morphology: data });
  };
  slider.addEventListener("input", draw);
  let timer: ReturnType<typeof setInterval> | null = null;
  const stop = () => {
    if (timer !== null) clearInterval(timer);
    timer = null;
    play.textContent = "▶ play";
  };
  stopPlaying = stop;
  play.addEventListener("click", () => {
    if (timer !== null) return stop();
    if (Number(slider.value) >= K - 1) slider.value = "0";
    draw();
    play.textContent = "❚❚ pause";
    timer = setInterval(() => {
      const next = Number(slider.value) + 1;
      if (next >= K) return stop();
      slider.value = String(next);
      draw();
    }, 400);
  });
  // first draw once the chart is in the page (its width is known then)
  queueMicrotask(draw);
  return controls;
}

function setupSweep(info: Info, sweep: SweepData): void {
  $<HTMLElement>("#sweep-section").hidden = false;
  const chart = $<HTMLDivElement>("#view-sweep");
  const xs = $<HTMLSelectElement>("#sweep-x");
  const ys = $<HTMLSelectElement>("#sweep-y");
  const keys = [...sweptKeys(sweep.columns), ...("seed" in sweep.columns ? ["seed"] : [])];
  for (const sel of [xs, ys]) for (const k of keys) sel.append(new Option(k, k));
  let axes = { xKey: "", yKey: "" };
  const size = DEFAULT_SIZE.sweep;
  let chosen = false; // before the user picks, the view chooses (the default keys)
  const draw = () => {
    const keys = chosen ? { xKey: xs.value, yKey: ys.value } : {};
    axes = drawSweepView(d3.select(chart) as unknown as Container, sweep, { width: chartWidth(chart, size.width), height: size.height, ...keys });
    xs.value = axes.xKey;
    ys.value = axes.yKey;
  };
  for (const sel of [xs, ys])
    sel.addEventListener("change", () => {
      chosen = true;
      draw();
    });
  draw();
  if (info.runs.length === 0) $<HTMLElement>("#sweep-hint").textContent = "No run directories found under this sweep.";
  chart.addEventListener("click", async (ev) => {
    const mark = (ev.target as Element).closest?.(".mark");
    if (!mark) return;
    const row = Number(mark.getAttribute("data-row"));
    const run = runOfRow(sweep, row, info.runs, info.rowPaths);
    if (!run) {
      $<HTMLElement>("#sweep-hint").textContent = `No run directory matches row ${row}.`;
      return;
    }
    chart.querySelectorAll(".mark.selected").forEach((m) => m.classList.remove("selected"));
    mark.classList.add("selected");
    const url = new URL(location.href);
    url.searchParams.set("run", run.path);
    history.replaceState(null, "", url);
    await openRun(run.path);
  });
}

async function openRun(path: string): Promise<void> {
  document.body.dataset.ready = "false";
  try {
    const run = await loadRun(path, path || "run");
    drawRun(run, path ? `Run ${path}` : "Run");
    await new Promise((r) => setTimeout(r, 0));
    document.body.dataset.ready = "true";
  } catch (e) {
    showError(e);
  }
}

async function main(): Promise<void> {
  const info = (await (await fetch("/api/info")).json()) as Info;
  $<HTMLElement>("#dir-name").textContent = info.name;
  document.title = `lidep — ${info.name}`;
  document.body.dataset.kind = info.kind;
  const nav = $<HTMLElement>("#nav");
  const links = info.kind === "sweep" ? ["sweep", ...RUN_VIEWS] : [...RUN_VIEWS];
  for (const v of links) {
    const a = document.createElement("a");
    a.href = v === "sweep" ? "#sweep-section" : `#section-${v}`;
    a.textContent = v;
    nav.append(a);
  }
  if (info.kind === "run") {
    const run = await loadRun("", info.name);
    drawRun(run, `Run ${info.name}`);
  } else {
    const bytes = await fetchBytes("/data/sweep.arrow");
    if (!bytes) throw new Error("sweep.arrow: not found");
    const columns = tableColumns(A.tableFromIPC(bytes));
    const n = Math.max(0, ...Object.values(columns).map((c) => c.length));
    const sweep: SweepData = { name: info.name, n, columns };
    $<HTMLElement>("#meta").textContent = `${n} simulations · ${info.runs.length} run directories`;
    setupSweep(info, sweep);
    const wanted = new URL(location.href).searchParams.get("run");
    if (wanted) {
      const run = await loadRun(wanted, wanted);
      drawRun(run, `Run ${wanted}`);
    }
  }
  await new Promise((r) => setTimeout(r, 0));
  $<HTMLElement>("#status").hidden = true;
  document.body.dataset.ready = "true";
}

main().catch(showError);
