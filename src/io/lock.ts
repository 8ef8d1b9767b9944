/**
 * The lock of an output path: `.<name>.lock` beside it, created with O_EXCL and holding pid, host
 * and start time, so that two commands never write one folder at once. The lock of a process that
 * is no longer running (same host) is taken over with a message; one from another host never is.
 */
import { closeSync, existsSync, openSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { UserError } from "../errors.ts";
import { OutputError, reason } from "./output-error.ts";
import { lstatOrNull } from "./marker.ts";
import { atExit } from "./exit.ts";

/** Whether process `pid` is running on this machine (EPERM: it is, someone else's). */
export function pidAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

interface LockInfo {
  pid: number;
  host: string;
  started: string;
  command: string;
}

function readLock(file: string): LockInfo | null {
  try {
    const v = JSON.parse(readFileSync(file, "utf8")) as LockInfo;
    return typeof v.pid === "number" && typeof v.host === "string" ? v : null;
  } catch {
    return null;
  }
}

function releaseLockFile(file: string): void {
  const info = readLock(file);
  if (info && info.pid === process.pid && info.host === hostname()) rmSync(file, { force: true });
}

export interface OutputLock {
  readonly file: string;
  release(): void;
}

/** The lock file of an output path: `.<name>.lock` in the same parent. */
export function lockFileOf(path: string): string {
  const p = resolve(path);
  return join(dirname(p), `.${basename(p)}.lock`);
}

/**
 * Takes the lock of output `path` (its parent must exist), or throws a one-line UserError naming
 * the process that holds it. The lock of a process that is no longer running is taken over.
 */
export function lockOutput(path: string, flag = "--out"): OutputLock {
  const p = resolve(path);
  const file = lockFileOf(p);
  const mine: LockInfo = { pid: process.pid, host: hostname(), started: new Date().toISOString(), command: process.argv.slice(2).join(" ").slice(0, 200) };
  for (let attempt = 0; attempt < 5; attempt++) {
    let fd: number;
    try {
      fd = openSync(file, "wx");
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== "EEXIST") throw new OutputError(`${flag} ${p}: cannot write in ${dirname(p)} (${reason(e)}): choose a writable folder`);
      const held = readLock(file);
      if (!held) {
        // being written this instant, or garbage: give the writer a moment, then judge by age
        const st = lstatOrNull(file);
        if (st && Date.now() - st.mtimeMs > 10_000) {
          takeOver(file, null);
          continue;
        }
        sleepMs(50);
        continue;
      }
      if (held.host !== hostname() || pidAlive(held.pid)) {
        const where = held.host === hostname() ? "" : ` on ${held.host}`;
        throw new UserError(`${flag} ${p}: another lidep (pid ${held.pid}${where}, started ${held.started}) is writing it; wait for it to finish or choose another folder (if no such process runs, delete ${file})`);
      }
      if (takeOver(file, held)) process.stderr.write(`lidep: ${p} was locked by process ${held.pid} (started ${held.started}), which is no longer running; taking over\n`);
      continue;
    }
    try {
      writeSync(fd, JSON.stringify(mine) + "\n");
    } catch (e) {
      closeSync(fd);
      rmSync(file, { force: true });
      throw new OutputError(`${flag} ${p}: cannot write in ${dirname(p)} (${reason(e)}): free some space or choose another folder`);
    }
    closeSync(fd);
    const cancel = atExit(() => releaseLockFile(file));
    return {
      file,
      release: () => {
        cancel();
        releaseLockFile(file);
      },
    };
  }
  throw new UserError(`${flag} ${p}: could not take the lock ${file}; if no lidep writes there, delete it`);
}

/** Moves a dead process's lock aside, checking it is still that one; true if it was. */
function takeOver(file: string, held: LockInfo | null): boolean {
  const aside = join(dirname(file), `${basename(file)}.old-${process.pid}`);
  try {
    renameSync(file, aside);
  } catch {
    return false; // someone else took it over first
  }
  const moved = readLock(aside);
  const same = held === null ? moved === null : moved !== null && moved.pid === held.pid && moved.started === held.started && moved.host === held.host;
  if (!same) {
    // another process took it over between our look and the move: put its lock back (unless a
    // third one has made a new lock meanwhile; the copy aside is then a stale temporary)
    if (!existsSync(file)) {
      try {
        renameSync(aside, file);
      } catch {
        /* left aside */
      }
    }
    return false;
  }
  rmSync(aside, { force: true });
  return true;
}

function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
