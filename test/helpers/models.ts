/** Small models built directly from a species function, for tests. */
import { BccLattice } from "../../src/lattice/bcc.ts";
import { LidepModel } from "../../src/model/lidep/catalogue.ts";
import type { CollectorKind } from "../../src/model/lidep/collector.ts";
import { defaultParams, type ModelParams } from "../../src/model/params.ts";

export function makeModel(
  dims: { nx: number; ny: number; nz: number; periodicX?: boolean; periodicY?: boolean },
  species: (layer: number, x: number, y: number) => number,
  tweak: (p: ModelParams) => void = () => {},
  collectorKind: CollectorKind = "rigid",
  surfaceLayer = 0,
): LidepModel {
  const lat = new BccLattice({ nx: dims.nx, ny: dims.ny, nz: dims.nz, periodicX: dims.periodicX ?? true, periodicY: dims.periodicY ?? true });
  const sp = new Uint8Array(lat.sites);
  for (let s = 0; s < lat.sites; s++) sp[s] = species(lat.layerOf(s), lat.xOf(s), lat.yOf(s));
  const p = defaultParams();
  tweak(p);
  return new LidepModel({ lattice: lat, species: sp, params: p, collectorKind, surfaceLayer });
}
