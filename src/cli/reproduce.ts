/** `lidep reproduce`: the paper's results side by side with the simulation, over seeds. */
import cliProgress from "cli-progress";
import { reproduce } from "../reproduce/report.ts";
import { countRows, countsLine, fmt, lidepText } from "../reproduce/rows.ts";

export async function reproduceCommand(a: { quick: boolean; seeds?: number; out?: string; workers?: number; quiet: boolean; force?: boolean; sensitivity?: boolean; long?: boolean }): Promise<number> {
  const bar =
    !a.quiet && process.stderr.isTTY
      ? new cliProgress.SingleBar({ format: "{bar} {value}/{total} simulations | {name} | ETA {eta_formatted}", stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic)
      : null;
  let started = false;
  const r = await reproduce({
    quick: a.quick,
    seeds: a.seeds,
    out: a.out,
    workers: a.workers,
    force: a.force,
    sensitivity: a.sensitivity,
    long: a.long,
    onProgress: (done, total, name) => {
      if (!started) bar?.start(total, 0, { name: "" });
      started = true;
      bar?.update(done, { name });
    },
  });
  bar?.stop();
  process.stdout.write(`${countsLine(countRows(r.rows))}\n`);
  const w = Math.max(...r.rows.map((x) => x.entry.id.length));
  for (const row of r.rows) {
    process.stdout.write(`  ${row.status.padEnd(17)}  ${row.entry.id.padEnd(w)}  ${lidepText(row)}${row.entry.unit ? " " + row.entry.unit : ""} (paper ${row.entry.paper ?? fmt(row.entry.value)})\n`);
  }
  process.stdout.write(`report: ${r.dir}/report.md (${r.wallTime_s.toFixed(0)} s, seeds ${r.seeds.join(", ")})\n`);
  return 0;
}
