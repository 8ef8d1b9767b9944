/**
 * The `lidep` command line (yargs).
 */
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { runCommand, resumeCommand } from "./run.ts";
import { sweepCommand, replicasCommand } from "./sweep.ts";
import { UserError } from "../errors.ts";
import { VERSION } from "../version.ts";
import { XYZ_ELEMENTS_HELP } from "../io/xyz.ts";

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
          .option("seed", { type: "string", default: "1", describe: "base seed (a whole number, 0 to 2^53 − 1)" })
          .option("out", { type: "string", describe: "output directory (default data/runs/<name>-seed<seed>[-set<hash of the --set overrides>])" })
          .option("force", { type: "boolean", default: false, describe: "replace an earlier lidep output at --out (never anything else)" })
          .option("set", { type: "string", array: true, default: [], describe: "override a scenario key: --set electrical.currentDensity_A_per_cm2=0.1" })
          .option("quiet", { type: "boolean", default: false, describe: "no progress bar" })
          .option("checkpoint-every", { type: "string", describe: "write a checkpoint every N events (100000) or N seconds (30s); `lidep resume <out>` continues a killed run" })
          .option("replicas", { type: "number", describe: "run R replicas, seeds seed … seed+R−1, on a worker pool (writes <out>/seed=<n>/ and <out>/replicas.arrow)" })
          .option("workers", { type: "number", describe: "worker threads for --replicas (default: the number of CPUs)" })
          .option("include-outside-model", { type: "boolean", default: false, describe: "--replicas: count runs past the 7 GPa b.c.c. limit in the mean (left out by default)" })
          .check((a) => {
            if (a.workers !== undefined && a.replicas === undefined) throw new UserError("--workers: only with --replicas (one run uses one thread)");
            if (a.includeOutsideModel && a.replicas === undefined) throw new UserError("--include-outside-model: only with --replicas (it changes the replicas' mean)");
            return true;
          })
          .example("$0 run scenarios/default.json --seed 3 --set temperature_K=330", "run the default scenario at 330 K")
          .example("$0 run scenarios/default.json --replicas 8 --workers 2", "8 replicas (seeds 1–8) on 2 threads"),
      async (a) => {
        code =
          a.replicas !== undefined
            ? await replicasCommand({ scenario: a.scenario as string, seed: a.seed, replicas: a.replicas, workers: a.workers, out: a.out, set: a.set as string[], quiet: a.quiet, force: a.force, includeOutsideModel: a.includeOutsideModel })
            : await runCommand({ scenario: a.scenario as string, seed: a.seed, out: a.out, set: a.set as string[], quiet: a.quiet, checkpointEvery: a.checkpointEvery, force: a.force });
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
      "sweep [file]",
      "run a sweep (grid of scenario values × seeds) as one dataset: on a worker pool, or as a Slurm job array (--backend slurm, then --status / --collect)",
      (y) =>
        y
          .positional("file", { type: "string", describe: "sweep JSON file" })
          .option("out", { type: "string", describe: "output directory (default data/runs/<sweep name>)" })
          .option("force", { type: "boolean", default: false, describe: "replace an earlier lidep output at --out (never anything else)" })
          .option("workers", { type: "number", describe: "worker threads (default: the number of CPUs)" })
          .option("quiet", { type: "boolean", default: false, describe: "no progress bar" })
          .option("backend", { type: "string", choices: ["local", "slurm"], default: "local", describe: "local: this machine's worker pool; slurm: write an sbatch array script into the output directory and submit it" })
          .option("partition", { type: "string", describe: "slurm: the partition (sbatch --partition)" })
          .option("time", { type: "string", describe: "slurm: time limit of each array task, e.g. 02:00:00 (sbatch --time)" })
          .option("array-max", { type: "number", describe: "slurm: at most M array tasks at once (--array=…%M)" })
          .option("bundle", { type: "number", describe: "slurm: simulations per array task (default 1)" })
          .option("sbatch-arg", { type: "string", array: true, describe: "slurm: one more sbatch option, e.g. --sbatch-arg=--account=proj123 (repeatable)" })
          .option("submit", { type: "boolean", default: true, describe: "slurm: --no-submit writes the script and the plan without calling sbatch" })
          .option("status", { type: "string", describe: "a Slurm sweep directory: what is done, running, pending or failed (squeue and the files; no accounting)" })
          .option("collect", { type: "string", describe: "a Slurm sweep directory: merge sweep.arrow and timeseries.arrow once every simulation is there, or list what is missing" })
          .option("resume", { type: "boolean", default: false, describe: "with --collect: re-submit only the array tasks whose simulations are missing" })
          .option("include-outside-model", { type: "boolean", default: false, describe: "count runs past the 7 GPa b.c.c. limit in the table's means (left out by default)" })
          .check((a) => {
            const modes = [a.file !== undefined && "a sweep file", a.status !== undefined && "--status", a.collect !== undefined && "--collect"].filter(Boolean);
            if (modes.length !== 1) throw new UserError(`sweep: expected one of a sweep file, --status <dir> or --collect <dir>, found ${modes.length ? modes.join(" and ") : "none"}`);
            if (a.resume && a.collect === undefined) throw new UserError("--resume: only with --collect <dir>");
            const slurmOnly = (["partition", "time", "array-max", "bundle", "sbatch-arg"] as const).filter((k) => a[k] !== undefined);
            if (a.file !== undefined && a.backend !== "slurm" && (slurmOnly.length || !a.submit)) throw new UserError(`--${slurmOnly[0] ?? "no-submit"}: only with --backend slurm`);
            if (a.file === undefined && (slurmOnly.length || a.out !== undefined || a.workers !== undefined || a.backend !== "local")) throw new UserError(`--${slurmOnly[0] ?? (a.out !== undefined ? "out" : a.workers !== undefined ? "workers" : "backend")}: not with --status or --collect (the sweep directory holds its settings)`);
            if (a.backend === "slurm" && a.workers !== undefined) throw new UserError("--workers: not with --backend slurm (each array task runs its simulations one after the other; --bundle sets how many)");
            return true;
          })
          .example("$0 sweep scenarios/sweeps/current-vs-stiffness.json --workers 2", "collector stiffness × current density, 2 threads")
          .example("$0 sweep scenarios/sweeps/current-vs-stiffness.json --backend slurm --partition short --time 00:30:00 --bundle 3 --sbatch-arg=--account=proj123", "the same as a Slurm job array, 3 simulations per array task")
          .example("$0 sweep --collect data/runs/current-vs-stiffness --resume", "merge it, or re-submit what is missing"),
      async (a) => {
        const { clusterCollectCommand, clusterStatusCommand, clusterSubmitCommand } = await import("./cluster.ts");
        if (a.status !== undefined) code = await clusterStatusCommand(a.status);
        else if (a.collect !== undefined) code = await clusterCollectCommand(a.collect, a.resume);
        else if (a.backend === "slurm") {
          code = await clusterSubmitCommand({
            file: a.file as string, out: a.out, submit: a.submit, partition: a.partition, time: a.time, arrayMax: a.arrayMax,
            bundle: a.bundle ?? 1, sbatchArgs: (a.sbatchArg as string[] | undefined) ?? [],
          });
        } else code = await sweepCommand({ file: a.file as string, out: a.out, workers: a.workers, quiet: a.quiet, force: a.force, includeOutsideModel: a.includeOutsideModel });
      },
    )
    .command({
      command: "sweep-task <dir> <task>",
      describe: false, // what a Slurm sweep's array script runs (sweep.sbatch), not typed by hand
      builder: (y) => y.positional("dir", { type: "string", demandOption: true }).positional("task", { type: "number", demandOption: true }),
      handler: async (a) => {
        const { sweepTaskCommand } = await import("./cluster.ts");
        code = await sweepTaskCommand(a.dir as string, a.task as number);
      },
    })
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
          .option("force", { type: "boolean", default: false, describe: "replace an existing file at --out" })
          .option("width", { type: "number", describe: "pixels" })
          .option("height", { type: "number", describe: "pixels" })
          .option("snapshot", { type: "number", describe: "morphology: snapshot index, 0-based; -1 the last (default)" })
          .example("$0 render data/runs/default-seed1 --view growth --out growth.png", "height and lateral extent against time, as a PNG"),
      async (a) => {
        const { renderCommand } = await import("../viz/render.ts");
        await renderCommand({ dir: a.dir as string, view: a.view as never, out: a.out, width: a.width, height: a.height, snapshot: a.snapshot, force: a.force });
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
          .option("out", { type: "string", describe: "output directory (default data/runs/reproduce, or reproduce-quick)" })
          .option("force", { type: "boolean", default: false, describe: "replace an earlier lidep output at --out (never anything else)" })
          .option("workers", { type: "number", describe: "worker threads (default: the number of CPUs)" })
          .option("quiet", { type: "boolean", default: false, describe: "no progress bar" })
          .option("sensitivity", { type: "boolean", describe: "also rerun with each unmeasured parameter ×3 and ÷3 and across the interface D range, at the quick budget on ≤ 3 seeds (default: on in full mode, off with --quick)" })
          .option("long", { type: "boolean", default: false, describe: "full mode: also the paper-size scenarios too long for it (e.g. fig4g-full, the whole Fig. 4g whisker: ~40–60 CPU-hours per seed today)" })
          .example("$0 reproduce --quick", "every row computed on reduced runs over 2 seeds, in a few minutes")
          .example("$0 reproduce --seeds 8", "the full scoreboard over seeds 1–8"),
      async (a) => {
        const { reproduceCommand } = await import("./reproduce.ts");
        code = await reproduceCommand({ quick: a.quick, seeds: a.seeds, out: a.out, workers: a.workers, quiet: a.quiet, force: a.force, sensitivity: a.sensitivity, long: a.long });
      },
    )
    .command(
      "converge <scenario>",
      "check acceleration: the scenario accelerated and unaccelerated over N seeds to the same simulated time, each observable's difference with its uncertainty and an equivalence (TOST) verdict; exit code 1 when one fails",
      (y) =>
        y
          .positional("scenario", { type: "string", demandOption: true, describe: "scenario JSON file" })
          .option("seeds", { type: "number", default: 5, describe: "seeds 1…N per arm" })
          .option("until-time", { type: "number", describe: "the window's end in simulated seconds (default the scenario's run.maxTime_s)" })
          .option("b-seeds", { type: "number", describe: "seeds of the surface-transport B measurement per arm (default max(--seeds, 4)); a B row marked underpowered says how many it needs" })
          .option("set", { type: "string", array: true, default: [], describe: "key.path=value override of both arms (repeatable)" })
          .option("test-set", { type: "string", array: true, default: [], describe: "key.path=value override of the accelerated arm only, e.g. a hand-set factor to see converge catch it (repeatable)" })
          .option("json", { type: "boolean", default: false, describe: "the full report as JSON" })
          .option("quiet", { type: "boolean", default: false, describe: "no progress lines" })
          .example("$0 converge scenarios/default.json --seeds 5 --until-time 0.003", "default, accelerated vs not, 5 seeds, its whole 3 ms window"),
      async (a) => {
        const { convergeCommand } = await import("./converge.ts");
        code = convergeCommand({ scenario: a.scenario as string, seeds: a.seeds, bSeeds: a["b-seeds"], untilTime: a["until-time"], set: a.set as string[], testSet: a["test-set"] as string[], json: a.json, quiet: a.quiet });
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
      "write a run directory's snapshots in another format (--xyz: extended XYZ for OVITO and ASE)",
      (y) =>
        y
          .positional("dir", { type: "string", demandOption: true, describe: "run directory" })
          .option("xyz", { type: "boolean", default: false, describe: `extended XYZ trajectory, one frame per snapshot, lengths in Å; ${XYZ_ELEMENTS_HELP}` })
          .option("out", { type: "string", describe: "output file (default <dir>/snapshots.xyz)" })
          .option("force", { type: "boolean", default: false, describe: "replace an existing file at --out" })
          .example("$0 export data/runs/default-seed1 --xyz", "writes data/runs/default-seed1/snapshots.xyz, to open in OVITO"),
      async (a) => {
        if (!a.xyz) throw new UserError("export: give a format (--xyz)");
        const { exportXyz } = await import("./export.ts");
        process.stdout.write(`wrote ${exportXyz(a.dir as string, a.out, { force: a.force })}\n`);
      },
    )
    .fail((msg, err) => {
      if (err) throw err;
      // yargs spreads some messages over lines ("Invalid values:\n  Argument: …"): one line
      throw new UserError(msg.replace(/\s*\n\s*/g, " "));
    })
    .help();
  try {
    await parser.parseAsync(hideBin(["node", "lidep", ...argv]));
  } catch (e) {
    if (e instanceof UserError) {
      process.stderr.write(`lidep: ${e.message}\n`);
      return (e as { exitCode?: number }).exitCode ?? 2; // 1: an output could not be written (io/outdir.ts)
    }
    throw e;
  }
  return code;
}
