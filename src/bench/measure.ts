/** One benchmark measurement in this process: `measure.ts <workload> <cells> [events]`; prints JSON. */
import { measureLidep, measureSpparks } from "./workloads.ts";

import { measureScenario } from "./acceleration.ts";

const [workload, cells, events, accel] = process.argv.slice(2);
if (workload === "scenario") {
  // measure.ts scenario <name> <events> <0|1>
  process.stdout.write(JSON.stringify(measureScenario(cells, accel === "1", Number(events))) + "\n");
  process.exit(0);
}
const L = Number(cells);
const m = workload === "spparks" ? measureSpparks(L) : measureLidep(L, Number(events ?? 300_000));
process.stdout.write(JSON.stringify(m) + "\n");
