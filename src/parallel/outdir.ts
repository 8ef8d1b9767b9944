/**
 * A batch's output directory appears whole or not at all: everything is written under a hidden
 * temporary sibling (same file system) that is renamed into place when the batch succeeds, and
 * removed when it fails or is aborted. A process killed outright leaves only the hidden
 * `.<name>.tmp-…` directory, never a partial `<name>`. An existing directory is replaced.
 */
import { mkdirSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { moveDirectoryIntoPlace } from "../io/atomic.ts";

export async function withAtomicDirectory<T>(dir: string, fill: (tmpDir: string) => Promise<T>): Promise<T> {
  const parent = dirname(dir);
  mkdirSync(parent, { recursive: true });
  const tmp = join(parent, `.${basename(dir)}.tmp-${process.pid}-${Date.now()}`);
  mkdirSync(tmp);
  let result: T;
  try {
    result = await fill(tmp);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  moveDirectoryIntoPlace(tmp, dir);
  return result;
}
