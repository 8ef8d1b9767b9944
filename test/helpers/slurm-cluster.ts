/**
 * A one-node Slurm cluster in a temporary directory, for the cluster back end's test (recipe:
 * shared/TOOLCHAIN.md, "Slurm on one machine"). Its own MUNGE daemon (key and socket in the
 * directory), slurmctld and slurmd in the foreground as children of this process, on free ports,
 * with a slurm.conf that the Slurm commands find through SLURM_CONF (pass `env` to them). `stop()`
 * cancels the cluster's jobs, then stops the three daemons by their PIDs.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync, closeSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { availableParallelism } from "node:os";
import { join } from "node:path";

const ROOT = new URL("../..", import.meta.url).pathname;

/** Why this machine cannot run the test's Slurm at all, or null when it can (after installing it). */
export function slurmUnavailable(): string | null {
  if (process.platform !== "linux") return `not Linux (${process.platform})`;
  if (process.getuid?.() !== 0) return "not root (slurmd runs jobs as their owner; as root: scripts/ensure-slurm.sh)";
  const has = (c: string) => spawnSync("sh", ["-c", `command -v ${c}`]).status === 0;
  if (!["slurmctld", "slurmd", "sbatch", "munged"].every(has) && !has("apt-get")) return "Slurm is not installed and there is no apt-get to install it";
  return null;
}

/** Installs Debian's slurm-wlm and munge when missing (the script says what it installs). */
export function ensureSlurm(): void {
  const r = spawnSync("bash", [join(ROOT, "scripts/ensure-slurm.sh")], { stdio: "inherit", timeout: 900_000 });
  if (r.status !== 0) throw new Error(`scripts/ensure-slurm.sh failed (exit ${r.status})`);
}

async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once("error", rej);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Cluster {
  dir: string;
  env: NodeJS.ProcessEnv;
  /** The daemons' PIDs (munged, slurmctld, slurmd). */
  pids: Record<string, number>;
  /** Runs a Slurm command against this cluster. */
  slurm(cmd: string, args: string[]): string;
  stop(): Promise<void>;
}

export async function startCluster(dir: string, log: (s: string) => void): Promise<Cluster> {
  mkdirSync(join(dir, "munge"), { recursive: true });
  for (const d of ["state", "spool", "log"]) mkdirSync(join(dir, d));
  chmodSync(dir, 0o755);
  chmodSync(join(dir, "munge"), 0o755);
  writeFileSync(join(dir, "munge", "munge.key"), randomBytes(1024), { mode: 0o600 });
  const socket = join(dir, "munge", "munge.sock");
  const [ctldPort, dPort] = [await freePort(), await freePort()];
  const conf = join(dir, "slurm.conf");
  writeFileSync(
    conf,
    [
      "ClusterName=lideptest",
      "SlurmctldHost=localhost",
      `SlurmctldPort=${ctldPort}`,
      `SlurmdPort=${dPort}`,
      "SlurmUser=root",
      "AuthType=auth/munge",
      "CredType=cred/munge",
      `AuthInfo=socket=${socket}`,
      `StateSaveLocation=${join(dir, "state")}`,
      `SlurmdSpoolDir=${join(dir, "spool")}`,
      `SlurmctldPidFile=${join(dir, "slurmctld.pid")}`,
      `SlurmdPidFile=${join(dir, "slurmd.pid")}`,
      `SlurmctldLogFile=${join(dir, "log", "slurmctld.log")}`,
      `SlurmdLogFile=${join(dir, "log", "slurmd.log")}`,
      "ProctrackType=proctrack/linuxproc",
      "TaskPlugin=task/none",
      "SelectType=select/cons_tres",
      "SelectTypeParameters=CR_Core",
      "MpiDefault=none",
      "MailProg=/bin/true",
      "JobAcctGatherType=jobacct_gather/none",
      "AccountingStorageType=accounting_storage/none",
      "JobCompType=jobcomp/none",
      "SlurmdParameters=config_overrides",
      "ReturnToService=2",
      "KillWait=5",
      `NodeName=localhost NodeAddr=127.0.0.1 CPUs=${Math.max(2, availableParallelism())} State=UNKNOWN`,
      "PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP",
      "",
    ].join("\n"),
  );
  const env = { ...process.env, SLURM_CONF: conf };
  const children: [string, ChildProcess][] = [];
  const daemon = (name: string, cmd: string, args: string[]) => {
    const out = openSync(join(dir, "log", `${name}.out`), "a");
    const p = spawn(cmd, args, { env, stdio: ["ignore", out, out] });
    closeSync(out);
    children.push([name, p]);
    log(`slurm test cluster: started ${name} (pid ${p.pid})`);
    return p;
  };
  const slurm = (cmd: string, args: string[]) => {
    const r = spawnSync(cmd, args, { env, encoding: "utf8", timeout: 60_000 });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")}: ${r.stderr || r.error?.message}`);
    return r.stdout;
  };
  const logs = () =>
    ["munged.out", "slurmctld.out", "slurmd.out"].map((f) => {
      const p = join(dir, "log", f);
      return existsSync(p) ? `--- ${f}\n${readFileSync(p, "utf8").split("\n").slice(-15).join("\n")}` : "";
    }).join("\n");
  const waitFor = async (what: string, ok: () => boolean) => {
    for (const t0 = Date.now(); Date.now() - t0 < 60_000; await sleep(200)) {
      if (children.some(([, p]) => p.exitCode !== null)) break;
      try {
        if (ok()) return;
      } catch {
        // not yet
      }
    }
    throw new Error(`slurm test cluster: ${what} did not come up\n${logs()}`);
  };

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    try {
      if (children.some(([n, p]) => n === "slurmctld" && p.exitCode === null)) {
        spawnSync("scancel", ["--me"], { env, timeout: 30_000 });
        for (const t0 = Date.now(); Date.now() - t0 < 20_000; await sleep(250)) {
          const q = spawnSync("squeue", ["--me", "--noheader"], { env, encoding: "utf8", timeout: 30_000 });
          if (q.status !== 0 || q.stdout.trim() === "") break;
        }
      }
    } finally {
      for (const [name, p] of [...children].reverse()) {
        if (p.exitCode !== null || p.signalCode !== null) continue;
        const gone = new Promise<void>((r) => p.once("exit", () => r()));
        p.kill("SIGTERM");
        const t = setTimeout(() => p.kill("SIGKILL"), 10_000);
        await gone;
        clearTimeout(t);
        log(`slurm test cluster: stopped ${name} (pid ${p.pid})`);
      }
      process.removeListener("exit", killAll);
    }
  };
  // Should this process end without afterAll (a crash), the daemons still go.
  const killAll = () => children.forEach(([, p]) => p.exitCode === null && p.kill("SIGKILL"));
  process.once("exit", killAll);

  try {
    daemon("munged", "munged", ["--foreground", "--force", `--socket=${socket}`, `--key-file=${join(dir, "munge", "munge.key")}`, `--pid-file=${join(dir, "munge", "munged.pid")}`, `--log-file=${join(dir, "log", "munged.log")}`, `--seed-file=${join(dir, "munge", "munged.seed")}`]);
    await waitFor("munged", () => existsSync(socket));
    daemon("slurmctld", "slurmctld", ["-D", "-f", conf]);
    await waitFor("slurmctld", () => / is UP/.test(slurm("scontrol", ["ping"])));
    daemon("slurmd", "slurmd", ["-D", "-N", "localhost", "-f", conf]);
    await waitFor("slurmd", () => /^idle/.test(slurm("sinfo", ["--noheader", "--format=%T"]).trim()));
  } catch (e) {
    await stop();
    throw e;
  }
  return { dir, env, pids: Object.fromEntries(children.map(([n, p]) => [n, p.pid!])), slurm, stop };
}
