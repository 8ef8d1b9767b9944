/**
 * SHA-256 over every event a simulation performs, as (group, leaf, time) doubles: the fingerprint
 * of a trajectory (trajectories.ts, split-cost.ts). `hashEvents` wraps the catalogue's `perform`;
 * `after(n)` runs after the n-th event; the returned function ends the hash and gives its first
 * 16 hex digits.
 */
import { createHash } from "node:crypto";

interface Catalogue {
  perform(group: number, leaf: number, u: number, time: number): number;
}

export function hashEvents(catalogue: unknown, after?: (n: number) => void): () => string {
  const cat = catalogue as Catalogue;
  const hash = createHash("sha256");
  const buf = new Float64Array(3 * 4096);
  let k = 0;
  let n = 0;
  const perform = cat.perform.bind(cat);
  cat.perform = (g: number, leaf: number, u: number, time: number): number => {
    buf[k++] = g;
    buf[k++] = leaf;
    buf[k++] = time;
    if (k === buf.length) {
      hash.update(new Uint8Array(buf.buffer));
      k = 0;
    }
    const c = perform(g, leaf, u, time);
    after?.(++n);
    return c;
  };
  return () => {
    hash.update(new Uint8Array(buf.buffer, 0, k * 8));
    return hash.digest("hex").slice(0, 16);
  };
}
