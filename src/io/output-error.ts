/**
 * Failures to write an output (disk full, read-only, …): one line naming the path, exit code 1 —
 * not a user's mistake (exit code 2), not a stack trace.
 */
import { UserError } from "../errors.ts";

/** A failure to write an output (disk full, read-only, …): one line, exit code 1 (not a user's mistake). */
export class OutputError extends UserError {
  readonly exitCode = 1;
}

/** The error codes of a file system that refuses a write. */
const IO_CODES = new Set(["ENOSPC", "EDQUOT", "EROFS", "EACCES", "EPERM", "EIO", "ENOTDIR", "EISDIR", "EEXIST", "ENOTEMPTY", "EXDEV", "EMFILE", "ENFILE", "EFBIG", "ENAMETOOLONG", "ENOENT", "EBUSY"]);

/** The errno code of an error (or of its cause) if it is a file-system refusal, else null. */
export function ioCode(e: unknown): string | null {
  for (let x = e, depth = 0; x && depth < 4; x = (x as { cause?: unknown }).cause, depth++) {
    const code = (x as NodeJS.ErrnoException).code;
    if (typeof code === "string" && IO_CODES.has(code)) return code;
  }
  return null;
}

/** "CODE: message" of an error, on one line. */
export function reason(e: unknown): string {
  const code = ioCode(e);
  const msg = e instanceof Error ? e.message.split("\n")[0] : String(e);
  return code && !msg.startsWith(code) ? `${code}: ${msg}` : msg;
}

/** An OutputError for a failed write of `what` into `path`, or the error itself if it is not an I/O failure. */
export function writeFailure(e: unknown, path: string, what: string, advice: string): unknown {
  if (e instanceof UserError || !ioCode(e)) return e;
  return new OutputError(`${path}: writing ${what} failed (${reason(e)}); ${advice}`);
}
