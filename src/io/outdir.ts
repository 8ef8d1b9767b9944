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
 */
import { closeSync, existsSync, lstatSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, rmSync, statfsSync, unlinkSync, writeFileSync, writeSync, realpathSync, type Stats } from "node:fs";
import { homedir, hostname } from "node:os";
import { basename, dirname, join, resolve, sep } from "node:path";
import { UserError } from "../scenario/errors.ts";
import { VERSION } from "../version.ts";

export const MARKER = ".lidep-output";

export type OutputKind = "run" | "replicas" | "sweep" | "reproduce";

/** A failure to write an output (disk full, read-only, …): one line, exit code 1 (not a user's mistake). */
export class OutputError extends UserError {
  readonly exitCode = 1;
}

/** The error codes of a file system that refuses a write. */
const IO_CODES = new Set(["ENOSPC", "EDQUOT", "EROFS", "EACCES", "EPERM", "EIO", "ENOTDIR", "EISDIR", "EEXIST", "ENOTEMPTY", "EXDEV", "EMFILE", "ENFILE", "EFBIG", "ENAMETOOLONG", "ENOENT", "EBUSY"]);

/** The errno code of an error (or of its cause) if it is a file-system refusal, else null. */
export function ioCode(e: unknown): string | null {
  for (let x = e, depth = 0; x && depth < 4; x = (x as { cause?: unknown }).cause, depth++) {
    const code = (x as NodeJS.ErrnoException).code;
    if (typeof code === "string" && IO_CODES.has(code)) return code;
  }
  return null;
}

function reason(e: unknown): string {
  const code = ioCode(e);
  const msg = e instanceof Error ? e.message.split("\n")[0] : String(e);
  return code && !msg.startsWith(code) ? `${code}: ${msg}` : msg;
}

// ---------------------------------------------------------------------------------------------
// markers

export function writeMarker(dir: string, kind: OutputKind): void {
  writeFileSync(join(dir, MARKER), JSON.stringify({ lidep: kind, version: VERSION }) + "\n");
}

/** The kind of lidep output `dir` is, from its marker; null if it has none. */
export function markerKind(dir: string): string | null {
  try {
    const m = JSON.parse(readFileSync(join(dir, MARKER), "utf8")) as { lidep?: unknown };
    return typeof m.lidep === "string" ? m.lidep : "unknown";
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "ENOENT" || (e as NodeJS.ErrnoException).code === "ENOTDIR" ? null : "unknown";
  }
}

/** Removes a directory lidep made, its marker last: a removal cut short still carries the marker. */
export function removeLidepDir(dir: string): void {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return;
  }
  for (const e of entries) if (e !== MARKER) rmSync(join(dir, e), { recursive: true, force: true });
  rmSync(join(dir, MARKER), { force: true });
  rmSync(dir, { recursive: true, force: true });
}

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

function lstatOrNull(p: string): Stats | null {
  try {
    return lstatSync(p);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw e;
  }
}

function listing(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
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
// stale temporaries

const TEMP = /^\.(.+)\.(tmp|old)-(\d+)(?:-[0-9a-z-]+)?$/;

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

/**
 * Removes the temporaries a killed lidep left in `dir`: `.<name>.tmp-<pid>…` and `.<name>.old-<pid>…`
 * whose process is dead — directories only if they are empty or carry lidep's marker, files only
 * inside a lidep output (or when named for `forFile`, the file about to be written). Returns what
 * it removed.
 */
export function cleanStaleTemps(dir: string, forFile?: string): string[] {
  const removed: string[] = [];
  const insideOutput = markerKind(dir) !== null;
  for (const name of listing(dir)) {
    const m = TEMP.exec(name);
    if (!m || pidAlive(Number(m[3]))) continue;
    const p = join(dir, name);
    const st = lstatOrNull(p);
    if (!st) continue;
    try {
      if (st.isDirectory()) {
        if (listing(p).length > 0 && markerKind(p) === null) continue;
        removeLidepDir(p);
      } else if (st.isFile()) {
        if (!insideOutput && m[1] !== forFile && !(m[1].endsWith(".lock") && m[2] === "old")) continue;
        unlinkSync(p);
      } else continue;
      removed.push(p);
    } catch {
      /* another process removed it first, or it cannot be removed: leave it */
    }
  }
  return removed;
}

// ---------------------------------------------------------------------------------------------
// locks

interface LockInfo {
  pid: number;
  host: string;
  started: string;
  command: string;
}

const heldLocks = new Set<string>();
const liveTemps = new Set<string>();
let exitHook = false;

function onExit(): void {
  for (const t of liveTemps) {
    try {
      removeLidepDir(t);
    } catch {
      /* best effort */
    }
  }
  for (const l of heldLocks) releaseLockFile(l);
}

function ensureExitHook(): void {
  if (exitHook) return;
  exitHook = true;
  process.on("exit", onExit);
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
  heldLocks.delete(file);
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
    ensureExitHook();
    heldLocks.add(file);
    return { file, release: () => releaseLockFile(file) };
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
  if (!same && !existsSync(file)) {
    // it was renewed between our look and the move: put the live one back
    try {
      renameSync(aside, file);
    } catch {
      /* cannot happen on one host but by a third process; the O_EXCL retry decides */
    }
    return false;
  }
  rmSync(aside, { force: true });
  return same;
}

function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
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
  const tmp = beginTemp(dir, kind);
  try {
    const r = fill(tmp);
    moveIntoPlace(tmp, dir, o);
    return r;
  } catch (e) {
    removeLidepDir(tmp);
    throw e;
  } finally {
    liveTemps.delete(tmp);
  }
}

export async function fillDirectory<T>(dir: string, kind: OutputKind, fill: (tmp: string) => Promise<T>, o: { force?: boolean; flag?: string } = {}): Promise<T> {
  const tmp = beginTemp(dir, kind);
  try {
    const r = await fill(tmp);
    moveIntoPlace(tmp, dir, o);
    return r;
  } catch (e) {
    removeLidepDir(tmp);
    throw e;
  } finally {
    liveTemps.delete(tmp);
  }
}

function beginTemp(dir: string, kind: OutputKind): string {
  mkdirSync(dirname(resolve(dir)), { recursive: true });
  const tmp = tempSibling(dir);
  mkdirSync(tmp);
  ensureExitHook();
  liveTemps.add(tmp);
  writeMarker(tmp, kind);
  return tmp;
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

/** An OutputError for a failed write of `what` into `path`, or the error itself if it is not an I/O failure. */
export function writeFailure(e: unknown, path: string, what: string, advice: string): unknown {
  if (e instanceof UserError || !ioCode(e)) return e;
  return new OutputError(`${path}: writing ${what} failed (${reason(e)}); ${advice}`);
}
