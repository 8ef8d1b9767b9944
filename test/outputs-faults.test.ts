/**
 * A disk that fills up or a file system that refuses a write: a plain run says so in one line and
 * keeps nothing; a checkpointed run keeps its checkpoints and says how to resume; too little free
 * space is refused before any computing. The failures are injected under the run's writes
 * (writeArrow throws ENOSPC, the final rename EROFS, the second checkpoint file ENOSPC; statfs
 * reports little free space).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const fault = vi.hoisted(() => ({ write: null as string | null, free: null as number | null, writes: 0, sims: 0, renameTo: null as string | null, openFails: null as string | null }));

vi.mock("../src/run/simulate.ts", async (orig) => {
  const m = await orig<typeof import("../src/run/simulate.ts")>();
  class Simulation extends m.Simulation {
    constructor(...a: ConstructorParameters<typeof m.Simulation>) {
      fault.sims++;
      super(...a);
    }
  }
  return { ...m, Simulation };
});

vi.mock("../src/io/arrow.ts", async (orig) => {
  const m = await orig<typeof import("../src/io/arrow.ts")>();
  return {
    ...m,
    writeArrow: (...a: Parameters<typeof m.writeArrow>) => {
      // the second file of the run fails: the first one was written (and must not be kept)
      if (fault.write && fault.writes++ >= 1) throw Object.assign(new Error(`${fault.write}: no space left on device, write`), { code: fault.write });
      return m.writeArrow(...a);
    },
  };
});
vi.mock("node:fs", async (orig) => {
  const m = await orig<typeof import("node:fs")>();
  const statfsSync = (...a: Parameters<typeof m.statfsSync>) => (fault.free !== null ? { ...m.statfsSync(...a), bavail: fault.free, bsize: 1 } : m.statfsSync(...a));
  // the rename that puts a finished directory in place fails as on a file system gone read-only
  const renameSync = (from: string, to: string) => {
    if (fault.renameTo !== null && to === fault.renameTo) throw Object.assign(new Error(`EROFS: read-only file system, rename '${from}' -> '${to}'`), { code: "EROFS" });
    return m.renameSync(from, to);
  };
  // opening a file whose name ends so fails as on a full disk (a checkpoint file)
  const openSync = ((p: string, ...rest: never[]) => {
    if (fault.openFails !== null && typeof p === "string" && p.endsWith(fault.openFails)) throw Object.assign(new Error(`ENOSPC: no space left on device, open '${p}'`), { code: "ENOSPC" });
    return (m.openSync as (...a: unknown[]) => number)(p, ...rest);
  }) as typeof m.openSync;
  return { ...m, default: { ...m, statfsSync, renameSync, openSync }, statfsSync, renameSync, openSync };
});

import { lidep, TINY } from "./helpers/cli.ts";

let dir: string;
let scenario: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "lidep-faults-"));
  scenario = join(dir, "tiny.json");
  writeFileSync(scenario, JSON.stringify({ ...TINY, run: { ...TINY.run, maxEvents: 6000 } }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function inject(code: string | null): void {
  fault.write = code;
  fault.writes = 0;
}

function oneLine(err: string): string {
  const lines = err.trimEnd().split("\n");
  expect(lines, err).toHaveLength(1);
  expect(err).not.toMatch(/\n\s+at /);
  return lines[0];
}

/** An uninterrupted run of the scenario, to compare resumed runs with. */
async function reference(): Promise<string> {
  const ref = join(dir, "ref");
  if (!existsSync(ref)) expect((await lidep("run", scenario, "--out", ref, "--quiet")).code).toBe(0);
  return ref;
}

function hidden(folder: string): string[] {
  return readdirSync(folder).filter((n) => n.startsWith("."));
}

describe("a failed final write", () => {
  it("of a plain run: one line, exit code 1, nothing kept", async () => {
    const out = join(dir, "plain");
    inject("ENOSPC");
    try {
      const r = await lidep("run", scenario, "--out", out, "--quiet");
      expect(r.code).toBe(1);
      const line = oneLine(r.err);
      expect(line).toContain(out);
      expect(line).toContain("writing the run directory failed (ENOSPC");
      expect(line).toContain("nothing was kept");
    } finally {
      inject(null);
    }
    expect(existsSync(out)).toBe(false);
    expect(hidden(dir)).toEqual([]); // no temporary, no lock
  });

  it("of a checkpointed run keeps the checkpoints and says how to resume; the resume writes the run's bytes", async () => {
    const ref = await reference();
    const out = join(dir, "ckpt");
    inject("ENOSPC");
    try {
      const r = await lidep("run", scenario, "--out", out, "--quiet", "--checkpoint-every", "1500");
      expect(r.code).toBe(1);
      expect(oneLine(r.err)).toContain(`the checkpoints are kept: free some space (or make it writable) and run \`lidep resume ${out}\``);
    } finally {
      inject(null);
    }
    const left = readdirSync(out).sort();
    expect(left).toContain("run.json");
    expect(left).toContain("checkpoint-0.bin");
    expect(left).not.toContain("timeseries.arrow"); // written before the failure, removed
    expect(left).not.toContain("summary.json");
    expect(hidden(dir).filter((n) => n.startsWith(".ckpt"))).toEqual([]);
    const r = await lidep("resume", out, "--quiet");
    expect(r.code, r.err).toBe(0);
    for (const f of ["timeseries.arrow", "snapshots.arrow", "scenario.json"]) expect(readFileSync(join(out, f)).equals(readFileSync(join(ref, f))), f).toBe(true);
    expect(existsSync(join(out, "checkpoint-0.bin"))).toBe(false);
    expect(existsSync(join(out, "run.json"))).toBe(false);
  });

  it("of a checkpoint: one line, the run stops, the previous checkpoint is kept and resumes to the run's bytes", async () => {
    const ref = await reference();
    const out = join(dir, "ckpt-fail");
    fault.openFails = "checkpoint-1.bin";
    try {
      const r = await lidep("run", scenario, "--out", out, "--quiet", "--checkpoint-every", "1500");
      expect(r.code).toBe(1);
      expect(oneLine(r.err)).toContain(`${out}: writing a checkpoint failed (ENOSPC: no space left on device, open`);
      expect(r.err).toContain(`the previous checkpoint is kept: free some space (or make it writable) and run \`lidep resume ${out}\``);
    } finally {
      fault.openFails = null;
    }
    expect(readdirSync(out).sort()).toEqual([".lidep-output", "checkpoint-0.bin", "run.json"]);
    expect((await lidep("resume", out, "--quiet")).code).toBe(0);
    for (const f of ["timeseries.arrow", "snapshots.arrow", "scenario.json"]) expect(readFileSync(join(out, f)).equals(readFileSync(join(ref, f))), f).toBe(true);
  });

  it("of a sweep (the final rename): one line, nothing kept", async () => {
    const sweep = join(dir, "sweep.json");
    writeFileSync(sweep, JSON.stringify({ scenario: "tiny.json", grid: { "electrical.currentDensity_A_per_cm2": [1, 2] }, seeds: [1] }));
    const out = join(dir, "sweep-out");
    fault.renameTo = out;
    try {
      const r = await lidep("sweep", sweep, "--out", out, "--workers", "1", "--quiet");
      expect(r.code).toBe(1);
      expect(oneLine(r.err)).toMatch(/writing the sweep failed \(EROFS/);
    } finally {
      fault.renameTo = null;
    }
    expect(existsSync(out)).toBe(false);
    expect(hidden(dir).filter((n) => n.startsWith(".sweep-out"))).toEqual([]);
  });
});

describe("free space", () => {
  it("too little is refused before any computing, in one line", async () => {
    const sims = fault.sims;
    expect((await lidep("run", scenario, "--out", join(dir, "counted"), "--quiet")).code).toBe(0);
    expect(fault.sims, "the count sees a run's simulation").toBe(sims + 1);
    fault.free = 100_000;
    try {
      for (const args of [["run", scenario], ["run", scenario, "--checkpoint-every", "1000"], ["run", scenario, "--replicas", "2"]]) {
        const out = join(dir, "nospace");
        const sims = fault.sims;
        const r = await lidep(...args, "--out", out, "--quiet");
        expect(r.code, args.join(" ")).toBe(1);
        expect(oneLine(r.err)).toMatch(/needs up to .* but only 100 kB is free there: free some space or choose another folder/);
        expect(fault.sims, "refused before building the simulation").toBe(sims);
        expect(existsSync(out)).toBe(false);
      }
    } finally {
      fault.free = null;
    }
    expect(hidden(dir).filter((n) => n.startsWith(".nospace"))).toEqual([]);
  });
});
