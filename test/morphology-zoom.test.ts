/**
 * The morphology view's second panel: the region of the largest Li cluster, magnified beside the
 * whole box, so a small deposit in a tall box can be seen. Synthetic snapshots with known answers.
 */
import { describe, expect, it } from "vitest";
import { JSDOM } from "jsdom";
import * as d3 from "d3";
import { drawMorphology, largestCluster, morphologyData, type MorphologyFrame } from "../src/viz/charts/morphology.ts";
import { SPECIES } from "../src/viz/model.ts";

const a = 0.35; // site spacing (nm)

/** A snapshot: an LLZO row along z = 0 across 0…W, a Li block of bx × bz sites at (x0, a), and lone Li sites at `lone`. */
function frame(W: number, x0: number, bx: number, bz: number, lone: [number, number][], t = 0): MorphologyFrame {
  const x: number[] = [], z: number[] = [], sp: number[] = [], born: number[] = [];
  for (let i = 0; i * a <= W; i++) { x.push(i * a); z.push(0); sp.push(SPECIES.llzo); born.push(NaN); }
  for (let i = 0; i < bx; i++) for (let k = 1; k <= bz; k++) { x.push(x0 + i * a); z.push(k * a); sp.push(SPECIES.li); born.push(t); }
  for (const [lx, lz] of lone) { x.push(lx); z.push(lz); sp.push(SPECIES.li); born.push(t); }
  // a tall collector wall at the box's right side: the box is 80 nm high
  for (let k = 1; k * a <= 80; k++) { x.push(W); z.push(k * a); sp.push(SPECIES.cc); born.push(NaN); }
  return { time_s: t, n: x.length, x, y: x.map(() => 0), z, species: sp, born };
}

describe("morphology: a magnified panel on the Li", () => {
  it("finds the largest cluster, leaving lone sites out", () => {
    const f = frame(24, 10, 8, 6, [[3, 60], [20, 40]]);
    const c = largestCluster(f, 2.5 * a)!;
    expect(c.sites).toBe(48);
    expect(c.x0).toBeCloseTo(10, 9);
    expect(c.x1).toBeCloseTo(10 + 7 * a, 9);
    expect(c.z1).toBeCloseTo(6 * a, 9);
  });

  it("the zoom holds the cluster of every snapshot and the LLZO surface, not the lone sites, and is drawn magnified", () => {
    const snaps = [frame(24, 10, 4, 3, [[3, 60]], 0), frame(24, 9, 8, 6, [[20, 40]], 1e-3)];
    const d = morphologyData(snaps, 24);
    const zb = d.zoom!;
    expect(zb).not.toBeNull();
    expect(zb.x0).toBeLessThanOrEqual(9);
    expect(zb.x1).toBeGreaterThanOrEqual(10 + 3 * a);
    expect(zb.x1).toBeGreaterThanOrEqual(9 + 7 * a);
    expect(zb.z0).toBeLessThanOrEqual(0);
    expect(zb.z1).toBeGreaterThanOrEqual(6 * a);
    expect(zb.z1).toBeLessThan(40); // the lone sites up the collector are not in it
    const dom = new JSDOM("<!DOCTYPE html><div id=c></div>");
    const container = d3.select(dom.window.document.getElementById("c")!) as unknown as Parameters<typeof drawMorphology>[0];
    drawMorphology(container, d, { width: 900, height: 550 }, -1);
    const doc = dom.window.document;
    // every site of the last snapshot in the whole box; the zoom draws those inside its region
    expect(doc.querySelectorAll("circle.site").length).toBe(snaps[1].n);
    const inside = Array.from({ length: snaps[1].n }, (_, j) => j).filter((j) => snaps[1].x[j] >= zb.x0 && snaps[1].x[j] <= zb.x1 && snaps[1].z[j] >= zb.z0 && snaps[1].z[j] <= zb.z1);
    expect(doc.querySelectorAll("circle.zoom-site").length).toBe(inside.length);
    expect(doc.querySelectorAll("circle.zoom-site.li").length).toBe(48);
    const r = (sel: string) => Number(doc.querySelector(sel)!.getAttribute("r"));
    expect(r("circle.zoom-site.li")).toBeGreaterThan(2 * r("circle.site.li"));
  });

  it("no zoom when the Li fills most of the box", () => {
    const d = morphologyData([frame(8, 0.5, 20, 200, [])], 8);
    expect(d.zoom).toBeNull();
    const dom = new JSDOM("<!DOCTYPE html><div id=c></div>");
    const container = d3.select(dom.window.document.getElementById("c")!) as unknown as Parameters<typeof drawMorphology>[0];
    drawMorphology(container, d, { width: 900, height: 550 }, -1);
    expect(dom.window.document.querySelectorAll("circle.zoom-site").length).toBe(0);
  });
});
