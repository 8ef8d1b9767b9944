/**
 * A round contact in 3D (issue 19, item 2): where the box's y extent holds the probe's diameter,
 * the arc probe is a sphere on a cylinder (a round probe), not a ridge across y; in a thin-y slab
 * it stays the TEM cross-section (the shank as wide as the tip across all y).
 */
import { describe, expect, it } from "vitest";
import { BccLattice } from "../src/lattice/bcc.ts";
import { buildGeometry, isRoundContact } from "../src/model/geometry.ts";
import { CC } from "../src/model/species.ts";
import { LI_LATTICE_CONSTANT_M } from "../src/constants/physical.ts";

const a = 4 * LI_LATTICE_CONSTANT_M;
const R = 8e-9;

function probe(ny: number) {
  const lat = new BccLattice({ nx: 24, ny, nz: 16, periodicX: false, periodicY: false });
  const cx = (lat.nx * a) / 2, cy = (lat.ny * a) / 2;
  const g = buildGeometry(lat, a, { llzoThickness: 2e-9, collector: { shape: "arc", size: R, x: cx, y: cy, gap: 0 }, defects: [], wallHalfWidth: null, initialLiRadius: 0 });
  return { lat, g, cx, cy };
}

/** CC sites of one layer as (x, y) positions (m). */
function layerCC(lat: BccLattice, species: Uint8Array, layer: number): [number, number][] {
  const out: [number, number][] = [];
  const pos = [0, 0, 0];
  for (let y = 0; y < lat.ny; y++) for (let x = 0; x < lat.nx; x++) {
    const s = lat.index(x, y, layer);
    if (species[s] !== CC) continue;
    lat.position(s, pos);
    out.push([pos[0] * a, pos[1] * a]);
  }
  return out;
}

describe("round contact", () => {
  it("in 3D the probe's shank is a disc of area πR² in each layer, as wide in y as in x", () => {
    const { lat, g, cx, cy } = probe(24);
    expect(isRoundContact(lat, a, R)).toBe(true);
    const top = lat.layers - 1; // far above the tip's centre: the shank
    const cc = layerCC(lat, g.species, top);
    const area = cc.length * (a * a); // a layer holds one site per a² of area
    expect(area / (Math.PI * R * R)).toBeGreaterThan(0.85);
    expect(area / (Math.PI * R * R)).toBeLessThan(1.15);
    const ext = (k: 0 | 1, c: number) => Math.max(...cc.map((p) => Math.abs(p[k] - c)));
    expect(ext(1, cy)).toBeLessThanOrEqual(R);
    expect(Math.abs(ext(0, cx) - ext(1, cy))).toBeLessThanOrEqual(a);
  });

  it("in a thin-y slab the probe stays the TEM cross-section: the shank spans every y", () => {
    const { lat, g } = probe(4);
    expect(isRoundContact(lat, a, R)).toBe(false);
    const cc = layerCC(lat, g.species, lat.layers - 1);
    expect(cc.length % lat.ny).toBe(0);
    expect(cc.length / lat.ny).toBeGreaterThanOrEqual(Math.floor((2 * R) / a));
  });
});
