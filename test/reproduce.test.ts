/**
 * `lidep reproduce --quick`: every row of the paper comparison is computed (no simulation
 * missing) and the analytic rows match the paper. What is checked is the report's making, not
 * the simulations' verdicts, so each runs a quarter of the quick mode's events.
 */
import { describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { reproduce } from "../src/reproduce/report.ts";
import { readArrow } from "../src/io/arrow.ts";

describe("lidep reproduce --quick", () => {
  it("computes every row; the analytic rows match", async () => {
    const out = mkdtempSync(join(tmpdir(), "lidep-repro-"));
    try {
      const r = await reproduce({ quick: true, out, workers: 2, figures: false, quickEvents: 30_000 });
      const missing = r.rows.filter((row) => row.lidep === "not run");
      expect(missing.map((m) => m.experiment)).toEqual([]);
      const experiments = new Set(r.rows.map((row) => row.experiment.split(" (")[0]));
      for (const e of ["Eq. 1", "Eq. 2", "v ↔ i", "Eq. 3", "Fig. 1", "Fig. 2", "Supp. 7–8", "Fig. 3", "Fig. 4g", "FEM Fig. 4d", "FEM Fig. 4b", "Fig. 4i", "Supp. 18", "Fig. 2d"]) {
        expect([...experiments].some((x) => x.startsWith(e)), `a row for ${e}`).toBe(true);
      }
      const analytic = r.rows.filter((row) => /^(Eq\.|v ↔ i)/.test(row.experiment));
      expect(analytic.length).toBe(7);
      for (const row of analytic) expect(row.verdict, `${row.experiment} ${row.quantity}`).toBe("match");
      for (const row of r.rows) expect(["match", "trend", "miss"]).toContain(row.verdict);
      expect(existsSync(join(out, "report.md"))).toBe(true);
      expect(readFileSync(join(out, "report.md"), "utf8")).toContain("| experiment | quantity | paper | lidep | verdict |");
      expect(readArrow(join(out, "reproduce.arrow")).numRows).toBe(r.rows.length);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
