/** One benchmark measurement in this process: `measure.ts <workload> <cells> [events]`; prints JSON. */
import { measureLidep, measureSpparks } from "./workloads.ts";

const [workload, cells, events] = process.argv.slice(2);
const L = Number(cells);
const m = workload === "spparks" ? measureSpparks(L) : measureLidep(L, Number(events ?? 300_000));
process.stdout.write(JSON.stringify(m) + "\n");
