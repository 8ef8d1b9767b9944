/**
 * Temporaries a killed lidep left: `.<name>.tmp-<pid>…` and `.<name>.old-<pid>…` beside an output
 * (or inside one), removed by the next command writing there once their process is dead — never a
 * live process's, never a directory without lidep's marker (unless empty).
 */
import { unlinkSync } from "node:fs";
import { join } from "node:path";
import { listing, lstatOrNull, markerKind, removeLidepDir } from "./marker.ts";
import { pidAlive } from "./lock.ts";

const TEMP = /^\.(.+)\.(tmp|old)-(\d+)(?:-[0-9a-z-]+)?$/;

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
