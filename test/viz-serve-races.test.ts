/**
 * `lidep view` and a file removed at the worst moment: after the server has decided to serve it,
 * before its bytes are read (a run being replaced, a sweep directory cleaned). The removal is
 * injected into the file system calls: right after the file is opened by name, or right before a
 * read stream opens it by name. The server answers (the bytes it opened, or a 404) and keeps
 * running; it never dies of the stream's error.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { mkdtempSync, readFileSync, rmSync, existsSync, cpSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const fault = vi.hoisted(() => ({ vanish: null as string | null }));
vi.mock("node:fs", async (orig) => {
  const m = await orig<typeof import("node:fs")>();
  const hit = (p: unknown) => typeof p === "string" && p === fault.vanish && m.existsSync(p);
  const openSync = ((p: string, ...rest: never[]) => {
    const fd = (m.openSync as (...a: unknown[]) => number)(p, ...rest);
    if (hit(p)) m.unlinkSync(p);
    return fd;
  }) as typeof m.openSync;
  const createReadStream = ((p: string, ...rest: never[]) => {
    if (hit(p)) m.unlinkSync(p);
    return (m.createReadStream as (...a: unknown[]) => ReturnType<typeof m.createReadStream>)(p, ...rest);
  }) as typeof m.createReadStream;
  return { ...m, default: { ...m, openSync, createReadStream }, openSync, createReadStream };
});

import { viewCommand, type ViewServer } from "../src/viz/serve.ts";
import { makeSmallRun } from "./viz-fixtures.ts";

let tmp = "";
let run = "";
let srv: ViewServer | null = null;
beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "lidep-viz-races-"));
  run = makeSmallRun(join(tmp, "ref"));
  cpSync(run, join(tmp, "run"), { recursive: true });
  srv = await viewCommand({ dir: join(tmp, "run") });
});
afterAll(async () => {
  await srv?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe("lidep view: a file removed while it is being served", () => {
  it("is served from what was opened, or is a 404; the server keeps serving", async () => {
    for (const name of ["snapshots.arrow", "timeseries.arrow"]) {
      const file = join(tmp, "run", name);
      fault.vanish = file;
      let status = 0;
      let body = new Uint8Array();
      try {
        const r = await fetch(`${srv!.url}data/${name}`, { signal: AbortSignal.timeout(30_000) });
        status = r.status;
        body = new Uint8Array(await r.arrayBuffer());
      } finally {
        fault.vanish = null;
      }
      expect(existsSync(file), "the injected removal happened").toBe(false);
      expect([200, 404]).toContain(status);
      if (status === 200) expect(body).toEqual(new Uint8Array(readFileSync(join(run, name))));
    }
    expect((await fetch(`${srv!.url}data/summary.json`)).status).toBe(200);
    expect((await fetch(`${srv!.url}api/info`)).status).toBe(200);
  });
});
