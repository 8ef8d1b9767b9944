/**
 * Li's contact with a wall of the box as a run reports it (model/lidep/walls.ts): the stop reason
 * and summary.json's `wall`.
 */
import type { Built } from "../scenario/build.ts";
import type { LidepModel } from "../model/lidep/catalogue.ts";
import { WALLS, WALL_TOP } from "../model/lidep/walls.ts";
import type { Summary } from "./summary.ts";

const NM = 1e-9;

/** The stop reason of a run that a wall ended: the top of the box, or a side. */
export function wallStopReason(model: LidepModel): string {
  return model.walls.reached?.wall === WALL_TOP ? "topOfBox" : "sideWall";
}

/** Li's first contact with a wall (summary.json `wall`): which, when, and the site in nm (z above the LLZO surface); null if none. */
export function wallContact(built: Built): Summary["wall"] {
  const c = built.model.walls.reached;
  if (c === null) return null;
  const { a, surfaceLayer } = built;
  const pos = [0, 0, 0];
  if (c.site >= 0) built.lattice.position(c.site, pos);
  const at = (v: number) => (c.site >= 0 ? v : null);
  return { boundary: WALLS[c.wall], time_s: c.time, x_nm: at((pos[0] * a) / NM), y_nm: at((pos[1] * a) / NM), z_nm: at(((pos[2] - surfaceLayer / 2) * a) / NM) };
}
