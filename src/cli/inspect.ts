/**
 * `lidep inspect <dir>`: what a run, sweep or replicas directory holds, as text — the run's key
 * numbers from summary.json (and timing.json), or the batch's description from sweep.json /
 * replicas.json, and the schema of every `*.arrow` file at the top of the directory: per column
 * its name, Arrow type, nullability, unit and description (field metadata) and, for a dictionary
 * column, its names; the row count; the schema's metadata (short values shown, long ones — the
 * scenario — by size). A missing or unreadable directory or file is a UserError that names the
 * path.
 */
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../errors.ts";
import { DESCRIPTION_KEY, UNIT_KEY, dictionaryNames, readArrowFile } from "../io/arrow.ts";

type Json = Record<string, unknown>;

function readJson(file: string): Json {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new UserError(`${file}: unreadable (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new UserError(`${file}: malformed JSON (${(e as Error).message})`);
  }
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) throw new UserError(`${file}: expected a JSON object`);
  return doc as Json;
}

/** Rows `[label, value]` as an aligned two-column block, indented by `indent`. */
export function alignRows(rows: [string, string][], indent = "  "): string {
  const w = Math.max(0, ...rows.map((r) => r[0].length));
  return rows.map(([k, v]) => `${indent}${k.padEnd(w)}  ${v}`.trimEnd()).join("\n");
}

const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const obj = (v: unknown): Json => (v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : {});

function fmt(v: unknown, f: (x: number) => string, unit = ""): string {
  const x = num(v);
  return x === null ? "—" : `${f(x)}${unit}`;
}

const exp3 = (x: number) => x.toExponential(3);
const fixed2 = (x: number) => x.toFixed(2);

/** The summary's key numbers (a run directory's summary.json). */
export function summaryRows(s: Json): [string, string][] {
  const hops = obj(s.hops);
  const crack = obj(s.crack);
  const lattice = obj(s.lattice);
  const outcome = typeof s.outcome === "string" ? s.outcome : "—";
  const rows: [string, string][] = [
    ["outcome", typeof s.stopReason === "string" ? `${outcome} (${s.stopReason})` : outcome],
    ["simulated time", fmt(s.simulatedTime_s, exp3, " s")],
    ["events", fmt(s.events, (x) => String(Math.round(x)))],
    ["deposited atoms", fmt(s.depositedAtoms, (x) => String(Math.round(x))) + (num(s.storedAtoms) !== null ? ` (${s.storedAtoms} stored at the interface)` : "")],
    ["mean current density", fmt(s.meanCurrentDensity_A_per_cm2, exp3, " A/cm²")],
    ["max pressure", fmt(s.maxPressure_Pa, (x) => (x / 1e6).toFixed(3), " MPa")],
    ["final height", fmt(s.finalHeight_nm, fixed2, " nm")],
    ["final lateral extent", fmt(s.finalLateralExtent_nm, fixed2, " nm")],
    ["contact area", fmt(s.contactArea_nm2, fixed2, " nm²")],
    [
      "hops bulk/surface/interface/collector",
      ["bulk", "surface", "interface", "collector"].map((k) => fmt(hops[k], (x) => String(Math.round(x)))).join(" / "),
    ],
  ];
  if (crack.initiated === true) {
    const parts = [`at ${fmt(crack.time_s, exp3, " s")}`];
    if (num(crack.defectSize_nm) !== null) parts.push(`defect ${fixed2(crack.defectSize_nm as number)} nm`);
    if (typeof crack.kind === "string") parts.push(String(crack.kind));
    rows.push(["crack", `yes, ${parts.join(", ")}`]);
  } else rows.push(["crack", s.crack === undefined ? "—" : "no"]);
  rows.push(["short circuit", num(s.shortCircuit_s) !== null ? `at ${exp3(s.shortCircuit_s as number)} s` : s.shortCircuit_s === null ? "no" : "—"]);
  if (num(lattice.nx) !== null) {
    rows.push(["lattice", `${lattice.nx} × ${lattice.ny} × ${lattice.nz} cells, a = ${lattice.a_nm} nm (coarse-grain ${s.coarseGrain ?? "—"})`]);
  }
  rows.push(["seed", s.seed === undefined ? "—" : String(s.seed)]);
  rows.push(["version", typeof s.version === "string" ? s.version : "—"]);
  rows.push(...provenanceRows(s));
  return rows;
}

/** Schema version, commit and parameter hash, when the document records them. */
function provenanceRows(s: Json): [string, string][] {
  const rows: [string, string][] = [];
  rows.push(["schema version", num(s.schemaVersion) !== null ? String(s.schemaVersion) : "0 (no schemaVersion)"]);
  if (typeof s.commit === "string") rows.push(["commit", s.commit]);
  if (typeof s.paramsHash === "string") rows.push(["parameters", s.paramsHash]);
  return rows;
}

/** timing.json: the machine-dependent numbers of a run. */
export function timingRows(t: Json): [string, string][] {
  return [
    ["wall time", fmt(t.wallTime_s, (x) => x.toFixed(1), " s")],
    ["events per second", fmt(t.eventsPerSecond, (x) => String(Math.round(x)))],
    ["on", [t.node, t.platform, t.arch].filter((x) => typeof x === "string").join(" ") || "—"],
  ];
}

/** Schema metadata values up to this length are shown; longer ones (JSON documents) by size. */
const SHORT_VALUE = 80;

/**
 * One dataset's schema: per column its name, type, "nullable" or "not null", unit and
 * description (field metadata; "—" when the file has none) and a dictionary's names; the row
 * count; the schema's metadata.
 */
export function describeArrow(file: string, name = file): string {
  const t = readArrowFile(file);
  const fields = t.schema.fields;
  const lines = [`  ${name}  (${t.numRows} rows, ${fields.length} columns)`];
  const cells = fields.map((f) => {
    const names = t.getChild(f.name) ? dictionaryNames(t.getChild(f.name)!) : null;
    const desc = f.metadata.get(DESCRIPTION_KEY) ?? "—";
    return [f.name, String(f.type), f.nullable ? "nullable" : "not null", f.metadata.get(UNIT_KEY) ?? "—", names ? `${desc} [names: ${names.join(", ")}]` : desc];
  });
  const widths = [0, 1, 2, 3].map((j) => Math.max(0, ...cells.map((c) => c[j].length)));
  for (const c of cells) lines.push(`    ${c.map((x, j) => (j < 4 ? x.padEnd(widths[j]) : x)).join("  ")}`.trimEnd());
  const meta = [...t.schema.metadata.entries()];
  const shown = meta.map(([k, v]) => (v.length <= SHORT_VALUE ? `${k} = ${v}` : `${k} (${v.length} characters)`));
  lines.push(`    metadata: ${shown.length ? shown.join(", ") : "(none)"}`);
  return lines.join("\n");
}

function batchRows(doc: Json, kind: "sweep" | "replicas"): [string, string][] {
  const rows: [string, string][] = [];
  if (kind === "sweep") {
    if (typeof doc.name === "string") rows.push(["name", doc.name]);
    const sweep = obj(doc.sweep);
    const grid = obj(sweep.grid);
    const keys = Object.keys(grid);
    if (keys.length) rows.push(["grid", keys.map((k) => `${k} (${Array.isArray(grid[k]) ? (grid[k] as unknown[]).length : "?"})`).join(" × ")]);
    if (Array.isArray(sweep.seeds)) rows.push(["seeds", (sweep.seeds as unknown[]).join(", ")]);
    if (Array.isArray(doc.points)) rows.push(["points", String(doc.points.length)]);
  } else {
    if (num(doc.baseSeed) !== null) rows.push(["base seed", String(doc.baseSeed)]);
    if (Array.isArray(doc.seeds)) rows.push(["seeds", (doc.seeds as unknown[]).join(", ")]);
  }
  if (Array.isArray(doc.runs)) rows.push(["runs", String(doc.runs.length)]);
  rows.push(["version", typeof doc.version === "string" ? doc.version : "—"]);
  rows.push(...provenanceRows(doc));
  return rows;
}

export function inspectRunDir(dir: string): string {
  if (!existsSync(dir)) throw new UserError(`${dir}: no such directory`);
  let entries: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new UserError(`${dir}: not a directory`);
    entries = readdirSync(dir).sort();
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`${dir}: unreadable directory (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const arrows = entries.filter((f) => f.endsWith(".arrow") && !f.startsWith("."));
  const has = (f: string) => entries.includes(f);
  const kind = has("summary.json") ? "run" : has("sweep.arrow") || has("sweep.json") ? "sweep" : has("replicas.arrow") || has("replicas.json") ? "replicas" : null;
  if (kind === null && arrows.length === 0) {
    throw new UserError(`${dir}: neither a run directory (summary.json, *.arrow) nor a sweep or replicas directory (sweep.arrow, replicas.arrow)`);
  }
  const out: string[] = [`${kind ?? "data"} directory ${dir}`];
  if (kind === "run") out.push(alignRows([...summaryRows(readJson(join(dir, "summary.json"))), ...(has("timing.json") ? timingRows(readJson(join(dir, "timing.json"))) : [])]));
  else if (kind === "sweep" && has("sweep.json")) out.push(alignRows(batchRows(readJson(join(dir, "sweep.json")), "sweep")));
  else if (kind === "replicas" && has("replicas.json")) out.push(alignRows(batchRows(readJson(join(dir, "replicas.json")), "replicas")));
  out.push("");
  out.push(arrows.length ? "datasets" : "datasets: none (no *.arrow file)");
  for (const f of arrows) out.push(describeArrow(join(dir, f), f));
  return out.join("\n") + "\n";
}
