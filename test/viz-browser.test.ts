/**
 * `lidep view` in a real browser: Debian's chromium (installed by scripts/ensure-chromium.sh when
 * missing), driven headless by playwright-core, on a small run made here and a synthetic sweep.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { viewCommand, type ViewServer } from "../src/viz/serve.ts";
import { arrowColumns, decodePng, distinctColours, liPerSnapshot, makeSmallRun, makeSweep } from "./viz-fixtures.ts";

const ROOT = new URL("..", import.meta.url).pathname;
const CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

let tmp = "";
let run = "";
let sweepDir = "";
let runServer: ViewServer | null = null;
let sweepServer: ViewServer | null = null;
let ctx: BrowserContext | null = null;
let rows = 0;
let li: number[] = [];
let sweepInfo: ReturnType<typeof makeSweep>;
const pageErrors: string[] = [];

beforeAll(async () => {
  execFileSync("bash", [join(ROOT, "scripts/ensure-chromium.sh")], { stdio: "inherit", timeout: 600_000 });
  tmp = mkdtempSync(join(tmpdir(), "lidep-viz-browser-"));
  run = makeSmallRun(join(tmp, "run"));
  rows = arrowColumns(join(run, "timeseries.arrow")).numRows;
  li = liPerSnapshot(run);
  sweepDir = join(tmp, "sweep");
  sweepInfo = makeSweep(sweepDir, run);
  runServer = await viewCommand({ dir: run });
  sweepServer = await viewCommand({ dir: sweepDir, port: 0, host: "127.0.0.1" });
  ctx = await chromium.launchPersistentContext(join(tmp, "profile"), {
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1200, height: 900 },
  });
});

afterAll(async () => {
  await ctx?.close();
  await runServer?.close();
  await sweepServer?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

async function open(url: string): Promise<Page> {
  const page = await ctx!.newPage();
  page.on("pageerror", (e) => pageErrors.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error") pageErrors.push(m.text());
  });
  await page.goto(url);
  await page.waitForSelector("body[data-ready=true], body[data-error=true]", { timeout: 30_000 });
  expect(await page.locator("#error").textContent()).toBe("");
  return page;
}

const count = (page: Page, sel: string) => page.locator(sel).count();

describe("lidep view in chromium", () => {
  it("serves on the loopback interface", () => {
    expect(runServer!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it("a run: each view renders with one mark per datum", async () => {
    const page = await open(runServer!.url);
    for (const view of ["morphology", "growth", "pressure", "current", "paths"]) expect(await count(page, `#view-${view} svg.lidep-chart`), view).toBe(1);
    expect(await count(page, "#view-morphology circle.site.li")).toBe(li[li.length - 1]);
    expect(await count(page, '#view-growth circle.point[data-series="height"]')).toBe(rows);
    expect(await count(page, '#view-growth circle.point[data-series="lateral"]')).toBe(rows);
    expect(await count(page, '#view-pressure circle.point[data-series="max"]')).toBe(rows);
    expect(await count(page, '#view-current circle.point[data-series="current"]')).toBe(rows);
    expect(await count(page, "#view-paths circle.point")).toBe(4 * rows);
    expect(await count(page, "#view-pressure .hline.griffith")).toBe(1);
    expect(await page.locator("#view-growth .title").textContent()).toMatch(/height rate \/ lateral rate = /);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it("the time slider changes the morphology, and play steps through the snapshots", async () => {
    const page = await open(runServer!.url);
    const K = li.length;
    expect(await page.locator("#snapshot").getAttribute("max")).toBe(String(K - 1));
    const last = await page.locator("#view-morphology svg").innerHTML();
    await page.locator("#snapshot").fill("0");
    await page.waitForSelector('#view-morphology svg[data-snapshot="0"]');
    expect(await count(page, "#view-morphology circle.site.li")).toBe(li[0]);
    expect(await page.locator("#view-morphology svg").innerHTML()).not.toBe(last);
    expect(await page.locator("#snapshot-label").textContent()).toMatch(/^snapshot 1\/\d+ · t = 0 s$/);
    const mid = Math.floor(K / 2);
    await page.locator("#snapshot").fill(String(mid));
    await page.waitForSelector(`#view-morphology svg[data-snapshot="${mid}"]`);
    expect(await count(page, "#view-morphology circle.site.li")).toBe(li[mid]);
    // play from the start: the slider moves on by itself
    await page.locator("#snapshot").fill("0");
    await page.locator("#play").click();
    await page.waitForFunction(() => Number((document.querySelector("#snapshot") as HTMLInputElement).value) >= 2, undefined, { timeout: 10_000 });
    expect(await page.locator("#play").textContent()).toContain("pause");
    await page.locator("#play").click();
    expect(await page.locator("#play").textContent()).toContain("play");
    const shown = Number(await page.locator("#view-morphology svg").getAttribute("data-snapshot"));
    expect(await count(page, "#view-morphology circle.site.li")).toBe(li[shown]);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it("the screenshot is not blank", async () => {
    const page = await open(runServer!.url);
    const full = decodePng(await page.screenshot({ fullPage: true }));
    expect(full.width).toBe(1200);
    expect(distinctColours(full)).toBeGreaterThan(50);
    const chart = decodePng(await page.locator("#view-morphology svg").screenshot());
    expect(distinctColours(chart)).toBeGreaterThan(20);
    await page.close();
  });

  it("a sweep: the map has one mark per simulation; a click opens that run", async () => {
    const page = await open(sweepServer!.url);
    expect(await count(page, "#view-sweep .mark")).toBe(sweepInfo.rows.length);
    expect(await count(page, "#view-sweep .mark.cracked")).toBe(sweepInfo.rows.filter((r) => r.cracked).length);
    expect(await page.locator("#sweep-x").inputValue()).toBe("electrical.currentDensity_A_per_cm2");
    expect(await page.locator("#sweep-y").inputValue()).toBe("collector.stiffness_N_per_m");
    await page.locator(`#view-sweep .mark[data-row="${sweepInfo.runRow}"]`).click();
    await page.waitForSelector("#view-morphology svg");
    await page.waitForSelector("body[data-ready=true]");
    expect(await page.locator("#run-title").textContent()).toBe(`Run ${sweepInfo.runPath}`);
    expect(await count(page, "#view-morphology circle.site.li")).toBe(li[li.length - 1]);
    expect(await count(page, '#view-growth circle.point[data-series="height"]')).toBe(rows);
    // another pair of keys
    await page.locator("#sweep-y").selectOption("seed");
    expect(await page.locator("#view-sweep .y-label").textContent()).toBe("seed");
    expect(await count(page, "#view-sweep .mark")).toBe(sweepInfo.rows.length);
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
