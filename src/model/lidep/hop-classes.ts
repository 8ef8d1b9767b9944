/**
 * The classes of Li0 hops for acceleration (acceleration.ts): (path, n_s, n_t), the path of the
 * hop (hops.ts) and the first-neighbour Li counts of its start and end with the mover removed.
 * The reverse of (path, n_s, n_t) is (path, n_t, n_s).
 */
import { PATH_NAMES } from "../params.ts";

/**
 * Bond-sum class of a site: its Li first- and second-neighbour counts (0…8, 0…6), the Li–Li
 * part of the bond sum, as bin n1·7 + n2 (0…62); the LLZO and CC bonds enter through the path.
 */
export const NEIGHBOUR_BINS = 63;
/** The bin of a site's packed neighbour counts (species.ts: Li first neighbours in bits 0–3, second in 4–7). */
export function bondBin(c: number): number {
  return (c & 15) * 7 + ((c >> 4) & 7);
}
/** Classes (path, b_s, b_t): index (path·63 + b_s)·63 + b_t. */
export const HOP_CLASSES = 4 * NEIGHBOUR_BINS * NEIGHBOUR_BINS;


export function classIndex(path: number, ns: number, nt: number): number {
  return (path * NEIGHBOUR_BINS + ns) * NEIGHBOUR_BINS + nt;
}

/** The class of the reverse hop. */
export function reverseClass(c: number): number {
  const nt = c % NEIGHBOUR_BINS;
  const ns = ((c - nt) / NEIGHBOUR_BINS) % NEIGHBOUR_BINS;
  const path = Math.floor(c / (NEIGHBOUR_BINS * NEIGHBOUR_BINS));
  return classIndex(path, nt, ns);
}

/** A class in words: its path and the Li first/second-neighbour counts of start and end ("4/2"). */
export function describeClass(c: number): { path: string; from: string; to: string } {
  const nt = c % NEIGHBOUR_BINS;
  const ns = ((c - nt) / NEIGHBOUR_BINS) % NEIGHBOUR_BINS;
  const w = (b: number) => `${Math.floor(b / 7)}/${b % 7}`;
  return { path: PATH_NAMES[Math.floor(c / (NEIGHBOUR_BINS * NEIGHBOUR_BINS))], from: w(ns), to: w(nt) };
}
