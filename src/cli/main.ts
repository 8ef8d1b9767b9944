/**
 * The `lidep` command line (yargs).
 */
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { runCommand, resumeCommand } from "./run.ts";
import { sweepCommand, replicasCommand } from "./sweep.ts";
import { UserError } from "../scenario/errors.ts";
import { VERSION } from "../version.ts";

export async function main(argv: string[]): Promise<number> {
  let code = 0;
  const parser = yargs(argv)
    .scriptName("lidep")
    .version(VERSION)
    .strict()
    .demandCommand(1, "give a command (see lidep --help)")
    .command(
      "run <scenario>",
      "run a scenario and write its run directory",
      (y) =>
        y
          .positional("scenario", { type: "string", demandOption: true, describe: "scenario JSON file" })
          .option("seed", { type: "number", default: 1, describe: "base seed" })
          .option("out", { type: "string", describe: "output directory (default data/runs/<name>-seed<seed>)" })
          .option("set", { type: "string", array: true, default: [], describe: "override a scenario key: --set electrical.currentDensity_A_per_cm2=0.1" })
          .option("quiet", { type: "boolean", default: false, describe: "no progress bar" })
          .option("checkpoint-every", { type: "string", describe: "write a checkpoint every N events (100000) or N seconds (30s); `lidep resume <out>` continues a killed run" })
          .option("replicas", { type: "number", describe: "run R replicas, seeds seed … seed+R−1, on a worker pool (writes <out>/seed=<n>/ and <out>/replicas.arrow)" })
          .option("workers", { type: "number", describe: "worker threads for --replicas (default: the number of CPUs)" })
          .check((a) => {
            if (a.workers !== undefined && a.replicas === undefined) throw new UserError("--workers: only with --replicas (one run uses one thread)");
            return true;
          })
          .example("$0 run scenarios/default.json --seed 3 --set temperature_K=330", "run the default scenario at 330 K")
          .example("$0 run scenarios/default.json --replicas 8 --workers 2", "8 replicas (seeds 1–8) on 2 threads"),
      async (a) => {
        code =
          a.replicas !== undefined
            ? await replicasCommand({ scenario: a.scenario as string, seed: a.seed, replicas: a.replicas, workers: a.workers, out: a.out, set: a.set as string[], quiet: a.quiet })
            : await runCommand({ scenario: a.scenario as string, seed: a.seed, out: a.out, set: a.set as string[], quiet: a.quiet, checkpointEvery: a.checkpointEvery });
      },
    )
    .command(
      "start",
      "run the default scenario (what `npm start` does) and say where its output is",
      (y) => y.option("quiet", { type: "boolean", default: false }),
      async (a) => {
        code = await runCommand({ scenario: new URL("../../scenarios/default.json", import.meta.url).pathname, seed: 1, out: undefined, set: [], quiet: a.quiet, start: true });
      },
    )
    .command(
      "resume <dir>",
      "continue a run that was killed, from its newest checkpoint (the outputs are those of an uninterrupted run)",
      (y) =>
        y
          .positional("dir", { type: "string", demandOption: true, describe: "the run's output directory" })
          .option("quiet", { type: "boolean", default: false, describe: "no progress bar" })
          .example("$0 resume data/runs/default-seed1", "after `lidep run scenarios/default.json --checkpoint-every 30s` was killed"),
      async (a) => {
        code = await resumeCommand({ dir: a.dir as string, quiet: a.quiet });
      },
    )
    .command(
      "sweep <file>",
      "run a sweep (grid of scenario values × seeds) on a worker pool, as one dataset",
      (y) =>
        y
          .positional("file", { type: "string", demandOption: true, describe: "sweep JSON file" })
          .option("out", { type: "string", describe: "output directory (default data/runs/<sweep name>)" })
          .option("workers", { type: "number", describe: "worker threads (default: the number of CPUs)" })
          .option("quiet", { type: "boolean", default: false, describe: "no progress bar" })
          .example("$0 sweep scenarios/sweeps/current-vs-stiffness.json --workers 2", "collector stiffness × current density, 2 threads"),
      async (a) => {
        code = await sweepCommand({ file: a.file as string, out: a.out, workers: a.workers, quiet: a.quiet });
      },
    )
    .command(
      "view <dir>",
      "serve the views of a run or sweep directory in the browser (127.0.0.1)",
      (y) =>
        y
          .positional("dir", { type: "string", demandOption: true, describe: "run or sweep directory" })
          .option("port", { type: "number", default: 0, describe: "port (0: any free port)" })
          .option("host", { type: "string", default: "127.0.0.1", describe: "address to listen on" })
          .example("$0 view data/runs/default-seed1", "open the morphology, growth, pressure, current and path views"),
      async (a) => {
        const { viewCommand } = await import("../viz/serve.ts");
        const srv = await viewCommand({ dir: a.dir as string, port: a.port, host: a.host });
        process.stdout.write(`lidep view: ${srv.url}  (Ctrl-C to stop)\n`);
        await new Promise<void>((r) => process.once("SIGINT", () => r()));
        await srv.close();
      },
    )
    .command(
      "render <dir>",
      "draw one view of a run or sweep directory as .svg or .png",
      (y) =>
        y
          .positional("dir", { type: "string", demandOption: true, describe: "run or sweep directory" })
          .option("view", { type: "string", choices: ["morphology", "growth", "pressure", "current", "paths", "sweep"], default: "morphology" })
          .option("out", { type: "string", demandOption: true, describe: "output file (.svg or .png)" })
          .option("width", { type: "number", describe: "pixels" })
          .option("height", { type: "number", describe: "pixels" })
          .option("snapshot", { type: "number", describe: "morphology: snapshot index, 0-based; -1 the last (default)" })
          .example("$0 render data/runs/default-seed1 --view growth --out growth.png", "height and lateral extent against time, as a PNG"),
      async (a) => {
        const { renderCommand } = await import("../viz/render.ts");
        await renderCommand({ dir: a.dir as string, view: a.view as never, out: a.out, width: a.width, height: a.height, snapshot: a.snapshot });
        process.stdout.write(`wrote ${a.out}\n`);
      },
    )
    .command(
      "reproduce",
      "run the paper's experiments and write a report: what the paper reports, what lidep computed, and a verdict",
      (y) =>
        y
          .option("quick", { type: "boolean", default: false, describe: "reduced runs (a few minutes)" })
          .option("seeds", { type: "number", describe: "seeds 1…N per simulated row (default 5; 2 with --quick)" })
          .option("out", { type: "string", describe: "output directory (default data/runs/reproduce)" })
          .option("workers", { type: "number", describe: "worker threads (default: the number of CPUs)" })
          .option("quiet", { type: "boolean", default: false, describe: "no progress bar" })
          .example("$0 reproduce --quick", "every row computed on reduced runs over 2 seeds, in a few minutes")
          .example("$0 reproduce --seeds 8", "the full scoreboard over seeds 1–8"),
      async (a) => {
        const { reproduceCommand } = await import("./reproduce.ts");
        code = await reproduceCommand({ quick: a.quick, seeds: a.seeds, out: a.out, workers: a.workers, quiet: a.quiet });
      },
    )
    .command(
      "inspect <dir>",
      "print a run, sweep or replicas directory's key numbers and the schema of its Arrow files",
      (y) =>
        y
          .positional("dir", { type: "string", demandOption: true, describe: "run, sweep or replicas directory" })
          .example("$0 inspect data/runs/default-seed1", "outcome, pressure, growth, hops; columns, types and rows of each .arrow file"),
      async (a) => {
        const { inspectRunDir } = await import("./inspect.ts");
        process.stdout.write(inspectRunDir(a.dir as string));
      },
    )
    .command(
      "validate <scenario>",
      "check a scenario and print it resolved (every default and derived value explicit)",
      (y) =>
        y
          .positional("scenario", { type: "string", demandOption: true, describe: "scenario JSON file" })
          .option("set", { type: "string", array: true, default: [], describe: "override a scenario key: --set temperature_K=330" })
          .example("$0 validate scenarios/default.json --set collector.kind=spring", "the document `lidep run` would use, or the file and key of a mistake"),
      async (a) => {
        const { validateScenario } = await import("./validate.ts");
        process.stdout.write(validateScenario(a.scenario as string, a.set as string[]));
      },
    )
    .command(
      "analytic",
      "the paper's Eq. 1–3: Griffith stress and overpotential of a flaw, current density of a whisker, its stress on a contact",
      (y) =>
        y
          .option("defect-nm", { type: "number", describe: "flaw size a (nm) for Eq. 1 and 2 (default 10)" })
          .option("velocity-nm-per-s", { type: "number", describe: "whisker growth velocity v (nm/s) (default 1940)" })
          .option("contact-radius-nm", { type: "number", describe: "radius R (nm) of the whisker's round contact for Eq. 3 (default 75, d = 150 nm)" })
          .option("json", { type: "boolean", default: false, describe: "print the numbers as JSON (SI unless the key names a unit)" })
          .example("$0 analytic --defect-nm 100 --json", "σc ≈ 1.5 GPa and Δφ ≈ 0.2 V for a 100 nm flaw, as JSON"),
      async (a) => {
        const { analyticReport } = await import("./analytic.ts");
        const r = analyticReport({ defectNm: a.defectNm, velocityNmPerS: a.velocityNmPerS, contactRadiusNm: a.contactRadiusNm });
        process.stdout.write(a.json ? JSON.stringify(r.json, null, 2) + "\n" : r.text);
      },
    )
    .command(
      "export <dir>",
      "write a run directory's snapshots in another format (--xyz: extended XYZ for OVITO)",
      (y) =>
        y
          .positional("dir", { type: "string", demandOption: true, describe: "run directory" })
          .option("xyz", { type: "boolean", default: false, describe: "extended XYZ trajectory, one frame per snapshot, lengths in Å" })
          .option("out", { type: "string", describe: "output file (default <dir>/snapshots.xyz)" })
          .example("$0 export data/runs/default-seed1 --xyz", "writes data/runs/default-seed1/snapshots.xyz, to open in OVITO"),
      async (a) => {
        if (!a.xyz) throw new UserError("export: give a format (--xyz)");
        const { exportXyz } = await import("./export.ts");
        process.stdout.write(`wrote ${exportXyz(a.dir as string, a.out)}\n`);
      },
    )
    .fail((msg, err) => {
      if (err) throw err;
      throw new UserError(msg);
    })
    .help();
  try {
    await parser.parseAsync(hideBin(["node", "lidep", ...argv]));
  } catch (e) {
    if (e instanceof UserError) {
      process.stderr.write(`lidep: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  return code;
}
