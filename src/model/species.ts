/**
 * Site species and the packed neighbour counts kept for every site.
 *
 * EMPTY and LI are Li-lattice sites; LLZO and CC are the electrolyte and the current collector
 * drawn on the same lattice; WALL is an inert hard wall (lateral confinement, the box edges and
 * the sentinel site), with no bonds.
 *
 * `cnt[s]` packs how many of the 14 neighbours of s hold each bonded species:
 *   bits 0–3 Li first neighbours, 4–6 Li second, 7–10 LLZO first, 11–13 LLZO second,
 *   14–17 CC first, 18–20 CC second.
 */
export const EMPTY = 0;
export const LI = 1;
export const LLZO = 2;
export const CC = 3;
export const WALL = 4;

export const LI1_SHIFT = 0;
const LI2_SHIFT = 4;
const SUB1_SHIFT = 7;
const SUB2_SHIFT = 11;
const CC1_SHIFT = 14;
const CC2_SHIFT = 18;

export const LI1_ONE = 1 << LI1_SHIFT;
export const LI2_ONE = 1 << LI2_SHIFT;

/** Any LLZO first neighbour: the site is an interface site. */
export const SUB1_MASK = 15 << SUB1_SHIFT;
/** Any LLZO neighbour (first or second). */
export const SUB_MASK = (15 << SUB1_SHIFT) | (7 << SUB2_SHIFT);
/** Any Li neighbour (first or second). */
export const LI_MASK = (15 << LI1_SHIFT) | (7 << LI2_SHIFT);
/** Any CC neighbour (first or second): the site touches the collector. */
export const CC_MASK = (15 << CC1_SHIFT) | (7 << CC2_SHIFT);

/** cntDelta[species * 2 + (second ? 1 : 0)]: what a neighbour of that species adds to cnt. */
export const CNT_DELTA = new Int32Array(10);
CNT_DELTA[LI * 2] = 1 << LI1_SHIFT;
CNT_DELTA[LI * 2 + 1] = 1 << LI2_SHIFT;
CNT_DELTA[LLZO * 2] = 1 << SUB1_SHIFT;
CNT_DELTA[LLZO * 2 + 1] = 1 << SUB2_SHIFT;
CNT_DELTA[CC * 2] = 1 << CC1_SHIFT;
CNT_DELTA[CC * 2 + 1] = 1 << CC2_SHIFT;

/**
 * Hop-path category of a site from its packed counts (with the mover already removed from them):
 * the paths INTERFACE (2: an LLZO neighbour), COLLECTOR (3: a CC neighbour), BULK (0: at least
 * `bulkCoordination` Li first neighbours) or SURFACE (1) of params.ts, written as numbers here
 * (this module sits below params.ts).
 */
export function hopCategory(c: number, bulkCoordination: number): number {
  if ((c & SUB_MASK) !== 0) return 2;
  if ((c & CC_MASK) !== 0) return 3;
  return ((c >> LI1_SHIFT) & 15) >= bulkCoordination ? 0 : 1;
}

/**
 * The packed word of a site, what the hop kernel reads of a neighbour in one load: bits 0–2 the
 * species, 3–4 its hop category as seen by a first-neighbour mover (one Li first neighbour fewer),
 * 5–6 as seen by a second-neighbour mover (its counts as they are: a second neighbour is not in
 * the category), 7–31 its bond sum in quanta (signed).
 */
export function packWord(sp: number, c: number, bq: number, bulkCoordination: number): number {
  // hopCategory(c) and hopCategory(c − LI1_ONE) written out (a site with no Li first neighbour is
  // never the target of a first-neighbour mover; its first-mover category reads as surface)
  const li1 = (c >> LI1_SHIFT) & 15;
  const fixed = (c & SUB_MASK) !== 0 ? 2 : (c & CC_MASK) !== 0 ? 3 : -1;
  const cat1 = fixed >= 0 ? fixed : li1 - 1 >= bulkCoordination ? 0 : 1;
  const cat2 = fixed >= 0 ? fixed : li1 >= bulkCoordination ? 0 : 1;
  return sp | (cat1 << 3) | (cat2 << 5) | (bq << 7);
}
export const WORD_SPECIES = 7;
export const WORD_BOND_SHIFT = 7;

/** Whether a site with packed counts c has a neighbour that is empty (or a wall): fewer than 8 + 6 bonded ones. */
export function openNeighbours(c: number): boolean {
  return (c & 15) + ((c >> 7) & 15) + ((c >> 14) & 15) < 8 || ((c >> 4) & 7) + ((c >> 11) & 7) + ((c >> 18) & 7) < 6;
}
