/**
 * The benchmark's scenario workloads are frozen: each pins its scenario file's SHA-256, so that an
 * edited scenario (main's default.json went from n = 2 to n = 4) cannot change a row's physics
 * under the same name. A scenario change fails here until the pin is renewed on purpose.
 */
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkPinned, SCENARIO_WORKLOADS } from "../src/bench/scenarios.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

describe("bench workloads", () => {
  it("pin the shipped scenario files (renew the pin, and say so, when one changes)", () => {
    for (const [name, w] of Object.entries(SCENARIO_WORKLOADS)) expect(() => checkPinned(name, w, root)).not.toThrow();
  });

  it("refuse a scenario file that is not the pinned one, naming the file", () => {
    const w = SCENARIO_WORKLOADS.default;
    const tmp = mkdtempSync(join(tmpdir(), "lidep-bench-pin-"));
    mkdirSync(join(tmp, dirname(w.file)), { recursive: true });
    const doc = JSON.parse(readFileSync(join(root, w.file), "utf8"));
    doc.lattice.coarseGrain = 2;
    writeFileSync(join(tmp, w.file), JSON.stringify(doc, null, 2) + "\n");
    expect(() => checkPinned("default", w, tmp)).toThrow(/scenarios\/default\.json changed/);
  });
});
