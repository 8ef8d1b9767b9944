/** One benchmark measurement in this process: `measure.ts <workload> [cells] [events]`; prints JSON. */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { measureLidep, measureSpparks } from "./workloads.ts";
import { measureScenario, SCENARIO_WORKLOADS } from "./scenarios.ts";

import { measureAccel } from "./acceleration.ts";

const [workload, cells, events, accel] = process.argv.slice(2);
if (workload === "accel") {
  // measure.ts accel <name> <events> <0|1>
  process.stdout.write(JSON.stringify(measureAccel(cells, accel === "1", Number(events))) + "\n");
  process.exit(0);
}
const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const m =
  workload in SCENARIO_WORKLOADS
    ? measureScenario(workload, root)
    : workload === "spparks"
      ? measureSpparks(Number(cells))
      : measureLidep(Number(cells), Number(events ?? 300_000));
process.stdout.write(JSON.stringify(m) + "\n");
