/**
 * The scripts' command lines: options taken out of the argument list, so that what remains are
 * the positional arguments.
 */

/** Removes `key value` from args and returns the value, or null when key is absent. */
export function takeOption(args: string[], key: string): string | null {
  const i = args.indexOf(key);
  if (i < 0) return null;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
}

/** Removes every `key value` pair from args and returns the values in order (e.g. repeated --set). */
export function takeAll(args: string[], key: string): string[] {
  const out: string[] = [];
  for (let v = takeOption(args, key); v !== null; v = takeOption(args, key)) out.push(v);
  return out;
}
