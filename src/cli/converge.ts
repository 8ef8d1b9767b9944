/**
 * `lidep converge <scenario>`: accelerated against unaccelerated runs over seeds 1…N to the same
 * simulated time, each observable's difference with its uncertainty and a TOST verdict
 * (converge/converge.ts). Exit code 0 when every observable is equivalent within its margin, 1
 * when one is not, 2 for a user's mistake or a window too short to judge.
 */
import { applyOverrides, loadScenario, resolveScenario } from "../scenario/load.ts";
import { converge, formatReport } from "../converge/converge.ts";

export interface ConvergeArgs {
  scenario: string;
  seeds: number;
  /** Seeds of the B (Mullins decay) measurement per arm; converge.ts's default when absent. */
  bSeeds?: number;
  untilTime?: number;
  set: string[];
  testSet: string[];
  json: boolean;
  quiet: boolean;
}

export function convergeCommand(a: ConvergeArgs): number {
  const s = loadScenario(a.scenario, a.set);
  // the test arm's own overrides are checked now, before any run
  if (a.testSet.length) resolveScenario(applyOverrides(s, a.testSet, a.scenario), a.scenario);
  const report = converge({
    scenario: s,
    seeds: a.seeds,
    bSeeds: a.bSeeds,
    untilTime: a.untilTime,
    testDoc: a.testSet.length ? (doc) => applyOverrides(doc, a.testSet, a.scenario) : undefined,
    onProgress: a.quiet ? undefined : (what) => process.stderr.write(`converge: ${what}\n`),
  });
  process.stdout.write(a.json ? JSON.stringify(report, null, 2) + "\n" : formatReport(report));
  return report.pass ? 0 : 1;
}
