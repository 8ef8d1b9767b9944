/**
 * Combined Arrow tables of a batch of runs (sweep.arrow, replicas.arrow, the concatenated
 * timeseries.arrow), with explicit column types so that a file's schema does not depend on the
 * values it happens to hold: Float64 for numbers, Utf8 for strings, Bool for booleans, nulls where
 * a value is absent. Row order is the batch's index order, never the order runs finished in.
 */
import * as A from "apache-arrow";
import { writeFileAtomic } from "../io/atomic.ts";
import { readArrow } from "../io/arrow.ts";

export type CellKind = "f64" | "utf8" | "bool";
export type Cell = number | string | boolean | null;

export interface ColumnSpec {
  name: string;
  kind: CellKind;
  values: Cell[];
}

function arrowType(kind: CellKind): A.DataType {
  return kind === "f64" ? new A.Float64() : kind === "utf8" ? new A.Utf8() : new A.Bool();
}

export function kindOf(v: Cell): CellKind | null {
  return v === null ? null : typeof v === "number" ? "f64" : typeof v === "string" ? "utf8" : "bool";
}

/**
 * One record batch from named vectors, with the schema metadata given; a vector may come with the
 * field it had in its own file, whose metadata (unit, description) and nullability are kept.
 */
export function tableFromVectors(vectors: [string, A.Vector, A.Field?][], metadata: Record<string, string>): A.Table {
  const names = new Set<string>();
  for (const [n] of vectors) {
    if (names.has(n)) throw new Error(`duplicate column ${n}`);
    names.add(n);
  }
  const t = new A.Table(Object.fromEntries(vectors.map(([n, v]) => [n, v])));
  const fields = t.schema.fields.map((f, i) => {
    const from = vectors[i][2];
    return from ? new A.Field(f.name, f.type, from.nullable || f.nullable, from.metadata) : f;
  });
  const schema = new A.Schema(fields, new Map(Object.entries(metadata)));
  const batches = t.batches.map((b) => new A.RecordBatch(schema, A.makeData({ type: new A.Struct(fields), length: b.numRows, nullCount: 0, children: b.data.children })));
  return new A.Table(schema, batches);
}

export function specVector(c: ColumnSpec): A.Vector {
  if (c.kind === "f64" && c.values.every((v) => typeof v === "number")) return A.makeVector(Float64Array.from(c.values as number[]));
  return A.vectorFromArray(c.values, arrowType(c.kind));
}

export function writeTable(file: string, table: A.Table): void {
  writeFileAtomic(file, A.tableToIPC(table, "file"));
}

export function writeColumns(file: string, columns: ColumnSpec[], metadata: Record<string, string>): void {
  writeTable(file, tableFromVectors(columns.map((c) => [c.name, specVector(c)]), metadata));
}

/**
 * Concatenates the time series of several runs into one table, each row prefixed with its run's
 * key columns (grid values, seed). `keys` holds one row of key values per file; the time-series
 * columns are those of the first file (every run of one version has the same ones).
 */
export function concatRunTables(files: string[], keyColumns: { name: string; kind: CellKind }[], keys: Cell[][], metadata: Record<string, string>): A.Table {
  const tables = files.map((f) => readArrow(f));
  const lengths = tables.map((t) => t.numRows);
  const keyVectors: [string, A.Vector, A.Field?][] = keyColumns.map((k, j) => {
    const values: Cell[] = [];
    tables.forEach((_, i) => {
      for (let r = 0; r < lengths[i]; r++) values.push(keys[i][j]);
    });
    return [k.name, specVector({ name: k.name, kind: k.kind, values })];
  });
  const fields = tables[0].schema.fields;
  const dataVectors: [string, A.Vector, A.Field][] = fields.map((f) => {
    const parts = tables.map((t, i) => {
      const child = t.getChild(f.name);
      if (!child || child.type.typeId !== f.type.typeId || String(child.type) !== String(f.type)) throw new Error(`${files[i]}: column ${f.name} missing or of another type than in ${files[0]}`);
      return child;
    });
    const arrays = parts.map((p) => (p.nullCount === 0 ? p.toArray() : null));
    const first = arrays[0];
    if (ArrayBuffer.isView(first) && arrays.every((a) => a !== null && a.constructor === first.constructor)) {
      const total = lengths.reduce((a, b) => a + b, 0);
      const Ctor = first.constructor as new (n: number) => Float64Array;
      const out = new Ctor(total);
      let off = 0;
      for (const a of arrays as Float64Array[]) {
        out.set(a, off);
        off += a.length;
      }
      return [f.name, A.makeVector(out), f];
    }
    const values: unknown[] = [];
    for (const p of parts) for (const v of p) values.push(v);
    return [f.name, A.vectorFromArray(values, f.type), f];
  });
  return tableFromVectors([...keyVectors, ...dataVectors], metadata);
}
