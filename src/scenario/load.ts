/**
 * Loading a scenario: read the JSON file, apply command-line overrides (`--set a.b=value`),
 * validate against the schema and resolve every default and derived value into one explicit
 * document.
 */
import { readFileSync, existsSync, statSync } from "node:fs";
import { z } from "zod";
import { ScenarioSchema, PATHS, type Scenario } from "./schema.ts";
import { UserError, describeValue } from "../errors.ts";
import { LI_DIFFUSIVITY_M2_PER_S } from "../constants/materials.ts";
import { barrierFromDiffusivity } from "../model/params.ts";

export function readScenarioFile(file: string): unknown {
  if (!existsSync(file)) throw new UserError(`${file}: no such scenario file`);
  if (!statSync(file).isFile()) throw new UserError(`${file}: not a file`);
  const text = readFileSync(file, "utf8");
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UserError(`${file}: malformed JSON (${(e as Error).message})`);
  }
}

/** Parses `a.b.c=value`: the value as JSON when it parses, else as a string. */
export function parseOverride(text: string): { path: string[]; value: unknown } {
  const eq = text.indexOf("=");
  if (eq <= 0) throw new UserError(`--set ${text}: expected key.path=value`);
  const path = text.slice(0, eq).split(".");
  if (path.some((p) => p.length === 0)) throw new UserError(`--set ${text}: empty key in the path`);
  const raw = text.slice(eq + 1);
  let value: unknown = raw;
  try {
    value = JSON.parse(raw);
  } catch {
    value = raw;
  }
  return { path, value };
}

export function applyOverrides(doc: unknown, overrides: string[]): unknown {
  const root = (doc && typeof doc === "object" ? structuredClone(doc) : {}) as Record<string, unknown>;
  for (const o of overrides) {
    const { path, value } = parseOverride(o);
    let node: Record<string, unknown> = root;
    for (let i = 0; i < path.length - 1; i++) {
      const k = path[i];
      const next = node[k];
      if (next === undefined || next === null) node[k] = {};
      else if (typeof next !== "object" || Array.isArray(next)) throw new UserError(`--set ${o}: ${path.slice(0, i + 1).join(".")} is not an object`);
      node = node[k] as Record<string, unknown>;
    }
    node[path[path.length - 1]] = value;
  }
  return root;
}

/** The value at a key path of a parsed document (undefined where the path breaks). */
export function valueAt(doc: unknown, path: PropertyKey[]): unknown {
  let v: unknown = doc;
  for (const k of path) {
    if (v && typeof v === "object") v = (v as Record<PropertyKey, unknown>)[k];
    else return undefined;
  }
  return v;
}

/** One line per problem: file, key path, what was expected, what was found. */
export function formatIssues(file: string, doc: unknown, issues: z.core.$ZodIssue[]): string {
  const lines = issues.slice(0, 8).map((i) => {
    const key = i.path.length ? i.path.join(".") : "(top level)";
    if (i.code === "unrecognized_keys") {
      const keys = (i as { keys: string[] }).keys;
      return `${file}: key ${keys.map((k) => (i.path.length ? `${key}.${k}` : k)).join(", ")}: unknown key (not in the scenario schema)`;
    }
    return `${file}: key ${key}: ${i.message.replace(/^Invalid input: /, "")}, found ${describeValue(valueAt(doc, i.path))}`;
  });
  if (issues.length > 8) lines.push(`… and ${issues.length - 8} more`);
  return lines.join("\n");
}

/**
 * Validates a scenario document and makes every value explicit: defaults, the collector's
 * position (the centre of the box), and each hop path's barrier (from its diffusivity at 25 °C
 * when not given: E = kT·ln(ν/k) with k from D on the path's reference geometry).
 */
export function resolveScenario(doc: unknown, file = "scenario"): Scenario {
  const r = ScenarioSchema.safeParse(doc);
  if (!r.success) throw new UserError(formatIssues(file, doc, r.error.issues));
  const s = r.data;
  const [sx, sy] = s.lattice.size_nm;
  if (s.collector.x_nm === null) s.collector.x_nm = sx / 2;
  if (s.collector.y_nm === null) s.collector.y_nm = sy / 2;
  for (const path of PATHS) {
    const p = s.hops[path];
    if (p.barrier_eV !== undefined && p.diffusivity_m2_per_s !== undefined) {
      throw new UserError(`${file}: key hops.${path}: give barrier_eV or diffusivity_m2_per_s, not both`);
    }
    if (p.barrier_eV === undefined) {
      p.barrier_eV = barrierFromDiffusivity(path, p.diffusivity_m2_per_s ?? LI_DIFFUSIVITY_M2_PER_S[path], p.prefactor_per_s, s.hops.secondNeighbourHops);
      delete p.diffusivity_m2_per_s;
    }
  }
  if (s.li.gamma100_J_per_m2 <= s.li.gamma110_J_per_m2 || s.li.gamma100_J_per_m2 >= Math.SQRT2 * s.li.gamma110_J_per_m2) {
    throw new UserError(
      `${file}: key li.gamma100_J_per_m2: expected between gamma110 and √2·gamma110 (${s.li.gamma110_J_per_m2}–${(Math.SQRT2 * s.li.gamma110_J_per_m2).toFixed(3)}) for {110} to be lowest with positive bonds, found ${s.li.gamma100_J_per_m2}`,
    );
  }
  // one canonical key order (the schema's), whether a value was given or derived, so that
  // resolving a resolved document gives the same bytes
  return ScenarioSchema.parse(s);
}

export function loadScenario(file: string, overrides: string[] = []): Scenario {
  return resolveScenario(applyOverrides(readScenarioFile(file), overrides), file);
}
