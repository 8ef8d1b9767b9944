/**
 * The `sweep` and `run --replicas` commands: their output table and path, the default worker
 * count, and their one-line errors for bad arguments.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UserError } from "../src/errors.ts";
import { replicasCommand, sweepCommand } from "../src/cli/sweep.ts";

const BASE = {
  lattice: { coarseGrain: 2, size_nm: [8, 1.4, 8] },
  li: { initialRadius_nm: 1.5 },
  collector: { kind: "free", shape: "fibre", radius_nm: 1 },
  electrical: { currentDensity_A_per_cm2: 1 },
  run: { maxEvents: 4000, maxTime_s: 1, samples: 20, snapshots: 2 },
};

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "lidep-parallel-cli-"));
  writeFileSync(join(dir, "base.json"), JSON.stringify(BASE));
  writeFileSync(join(dir, "s.json"), JSON.stringify({ scenario: "base.json", grid: { "collector.kind": ["rigid", "free"] }, replicas: 2, baseSeed: 4 }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function captured(f: () => Promise<number>): Promise<{ code: number; out: string }> {
  let out = "";
  const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    return { code: await f(), out };
  } finally {
    spy.mockRestore();
  }
}

describe("lidep sweep / run --replicas", () => {
  it("sweep prints a table with a row per point and the output path", async () => {
    const out = join(dir, "sweep-out");
    const r = await captured(() => sweepCommand({ file: join(dir, "s.json"), out, quiet: true }));
    expect(r.code).toBe(0);
    const lines = r.out.trim().split("\n");
    expect(lines[0]).toMatch(/collector\.kind\s+runs\s+outcome/);
    expect(lines[1]).toMatch(/^\s+rigid\s+2\s/);
    expect(lines[2]).toMatch(/^\s+free\s+2\s/);
    expect(lines.at(-1)).toBe(`output: ${out}`);
    expect(existsSync(join(out, "collector.kind=free", "seed=5", "summary.json"))).toBe(true);
  });

  it("run --replicas prints a row per seed and their mean", async () => {
    const out = join(dir, "rep-out");
    const r = await captured(() => replicasCommand({ scenario: join(dir, "base.json"), seed: 2, replicas: 2, workers: 2, out, set: ["electrical.currentDensity_A_per_cm2=2"], quiet: true }));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/\n\s+2\s+completed/);
    expect(r.out).toMatch(/\n\s+3\s+completed/);
    expect(r.out).toMatch(/\n\s+mean\s/);
    expect(existsSync(join(out, "seed=3", "timeseries.arrow"))).toBe(true);
  });

  it("rejects a bad worker or replica count with a UserError", async () => {
    await expect(sweepCommand({ file: join(dir, "s.json"), out: join(dir, "x"), workers: 0, quiet: true })).rejects.toThrow(UserError);
    await expect(replicasCommand({ scenario: join(dir, "base.json"), seed: 1, replicas: 0, out: join(dir, "y"), set: [], quiet: true })).rejects.toThrow(/--replicas/);
    await expect(sweepCommand({ file: join(dir, "nope.json"), quiet: true })).rejects.toThrow(/no such sweep file/);
    expect(existsSync(join(dir, "x")) || existsSync(join(dir, "y"))).toBe(false);
  });
});
