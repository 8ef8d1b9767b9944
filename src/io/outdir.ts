/**
 * Where lidep writes: the one policy every command follows, so that an output never destroys
 * anything lidep did not create.
 *
 * - Every directory lidep creates (run, replicas, sweep, reproduce) holds a marker file,
 *   `.lidep-output` ({"lidep": kind, "version": …}). An existing output path is replaced only if it
 *   is an empty directory, or a directory with the marker and the user said --force. Never a file,
 *   a link, `/`, $HOME, the working directory or one of its parents.
 * - A directory is built under a hidden sibling `.<name>.tmp-<pid>-<time>-<n>` and renamed into
 *   place whole (a replaced one goes to `.<name>.old-<pid>-…` first, then is removed, marker last).
 *   A process killed on the way leaves only those hidden siblings; the next command writing into
 *   the same parent removes them once their process is dead (never a live process's).
 * - Two commands cannot write one output at once: a lock file `.<name>.lock` beside it, created
 *   with O_EXCL and holding pid, host and start time; the lock of a dead process is taken over
 *   with a message.
 * - Before any computing: the parent can be written and the file system has room for a generous
 *   estimate of the output.
 *
 * `prepareOutput` (directories) and `prepareOutputFile` (render, export) are the entry points;
 * the marker, the lock and the stale temporaries have their own files (marker.ts, lock.ts,
 * stale.ts), re-exported here; output-error.ts turns a refused write into one line.
 */
import { mkdirSync, renameSync, realpathSync, statfsSync, existsSync } from "node:fs";
import { homedir } from "node:os";
import { basename, dirname, join, resolve, sep } from "node:path";
import { UserError } from "../errors.ts";
import { listing, lstatOrNull, markerKind, removeLidepDir, writeMarker, type OutputKind } from "./marker.ts";
import { lockOutput } from "./lock.ts";
import { cleanStaleTemps } from "./stale.ts";
import { atExit } from "./exit.ts";
import { OutputError, reason } from "./output-error.ts";

export { MARKER, markerKind, removeLidepDir, writeMarker, type OutputKind } from "./marker.ts";
export { lockFileOf, lockOutput, pidAlive, type OutputLock } from "./lock.ts";
export { cleanStaleTemps } from "./stale.ts";
export { OutputError, ioCode, writeFailure } from "./output-error.ts";

// ---------------------------------------------------------------------------------------------
// paths never written

/** Why `path` may never be an output directory, or null. */
export function forbiddenReason(path: string): string | null {
  const p = resolve(path);
  const candidates = new Set([p]);
  try {
    candidates.add(realpathSync(p));
  } catch {
    /* does not exist */
  }
  const cwds = new Set([resolve(process.cwd())]);
  try {
    cwds.add(realpathSync(process.cwd()));
  } catch {
    /* cwd removed */
  }
  const home = homedir();
  for (const c of candidates) {
    if (c === dirname(c)) return "that is the root of the file system";
    if (home && (c === resolve(home) || c === safeReal(home))) return "that is your home directory";
    for (const cwd of cwds) {
      if (c === cwd) return "that is the current directory";
      if (cwd.startsWith(c.endsWith(sep) ? c : c + sep)) return "that is a parent of the current directory";
    }
  }
  return null;
}

function safeReal(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}



/**
 * Throws a one-line UserError unless lidep may put a new directory at `path`: it does not exist,
 * is an empty directory, or (with force) a directory holding a lidep output.
 */
export function checkReplaceable(path: string, o: { force?: boolean; flag?: string }): void {
  const p = resolve(path);
  const flag = o.flag ?? "--out";
  const forbidden = forbiddenReason(p);
  if (forbidden) throw new UserError(`${flag} ${p}: ${forbidden}; lidep writes a new directory and never replaces this one: give a new folder, e.g. ${flag} ${join(p === dirname(p) ? "/tmp" : p, "lidep-out")}`);
  const st = lstatOrNull(p);
  if (!st) return;
  if (st.isSymbolicLink()) throw new UserError(`${flag} ${p}: is a symbolic link; lidep does not replace links (or what they point to): give a new folder`);
  if (!st.isDirectory()) throw new UserError(`${flag} ${p}: exists and is not a directory; lidep never replaces it: give a new folder`);
  const entries = listing(p);
  if (entries.length === 0) return;
  const kind = markerKind(p);
  if (kind === null) {
    const shown = entries.slice(0, 3).join(", ") + (entries.length > 3 ? `, … (${entries.length} entries)` : "");
    throw new UserError(`${flag} ${p}: exists and is not a lidep output (it holds ${shown}); lidep never replaces it: give a new folder`);
  }
  if (!o.force) throw new UserError(`${flag} ${p}: holds an earlier lidep ${kind} output; give --force to replace it, or a new folder`);
}

// ---------------------------------------------------------------------------------------------
// free space

/** Free bytes for an unprivileged user on the file system holding `path` (or its nearest existing parent); null if unknown. */
export function freeBytes(path: string): number | null {
  let p = resolve(path);
  while (!existsSync(p) && dirname(p) !== p) p = dirname(p);
  try {
    const s = statfsSync(p);
    return Number(s.bavail) * Number(s.bsize);
  } catch {
    return null;
  }
}

export function formatBytes(n: number): string {
  const units = ["B", "kB", "MB", "GB", "TB", "PB"];
  let i = 0;
  while (n >= 1000 && i < units.length - 1) {
    n /= 1000;
    i++;
  }
  return `${n < 10 && i > 0 ? n.toFixed(1) : Math.round(n)} ${units[i]}`;
}

export function checkFreeSpace(path: string, bytes: number, flag = "--out"): void {
  if (!(bytes > 0)) return;
  const free = freeBytes(path);
  if (free === null || free >= bytes) return;
  throw new OutputError(`${flag} ${resolve(path)}: needs up to ${formatBytes(bytes)} but only ${formatBytes(free)} is free there: free some space or choose another folder`);
}

// ---------------------------------------------------------------------------------------------
// the output of a command

export interface OutputOptions {
  kind: OutputKind;
  /** Replace an earlier lidep output at the path. */
  force?: boolean;
  /** A generous estimate of the bytes the output will take (checked against the free space). */
  bytes?: number;
  /** The option that named the path, for messages. */
  flag?: string;
}

let tempCounter = 0;

/** A fresh hidden sibling name for building `path`. */
export function tempSibling(path: string, what: "tmp" | "old" = "tmp"): string {
  const p = resolve(path);
  return join(dirname(p), `.${basename(p)}.${what}-${process.pid}-${Date.now().toString(36)}-${(tempCounter++).toString(36)}`);
}

/**
 * Renames a finished directory `tmp` to `dir`. An existing `dir` must be replaceable
 * (checkReplaceable: empty, or a lidep output and `force`); it is moved aside, then removed.
 */
export function moveIntoPlace(tmp: string, dir: string, o: { force?: boolean; flag?: string } = {}): void {
  checkReplaceable(dir, o);
  if (lstatOrNull(dir)) {
    const old = tempSibling(dir, "old");
    renameSync(dir, old);
    try {
      renameSync(tmp, dir);
    } catch (e) {
      renameSync(old, dir);
      throw e;
    }
    removeLidepDir(old);
  } else renameSync(tmp, dir);
}

/** Builds a directory under a hidden sibling holding the marker; renames it into place when `fill` succeeds, removes it otherwise. */
export function fillDirectorySync<T>(dir: string, kind: OutputKind, fill: (tmp: string) => T, o: { force?: boolean; flag?: string } = {}): T {
  const [tmp, cancel] = beginTemp(dir, kind);
  try {
    const r = fill(tmp);
    moveIntoPlace(tmp, dir, o);
    return r;
  } catch (e) {
    removeLidepDir(tmp);
    throw e;
  } finally {
    cancel();
  }
}

export async function fillDirectory<T>(dir: string, kind: OutputKind, fill: (tmp: string) => Promise<T>, o: { force?: boolean; flag?: string } = {}): Promise<T> {
  const [tmp, cancel] = beginTemp(dir, kind);
  try {
    const r = await fill(tmp);
    moveIntoPlace(tmp, dir, o);
    return r;
  } catch (e) {
    removeLidepDir(tmp);
    throw e;
  } finally {
    cancel();
  }
}

/** A new temporary sibling holding the marker, removed if the process exits first; and the cancel of that removal. */
function beginTemp(dir: string, kind: OutputKind): [string, () => void] {
  mkdirSync(dirname(resolve(dir)), { recursive: true });
  const tmp = tempSibling(dir);
  mkdirSync(tmp);
  const cancel = atExit(() => removeLidepDir(tmp));
  writeMarker(tmp, kind);
  return [tmp, cancel];
}

/** An output path that passed the checks, locked until `release`. */
export interface Output {
  readonly path: string;
  readonly kind: OutputKind;
  /** Builds the directory under a temporary sibling and renames it into place (re-checking the path). */
  fill<T>(fill: (tmp: string) => Promise<T>): Promise<T>;
  fillSync<T>(fill: (tmp: string) => T): T;
  /** Creates the directory in place now, with its marker, replacing an earlier output (checkpointed runs). */
  createInPlace(): void;
  release(): void;
}

/**
 * The single entry point of every command that writes a directory: refuses a path it may not
 * replace, creates the parent, takes the lock, cleans the parent's stale temporaries and checks
 * the free space — all before any computing. One-line UserError (exit 2) or OutputError (exit 1).
 */
export function prepareOutput(path: string, o: OutputOptions): Output {
  const p = resolve(path);
  const flag = o.flag ?? "--out";
  checkReplaceable(p, o);
  try {
    mkdirSync(dirname(p), { recursive: true });
  } catch (e) {
    throw new OutputError(`${flag} ${p}: cannot create ${dirname(p)} (${reason(e)}): choose another folder`);
  }
  const lock = lockOutput(p, flag);
  try {
    checkReplaceable(p, o); // again, now that nobody else writes there
    cleanStaleTemps(dirname(p));
    checkFreeSpace(dirname(p), o.bytes ?? 0, flag);
  } catch (e) {
    lock.release();
    throw e;
  }
  const opts = { force: o.force, flag };
  return {
    path: p,
    kind: o.kind,
    fill: (f) => fillDirectory(p, o.kind, f, opts),
    fillSync: (f) => fillDirectorySync(p, o.kind, f, opts),
    createInPlace: () => fillDirectorySync(p, o.kind, () => undefined, opts),
    release: () => lock.release(),
  };
}

/**
 * Checks a single output file (`render --out`, `export --out`): never a directory, a link or a
 * device; an existing file only with force, or inside a lidep output. Cleans the stale
 * temporaries of that file. Returns the absolute path.
 */
export function prepareOutputFile(path: string, o: { force?: boolean; flag?: string } = {}): string {
  const p = resolve(path);
  const flag = o.flag ?? "--out";
  const st = lstatOrNull(p);
  if (st) {
    if (st.isSymbolicLink()) throw new UserError(`${flag} ${p}: is a symbolic link; lidep does not replace links: give a new file name`);
    if (st.isDirectory()) throw new UserError(`${flag} ${p}: is a directory; lidep never replaces a directory with a file: give a file name`);
    if (!st.isFile()) throw new UserError(`${flag} ${p}: exists and is not a regular file; lidep never replaces it: give a new file name`);
    if (!o.force && markerKind(dirname(p)) === null) throw new UserError(`${flag} ${p}: exists; give --force to replace it, or a new file name`);
  }
  try {
    mkdirSync(dirname(p), { recursive: true });
  } catch (e) {
    throw new OutputError(`${flag} ${p}: cannot create ${dirname(p)} (${reason(e)}): choose another folder`);
  }
  cleanStaleTemps(dirname(p), basename(p));
  return p;
}
