/**
 * Whether a resolved scenario can be built and run: the lattice within the memory budget, the LLZO
 * slab and the collector inside the box, every defect on the surface and inside the slab, the
 * defects' set-up work bounded. A pure check on numbers — it allocates nothing — that mirrors the
 * arithmetic of build.ts and src/model/geometry.ts, called by `resolveScenario`, so that whatever
 * the build would refuse is refused by `lidep validate` first, in one line.
 */
import { LI_LATTICE_CONSTANT_M } from "../constants/physical.ts";
import type { Scenario } from "./schema.ts";
import { UserError } from "../errors.ts";
import { BYTES_PER_SITE, MAX_SETUP_VISITS, MAX_SITES, MEMORY_BUDGET_BYTES, formatBytes } from "./limits.ts";

const NM = 1e-9;

/** Cells along an axis for a size in nm at coarse-graining n (at least 2). */
export function cellsFor(size_nm: number, n: number): number {
  return Math.max(2, Math.round((size_nm * NM) / (n * LI_LATTICE_CONSTANT_M)));
}

/** The LLZO surface layer of a slab `thickness` (m) on a lattice of constant `a` (as geometry.ts). */
export function surfaceLayerFor(thickness: number, a: number): number {
  return Math.max(0, Math.round((2 * thickness) / a) - 1);
}

export interface Feasibility {
  nx: number;
  ny: number;
  nz: number;
  sites: number;
  /** Estimated memory of the run (bytes). */
  bytes: number;
  /** Site visits to carve the on-lattice defects (set-up work). */
  setupVisits: number;
  /** Depth below the surface of the slab's bottom layer (nm): the deepest an on-lattice defect may go. */
  maxDefectDepth_nm: number;
}

function sci(x: number): string {
  return Number.isFinite(x) && Math.abs(x) < 1e6 ? String(Math.round(x)) : x.toExponential(2);
}

/** A length limit for a message, rounded down (4 significant digits), so that the value shown is itself accepted. */
function nm(x: number): string {
  if (x <= 0) return "0";
  const scale = 10 ** (3 - Math.floor(Math.log10(x)));
  return String(Math.floor(x * scale * (1 - 1e-12)) / scale);
}

/** Checks a resolved scenario; throws a UserError (file, key, expected, found) for the first problem. */
export function checkFeasible(s: Scenario, file: string): Feasibility {
  const fail = (key: string, text: string) => {
    throw new UserError(`${file}: key ${key}: ${text}`);
  };
  const n = s.lattice.coarseGrain;
  const a = n * LI_LATTICE_CONSTANT_M;
  const a_nm = a / NM;
  const [sx, sy, sz] = s.lattice.size_nm;
  const nx = cellsFor(sx, n), ny = cellsFor(sy, n), nz = cellsFor(sz, n);
  const sites = 2 * nx * ny * nz;
  if (!(sites <= MAX_SITES)) {
    fail(
      "lattice.size_nm",
      `expected at most ${sci(MAX_SITES)} lattice sites (≈${BYTES_PER_SITE} B/site within a memory budget of ${formatBytes(MEMORY_BUDGET_BYTES)}; coarse-grain with lattice.coarseGrain or shrink the box), found ${JSON.stringify(s.lattice.size_nm)} nm at coarseGrain ${n} = ${sci(sites)} sites ≈ ${formatBytes(sites * BYTES_PER_SITE)}`,
    );
  }
  const layers = 2 * nz;
  const layerSize = nx * ny;
  // memory: the model's arrays, the snapshots (LLZO and collector surfaces and the Li, ~3 layers of
  // rows of 7 values, 64 B each in the buffers) and the time series (22 columns)
  const latticeBytes = sites * BYTES_PER_SITE;
  const snapshotBytes = (s.run.snapshots + 2) * 3 * layerSize * 64;
  const bytes = latticeBytes + snapshotBytes + (s.run.samples + 2) * 22 * 16;
  if (bytes > MEMORY_BUDGET_BYTES) {
    fail(
      snapshotBytes > latticeBytes ? "run.snapshots" : "lattice.size_nm",
      `expected the run to fit a memory budget of ${formatBytes(MEMORY_BUDGET_BYTES)} (fewer snapshots or a smaller box), found ${sci(sites)} sites ≈ ${formatBytes(latticeBytes)} and ${s.run.snapshots} snapshots of ${sci(layerSize)} sites per layer ≈ ${formatBytes(snapshotBytes)}`,
    );
  }

  // the slab: geometry.ts needs two layers above the surface layer
  const surfaceLayer = surfaceLayerFor(s.llzo.thickness_nm * NM, a);
  if (surfaceLayer >= layers - 2) {
    fail(
      "llzo.thickness_nm",
      `expected a slab thinner than the box leaves room for (less than ${nm(((layers - 1.5) * a_nm) / 2)} nm in ${layers} layers of ${nm(a_nm / 2)} nm, lattice.size_nm[2] = ${sz} at coarseGrain ${n}), found ${s.llzo.thickness_nm}`,
    );
  }
  const zs_nm = (surfaceLayer / 2) * a_nm;
  // the depth of the slab's bottom layer below the surface, in metres, as geometry.ts computes it
  const zs = (surfaceLayer / 2) * a;
  const top_nm = ((layers - 1) / 2) * a_nm;

  // the collector: its lowest point inside the box, its centre over the surface
  const c = s.collector;
  const ccBottom_nm = zs_nm + a_nm / 2 + c.gap_nm;
  if (ccBottom_nm > top_nm + 1e-9) {
    fail("collector.gap_nm", `expected a gap that leaves the collector inside the box (at most ${nm(top_nm - zs_nm - a_nm / 2)} nm above the LLZO surface), found ${c.gap_nm}`);
  }
  if (c.x_nm !== null && !(c.x_nm >= 0 && c.x_nm <= sx)) fail("collector.x_nm", `expected a position inside the box (0–${sx} nm, lattice.size_nm[0]), found ${c.x_nm}`);
  if (c.y_nm !== null && !(c.y_nm >= 0 && c.y_nm <= sy)) fail("collector.y_nm", `expected a position inside the box (0–${sy} nm, lattice.size_nm[1]), found ${c.y_nm}`);

  // the defects: on the surface, inside the slab — drawn on the lattice or sub-grid alike, a
  // defect keeps the slab's bottom layer: deeper, it would be a cut through to the counter
  // electrode, not a flaw (a crack from it would start through the slab) — few enough for the
  // surface and for the set-up work
  s.llzo.defects.forEach((d, i) => {
    const key = `llzo.defects.${i}`;
    if (!(d.x_nm >= 0 && d.x_nm <= sx)) fail(`${key}.x_nm`, `expected a position on the surface (0–${sx} nm, lattice.size_nm[0]), found ${d.x_nm}`);
    if (!(d.y_nm >= 0 && d.y_nm <= sy)) fail(`${key}.y_nm`, `expected a position on the surface (0–${sy} nm, lattice.size_nm[1]), found ${d.y_nm}`);
    if (d.depth_nm * NM > zs) {
      fail(
        `${key}.depth_nm`,
        `expected a ${d.subgrid ? "sub-grid flaw" : "defect"} inside the LLZO slab (at most ${nm(zs_nm)} nm, the depth of its bottom layer, for llzo.thickness_nm = ${s.llzo.thickness_nm}: make the slab thicker or the flaw shallower), found ${d.depth_nm}`,
      );
    }
  });
  const r = s.llzo.randomDefects;
  const random = r ? r.count : 0;
  if (r && random > 0 && r.medianDepth_nm * NM > zs) {
    fail("llzo.randomDefects.medianDepth_nm", `expected a median depth inside the LLZO slab (at most ${nm(zs_nm)} nm for llzo.thickness_nm = ${s.llzo.thickness_nm}), found ${r.medianDepth_nm}`);
  }
  const onLattice = s.llzo.defects.filter((d) => !d.subgrid).length + random;
  const total = s.llzo.defects.length + random;
  if (total > layerSize) {
    fail(
      random > 0 ? "llzo.randomDefects.count" : "llzo.defects",
      `expected at most one defect per surface site (${layerSize} sites in a layer of ${nx} × ${ny} cells), found ${total} defects`,
    );
  }
  const setupVisits = onLattice * sites;
  if (setupVisits > MAX_SETUP_VISITS) {
    fail(
      random > 0 ? "llzo.randomDefects.count" : "llzo.defects",
      `expected at most ${sci(Math.floor(MAX_SETUP_VISITS / sites))} defects on a lattice of ${sci(sites)} sites (each is one pass over the lattice at set-up; the bound is ${sci(MAX_SETUP_VISITS)} site visits, ≈ 20 s), found ${onLattice}`,
    );
  }
  return { nx, ny, nz, sites, bytes, setupVisits, maxDefectDepth_nm: zs_nm };
}
