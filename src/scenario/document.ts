/**
 * A JSON document as a user gives it (a scenario file, a sweep file, the value of a `--set`),
 * checked for size and nesting before anything recursive touches it: the size of the text before
 * it is parsed, the depth of the parsed value by an explicit stack (never by recursion).
 */
import { readFileSync, statSync } from "node:fs";
import { UserError, describeValue } from "../errors.ts";
import { MAX_DOCUMENT_BYTES, MAX_NESTING_DEPTH } from "./limits.ts";

/** Reads and parses a JSON file, refusing one larger than MAX_DOCUMENT_BYTES or nested deeper than MAX_NESTING_DEPTH. */
export function readJsonFile(file: string, what: string): unknown {
  let st;
  try {
    st = statSync(file);
  } catch {
    throw new UserError(`${file}: no such ${what} file`);
  }
  if (!st.isFile()) throw new UserError(`${file}: not a file`);
  if (st.size > MAX_DOCUMENT_BYTES) throw new UserError(`${file}: expected a ${what} file of at most ${MAX_DOCUMENT_BYTES} bytes, found ${st.size} bytes`);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new UserError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return parseJson(text, file);
}

/** JSON.parse with every failure (syntax, or a parser out of stack) as a one-line UserError. */
export function parseJson(text: string, label: string): unknown {
  if (text.length > MAX_DOCUMENT_BYTES) throw new UserError(`${label}: expected at most ${MAX_DOCUMENT_BYTES} characters of JSON, found ${text.length}`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    // V8's parser is iterative today; should a parser run out of stack on deep input, that is the nesting bound too
    if (e instanceof RangeError) throw new UserError(`${label}: expected objects and arrays nested at most ${MAX_NESTING_DEPTH} deep, found nesting too deep to parse`);
    throw new UserError(`${label}: malformed JSON (${oneLine((e as Error).message)})`);
  }
  checkNesting(value, label);
  return value;
}

/** Refuses a value nested deeper than MAX_NESTING_DEPTH (iteratively: safe on any depth). */
export function checkNesting(value: unknown, label: string): void {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    if (depth + 1 > MAX_NESTING_DEPTH) throw new UserError(`${label}: expected objects and arrays nested at most ${MAX_NESTING_DEPTH} deep, found deeper nesting`);
    for (const child of Object.values(v as object)) if (child !== null && typeof child === "object") stack.push([child, depth + 1]);
  }
}

/** A plain JSON object (not null, an array or a scalar), or a UserError naming what was found. */
export function requireObject(value: unknown, label: string, what: string): Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    const found = value === null ? "null" : Array.isArray(value) ? `an array ${describeValue(value)}` : `${typeof value} ${describeValue(value)}`;
    throw new UserError(`${label}: key (top level): expected a JSON object (${what}), found ${found}`);
  }
  return value as Record<string, unknown>;
}

/** The first line of a message, with "(and N more lines)" when there were more. */
export function oneLine(text: string): string {
  const lines = text.split(/\r?\n/).filter((l) => l.trim().length > 0);
  return lines.length <= 1 ? (lines[0] ?? "") : `${lines[0]} (and ${lines.length - 1} more lines)`;
}
