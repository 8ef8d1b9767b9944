/** Runs the `lidep` command line in this process, capturing what it prints. */
import { vi } from "vitest";
import { main } from "../../src/cli/main.ts";

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

export async function lidep(...args: string[]): Promise<CliResult> {
  let out = "";
  let err = "";
  const o = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => ((out += String(chunk)), true));
  const e = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => ((err += String(chunk)), true));
  try {
    const code = await main(args);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

/** A scenario that runs in well under a second (coarse-grained, a few thousand events). */
export const TINY = {
  lattice: { coarseGrain: 2, size_nm: [8, 1.4, 8] },
  li: { initialRadius_nm: 1.5 },
  collector: { kind: "free", shape: "fibre", radius_nm: 1 },
  electrical: { currentDensity_A_per_cm2: 1 },
  run: { maxEvents: 4000, maxTime_s: 1, samples: 20, snapshots: 2 },
};
