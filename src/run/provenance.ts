/**
 * What made an output, recorded in every one of them (Arrow schema metadata, summary.json,
 * scenario.json, the sweep and replica tables):
 *
 * - `lidep.schemaVersion`: the layout of the files (SCHEMA_VERSION below; files without it are
 *   version 0: species as Int8 codes, NaN where a value does not exist, wall time in summary.json);
 * - `lidep.version`: the package version;
 * - `lidep.commit`: the git commit of the checkout lidep runs from, with "-dirty" when tracked
 *   files differ from it (the commit alone would then not say what ran), or "unknown" outside a
 *   git checkout of lidep itself; resolved once per process (and worker thread);
 * - `lidep.paramsHash`: "sha256:" and the SHA-256 of the canonical JSON (keys sorted at every
 *   level, no spaces) of the resolved parameters — the scenario of a run, the sweep document of a
 *   sweep — so that two outputs of the same physics can be found by one string.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { VERSION } from "../version.ts";

/**
 * Version 1: species dictionary, nulls, field units and descriptions, timing.json, provenance keys.
 * Version 2: events.arrow (the rare events) and summary.atEvents (peaks, values at events, net
 * transport by path), all recorded when they happen.
 * The same version: the time series' growthStress_Pa and crackAtoms, the summary's
 * meanGrowthStress_Pa (excess counted in atoms: a checkpoint of version 1 cannot continue).
 * Version 3: acceleration of fast hops — the time series' accelScaledPairs, accelMinFactor,
 * accelMaxImbalance and accelScaledHops, the summary's `acceleration`; checkpoints of runs with
 * acceleration on hold its state (off, the checkpoint state is version 2's).
 */
export const SCHEMA_VERSION = 3;

/** JSON with the keys of every object sorted (arrays keep their order); no whitespace. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== "object") return JSON.stringify(v) ?? "null";
  if (Array.isArray(v)) return `[${v.map((x) => (x === undefined ? "null" : canonicalJson(x))).join(",")}]`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(",")}}`;
}

/** "sha256:<hex>" of the canonical JSON of resolved parameters. */
export function paramsHash(resolved: unknown): string {
  return "sha256:" + createHash("sha256").update(canonicalJson(resolved)).digest("hex");
}

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

function git(args: string[]): string | null {
  try {
    return execFileSync("git", ["-C", ROOT, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 10_000 }).trim();
  } catch {
    return null;
  }
}

function samePath(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}

let commit: string | null = null;

/** The git commit lidep runs from ("<sha>", "<sha>-dirty" or "unknown"); computed once. */
export function gitCommit(): string {
  if (commit !== null) return commit;
  const top = git(["rev-parse", "--show-toplevel"]);
  const sha = top && samePath(top, ROOT) ? git(["rev-parse", "HEAD"]) : null;
  if (!sha || !/^[0-9a-f]{40}$/.test(sha)) commit = "unknown";
  else commit = git(["status", "--porcelain", "--untracked-files=no"]) === "" ? sha : `${sha}-dirty`;
  return commit;
}

export interface Provenance {
  schemaVersion: number;
  version: string;
  commit: string;
  paramsHash: string;
}

export function provenance(resolved: unknown): Provenance {
  return { schemaVersion: SCHEMA_VERSION, version: VERSION, commit: gitCommit(), paramsHash: paramsHash(resolved) };
}

/** The provenance as Arrow schema metadata (`lidep.*` keys). */
export function provenanceMetadata(p: Provenance): Record<string, string> {
  return { "lidep.schemaVersion": String(p.schemaVersion), "lidep.version": p.version, "lidep.commit": p.commit, "lidep.paramsHash": p.paramsHash };
}
