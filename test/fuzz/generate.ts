/**
 * The fuzzer's inputs (fast-check arbitraries): scenario documents, `--set` strings and sweep
 * files. Mostly near-valid — a shipped scenario with one or two values moved within or just beyond
 * their ranges, a key deleted or misspelt — so that most cases reach the simulator; some garbage
 * (non-object documents, deep nesting, malformed JSON, oversized files, hostile keys) so that the
 * parser's edges are covered too.
 */
import fc from "fast-check";
import { readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { resolveScenario } from "../../src/scenario/load.ts";
import type { FuzzCase } from "./runner.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const SCENARIOS = join(ROOT, "scenarios");

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

interface Base {
  name: string;
  doc: Record<string, Json>;
  /** Every leaf of the resolved document: dot path and value. */
  leaves: [string, Json][];
}

function leavesOf(v: Json, prefix: string, out: [string, Json][]): [string, Json][] {
  if (v !== null && typeof v === "object") {
    for (const [k, c] of Object.entries(v)) leavesOf(c as Json, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix !== "description") out.push([prefix, v]);
  return out;
}

export const BASES: Base[] = readdirSync(SCENARIOS)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((f) => {
    const doc = JSON.parse(readFileSync(join(SCENARIOS, f), "utf8")) as Record<string, Json>;
    const resolved = resolveScenario(doc, f) as unknown as Json;
    // null-valued keys take numbers (collector.x_nm, sideWallHalfWidth_nm) or an object (randomDefects)
    return { name: f, doc, leaves: leavesOf(resolved, "", []) };
  });

/** Values each enum key takes, and a misspelling. */
const ENUMS: Record<string, string[]> = {
  "collector.kind": ["rigid", "spring", "free", "springy"],
  "collector.shape": ["flat", "arc", "fibre", "tube", "fiber"],
  "electrical.mode": ["galvanostatic", "potentiostatic", "potentiostat"],
  "llzo.fracture.mode": ["split", "peel", "splat"],
};

/** A number near `v`: within its range (mostly, integers stay integers) or just beyond, or an edge value. */
function nearNumber(v: number): fc.Arbitrary<Json> {
  const base = v === 0 ? 1 : v;
  const scale = (f: number) => (Number.isInteger(v) ? Math.max(1, Math.round(base * f)) : base * f);
  return fc.oneof(
    { weight: 12, arbitrary: fc.double({ min: 0.5, max: 2, noNaN: true }).map(scale) },
    { weight: 2, arbitrary: fc.integer({ min: -3, max: 3 }).map((e) => scale(10 ** e)) },
    { weight: 2, arbitrary: fc.constantFrom<Json>(0, -1, -base, 1, 0.5, Number.isInteger(base) ? base + 1 : base * 1.0001, 2 ** 31, 2 ** 53, 1e-15, 1e-300, 5e-324, 1e300, Number.MAX_VALUE, 1e15) },
    { weight: 1, arbitrary: fc.constantFrom<Json>("1", "abc", null, true, [], {}, [base], { value: base }) },
  );
}

/** A value for a key whose resolved value is null (optional numbers, or the randomDefects object). */
function forNull(path: string): fc.Arbitrary<Json> {
  if (path === "llzo.randomDefects") {
    return fc.record({
      count: fc.oneof(fc.integer({ min: 0, max: 40 }), fc.constantFrom(1e3, 1e5, 1e7, -1, 2.5)),
      kind: fc.constantFrom("pit", "scratch", "step"),
      medianDepth_nm: fc.oneof(fc.double({ min: 0.05, max: 2, noNaN: true }), fc.constantFrom(0, 100, 1e300)),
      sigmaLog: fc.double({ min: 0, max: 2, noNaN: true }),
      width_nm: fc.double({ min: 0.1, max: 4, noNaN: true }),
    }) as fc.Arbitrary<Json>;
  }
  return fc.oneof(fc.double({ min: -5, max: 200, noNaN: true }), fc.constantFrom<Json>(0, 1e300, -1e300, null, "x"));
}

function valueFor(path: string, v: Json): fc.Arbitrary<Json> {
  const enumValues = ENUMS[path] ?? (path.endsWith(".kind") && path.startsWith("llzo.defects") ? ["pit", "scratch", "step", "hole"] : undefined);
  if (enumValues) return fc.oneof({ weight: 5, arbitrary: fc.constantFrom<Json>(...enumValues) }, { weight: 1, arbitrary: fc.constantFrom<Json>(null, 1, "") });
  if (typeof v === "number") return nearNumber(v);
  if (typeof v === "boolean") return fc.oneof({ weight: 5, arbitrary: fc.constant<Json>(!v) }, { weight: 1, arbitrary: fc.constantFrom<Json>("true", 1, null) });
  if (v === null) return forNull(path);
  return fc.constantFrom<Json>("", "x", 0, null);
}

type Mutation = (doc: Record<string, Json>) => void;

function setPath(doc: Record<string, Json>, path: string, value: Json | undefined): void {
  const keys = path.split(".");
  let node: Record<string, Json> | Json[] = doc;
  for (const k of keys.slice(0, -1)) {
    const next: Json = (node as Record<string, Json>)[k];
    if (next === null || typeof next !== "object") (node as Record<string, Json>)[k] = {};
    node = (node as Record<string, Json>)[k] as Record<string, Json>;
  }
  const last = keys[keys.length - 1];
  if (value === undefined) delete (node as Record<string, Json>)[last];
  else (node as Record<string, Json>)[last] = value;
}

function mutationFor(base: Base): fc.Arbitrary<Mutation> {
  const leaf = fc.constantFrom(...base.leaves);
  return fc.oneof(
    // a value moved
    { weight: 12, arbitrary: leaf.chain(([path, v]) => valueFor(path, v).map((x): Mutation => (d) => setPath(d, path, x))) },
    // a key removed (its default returns)
    { weight: 1, arbitrary: leaf.map(([path]): Mutation => (d) => setPath(d, path, undefined)) },
    // a misspelt key
    { weight: 1, arbitrary: leaf.map(([path, v]): Mutation => (d) => setPath(d, path.replace(/_/, "__").replace(/([a-z])$/, "$1s"), v)) },
    // an explicit defect, inside or outside the box and the slab
    {
      weight: 2,
      arbitrary: fc
        .record({
          kind: fc.constantFrom("pit", "scratch", "step"),
          x_nm: fc.oneof(fc.double({ min: 0, max: 40, noNaN: true }), fc.constantFrom(-5, 1e4, 1e300)),
          y_nm: fc.double({ min: 0, max: 3, noNaN: true }),
          depth_nm: fc.oneof(fc.double({ min: 0.1, max: 3, noNaN: true }), fc.constantFrom(30, 1e5, 0)),
          width_nm: fc.double({ min: 0.2, max: 5, noNaN: true }),
          subgrid: fc.boolean(),
        })
        .map((defect): Mutation => (d) => {
          const llzo = ((d.llzo ??= {}) as Record<string, Json>);
          llzo.defects = [...((llzo.defects as Json[] | undefined) ?? []), defect as Json];
        }),
    },
  );
}

/** A shipped scenario with one or two mutations, as JSON text. */
const nearValidScenario: fc.Arbitrary<string> = fc
  .constantFrom(...BASES)
  .chain((b) => fc.array(mutationFor(b), { minLength: 1, maxLength: 2 }).map((ms) => {
    const doc = structuredClone(b.doc);
    for (const m of ms) m(doc);
    return JSON.stringify(doc);
  }));

function nested(depth: number, open: string, close: string, leaf = "1"): string {
  return open.repeat(depth) + leaf + close.repeat(depth);
}

/** Documents that are not scenarios at all. */
const garbageScenario: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("null", "0", '"x"', "true", "[]", "[{}]", "{}", "", "{", '{"lattice": ', "\u0000", '{"run": {"maxTime_s": 1e999}}', '{"__proto__": {"x": 1}}', '{"lattice": {"size_nm": [1e4, 1e4, 1e4]}}'),
  fc.integer({ min: 20, max: 60 }).map((d) => `{"a":${nested(d, '{"b":', "}")}}`),
  fc.constantFrom(10_000, 100_000).map((d) => nested(d, "[", "]")),
  fc.constantFrom(10_000).map((d) => `{"llzo":${nested(d, '{"x":', "}")}}`),
  fc.constant(`{"description": "${"x".repeat((1 << 20) + 10)}"}`),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
);

export const SET_KEYS = [...new Set(BASES.flatMap((b) => b.leaves.map(([p]) => p)))].sort();

/** One `--set` string: a known key with a near value, or a broken one. */
const setString: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.constantFrom(...BASES[BASES.findIndex((b) => b.name === "default.json")].leaves).chain(([path, v]) =>
      valueFor(path, v).map((x) => `${path}=${typeof x === "string" ? x : JSON.stringify(x)}`),
    ),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      "temperature_K",
      "temperature_K=",
      "=5",
      "run..maxEvents=5",
      ".run=1",
      "run.maxEvents.x=1",
      "__proto__.polluted=1",
      "constructor.prototype.x=1",
      "lattice=7",
      "lattice.size_nm.0=100",
      "lattice.size_nm=[1e4,1e4,1e4]",
      "run.maxTime_s=5e-324",
      "run.maxEvents=1e15",
      "llzo.randomDefects={\"count\":10000000,\"medianDepth_nm\":0.5}",
      `llzo.defects=${nested(5000, "[", "]")}`,
      "temperature_K=1e300",
      "electrical.currentDensity_A_per_cm2=1e300",
      "electrical.bias_V=1e300",
      "hops.surface.prefactor_per_s=1e300",
      "hops.surface.rateFactor=1e300",
      "description=ünïcødé ✓",
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
);

/** Seeds as typed on the command line: mostly valid. */
const seedText: fc.Arbitrary<string> = fc.oneof(
  { weight: 19, arbitrary: fc.integer({ min: 0, max: 1000 }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom("abc", "1.5", "-1", "1e300", "", "9007199254740992", "0x10", "NaN") },
);

/** One case in three goes through the CLI's `main` (exit code and stderr as a user sees them), the rest through validateScenario (the same function, without yargs' ~20 ms). */
const viaCli = fc.integer({ min: 0, max: 2 }).map((x) => x === 0);

const scenarioCase: fc.Arbitrary<FuzzCase> = fc.record({
  kind: fc.constant("scenario" as const),
  text: fc.oneof({ weight: 12, arbitrary: nearValidScenario }, { weight: 1, arbitrary: garbageScenario }),
  sets: fc.oneof({ weight: 4, arbitrary: fc.constant([] as string[]) }, { weight: 1, arbitrary: fc.array(setString, { minLength: 1, maxLength: 2 }) }),
  seed: seedText,
  cli: viaCli,
});

/** A `--set` case: the default scenario with one to three generated `--set` strings. */
const setCase: fc.Arbitrary<FuzzCase> = fc.record({
  kind: fc.constant("scenario" as const),
  text: fc.constant(JSON.stringify(BASES.find((b) => b.name === "default.json")!.doc)),
  sets: fc.array(setString, { minLength: 1, maxLength: 2 }),
  seed: seedText,
  cli: viaCli,
});

/** Sweep keys: known scenario keys, mostly. */
const sweepKey = fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...SET_KEYS) }, { weight: 1, arbitrary: fc.constantFrom("seed", "outcome", "run..x", "__proto__", "nope.key", "") });
const gridValue = fc.oneof(fc.double({ min: 0.001, max: 5, noNaN: true }), fc.integer({ min: 1, max: 4 }), fc.boolean(), fc.constantFrom("rigid", "free", "spring", "arc", "flat", "x", ""));
const DEFAULT_LEAVES = BASES.find((b) => b.name === "default.json")!.leaves.filter(([, v]) => v !== null);

/** A grid: mostly keys of the default scenario with near values of their own type; some of anything. */
const sweepGrid: fc.Arbitrary<Json> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .uniqueArray(fc.constantFrom(...DEFAULT_LEAVES), { minLength: 1, maxLength: 2, selector: ([p]) => p })
      .chain((leaves) => fc.tuple(...leaves.map(([p, v]) => fc.uniqueArray(valueFor(p, v).filter((x) => typeof x === typeof v), { minLength: 1, maxLength: 2, selector: (x) => JSON.stringify(x) }).map((vals) => [p, vals] as const))))
      .map((entries) => Object.fromEntries(entries) as Json),
  },
  { weight: 2, arbitrary: fc.dictionary(sweepKey, fc.array(gridValue, { minLength: 1, maxLength: 3 }), { minKeys: 1, maxKeys: 2 }) as fc.Arbitrary<Json> },
  { weight: 1, arbitrary: fc.constantFrom<Json>({ "run.maxEvents": Array.from({ length: 200 }, (_, i) => i + 1), "run.samples": Array.from({ length: 100 }, (_, i) => i + 2) }, [], { "collector.kind": [] }, null, {}) },
);

const sweepSeeds: fc.Arbitrary<Record<string, Json>> = fc.oneof(
  { weight: 4, arbitrary: fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 2 }).map((seeds) => ({ seeds: [...new Set(seeds)] })) },
  { weight: 2, arbitrary: fc.record({ replicas: fc.integer({ min: 1, max: 2 }), baseSeed: fc.integer({ min: 0, max: 100 }) }, { requiredKeys: ["replicas"] }) },
  { weight: 2, arbitrary: fc.constant({}) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<Record<string, Json>>({ seeds: [-1] }, { seeds: [1.5] }, { seeds: [1e300] }, { seeds: [] }, { seeds: [1, 1] }, { replicas: 0 }, { replicas: 1e9 }, { replicas: 1.5 }, { baseSeed: 3 }, { replicas: 2, baseSeed: -1 }, { replicas: 2, baseSeed: 2 ** 53 }, { seeds: [1], replicas: 2 }),
  },
);

const sweepDoc: fc.Arbitrary<Record<string, Json>> = fc
  .tuple(
    fc.oneof({ weight: 19, arbitrary: fc.constant<Json>("base.json") }, { weight: 1, arbitrary: fc.constantFrom<Json>("missing.json", "", 5, "../") }),
    fc.oneof({ weight: 2, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: fc.dictionary(sweepKey, fc.oneof(gridValue, fc.constantFrom<Json>(null, [1], { a: 1 })), { maxKeys: 2 }) }),
    sweepGrid,
    sweepSeeds,
    fc.option(fc.string({ maxLength: 10 }), { nil: undefined }),
  )
  .map(([scenario, overrides, grid, seeds, description]) => ({ scenario, overrides, grid, ...seeds, ...(description === undefined ? {} : { description }) }));

/** A sweep file over a small shipped scenario (default.json, mutated or not). */
const sweepCase: fc.Arbitrary<FuzzCase> = fc.record({
  kind: fc.constant("sweep" as const),
  sweep: fc.oneof({ weight: 9, arbitrary: sweepDoc.map((d) => JSON.stringify(d)) }, { weight: 1, arbitrary: garbageScenario }),
  base: fc.oneof({ weight: 4, arbitrary: fc.constant(JSON.stringify(BASES.find((b) => b.name === "default.json")!.doc)) }, { weight: 1, arbitrary: nearValidScenario }),
  seed: fc.constant("1"),
});

/** Every kind of case: scenario documents (with some `--set`), `--set` strings, sweep files. */
export const fuzzCase: fc.Arbitrary<FuzzCase> = fc.oneof({ weight: 6, arbitrary: scenarioCase }, { weight: 2, arbitrary: setCase }, { weight: 2, arbitrary: sweepCase });
