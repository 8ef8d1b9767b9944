/**
 * Seeds: whole numbers from 0 to 2^53 − 1 (JavaScript's safe integers), so that a seed prints,
 * parses and adds (replicas: seed + r) exactly, and names one random stream.
 */
import { UserError, describeValue } from "../errors.ts";

export function isSeed(v: unknown): v is number {
  return typeof v === "number" && Number.isSafeInteger(v) && v >= 0;
}

/** A seed from the command line or a file: decimal digits or a number; anything else is a UserError naming `label`. */
export function parseSeed(raw: unknown, label: string): number {
  const v = typeof raw === "string" && /^\s*\d+\s*$/.test(raw) ? Number(raw) : raw;
  if (!isSeed(v)) throw new UserError(`${label}: expected a seed, a whole number from 0 to ${Number.MAX_SAFE_INTEGER}, found ${typeof raw === "string" ? JSON.stringify(raw) : describeValue(raw)}`);
  return v;
}
