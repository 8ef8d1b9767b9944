/**
 * The slot tables of connectivity.ts's cheap test that a hop left its old neighbours connected
 * (`Connectivity.coveredVia`): which of s's neighbour slots touch the mover's new site, and which
 * are linked to it through one of its neighbours.
 */
import { isNeighbourVector, NEIGHBOUR_VECTORS } from "../../lattice/bcc.ts";

/**
 * The neighbourhood of a hop s → via (via in neighbour slot d of s), for `coveredVia`, by slot:
 * ADJACENT[d * 14 + k] is 1 when s's neighbour in slot k is a neighbour of via, and
 * COVER[d * 14 + k] the mask of via's neighbour slots j whose site is a neighbour of s's neighbour
 * in slot k too (a Li there links the two). Geometric relations: in a box too thin for them a
 * relation can hold between sites that these tables do not list, never the other way round.
 */
export const ADJACENT = new Uint8Array(14 * 14);
export const COVER = new Int32Array(14 * 14);
for (let d = 0; d < 14; d++) {
  const vd = NEIGHBOUR_VECTORS[d];
  for (let k = 0; k < 14; k++) {
    const vk = NEIGHBOUR_VECTORS[k];
    ADJACENT[d * 14 + k] = isNeighbourVector(vk[0] - vd[0], vk[1] - vd[1], vk[2] - vd[2]) ? 1 : 0;
    for (let j = 0; j < 14; j++) {
      const vj = NEIGHBOUR_VECTORS[j];
      if (isNeighbourVector(vd[0] + vj[0] - vk[0], vd[1] + vj[1] - vk[1], vd[2] + vj[2] - vk[2])) COVER[d * 14 + k] |= 1 << j;
    }
  }
}

/**
 * Whether every target (its slot of s in slot[0…nt)) is via itself (slot d of s), a neighbour of
 * via, or a neighbour of one of via's Li neighbours (their slots of via: the bits of `li`).
 */
export function allCovered(li: number, d: number, slot: Int32Array, nt: number): boolean {
  const row = d * 14;
  for (let i = 0; i < nt; i++) {
    const k = slot[i];
    if (k !== d && ADJACENT[row + k] === 0 && (li & COVER[row + k]) === 0) return false;
  }
  return true;
}
