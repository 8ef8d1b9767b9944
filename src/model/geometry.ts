/**
 * The initial lattice: the LLZO slab and its surface defects, the current collector and any
 * initial Li, drawn on the b.c.c. lattice. Lengths are in metres (SI); a site's position is
 * ((x + b/2)·a, (y + b/2)·a, (L/2)·a) with a = n·a0 (lattice/bcc.ts).
 *
 * The LLZO fills every layer up to and including `surfaceLayer`; the first Li layer is the next
 * one. The collector is a rigid body above the surface: a flat punch (a slab of half-width
 * `halfWidth` in x, all of y), an arc-shaped tip (a sphere of radius R on a shank: in a box whose
 * y extent holds the tip's diameter (3D) a round probe, a sphere on a cylinder; in a thinner slab
 * the TEM cross-section of a rounded probe, the shank as wide as the tip across all y), a thin fibre (a vertical cylinder, a CNT) or a tube (a
 * hollow carbon host, open at the top), with its
 * lowest point `gap` above the LLZO surface and extending to the top of the box.
 */
import { BccLattice } from "../lattice/bcc.ts";
import { CC, EMPTY, LI, LLZO, WALL } from "./species.ts";

export type CollectorShape = "flat" | "arc" | "fibre" | "tube";

export interface CollectorGeometry {
  shape: CollectorShape;
  /** Half-width (flat), radius (arc, fibre), m. */
  size: number;
  /** Centre in x and y (m). */
  x: number;
  y: number;
  /** Distance from the LLZO surface to the lowest point of the collector (m). */
  gap: number;
  /** Wall thickness of a tube (m). */
  wall?: number;
}

export interface DefectGeometry {
  /** pit: a cylindrical hole of width w and depth a; scratch: a groove along y; step: the LLZO
   * surface drops by `depth` for x > position. */
  kind: "pit" | "scratch" | "step";
  x: number;
  y: number;
  depth: number;
  width: number;
  /** Not drawn on the lattice: a sub-grid flaw with its size. */
  subgrid?: boolean;
}

export interface GeometrySpec {
  /** Thickness of the LLZO slab (m). */
  llzoThickness: number;
  collector: CollectorGeometry | null;
  defects: DefectGeometry[];
  /** Rigid side walls at |x − collector.x| ≥ this (m), from the LLZO up to the collector. */
  wallHalfWidth: number | null;
  /** Initial Li: a spherical cap of this radius (m) on the LLZO below the collector, or none. */
  initialLiRadius: number;
}

/** Where a defect is on the lattice. */
export interface DefectSites {
  spec: DefectGeometry;
  /** LLZO sites carved out by the defect (empty for a sub-grid pit). */
  carved: number[];
  /** The first Li-lattice site above the surface at the defect's centre: the body over it. */
  mouth: number;
  /** Where a crack starts: the deepest carved site at the centre, or the LLZO surface site. */
  bottom: number;
  /** Smaller than a site: kept as a sub-grid flaw with its size. */
  subgrid: boolean;
}

export interface BuiltGeometry {
  species: Uint8Array;
  /** Index of the LLZO surface layer. */
  surfaceLayer: number;
  defects: DefectSites[];
}

/** Whether a contact of radius r (m) is round on this lattice: the box's y extent holds its diameter (3D), not a thin-y slab. */
export function isRoundContact(lat: BccLattice, a: number, r: number): boolean {
  return lat.ny * a >= 2 * r;
}

/** The site of a layer nearest to (x, y) (m). */
export function nearestInLayer(lat: BccLattice, a: number, x: number, y: number, layer: number): number {
  const h = (layer & 1) * 0.5;
  const xi = ((Math.round(x / a - h) % lat.nx) + lat.nx) % lat.nx;
  const yi = ((Math.round(y / a - h) % lat.ny) + lat.ny) % lat.ny;
  return lat.index(xi, yi, layer);
}

export function buildGeometry(lat: BccLattice, a: number, g: GeometrySpec): BuiltGeometry {
  const N = lat.sites;
  const species = new Uint8Array(N);
  const surfaceLayer = Math.max(0, Math.round((2 * g.llzoThickness) / a) - 1);
  if (surfaceLayer >= lat.layers - 2) throw new RangeError("the LLZO slab fills the box: make the box taller or the slab thinner");
  const zs = (surfaceLayer / 2) * a; // height of the surface layer
  const pos = [0, 0, 0];
  const boxX = lat.nx * a;
  const boxY = lat.ny * a;
  const dxPeriodic = (dx: number, period: number, periodic: boolean) => (periodic ? dx - period * Math.round(dx / period) : dx);
  for (let s = 0; s < N; s++) {
    lat.position(s, pos);
    const z = pos[2] * a;
    if (z <= zs + 1e-12) species[s] = LLZO;
  }
  // defects carve the LLZO
  const defects: DefectSites[] = [];
  for (const d of g.defects) {
    const carved: number[] = [];
    for (let s = 0; s < N && !d.subgrid; s++) {
      if (species[s] !== LLZO) continue;
      lat.position(s, pos);
      const x = pos[0] * a, y = pos[1] * a, z = pos[2] * a;
      const dx = dxPeriodic(x - d.x, boxX, lat.periodicX);
      const dy = dxPeriodic(y - d.y, boxY, lat.periodicY);
      const depthBelow = zs - z; // ≥ 0 inside the LLZO
      let inside = false;
      if (d.kind === "pit") inside = dx * dx + dy * dy <= (d.width / 2) ** 2 && depthBelow < d.depth;
      else if (d.kind === "scratch") inside = Math.abs(dx) <= d.width / 2 && depthBelow < d.depth;
      else inside = dx > 0 && depthBelow < d.depth;
      if (inside) {
        species[s] = EMPTY;
        carved.push(s);
      }
    }
    const mouth = nearestInLayer(lat, a, d.x, d.y, surfaceLayer + 1);
    let bottom = nearestInLayer(lat, a, d.x, d.y, surfaceLayer);
    if (carved.length > 0) {
      // the deepest carved site, nearest the centre
      let best = carved[0];
      let bestKey = Infinity;
      for (const s of carved) {
        lat.position(s, pos);
        const dx = dxPeriodic(pos[0] * a - d.x, boxX, lat.periodicX);
        const dy = dxPeriodic(pos[1] * a - d.y, boxY, lat.periodicY);
        const key = pos[2] * a * 1e3 + Math.hypot(dx, dy);
        if (key < bestKey) {
          bestKey = key;
          best = s;
        }
      }
      bottom = best;
    }
    defects.push({ spec: d, carved, mouth, bottom, subgrid: carved.length === 0 });
  }
  const c = g.collector;
  if (c) {
    const bottom = zs + a / 2 + c.gap; // the first Li layer is a/2 above the surface layer
    const roundArc = isRoundContact(lat, a, c.size);
    for (let s = 0; s < N; s++) {
      if (species[s] !== EMPTY) continue;
      lat.position(s, pos);
      const x = pos[0] * a, y = pos[1] * a, z = pos[2] * a;
      const dx = dxPeriodic(x - c.x, boxX, lat.periodicX);
      const dy = dxPeriodic(y - c.y, boxY, lat.periodicY);
      let inside = false;
      if (c.shape === "flat") inside = Math.abs(dx) <= c.size && z >= bottom - 1e-12;
      else if (c.shape === "fibre") inside = dx * dx + dy * dy <= c.size * c.size && z >= bottom - 1e-12;
      else if (c.shape === "tube") {
        // an amorphous-carbon tube standing on the LLZO (a Li host): a wall of thickness `wall`
        // around a channel of radius `size`; in a thin-y slab, two walls either side of a slot
        const r = lat.ny * a < 4 * c.size ? Math.abs(dx) : Math.hypot(dx, dy);
        inside = z >= bottom - 1e-12 && r >= c.size && r <= c.size + (c.wall ?? a);
      }
      else {
        const zc = bottom + c.size;
        // a round probe where the box holds its diameter in y; its slab cross-section otherwise
        const shank = roundArc ? dx * dx + dy * dy : dx * dx;
        inside = z >= bottom - 1e-12 && (z >= zc ? shank <= c.size * c.size : dx * dx + dy * dy + (z - zc) ** 2 <= c.size * c.size);
      }
      if (inside) species[s] = CC;
    }
    if (g.wallHalfWidth !== null) {
      for (let s = 0; s < N; s++) {
        if (species[s] !== EMPTY) continue;
        lat.position(s, pos);
        const dx = dxPeriodic(pos[0] * a - c.x, boxX, lat.periodicX);
        if (Math.abs(dx) >= g.wallHalfWidth) species[s] = WALL;
      }
    }
    if (g.initialLiRadius > 0) {
      const r = g.initialLiRadius;
      for (let s = 0; s < N; s++) {
        if (species[s] !== EMPTY) continue;
        lat.position(s, pos);
        const dx = dxPeriodic(pos[0] * a - c.x, boxX, lat.periodicX);
        const dy = dxPeriodic(pos[1] * a - c.y, boxY, lat.periodicY);
        const dz = pos[2] * a - zs;
        if (dz > 0 && dx * dx + dy * dy + dz * dz <= r * r) species[s] = LI;
      }
    }
  }
  return { species, surfaceLayer, defects };
}
