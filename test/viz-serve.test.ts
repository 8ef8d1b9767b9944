/**
 * `lidep view`'s server without a browser: what it serves, what it refuses, its errors.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cpSync, mkdirSync, mkdtempSync, rmSync, readFileSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { get } from "node:http";
import { vi } from "vitest";
import { hostAllowed, isLoopback, viewCommand, type ViewServer } from "../src/viz/serve.ts";
import { UserError } from "../src/errors.ts";
import { loadSweep } from "../src/viz/data.ts";
import { runOfRow, parseHivePath } from "../src/viz/model.ts";
import { makeSmallRun, makeSweep } from "./viz-fixtures.ts";

let tmp = "";
let run = "";
let sweep: ReturnType<typeof makeSweep>;
let srv: ViewServer | null = null;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "lidep-viz-serve-"));
  run = makeSmallRun(join(tmp, "run"));
  sweep = makeSweep(join(tmp, "sweep"), run);
  srv = await viewCommand({ dir: join(tmp, "sweep") });
});

afterAll(async () => {
  await srv?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** Status of a GET with the path sent as is (fetch would normalise "..", "%2E%2E"), and a Host header if given. */
function rawStatus(url: string, path: string, host?: string): Promise<number> {
  const u = new URL(url);
  return new Promise((ok, fail) => {
    get({ host: u.hostname, port: u.port, path, headers: host === undefined ? {} : { host } }, (res) => {
      res.resume();
      ok(res.statusCode ?? 0);
    }).on("error", fail);
  });
}

describe("lidep view: the server", () => {
  it("listens on 127.0.0.1 and describes the directory", async () => {
    expect(srv!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const info = await (await fetch(`${srv!.url}api/info`)).json();
    expect(info.kind).toBe("sweep");
    expect(info.name).toBe("sweep");
    expect(info.runs).toEqual([{ path: sweep.runPath, params: { "electrical.currentDensity_A_per_cm2": "0.1", "collector.stiffness_N_per_m": "10", seed: "1" } }]);
  });

  it("serves the page, its code and the browser bundles of d3 and apache-arrow", async () => {
    const page = await fetch(srv!.url);
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    expect(await page.text()).toContain('src="/app.js"');
    const app = await (await fetch(`${srv!.url}app.js`)).text();
    expect(app).toContain("globalThis[\"d3\"]");
    expect(app).not.toMatch(/from\s*["']d3["']/);
    const d3 = await (await fetch(`${srv!.url}vendor/d3.min.js`)).text();
    expect(d3).toContain("https://d3js.org v7");
    const arrow = await (await fetch(`${srv!.url}vendor/arrow.min.js`)).text();
    expect(arrow).toContain("global.Arrow");
    expect((await fetch(`${srv!.url}style.css`)).status).toBe(200);
  });

  it("serves only the directory's data files", async () => {
    const base = srv!.url;
    const arrow = await fetch(`${base}data/sweep.arrow`);
    expect(arrow.status).toBe(200);
    expect(new Uint8Array(await arrow.arrayBuffer())).toEqual(new Uint8Array(readFileSync(join(tmp, "sweep", "sweep.arrow"))));
    expect((await fetch(`${base}data/${sweep.runPath}/summary.json`)).status).toBe(200);
    expect((await fetch(`${base}data/..%2F..%2Fetc%2Fpasswd`)).status).toBe(404);
    expect(await rawStatus(base, `/data/${sweep.runPath}/summary.json`)).toBe(200);
    expect(await rawStatus(base, "/data/../run/summary.json")).toBe(404);
    expect(await rawStatus(base, "/data/%2E%2E/run/summary.json")).toBe(404);
    expect(await rawStatus(base, "/data/..%2Frun%2Fsummary.json")).toBe(404);
    expect(await rawStatus(base, "/data/%E0%A4%A")).toBe(400);
    expect((await fetch(`${base}data/${sweep.runPath}`)).status).toBe(404);
    expect((await fetch(`${base}nothing`)).status).toBe(404);
    expect((await fetch(base, { method: "POST" })).status).toBe(405);
    const head = await fetch(`${base}data/sweep.arrow`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get("content-length"))).toBeGreaterThan(100);
  });

  it("bad input is a one-line UserError", async () => {
    const cases: [Parameters<typeof viewCommand>[0], RegExp][] = [
      [{ dir: join(tmp, "nope") }, /no such directory/],
      [{ dir: tmp }, /neither a run directory/],
      [{ dir: run, port: 70000 }, /--port 70000/],
      [{ dir: run, port: Number(new URL(srv!.url).port) }, /is in use/],
    ];
    for (const [opts, msg] of cases) {
      const err = await viewCommand(opts).catch((e) => e);
      expect(err).toBeInstanceOf(UserError);
      expect(err.message).toMatch(msg);
      expect(err.message).not.toContain("\n");
    }
  });

  it("a run directory is a run, with no runs below it", async () => {
    const s = await viewCommand({ dir: run });
    try {
      const info = await (await fetch(`${s.url}api/info`)).json();
      expect(info).toEqual({ kind: "run", name: "run", runs: [], rowPaths: null });
      expect((await fetch(`${s.url}data/timeseries.arrow`)).status).toBe(200);
    } finally {
      await s.close();
    }
  });

  it("a sweep row finds its run: by sweep.json's list when there is one, else by its key=value path", async () => {
    const data = loadSweep(join(tmp, "sweep"));
    const info = await (await fetch(`${srv!.url}api/info`)).json();
    expect(info.rowPaths).toBeNull();
    expect(runOfRow(data, sweep.runRow, info.runs)?.path).toBe(sweep.runPath);
    expect(runOfRow(data, sweep.runRow + 1, info.runs)).toBeNull(); // seed 2: no directory
    const rowPaths = sweep.rows.map((r) => `electrical.currentDensity_A_per_cm2=${r.cd}/collector.stiffness_N_per_m=${r.k}/seed=${r.seed}`);
    writeFileSync(join(tmp, "sweep", "sweep.json"), JSON.stringify({ runs: rowPaths }));
    const info2 = await (await fetch(`${srv!.url}api/info`)).json();
    expect(info2.rowPaths).toEqual(rowPaths);
    expect(runOfRow(data, sweep.runRow, info2.runs, info2.rowPaths)?.path).toBe(sweep.runPath);
    expect(parseHivePath("collector.kind=free/x=a%2Fb/seed=3")).toEqual({ "collector.kind": "free", x: "a/b", seed: "3" });
  });

  it("refuses a request whose Host header names another site (DNS rebinding)", async () => {
    const base = srv!.url;
    const port = new URL(base).port;
    for (const h of ["evil.example", `evil.example:${port}`, "127.0.0.1.evil.example", "localhost.evil.example"]) {
      expect(await rawStatus(base, "/api/info", h), JSON.stringify(h)).toBe(403);
      expect(await rawStatus(base, "/data/sweep.arrow", h), h).toBe(403);
    }
    for (const h of [`127.0.0.1:${port}`, `localhost:${port}`, "localhost", `[::1]:${port}`, `app.localhost:${port}`]) expect(await rawStatus(base, "/api/info", h), h).toBe(200);
    expect(hostAllowed(undefined, "127.0.0.1")).toBe(true); // HTTP/1.0, no browser
    expect(hostAllowed(hostname(), "127.0.0.1")).toBe(false); // the machine's name is not loopback's
    expect(hostAllowed(hostname(), "0.0.0.0")).toBe(true);
    expect(hostAllowed("evil.example", "0.0.0.0")).toBe(false);
  });

  it("survives files and its folder disappearing while it serves", async () => {
    const d = join(tmp, "vanishing");
    cpSync(run, d, { recursive: true });
    const s = await viewCommand({ dir: d });
    try {
      expect((await fetch(`${s.url}data/timeseries.arrow`)).status).toBe(200);
      rmSync(join(d, "timeseries.arrow"));
      const gone = await fetch(`${s.url}data/timeseries.arrow`);
      expect(gone.status).toBe(404);
      expect(await gone.text()).toContain("no longer there");
      rmSync(join(d, "summary.json"));
      mkdirSync(join(d, "summary.json")); // a file replaced by a directory
      expect((await fetch(`${s.url}data/summary.json`)).status).toBe(404);
      rmSync(d, { recursive: true });
      expect((await fetch(`${s.url}data/snapshots.arrow`)).status).toBe(404);
      expect((await fetch(`${s.url}api/info`)).status).toBe(200);
      expect((await fetch(s.url)).status).toBe(200);
      cpSync(run, d, { recursive: true }); // a new run written in its place
      const back = await fetch(`${s.url}data/timeseries.arrow`);
      expect(back.status).toBe(200);
      expect(new Uint8Array(await back.arrayBuffer())).toEqual(new Uint8Array(readFileSync(join(run, "timeseries.arrow"))));
    } finally {
      await s.close();
    }
  });

  it("warns loudly on stderr when it listens on another interface than loopback", async () => {
    let err = "";
    const spy = vi.spyOn(process.stderr, "write").mockImplementation((c: string | Uint8Array) => ((err += String(c)), true));
    let open: ViewServer | null = null;
    try {
      open = await viewCommand({ dir: run, host: "0.0.0.0" });
      const port = new URL(open.url).port;
      expect(err).toMatch(new RegExp(`WARNING: listening on 0\\.0\\.0\\.0, .*anyone who can reach it on port ${port} can read ${run.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
      expect(err.trimEnd().split("\n")).toHaveLength(1);
      expect(await rawStatus(`http://127.0.0.1:${port}/`, "/api/info", "evil.example")).toBe(403);
      expect(await rawStatus(`http://127.0.0.1:${port}/`, "/api/info", `${hostname()}:${port}`)).toBe(200);
      await open.close();
      open = null;
      err = "";
      open = await viewCommand({ dir: run });
      expect(err).toBe("");
    } finally {
      spy.mockRestore();
      await open?.close();
    }
    expect(["127.0.0.1", "127.8.0.1", "::1", "[::1]", "localhost"].every(isLoopback)).toBe(true);
    expect(["0.0.0.0", "::", "192.168.1.2", "example.org"].some(isLoopback)).toBe(false);
  });
});
