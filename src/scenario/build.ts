/**
 * From a resolved scenario to a ready model: lattice, geometry, SI parameters.
 */
import { BccLattice } from "../lattice/bcc.ts";
import { buildGeometry, type DefectGeometry, type GeometrySpec } from "../model/geometry.ts";
import { LidepModel } from "../model/lidep/catalogue.ts";
import { paramsFromInputs, type ModelParams } from "../model/params.ts";
import { LI_LATTICE_CONSTANT_M } from "../constants/physical.ts";
import { Rng } from "../kmc/rng.ts";
import type { Scenario } from "./schema.ts";
import { cellsFor, surfaceLayerFor } from "./feasible.ts";

export { cellsFor } from "./feasible.ts";

const NM = 1e-9;

/** The model's SI parameters of a resolved scenario. */
export function modelParams(s: Scenario): ModelParams {
  return paramsFromInputs(s);
}

export interface Built {
  lattice: BccLattice;
  model: LidepModel;
  /** Lattice constant of the (coarse) lattice, n·a0 (m). */
  a: number;
  surfaceLayer: number;
  defects: DefectGeometry[];
}

export function buildModel(s: Scenario, seed: string | number): Built {
  const n = s.lattice.coarseGrain;
  const a = n * LI_LATTICE_CONSTANT_M;
  const [sx, sy, sz] = s.lattice.size_nm;
  const lattice = new BccLattice({
    nx: cellsFor(sx, n),
    ny: cellsFor(sy, n),
    nz: cellsFor(sz, n),
    periodicX: s.lattice.periodicX,
    periodicY: s.lattice.periodicY,
  });
  const defects: DefectGeometry[] = s.llzo.defects.map((d) => ({ kind: d.kind, x: d.x_nm * NM, y: d.y_nm * NM, depth: d.depth_nm * NM, width: d.width_nm * NM, subgrid: d.subgrid }));
  if (s.llzo.randomDefects && s.llzo.randomDefects.count > 0) {
    const r = s.llzo.randomDefects;
    const rng = new Rng(`${seed}/defects`);
    // the log-normal's tail may reach below the slab's bottom layer (its median may not:
    // feasible.ts): a flaw cannot be deeper than the slab, so the draw is cut at the bottom layer
    const maxDepth = (surfaceLayerFor(s.llzo.thickness_nm * NM, a) / 2) * a;
    for (let i = 0; i < r.count; i++) {
      // Box–Muller normal for a log-normal depth
      const u1 = 1 - rng.double();
      const u2 = rng.double();
      const g = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
      const depth = Math.min(maxDepth, r.medianDepth_nm * Math.exp(r.sigmaLog * g) * NM);
      defects.push({ kind: r.kind, x: rng.double() * sx * NM, y: rng.double() * sy * NM, depth, width: r.width_nm * NM, subgrid: false });
    }
  }
  const c = s.collector;
  const geom: GeometrySpec = {
    llzoThickness: s.llzo.thickness_nm * NM,
    collector: { shape: c.shape, size: c.radius_nm * NM, x: (c.x_nm ?? sx / 2) * NM, y: (c.y_nm ?? sy / 2) * NM, gap: c.gap_nm * NM, wall: c.wall_nm * NM },
    defects,
    wallHalfWidth: c.sideWallHalfWidth_nm === null ? null : c.sideWallHalfWidth_nm * NM,
    initialLiRadius: s.li.initialRadius_nm * NM,
  };
  // checkFeasible (resolveScenario) has made sure the slab, the collector and the defects fit
  const built = buildGeometry(lattice, a, geom);
  const model = new LidepModel({ lattice, species: built.species, params: modelParams(s), collectorKind: c.kind, defects: built.defects, surfaceLayer: built.surfaceLayer, stopAtWall: s.run.stopAtWall });
  return { lattice, model, a, surfaceLayer: built.surfaceLayer, defects };
}
