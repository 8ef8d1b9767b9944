/**
 * Arrow IPC files (the "file" format, readable by pyarrow, polars, DuckDB, apache-arrow in the
 * browser) that describe themselves: the schema's metadata says what made the file (scenario,
 * seed, version, schema version, commit, parameter hash: run/provenance.ts), and each field's
 * metadata its `unit` and `description`. A field is declared nullable only where a value may not
 * exist (written as null, never NaN); a field with a fixed set of names (species) is a dictionary.
 */
import * as A from "apache-arrow";
import { readFileSync } from "node:fs";
import { UserError } from "../errors.ts";
import { writeFileAtomic } from "./atomic.ts";

export type Column = Float64Array | Int32Array | Int8Array | Uint8Array | Float32Array | BigInt64Array | string[];
export type Columns = Record<string, Column>;

/** Field metadata keys: the unit of a column's values and what they mean. */
export const UNIT_KEY = "unit";
export const DESCRIPTION_KEY = "description";

/** What a column means: its unit ("1" for a count or a pure number) and a sentence. */
export interface FieldInfo {
  unit: string;
  description: string;
  /** The value may not exist: NaN in the column is written as null (elsewhere NaN stays NaN). */
  nullable?: boolean;
  /** The column holds indices into these names (an Arrow dictionary of Utf8). */
  dictionary?: readonly string[];
}

export type FieldInfos = Record<string, FieldInfo>;

function fieldMetadata(info: FieldInfo): Map<string, string> {
  return new Map([
    [UNIT_KEY, info.unit],
    [DESCRIPTION_KEY, info.description],
  ]);
}

/** A float column whose NaN entries become nulls (the value buffer keeps the NaN). */
function nullableFloat(values: Float64Array | Float32Array): A.Data {
  const n = values.length;
  const bitmap = new Uint8Array((n + 7) >> 3);
  let nulls = 0;
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(values[i])) nulls++;
    else bitmap[i >> 3] |= 1 << (i & 7);
  }
  const data = { length: n, nullCount: nulls, nullBitmap: nulls > 0 ? bitmap : null };
  return values instanceof Float32Array ? A.makeData({ type: new A.Float32(), data: values, ...data }) : A.makeData({ type: new A.Float64(), data: values, ...data });
}

function columnData(name: string, values: Column, info: FieldInfo | undefined): A.Data {
  if (info?.dictionary) {
    if (!(values instanceof Int8Array)) throw new Error(`${name}: a dictionary column needs Int8 indices`);
    const names = info.dictionary;
    for (let i = 0; i < values.length; i++) if (!(values[i] >= 0 && values[i] < names.length)) throw new Error(`${name}: index ${values[i]} at row ${i} is not one of ${names.length} names`);
    const type = new A.Dictionary(new A.Utf8(), new A.Int8(), 0, false);
    return A.makeData({ type, length: values.length, nullCount: 0, data: values, dictionary: A.vectorFromArray([...names], new A.Utf8()) });
  }
  if (Array.isArray(values)) return A.vectorFromArray(values, new A.Utf8()).data[0];
  if (info?.nullable && (values instanceof Float64Array || values instanceof Float32Array)) return nullableFloat(values);
  return A.makeVector(values as Float64Array).data[0];
}

/**
 * A table of the columns (in their order), each field with its unit and description when `infos`
 * has them, declared nullable only when they say so; `metadata` goes into the schema.
 */
export function toTable(columns: Columns, metadata: Record<string, string>, infos: FieldInfos = {}): A.Table {
  const fields: A.Field[] = [];
  const children: A.Data[] = [];
  let length = -1;
  for (const [name, values] of Object.entries(columns)) {
    const info = infos[name];
    const data = columnData(name, values, info);
    if (length >= 0 && data.length !== length) throw new Error(`${name}: ${data.length} rows, the other columns have ${length}`);
    length = data.length;
    fields.push(new A.Field(name, data.type, data.nullCount > 0 || info?.nullable === true, info ? fieldMetadata(info) : undefined));
    children.push(data);
  }
  const schema = new A.Schema(fields, new Map(Object.entries(metadata)));
  const batch = new A.RecordBatch(schema, A.makeData({ type: new A.Struct(fields), length: Math.max(0, length), nullCount: 0, children }));
  return new A.Table(schema, [batch]);
}

export function writeArrow(file: string, columns: Columns, metadata: Record<string, string>, infos: FieldInfos = {}): void {
  writeFileAtomic(file, A.tableToIPC(toTable(columns, metadata, infos), "file"));
}

export function readArrow(file: string): A.Table {
  return A.tableFromIPC(readFileSync(file));
}

/** A dictionary column's names (its first chunk's dictionary), or null for another column. */
export function dictionaryNames(v: A.Vector): string[] | null {
  if (!A.DataType.isDictionary(v.type) || v.data.length === 0) return null;
  const d = v.data[0].dictionary;
  return d ? Array.from(d as Iterable<unknown>, (x) => String(x)) : [];
}

/**
 * A column of names row by row: a dictionary column decoded chunk by chunk through its indices
 * (no per-row lookup in the vector), or, for an integer column of codes (files of schema
 * version 0), each code through `codeNames`.
 */
export function namesOf(v: A.Vector, codeNames: Readonly<Record<number, string>> = {}): string[] {
  const out: string[] = new Array(v.length);
  let k = 0;
  if (A.DataType.isDictionary(v.type)) {
    for (const d of v.data) {
      const names = d.dictionary ? Array.from(d.dictionary as Iterable<unknown>, (x) => (x == null ? "" : String(x))) : [];
      const idx = d.values as ArrayLike<number>;
      for (let i = 0; i < d.length; i++) out[k++] = d.getValid(i) ? names[Number(idx[i])] : "";
    }
    return out;
  }
  for (const x of v as Iterable<unknown>) out[k++] = x == null ? "" : typeof x === "number" ? (codeNames[x] ?? `X${x}`) : String(x);
  return out;
}

/** An Arrow file a user named: one line naming the file when it cannot be read or is not Arrow. */
export function readArrowFile(file: string): A.Table {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new UserError(`${file}: unreadable (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  try {
    return A.tableFromIPC(bytes);
  } catch (e) {
    throw new UserError(`${file}: not a readable Arrow IPC file (${(e as Error).message.split("\n")[0]})`);
  }
}
