/**
 * Output trees in tests: their files, the same bytes in two of them, and the lidep command line
 * run in this process with its stdout and stderr captured.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { expect, vi } from "vitest";
import { main } from "../../src/cli/main.ts";

/** Every file below `root`, relative to it, sorted. */
export function treeFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d).sort()) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(root, p));
    }
  };
  walk(root);
  return out;
}

/** Every file of `expected` is in `actual` with the same bytes, but for the runs' timing.json (wall clock, machine). */
export function expectSameOutputs(expected: string, actual: string): void {
  const have = new Set(treeFiles(actual));
  const files = treeFiles(expected);
  expect(files.some((f) => f.endsWith("summary.json"))).toBe(true);
  for (const f of files) {
    expect(have.has(f), f).toBe(true);
    if (f.endsWith("timing.json")) continue;
    expect(readFileSync(join(expected, f)).equals(readFileSync(join(actual, f))), f).toBe(true);
  }
}

/** `lidep <args>` in this process: exit code, stdout, stderr. */
export async function lidepMain(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "", err = "";
  const o = vi.spyOn(process.stdout, "write").mockImplementation((c: string | Uint8Array) => ((out += String(c)), true));
  const e = vi.spyOn(process.stderr, "write").mockImplementation((c: string | Uint8Array) => ((err += String(c)), true));
  try {
    return { code: await main(args), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}
