/**
 * The bounds of what lidep accepts, each with its reason. They are checked while a scenario is
 * resolved (load.ts, feasible.ts), so `lidep validate` refuses exactly what `lidep run`, a sweep,
 * replicas, `reproduce` and `resume` would refuse, with the same one-line message, before
 * anything is allocated or run.
 */

/**
 * Largest scenario or sweep file read (bytes). The shipped scenarios are ~1–2 kB; a thousand
 * explicit defects take ~100 kB. The bound keeps parsing and every later pass over the document
 * short.
 */
export const MAX_DOCUMENT_BYTES = 1 << 20;

/**
 * Deepest nesting of objects and arrays in a document. The scenario schema nests 4 deep
 * (llzo.defects[i].x_nm) and a sweep's overrides one more; 32 leaves room for mistakes to be
 * reported by key while keeping every recursive pass (structuredClone, the schema) far from the
 * stack limit (structuredClone overflows at ~10,000 levels). Checked iteratively, before any
 * recursion.
 */
export const MAX_NESTING_DEPTH = 32;

/**
 * Memory estimate of a simulation per lattice site (bytes): the model's typed arrays measured by
 * `npm run bench` (38–46 B/site, README's speed table) plus the geometry's species array and the
 * snapshot buffers, rounded up.
 */
export const BYTES_PER_SITE = 48;

/** Memory one simulation may plan for (bytes): 8 GiB, a laptop's or a cluster core's share. */
export const MEMORY_BUDGET_BYTES = 8 * 2 ** 30;

/**
 * Most lattice sites one simulation may have: the budget over the estimate (≈1.8e8), and never
 * more than the 32-bit site indices of the lattice and its neighbour tables can address.
 */
export const MAX_SITES = Math.min(Math.floor(MEMORY_BUDGET_BYTES / BYTES_PER_SITE), 2 ** 31 - 2);

/**
 * Most site visits the initial geometry may take to carve the defects (each on-lattice defect is
 * one pass over the lattice, src/model/geometry.ts; ~3e7 visits/s measured on this project's
 * machines, so ≈ 20 s at the bound). Above a tenth of it, `lidep run` says that set-up is long.
 */
export const MAX_SETUP_VISITS = 5e8;

/**
 * Most simulations in one sweep or replica batch: every point is resolved (~1 ms) and its run
 * directory listed before anything runs, and a batch is one dataset written at the end.
 */
export const MAX_BATCH_SIMULATIONS = 10_000;

/**
 * Temperature range of the model (K): b.c.c. Li is the stable phase between its martensitic
 * transformation to a close-packed (9R) structure, near 75 K on cooling, and its melting point,
 * 453.65 K (180.5 °C). Outside it the b.c.c. lattice and its bonds mean nothing.
 */
export const MIN_TEMPERATURE_K = 75;
export const MAX_TEMPERATURE_K = 453.65;

/**
 * Shortest simulated time a run may ask for (s): a hundredth of the period of the fastest attempt
 * frequency (ν = 1e13 /s). Shorter windows see no event at all, and denormal times (5e-324) make
 * the sample schedule's step underflow to zero.
 */
export const MIN_MAX_TIME_S = 1e-15;

/** Human-readable bytes (8 GiB, 1.97 PiB, …; beyond EiB in powers of ten) for messages. */
export function formatBytes(b: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
  if (!(b < 1024 ** units.length)) return `${b.toExponential(2)} B`;
  let i = 0;
  while (b >= 1024 && i < units.length - 1) {
    b /= 1024;
    i++;
  }
  return `${Number(b.toPrecision(3))} ${units[i]}`;
}
