/**
 * Checkpoints: a run killed with SIGKILL and resumed from its newest checkpoint writes exactly the
 * bytes of an uninterrupted run; a checkpoint that was cut short is recognised and skipped.
 */
import { describe, expect, it } from "vitest";
import { spawn, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, statSync, truncateSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { decodeCheckpoint, encodeCheckpoint } from "../src/io/checkpoint.ts";

const ROOT = resolve(import.meta.dirname, "..");
const BIN = join(ROOT, "bin/lidep.mjs");

const scenario = {
  lattice: { coarseGrain: 2, size_nm: [12, 2.8, 10] },
  li: { initialRadius_nm: 1.5 },
  collector: { kind: "rigid", shape: "arc", radius_nm: 4 },
  electrical: { currentDensity_A_per_cm2: 0.5 },
  run: { maxEvents: 250_000, maxTime_s: 1, samples: 50, snapshots: 5 },
};

function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms));
}

describe("checkpoints", () => {
  it("kill -9 and resume gives the bytes of an uninterrupted run", async () => {
    const root = mkdtempSync(join(tmpdir(), "lidep-ckpt-"));
    try {
      const file = join(root, "s.json");
      writeFileSync(file, JSON.stringify(scenario));
      execFileSync(process.execPath, [BIN, "run", file, "--seed", "4", "--out", join(root, "whole"), "--quiet"], { stdio: "pipe" });
      const out = join(root, "killed");
      const child = spawn(process.execPath, [BIN, "run", file, "--seed", "4", "--out", out, "--quiet", "--checkpoint-every", "20000"], { stdio: "ignore" });
      // wait until both checkpoint files exist, then kill without warning
      for (let i = 0; i < 600 && !(existsSync(join(out, "checkpoint-0.bin")) && existsSync(join(out, "checkpoint-1.bin"))); i++) await sleep(50);
      child.kill("SIGKILL");
      await new Promise((r) => child.once("exit", r));
      expect(existsSync(join(out, "checkpoint-1.bin")), "the run wrote checkpoints before it was killed").toBe(true);
      expect(existsSync(join(out, "summary.json")), "the killed run had not finished").toBe(false);
      execFileSync(process.execPath, [BIN, "resume", out, "--quiet"], { stdio: "pipe" });
      console.log("ROOT", root);
      for (const f of ["timeseries.arrow", "snapshots.arrow", "scenario.json"]) {
        expect(Buffer.compare(readFileSync(join(root, "whole", f)), readFileSync(join(out, f))), f).toBe(0);
      }
      expect(existsSync(join(out, "checkpoint-0.bin"))).toBe(false);
      expect(existsSync(join(out, "run.json"))).toBe(false);
    } finally {
      if (process.env.KEEP !== "1") rmSync(root, { recursive: true, force: true });
    }
  });

  it("a truncated or corrupted checkpoint is rejected", () => {
    const bytes = encodeCheckpoint({ scalars: { events: 7, x: [1, 2] }, arrays: { a: new Float64Array([1.5, 2.5]), b: new Int8Array([1, -1, 3]) } });
    const back = decodeCheckpoint(bytes)!;
    expect(back.scalars.events).toBe(7);
    expect(Array.from(back.arrays.a as Float64Array)).toEqual([1.5, 2.5]);
    expect(Array.from(back.arrays.b as Int8Array)).toEqual([1, -1, 3]);
    expect(decodeCheckpoint(bytes.subarray(0, bytes.length - 5))).toBeNull();
    const bad = bytes.slice();
    bad[20] ^= 0xff;
    expect(decodeCheckpoint(bad)).toBeNull();
    void statSync; void truncateSync;
  });
});
