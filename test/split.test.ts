/**
 * Split detection (connectivity.ts, issue 18 item 2): when a Li atom leaves, the bodies are
 * right (every connected component of Li has one id of its own, its size counted) and the
 * searches cost the part cut off, not the body that keeps its id: a chain on a 1,152-site slab
 * cut two sites below its top touches a few dozen sites, whichever side its searches start from.
 */
import { describe, expect, it } from "vitest";
import { makeModel } from "./helpers/models.ts";
import { EMPTY, LI, LLZO } from "../src/model/species.ts";
import type { LidepModel } from "../src/model/lidep/catalogue.ts";
import { join } from "node:path";
import { loadScenario } from "../src/scenario/load.ts";
import { Simulation } from "../src/run/simulate.ts";
import { checkInvariants } from "./helpers/invariants.ts";

const NX = 12, NY = 12, NZ = 21;
/** Slab of Li on layers 1–8 (over LLZO at layer 0), 12 × 12 × 8 = 1,152 sites. */
const SLAB_TOP = 8;

/**
 * Every connected component of Li (14 neighbours) has one body id, no two share one, and the
 * body table's size of each is the component's: one line per discrepancy.
 */
function bodyErrors(m: LidepModel): string[] {
  const st = m.st;
  const lat = st.lat;
  const seen = new Uint8Array(st.N);
  const ids = new Set<number>();
  const nb = new Int32Array(14);
  const errors: string[] = [];
  for (let s0 = 0; s0 < st.N; s0++) {
    if (st.spec[s0] !== LI || seen[s0]) continue;
    const id = st.body[s0];
    if (ids.has(id)) errors.push(`body ${id} labels two components`);
    ids.add(id);
    const stack = [s0];
    seen[s0] = 1;
    let n = 0;
    while (stack.length > 0) {
      const s = stack.pop()!;
      n++;
      if (st.body[s] !== id) errors.push(`site ${s}: body ${st.body[s]} in the component of body ${id}`);
      lat.neighbours(s, nb);
      for (const t of nb) if (t < st.N && st.spec[t] === LI && !seen[t]) (seen[t] = 1), stack.push(t);
    }
    if (st.bodies.size[id] !== n) errors.push(`body ${id}: size ${st.bodies.size[id]}, component of ${n} sites`);
  }
  return errors;
}

/**
 * The slab, with a column of second neighbours at (5, 5) on the odd layers 9 … top rising from
 * it; or (hanging) the slab on the top 8 layers of the box and the column on the odd layers from
 * `top` up to it; and a site at (5, 5) on layer `extra`.
 */
function slabWithChain(top: number, hanging = false, extra = -1): LidepModel {
  const L = 2 * NZ;
  return makeModel({ nx: NX, ny: NY, nz: NZ }, (layer, x, y) => {
    if (layer === 0) return LLZO;
    if (!hanging && layer <= SLAB_TOP) return LI;
    if (hanging && layer >= L - SLAB_TOP) return LI;
    const chain = layer % 2 === 1 && (!hanging ? layer > SLAB_TOP && layer <= top : layer < L - SLAB_TOP && layer >= top);
    return (chain || layer === extra) && x === 5 && y === 5 ? LI : EMPTY;
  });
}

/** Sites queued or relabelled by the split searches during `f`. */
function work(m: LidepModel, f: () => void): number {
  const a = m.conn.stats;
  const before = a.searchSites + a.splitRelabelled;
  f();
  return a.searchSites + a.splitRelabelled - before;
}

describe("split detection", () => {
  it("a chain cut near its top on a slab: the three sites above get a new body, the slab keeps its id, a few dozen sites touched", () => {
    // the part above touches the cut site twice: (5, 5, 37) and (5, 5, 36), a first neighbour of both
    const m = slabWithChain(39, false, 36);
    const lat = m.lat;
    const b = m.st.body[lat.index(0, 0, 1)];
    expect(m.st.bodies.size[b]).toBe(NX * NY * SLAB_TOP + 17); // one body: slab, its 16-site chain and the extra site
    const cut = lat.index(5, 5, 35);
    const w = work(m, () => m.redox.oxidise(cut));
    expect(bodyErrors(m)).toEqual([]);
    const above = m.st.body[lat.index(5, 5, 37)];
    expect(m.st.body[lat.index(5, 5, 39)]).toBe(above);
    expect(m.st.body[lat.index(5, 5, 36)]).toBe(above);
    expect(above).not.toBe(b);
    expect(m.st.bodies.size[above]).toBe(3);
    expect(m.st.body[lat.index(5, 5, 33)]).toBe(b); // the body's bulk keeps its id
    expect(m.st.body[lat.index(0, 0, 1)]).toBe(b);
    expect(m.st.bodies.size[b]).toBe(NX * NY * SLAB_TOP + 13);
    // the searches start from the site below (slot −z) as well: one that walked the slab would queue > 1,152
    expect(w).toBeLessThan(60);
  });

  it("the same cut under a slab at the top of the box: the site below splits off, a few dozen sites touched", () => {
    const m = slabWithChain(2 * NZ - 15, true);
    const lat = m.lat;
    const L = 2 * NZ;
    const b = m.st.body[lat.index(0, 0, L - 1)];
    const chainSites = [L - 9, L - 11, L - 13, L - 15].map((l) => lat.index(5, 5, l));
    expect(chainSites.every((s) => m.st.body[s] === b)).toBe(true);
    const w = work(m, () => m.redox.oxidise(chainSites[2]));
    expect(bodyErrors(m)).toEqual([]);
    expect(m.st.body[chainSites[3]]).not.toBe(b);
    expect(m.st.bodies.size[m.st.body[chainSites[3]]]).toBe(1);
    expect(m.st.body[chainSites[1]]).toBe(b);
    expect(w).toBeLessThan(40);
  });

  it("a long free chain cut into 24 and 5 sites: each part whole, the 24 keep the id, the work bounded by the short part", () => {
    // a row of second neighbours along x on layer 20, 30 sites (x = 0 … 29 of a 32-wide box)
    const m = makeModel({ nx: 32, ny: 4, nz: 12, periodicX: false }, (layer, x, y) => (layer === 0 ? LLZO : layer === 20 && y === 1 && x < 30 ? LI : EMPTY));
    const lat = m.lat;
    const b = m.st.body[lat.index(10, 1, 20)];
    expect(m.st.bodies.size[b]).toBe(30);
    // the first target is the long side's (slot −x)
    const w = work(m, () => m.redox.oxidise(lat.index(24, 1, 20)));
    expect(bodyErrors(m)).toEqual([]);
    expect(m.st.body[lat.index(0, 1, 20)]).toBe(b);
    const small = m.st.body[lat.index(29, 1, 20)];
    expect(small).not.toBe(b);
    expect(m.st.bodies.size[small]).toBe(5);
    // two searches in lockstep: the short part (5) exhausted after ~5 turns each
    expect(w).toBeLessThanOrEqual(2 * 5 + 2 + 5);
  });

  it("a site taken from inside the slab splits nothing and touches a bounded neighbourhood", () => {
    const m = slabWithChain(15);
    const lat = m.lat;
    const b = m.st.body[lat.index(0, 0, 1)];
    const size = m.st.bodies.size[b];
    const w = work(m, () => m.redox.oxidise(lat.index(6, 6, 4)));
    expect(bodyErrors(m)).toEqual([]);
    expect(m.st.bodies.size[b]).toBe(size - 1);
    expect(w).toBeLessThan(14 * 14);
  });

  it("the visit marks start over before they would wrap the 32-bit array (a whole fig4g-full run spends ~1e11)", () => {
    const m = slabWithChain(39, false, 36);
    const lat = m.lat;
    m.conn.seenEpoch = 0xffffffff - 5; // a few searches before the wrap
    const b = m.st.body[lat.index(0, 0, 1)];
    m.redox.oxidise(lat.index(5, 5, 35)); // a split: searches from 3 targets
    m.redox.oxidise(lat.index(5, 5, 21)); // another: 6 sites above
    m.redox.oxidise(lat.index(6, 6, 4)); // none, inside the slab
    expect(bodyErrors(m)).toEqual([]);
    expect(m.st.bodies.size[b]).toBe(NX * NY * SLAB_TOP - 1 + 6);
    expect(m.conn.seenEpoch).toBeLessThan(100);
  });

  it("hot-li 2.8 nm thick (2 cells across y: each site's ±y images are one site), 20,000 events: hundreds of splits, every state rechecked whole", () => {
    const sim = new Simulation(loadScenario(join(import.meta.dirname, "../scenarios/hot-li-rigid-3V.json"), ["lattice.size_nm=[120,2.8,148]", "run.maxEvents=20000"]), 1);
    const m = sim.model;
    expect(m.lat.ny).toBeLessThanOrEqual(2);
    const errors: string[] = [];
    while (!sim.step(5000)) errors.push(...checkInvariants(m));
    errors.push(...checkInvariants(m));
    expect(errors).toEqual([]);
    const a = m.conn.stats;
    expect(a.splits).toBeGreaterThan(100);
    // the parts cut off are single atoms and small clusters: a few sites each on average
    expect(a.splitRelabelled / a.splits).toBeLessThan(5);
  });
});
