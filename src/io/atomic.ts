/**
 * Files appear whole or not at all: write to a temporary name in the same directory, then
 * rename (atomic on POSIX file systems).
 */
import { mkdirSync, renameSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join, basename } from "node:path";

export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = join(dirname(file), `.${basename(file)}.tmp-${process.pid}`);
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

/**
 * Builds a directory under a temporary name and renames it into place when `fill` succeeds; on
 * failure (or an exception) the temporary directory is removed. An existing directory at `dir`
 * is replaced.
 */
export function writeDirectoryAtomic(dir: string, fill: (tmpDir: string) => void): void {
  const parent = dirname(dir);
  mkdirSync(parent, { recursive: true });
  const tmp = join(parent, `.${basename(dir)}.tmp-${process.pid}-${Date.now()}`);
  mkdirSync(tmp);
  try {
    fill(tmp);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  moveDirectoryIntoPlace(tmp, dir);
}

/** Renames a finished temporary directory to `dir`, replacing (then removing) any old one. */
export function moveDirectoryIntoPlace(tmp: string, dir: string): void {
  if (existsSync(dir)) {
    const old = join(dirname(dir), `.${basename(dir)}.old-${process.pid}-${Date.now()}`);
    renameSync(dir, old);
    renameSync(tmp, dir);
    rmSync(old, { recursive: true, force: true });
  } else renameSync(tmp, dir);
}
