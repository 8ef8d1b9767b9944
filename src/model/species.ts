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
