/**
 * `lidep reproduce --quick --seeds 2`: one row per reference entry, judged from both seeds; only
 * simulated rows are counted; the report's first line is the count by kind. The simulations run a
 * quarter of the quick mode's events: the test checks how the scoreboard is made from runs, which
 * does not depend on their length.
 */
import { describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { reproduce } from "../src/reproduce/report.ts";
import { loadReference, runSpec } from "../src/reproduce/reference.ts";
import { countRows, countsLine } from "../src/reproduce/rows.ts";
import { readArrow } from "../src/io/arrow.ts";
import { coarseGrainingTable } from "../src/calibration/table.ts";
import { loadScenario } from "../src/scenario/load.ts";
import { SCENARIO_DIR } from "../src/reproduce/experiments.ts";
import { QUICK_EVENTS } from "../src/reproduce/experiments.ts";

describe("lidep reproduce --quick --seeds 2", () => {
  it("judges every reference entry over both seeds and counts only the simulated rows", async () => {
    const out = mkdtempSync(join(tmpdir(), "lidep-repro-"));
    try {
      const ref = loadReference();
      const r = await reproduce({ quick: true, seeds: 2, out, workers: 2, figures: false, quickEvents: QUICK_EVENTS / 4, force: true });
      expect(r.rows.map((x) => x.entry.id)).toEqual(ref.entries.map((e) => e.id));
      for (const row of r.rows) {
        // the crossover law's rows run their sweeps only with --long (test/crossover-row.test.ts)
        if (row.entry.law) expect(row.status, row.entry.id).toBe("not-run");
        else if (row.kind === "simulated") {
          expect(row.values.length, row.entry.id).toBe(2);
          expect(row.judgement!.perSeed.length, row.entry.id).toBe(2);
          expect(["match", "trend", "miss", "short"]).toContain(row.status);
        } else if (row.kind === "calibrated") expect(row.status).toBe("calibrated");
      }
      // every run set a simulated row reads ran on both seeds (a row may still have no value, e.g. a run that left the model's range at once)
      for (const row of r.rows.filter((x) => x.kind === "simulated" && !x.entry.law)) {
        for (const spec of [runSpec(row.entry, "run"), runSpec(row.entry, "reference")]) {
          if (spec) for (const seed of [1, 2]) expect(existsSync(join(out, "runs", spec.name, `seed=${seed}`, "summary.json")), `${row.entry.id}: ${spec.name} seed ${seed}`).toBe(true);
        }
      }
      const report = readFileSync(join(out, "report.md"), "utf8");
      expect(report.split("\n")[2]).toBe(`**${countsLine(countRows(r.rows))}.**`);
      // issue 14's table, read from the stored measurement: every calibrated n and every equivalence row, and each run's n marked calibrated or not
      expect(report).toContain(coarseGrainingTable());
      const eq = JSON.parse(readFileSync(new URL("../data/coarse-graining-equivalence.json", import.meta.url), "utf8")) as { rows: { label: string; n: number }[] };
      expect(eq.rows.length).toBeGreaterThan(0);
      for (const e of eq.rows) expect(report, `${e.label} n = ${e.n}`).toContain(`| ${e.label} | ${e.n} |`);
      expect(report).toContain(`| fig3-cu-rigid-3V | ${loadScenario(join(SCENARIO_DIR, "fig3-cu-rigid-3V.json")).lattice.coarseGrain} (calibrated) |`);
      const c = countRows(r.rows);
      expect(c.simulated.match + c.simulated.trend + c.simulated.miss + c.short + c.notRun).toBe(r.rows.filter((x) => x.kind === "simulated").length);
      expect(readArrow(join(out, "reproduce.arrow")).numRows).toBe(ref.entries.length);
      expect(existsSync(join(out, "runs", "fig3-cu-rigid-3V", "seed=2", "summary.json"))).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

import { experiments, slowedName } from "../src/reproduce/experiments.ts";
import { diffusivitySweep, sensitivityVariants, variantExperiments } from "../src/reproduce/sensitivity.ts";
import { barrierFromDiffusivity } from "../src/model/params.ts";
import { BOLTZMANN_J_PER_K, EV_J, ROOM_TEMPERATURE_K } from "../src/constants/physical.ts";

describe("sensitivity variants (issue 16)", () => {
  const ref = loadReference();
  const base = experiments(ref, [1], true, { bulk: 0.5, surface: 0.3, interface: 0.4 });
  it("Fig. 2d slows a path by kT_ref·ln 100 on its barrier; a variant of that path's D rebuilds the slowed run from the variant's D", () => {
    const slow = (BOLTZMANN_J_PER_K * ROOM_TEMPERATURE_K * Math.log(100)) / EV_J;
    const s = base.find((e) => e.name === slowedName("interface"))!;
    expect(s.overrides.find((o) => o.startsWith("hops.interface.barrier_eV="))).toBe(`hops.interface.barrier_eV=${0.4 + slow}`);
    const v = sensitivityVariants().find((x) => x.name === "interfaceD-x3")!;
    const exps = variantExperiments(base, v);
    expect(exps.length).toBe(base.length);
    expect(exps.every((e) => e.name.startsWith("interfaceD-x3/"))).toBe(true);
    const vs = exps.find((e) => e.name === `interfaceD-x3/${slowedName("interface")}`)!;
    const b = Number(vs.overrides.find((o) => o.startsWith("hops.interface.barrier_eV="))!.split("=")[1]);
    expect(b).toBeCloseTo(barrierFromDiffusivity("interface", 3e-13, 1e13, true) + slow, 12);
    expect(vs.overrides.some((o) => o.startsWith("hops.interface.diffusivity_m2_per_s"))).toBe(false);
    // every variant's runs resolve (a path given both a barrier and a D would be refused)
    for (const x of [...sensitivityVariants(), ...diffusivitySweep()]) for (const e of variantExperiments(base, x)) expect(() => loadScenario(e.scenario, e.overrides), `${e.name}`).not.toThrow();
    expect(sensitivityVariants().length).toBe(8);
  });
});
