/**
 * `lidep render`: the views drawn in Node (d3 on jsdom) as SVG and PNG, on a small real run, a
 * cracked copy of it and a synthetic sweep; and the one-line errors for bad input.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync, rmSync, cpSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { JSDOM } from "jsdom";
import { renderCommand, renderStartPictures } from "../src/viz/render.ts";
import { UserError } from "../src/errors.ts";
import { arrowColumns, decodePng, distinctColours, liPerSnapshot, makeCrackedRun, makeSmallRun, makeSweep } from "./viz-fixtures.ts";

let tmp = "";
let run = "";
let rows = 0;
let li: number[] = [];

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "lidep-viz-render-"));
  run = makeSmallRun(join(tmp, "run"));
  rows = arrowColumns(join(run, "timeseries.arrow")).numRows;
  li = liPerSnapshot(run);
});

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

function svgDoc(file: string): Document {
  const text = readFileSync(file, "utf8");
  expect(text).toMatch(/^<\?xml/);
  return new JSDOM(text, { contentType: "image/svg+xml" }).window.document;
}

describe("render: PNG", () => {
  it("writes a PNG of the requested size that is not one colour", async () => {
    for (const view of ["growth", "morphology"] as const) {
      const out = join(tmp, `${view}.png`);
      await renderCommand({ dir: run, view, out, width: 640, height: 420 });
      const png = decodePng(readFileSync(out));
      expect([png.width, png.height]).toEqual([640, 420]);
      expect(distinctColours(png)).toBeGreaterThan(20);
    }
  });

  it("renderStartPictures writes morphology.png and growth.png into the run directory", async () => {
    const files = await renderStartPictures(run);
    expect(files).toEqual([join(run, "morphology.png"), join(run, "growth.png")]);
    for (const f of files) {
      const png = decodePng(readFileSync(f));
      expect(png.width).toBeGreaterThan(100);
      expect(distinctColours(png)).toBeGreaterThan(20);
    }
  });
});

describe("render: SVG marks match the data", () => {
  it("morphology draws one Li mark per Li site of the chosen snapshot", async () => {
    expect(li.length).toBeGreaterThan(2);
    expect(li[0]).not.toBe(li[li.length - 1]);
    for (const k of [0, Math.floor(li.length / 2), li.length - 1]) {
      const out = join(tmp, `m${k}.svg`);
      await renderCommand({ dir: run, view: "morphology", out, snapshot: k });
      const doc = svgDoc(out);
      expect(doc.querySelectorAll("circle.site.li").length).toBe(li[k]);
      expect(doc.documentElement.getAttribute("data-snapshot")).toBe(String(k));
      expect(doc.documentElement.getAttribute("xmlns")).toBe("http://www.w3.org/2000/svg");
    }
    // default: the last snapshot; -1 too
    await renderCommand({ dir: run, view: "morphology", out: join(tmp, "mlast.svg"), snapshot: -1 });
    expect(svgDoc(join(tmp, "mlast.svg")).querySelectorAll("circle.site.li").length).toBe(li[li.length - 1]);
  });

  it("every site of the snapshot is drawn, coloured by species", async () => {
    const { numRows, cols } = arrowColumns(join(run, "snapshots.arrow"));
    const inFirst = Array.from({ length: numRows }, (_, i) => i).filter((i) => cols.snapshot[i] === 0);
    const out = join(tmp, "m0b.svg");
    await renderCommand({ dir: run, view: "morphology", out, snapshot: 0 });
    const doc = svgDoc(out);
    expect(doc.querySelectorAll("circle.site").length).toBe(inFirst.length);
    expect(doc.querySelectorAll("circle.site.llzo").length).toBe(inFirst.filter((i) => cols.species[i] === "LLZO").length);
    expect(doc.querySelectorAll("circle.site.cc").length).toBe(inFirst.filter((i) => cols.species[i] === "CC").length);
    expect(doc.querySelector(".legend")?.textContent).toContain("Li, deposited at");
  });

  it("time-series views draw one point per sample and series", async () => {
    const expectPoints: Record<string, Record<string, number>> = {
      growth: { height: rows, lateral: rows },
      pressure: { max: rows, mean: rows },
      current: { current: rows },
      paths: { bulk: rows, surface: rows, interface: rows, collector: rows },
    };
    for (const [view, series] of Object.entries(expectPoints)) {
      const out = join(tmp, `${view}.svg`);
      await renderCommand({ dir: run, view: view as "growth", out });
      const doc = svgDoc(out);
      for (const [s, n] of Object.entries(series)) expect(doc.querySelectorAll(`circle.point[data-series="${s}"]`).length, `${view}/${s}`).toBe(n);
      expect(doc.querySelector(".x-label")?.textContent).toMatch(/^time \((s|ms|µs|ns)\)$/);
      expect(doc.querySelector(".y-label")?.textContent).toMatch(/\(.+\)/);
    }
  });

  it("growth gives the ratio of the growth rates in its title", async () => {
    await renderCommand({ dir: run, view: "growth", out: join(tmp, "g.svg") });
    const title = svgDoc(join(tmp, "g.svg")).querySelector(".title")?.textContent ?? "";
    const { cols } = arrowColumns(join(run, "timeseries.arrow"));
    const slope = (t: number[], y: number[]) => {
      const n = t.length, mt = t.reduce((a, b) => a + b) / n, my = y.reduce((a, b) => a + b) / n;
      let num = 0, den = 0;
      for (let i = 0; i < n; i++) { num += (t[i] - mt) * (y[i] - my); den += (t[i] - mt) ** 2; }
      return num / den;
    };
    const ratio = slope(cols.time_s as number[], cols.height_nm as number[]) / slope(cols.time_s as number[], cols.lateralExtent_nm as number[]);
    expect(title).toContain(`height rate / lateral rate = ${ratio.toPrecision(3)}`);
  });

  it("pressure shows the Griffith threshold of the largest defect and the strength of LLZO", async () => {
    await renderCommand({ dir: run, view: "pressure", out: join(tmp, "p.svg") });
    const doc = svgDoc(join(tmp, "p.svg"));
    const griffith = 0.95e6 / (1.12 * Math.sqrt(Math.PI * 0.7e-9));
    expect(doc.querySelector(".hline.griffith")).not.toBeNull();
    expect(doc.querySelector(".hline.strength")).not.toBeNull();
    expect(doc.querySelector(".legend")?.textContent).toContain(`a = 0.7 nm: ${Number((griffith / 1e9).toPrecision(3))} GPa`);
    expect(doc.querySelector(".legend")?.textContent).toContain("16.1 GPa");
    expect(doc.querySelector(".vmark")).toBeNull();
  });

  it("a cracked run: crack and short circuit marked, extra and missing columns tolerated", async () => {
    const cracked = join(tmp, "cracked");
    const c = makeCrackedRun(run, cracked);
    await renderCommand({ dir: cracked, view: "pressure", out: join(tmp, "pc.svg") });
    const p = svgDoc(join(tmp, "pc.svg"));
    expect(p.querySelector(".vmark.crack")).not.toBeNull();
    expect(p.querySelector(".vmark.short-circuit")).not.toBeNull();
    expect(p.querySelectorAll('circle.point[data-series="max"]').length).toBe(c.n);
    expect(p.querySelectorAll('circle.point[data-series="mean"]').length).toBe(0);
    expect(p.querySelector(".title")?.textContent).toContain("peak 20 GPa");
    await renderCommand({ dir: cracked, view: "current", out: join(tmp, "cc.svg") });
    const cur = svgDoc(join(tmp, "cc.svg"));
    expect(cur.querySelector(".vmark.crack text")?.textContent).toBe("crack initiated");
    expect(cur.querySelector(".vmark.short-circuit text")?.textContent).toBe("short circuit");
    expect(cur.querySelector(".highlight.spike")).not.toBeNull();
    expect(cur.querySelector(".highlight.jump")).not.toBeNull();
    const points = cur.querySelectorAll('circle.point[data-series="current"]');
    expect(cur.querySelector(".highlight.spike circle")?.getAttribute("cx")).toBe(points[c.spike].getAttribute("cx"));
    expect(cur.querySelector(".highlight.spike circle")?.getAttribute("cy")).toBe(points[c.spike].getAttribute("cy"));
    expect(cur.querySelector(".y-label")?.textContent).toBe("current (pA)");
    // the crack time comes from crackState when the summary does not say
    const summaryless = join(tmp, "cracked2");
    cpSync(cracked, summaryless, { recursive: true });
    const s = JSON.parse(readFileSync(join(summaryless, "summary.json"), "utf8"));
    s.crack = { initiated: false, time_s: null };
    s.shortCircuit_s = null;
    (await import("node:fs")).writeFileSync(join(summaryless, "summary.json"), JSON.stringify(s));
    await renderCommand({ dir: summaryless, view: "pressure", out: join(tmp, "pc2.svg") });
    const p2 = svgDoc(join(tmp, "pc2.svg"));
    expect(p2.querySelector(".vmark.crack line")?.getAttribute("x1")).toBe(p.querySelector(".vmark.crack line")?.getAttribute("x1"));
  });

  it("the morphology legend says when a run cracked, and 'none' only when it did not", async () => {
    const cracked = join(tmp, "cracked-legend");
    const c = makeCrackedRun(run, cracked);
    const entry = async (dir: string, snapshot: number) => {
      const out = join(tmp, `legend-${dir === run ? "intact" : "cracked"}-${snapshot}.svg`);
      await renderCommand({ dir, view: "morphology", out, snapshot });
      const e = svgDoc(out).querySelector(".legend .crack-entry");
      return { state: e?.getAttribute("data-crack"), text: e?.textContent ?? "" };
    };
    const last = await entry(cracked, -1);
    expect(last.state).toBe("open");
    expect(last.text).toMatch(/^crack: at /);
    expect(last.text).toContain("short circuit at");
    expect(last.text).not.toMatch(/none/);
    // the first snapshot (t = 0) comes before the crack
    expect(c.crack_s).toBeGreaterThan(0);
    const first = await entry(cracked, 0);
    expect(first.state).toBe("later");
    expect(first.text).toMatch(/after this snapshot/);
    // the uncracked run (fracture off)
    const intact = await entry(run, -1);
    expect(intact).toEqual({ state: "none", text: "crack: none" });
  });
});

describe("render: sweep", () => {
  it("draws one mark per simulation, cracked ones as their own mark, log axes over decades", async () => {
    const sweep = join(tmp, "sweep");
    const { rows: srows } = makeSweep(sweep, run);
    for (const ext of ["svg", "png"]) await renderCommand({ dir: sweep, view: "sweep", out: join(tmp, `sweep.${ext}`), width: 700, height: 500 });
    const doc = svgDoc(join(tmp, "sweep.svg"));
    expect(doc.querySelectorAll(".mark").length).toBe(srows.length);
    expect(doc.querySelectorAll(".mark.cracked").length).toBe(srows.filter((r) => r.cracked).length);
    expect(doc.querySelector(".x-label")?.textContent).toBe("electrical.currentDensity (A/cm²), log scale");
    expect(doc.querySelector(".y-label")?.textContent).toBe("collector.stiffness (N/m), log scale");
    // colour: the tallest deposit is the reddest, the flattest the bluest; width 0 is grey
    const fill = (i: number) => doc.querySelector(`.mark[data-row="${i}"]`)!.getAttribute("fill")!;
    const aspects = srows.map((r) => (r.w > 0 ? r.h / r.w : Number.NaN));
    const iMax = aspects.indexOf(Math.max(...aspects.filter(Number.isFinite)));
    const rgb = (c: string) => c.match(/\d+/g)!.map(Number);
    expect(rgb(fill(iMax))[0]).toBeGreaterThan(rgb(fill(iMax))[2]);
    expect(fill(aspects.findIndex((a) => Number.isNaN(a)))).toBe("#bbbbbb");
    const png = decodePng(readFileSync(join(tmp, "sweep.png")));
    expect([png.width, png.height]).toEqual([700, 500]);
    expect(distinctColours(png)).toBeGreaterThan(20);
  });
});

describe("render: bad input is a one-line UserError", () => {
  const cases: [string, () => Parameters<typeof renderCommand>[0], RegExp][] = [
    ["missing directory", () => ({ dir: join(tmp, "nope"), view: "growth", out: join(tmp, "x.svg") }), /no such directory/],
    ["not a run or sweep", () => ({ dir: tmp, view: "growth", out: join(tmp, "x.svg") }), /neither a run directory/],
    ["unknown view", () => ({ dir: run, view: "bogus" as "growth", out: join(tmp, "x.svg") }), /unknown view "bogus": expected one of morphology, growth/],
    ["bad extension", () => ({ dir: run, view: "growth", out: join(tmp, "x.jpg") }), /expected \.svg or \.png/],
    ["no extension", () => ({ dir: run, view: "growth", out: join(tmp, "x") }), /expected \.svg or \.png/],
    ["snapshot out of range", () => ({ dir: run, view: "morphology", out: join(tmp, "x.svg"), snapshot: 999 }), /--snapshot 999: the run has \d+ snapshots/],
    ["bad width", () => ({ dir: run, view: "growth", out: join(tmp, "x.svg"), width: 3 }), /--width 3/],
    ["sweep view on a run", () => ({ dir: run, view: "sweep", out: join(tmp, "x.svg") }), /needs a sweep directory/],
  ];
  for (const [name, opts, msg] of cases) {
    it(name, async () => {
      const err = await renderCommand(opts()).catch((e) => e);
      expect(err).toBeInstanceOf(UserError);
      expect(err.message).toMatch(msg);
      expect(err.message).not.toContain("\n");
    });
  }

  it("missing file", async () => {
    const broken = join(tmp, "broken");
    cpSync(run, broken, { recursive: true });
    rmSync(join(broken, "snapshots.arrow"));
    const err = await renderCommand({ dir: broken, view: "morphology", out: join(tmp, "x.svg") }).catch((e) => e);
    expect(err).toBeInstanceOf(UserError);
    expect(err.message).toMatch(/snapshots\.arrow: missing/);
    // the time-series views do not need it
    await renderCommand({ dir: broken, view: "growth", out: join(tmp, "ok.svg") });
    expect(existsSync(join(tmp, "ok.svg"))).toBe(true);
    (await import("node:fs")).writeFileSync(join(broken, "timeseries.arrow"), "not arrow");
    const err2 = await renderCommand({ dir: broken, view: "growth", out: join(tmp, "x.svg") }).catch((e) => e);
    expect(err2).toBeInstanceOf(UserError);
    expect(err2.message).toMatch(/timeseries\.arrow: not a readable Arrow IPC file/);
  });
});
