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
import { checkPinned, scenarioPlan, SCENARIO_WORKLOADS } from "../src/bench/scenarios.ts";

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

  it("keep the long time-to-solution rows (3D segment, fig4g-full) out of the normal bench: only --long or --only names them", () => {
    const long = Object.keys(SCENARIO_WORKLOADS).filter((k) => SCENARIO_WORKLOADS[k].long);
    expect(long).toEqual(expect.arrayContaining(["fig4g-3d", "fig4g-full"]));
    for (const k of long) expect(SCENARIO_WORKLOADS[k].timeToSolution, k).toBe(true);
    for (const quick of [false, true]) for (const k of long) expect(scenarioPlan({ quick, long: false, only: null })).not.toContain(k);
    expect(scenarioPlan({ quick: false, long: true, only: null })).toEqual(["default", "fig3", "fig4g-whisker", ...long]);
    expect(scenarioPlan({ quick: false, long: false, only: new Set(["fig4g-3d"]) })).toEqual(["fig4g-3d"]);
    expect(scenarioPlan({ quick: false, long: false, only: new Set(["default", "lidep"]) })).toEqual(["default"]);
  });
});
