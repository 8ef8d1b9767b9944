/**
 * Arrow IPC files (the "file" format, readable by pyarrow, polars, DuckDB, apache-arrow in the
 * browser) with the run's scenario, seed and version in the schema metadata.
 */
import * as A from "apache-arrow";
import { readFileSync } from "node:fs";
import { UserError } from "../errors.ts";
import { writeFileAtomic } from "./atomic.ts";

export type Column = Float64Array | Int32Array | Int8Array | Uint8Array | Float32Array | BigInt64Array | string[];
export type Columns = Record<string, Column>;

export function toTable(columns: Columns, metadata: Record<string, string>): A.Table {
  const t = A.tableFromArrays(columns as Record<string, Float64Array>);
  const schema = new A.Schema(t.schema.fields, new Map(Object.entries(metadata)));
  return new A.Table(schema, t.batches);
}

export function writeArrow(file: string, columns: Columns, metadata: Record<string, string>): void {
  writeFileAtomic(file, A.tableToIPC(toTable(columns, metadata), "file"));
}

export function readArrow(file: string): A.Table {
  return A.tableFromIPC(readFileSync(file));
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
