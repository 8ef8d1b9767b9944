/** `lidep reproduce`: the paper's results side by side with the simulation. */
import cliProgress from "cli-progress";
import { reproduce } from "../reproduce/report.ts";

export async function reproduceCommand(a: { quick: boolean; out?: string; workers?: number; quiet: boolean; force?: boolean }): Promise<number> {
  const bar =
    !a.quiet && process.stderr.isTTY
      ? new cliProgress.SingleBar({ format: "{bar} {value}/{total} simulations | {name} | ETA {eta_formatted}", stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic)
      : null;
  let started = false;
  const r = await reproduce({
    quick: a.quick,
    out: a.out,
    workers: a.workers,
    force: a.force,
    onProgress: (done, total, name) => {
      if (!started) bar?.start(total, 0, { name: "" });
      started = true;
      bar?.update(done, { name });
    },
  });
  bar?.stop();
  const w = Math.max(...r.rows.map((x) => x.experiment.length));
  for (const row of r.rows) process.stdout.write(`  ${row.verdict.padEnd(5)}  ${row.experiment.padEnd(w)}  ${row.quantity}: ${row.lidep} (paper ${row.paper})\n`);
  process.stdout.write(`report: ${r.dir}/report.md (${r.wallTime_s.toFixed(0)} s)\n`);
  return 0;
}
