/**
 * The marker of a directory lidep made: `.lidep-output`, {"lidep": kind, "version": …}. Only a
 * directory holding it is ever replaced (io/outdir.ts), and it is removed last, so that a removal
 * cut short still says whose the rest is.
 */
import { lstatSync, readFileSync, readdirSync, rmSync, writeFileSync, type Stats } from "node:fs";
import { join } from "node:path";
import { VERSION } from "../version.ts";

export const MARKER = ".lidep-output";

export type OutputKind = "run" | "replicas" | "sweep" | "reproduce";

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

/** The lstat of `p`, or null if nothing is there. */
export function lstatOrNull(p: string): Stats | null {
  try {
    return lstatSync(p);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw e;
  }
}

/** The names in `dir`, or none if it cannot be read. */
export function listing(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
