/**
 * Loading a scenario: read the JSON file, apply command-line overrides (`--set a.b=value`),
 * validate against the schema and resolve every default and derived value into one explicit
 * document.
 */
import { z } from "zod";
import { ScenarioSchema, PATHS, type Scenario } from "./schema.ts";
import { UserError, describeValue } from "../errors.ts";
import { checkNesting, readJsonFile, requireObject } from "./document.ts";
import { checkFeasible } from "./feasible.ts";
import { LI_DIFFUSIVITY_M2_PER_S, LI_POWER_LAW_MIN_SIZE_UM } from "../constants/materials.ts";
import { barrierFromDiffusivity } from "../model/params.ts";

/** Parses a scenario file (size and nesting checked first, document.ts). */
export function readScenarioFile(file: string): unknown {
  return readJsonFile(file, "scenario");
}

/** Key segments that would reach an object's prototype instead of a key of it. */
const FORBIDDEN_SEGMENTS = new Set(["__proto__", "prototype", "constructor"]);

/** Parses `a.b.c=value`: the value as JSON when it parses, else as a string. */
export function parseOverride(text: string): { path: string[]; value: unknown } {
  const eq = text.indexOf("=");
  if (eq <= 0) throw new UserError(`--set ${text}: expected key.path=value`);
  const path = text.slice(0, eq).split(".");
  if (path.some((p) => p.length === 0)) throw new UserError(`--set ${text}: empty key in the path`);
  const bad = path.find((p) => FORBIDDEN_SEGMENTS.has(p));
  if (bad !== undefined) throw new UserError(`--set ${text}: key ${bad}: not a scenario key`);
  const raw = text.slice(eq + 1);
  let value: unknown = raw;
  try {
    value = JSON.parse(raw);
  } catch {
    value = raw;
  }
  checkNesting(value, `--set ${path.join(".")}`);
  return { path, value };
}

/** The document with each `--set key.path=value` applied (a copy; the document must be a JSON object). */
export function applyOverrides(doc: unknown, overrides: string[], file = "scenario"): unknown {
  requireObject(doc, file, "the scenario");
  checkNesting(doc, file);
  const root = structuredClone(doc) as Record<string, unknown>;
  for (const o of overrides) {
    const { path, value } = parseOverride(o);
    let node: Record<string, unknown> = root;
    for (let i = 0; i < path.length - 1; i++) {
      const k = path[i];
      const next = Object.hasOwn(node, k) ? node[k] : undefined;
      if (next === undefined || next === null) node[k] = {};
      else if (typeof next !== "object" || Array.isArray(next)) throw new UserError(`--set ${o}: ${path.slice(0, i + 1).join(".")} is not an object`);
      node = node[k] as Record<string, unknown>;
    }
    node[path[path.length - 1]] = value;
  }
  checkNesting(root, file);
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

/** One line: the first problem (file, key path, what was expected, what was found), then how many more. */
export function formatIssues(file: string, doc: unknown, issues: z.core.$ZodIssue[], unknownKeyHint = "not in the scenario schema"): string {
  const i = issues[0];
  const key = i.path.length ? i.path.map(String).join(".") : "(top level)";
  let line: string;
  if (i.code === "unrecognized_keys") {
    const keys = (i as { keys: string[] }).keys;
    line = `${file}: key ${keys.map((k) => (i.path.length ? `${key}.${k}` : k)).join(", ")}: unknown key (${unknownKeyHint})`;
  } else {
    line = `${file}: key ${key}: ${i.message.replace(/^Invalid input: /, "").replace(/\s*\n\s*/g, " ")}, found ${describeValue(valueAt(doc, i.path))}`;
  }
  return issues.length > 1 ? `${line} (and ${issues.length - 1} more)` : line;
}

/**
 * Validates a scenario document and makes every value explicit: defaults, the collector's
 * position (the centre of the box), and each hop path's barrier (from its diffusivity at 25 °C
 * when not given: E = kT·ln(ν/k) with k from D on the path's reference geometry).
 */
export function resolveScenario(doc: unknown, file = "scenario"): Scenario {
  requireObject(doc, file, "the scenario");
  checkNesting(doc, file);
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
      const given = p.diffusivity_m2_per_s !== undefined;
      const D = p.diffusivity_m2_per_s ?? LI_DIFFUSIVITY_M2_PER_S[path];
      const barrier = barrierFromDiffusivity(path, D, p.prefactor_per_s, s.hops.secondNeighbourHops);
      if (!(barrier >= 0)) {
        // E = kT·ln(ν/k): an attempt frequency below the hop rate k = D/ℓ² would need a negative barrier
        throw new UserError(
          `${file}: key hops.${path}.${given ? "diffusivity_m2_per_s" : "prefactor_per_s"}: expected a hop rate D/ℓ² below the attempt frequency (so that the derived barrier kT·ln(ν·ℓ²/D) is not negative), found ν = ${p.prefactor_per_s} /s with D = ${D} m²/s`,
        );
      }
      p.barrier_eV = barrier;
      delete p.diffusivity_m2_per_s;
    }
  }
  if (s.li.gamma100_J_per_m2 <= s.li.gamma110_J_per_m2 || s.li.gamma100_J_per_m2 >= Math.SQRT2 * s.li.gamma110_J_per_m2) {
    throw new UserError(
      `${file}: key li.gamma100_J_per_m2: expected between gamma110 and √2·gamma110 (${s.li.gamma110_J_per_m2}–${(Math.SQRT2 * s.li.gamma110_J_per_m2).toFixed(3)}) for {110} to be lowest with positive bonds, found ${s.li.gamma100_J_per_m2}`,
    );
  }
  for (const path of ["interface", "collector"] as const) {
    if (s.hops[path].rateFactor < 1) {
      throw new UserError(
        `${file}: key hops.${path}.rateFactor: expected at least 1 (the ${path} path carries diffusional creep, whose rate is this path's D: slowing it would decide the relief — use similarity or the path's diffusivity_m2_per_s), found ${s.hops[path].rateFactor}`,
      );
    }
  }
  if (s.mechanics.powerLawCreep && Math.max(...s.lattice.size_nm) < LI_POWER_LAW_MIN_SIZE_UM * 1e3) {
    throw new UserError(
      `${file}: key mechanics.powerLawCreep: expected false for Li smaller than ${LI_POWER_LAW_MIN_SIZE_UM} µm (the bulk law is calibrated on mm-scale Li, LePage et al. 2019; below ~10 µm Li is size-strengthened, Xu et al. 2017), found true in a ${Math.max(...s.lattice.size_nm)} nm box`,
    );
  }
  const sim = s.similarity;
  if ((sim.paperContactRadius_nm === null) !== (sim.contactRadius_nm === null)) {
    throw new UserError(`${file}: key similarity: expected both paperContactRadius_nm and contactRadius_nm, or neither, found only ${sim.paperContactRadius_nm === null ? "contactRadius_nm" : "paperContactRadius_nm"}`);
  }
  // one canonical key order (the schema's), whether a value was given or derived, so that
  // resolving a resolved document gives the same bytes
  const again = ScenarioSchema.safeParse(s);
  if (!again.success) throw new UserError(formatIssues(file, s, again.error.issues));
  const resolved = again.data;
  checkFeasible(resolved, file);
  return resolved;
}

export function loadScenario(file: string, overrides: string[] = []): Scenario {
  return resolveScenario(applyOverrides(readScenarioFile(file), overrides, file), file);
}
