/**
 * Morphology: the x–z cross-section of one snapshot (the box is thin in y, as a TEM lamella), one
 * circle per drawn site coloured by species; Li is shaded by its deposition time so that root
 * growth (new Li at the interface, under the old) and lateral creep (new Li at the edges) can be
 * told apart. Axes keep 1 nm = 1 nm in x and z, and stay the same for every snapshot so that a
 * slider over the snapshots animates in place.
 */
import * as d3 from "d3";
import { frame, type Container, type G, type Size } from "./frame.ts";
import { SPECIES } from "../model.ts";
import { formatTime, timeUnit } from "../units.ts";

/** One snapshot as the chart needs it (x, z in nm above the LLZO surface; born in s, NaN if not Li). */
export interface MorphologyFrame {
  time_s: number;
  n: number;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  z: ArrayLike<number>;
  species: ArrayLike<number>;
  born: ArrayLike<number>;
}

export interface MorphologyData {
  snapshots: MorphologyFrame[];
  /** Extent drawn (nm), the same for all snapshots. */
  box: { x0: number; x1: number; z0: number; z1: number };
  /** Range of the deposition-time colour scale (s). */
  bornRange: [number, number];
  /** Distance between neighbouring projected sites (nm): sets the mark size. */
  spacing_nm: number;
  /**
   * The region the largest cluster of Li occupies in any snapshot, with the LLZO surface below it,
   * padded (nm): drawn as a second, magnified panel beside the whole box; null when it is most of
   * the box anyway.
   */
  zoom: { x0: number; x1: number; z0: number; z1: number } | null;
  /** The run's crack initiation and short circuit (s), null when they did not happen; absent: unknown. */
  crack?: { initiated_s: number | null; shortCircuit_s: number | null };
}

export const SPECIES_STYLE: Record<number, { name: string; label: string; color: string }> = {
  [SPECIES.li]: { name: "li", label: "Li", color: "#440154" },
  [SPECIES.llzo]: { name: "llzo", label: "LLZO (surface)", color: "#c8b98f" },
  [SPECIES.cc]: { name: "cc", label: "current collector", color: "#4d4d4d" },
  [SPECIES.wall]: { name: "wall", label: "wall", color: "#9fb3c8" },
  [SPECIES.crack]: { name: "crack", label: "crack (opened LLZO)", color: "#e41a1c" },
};

export const bornColor = d3.interpolateViridis;

/** The smallest positive distance between distinct coordinate values (the projected site spacing). */
function minSpacing(values: ArrayLike<number>): number {
  const u = Array.from(new Set(Array.from(values, (v) => Math.round(v * 1e4) / 1e4))).sort((a, b) => a - b);
  let best = Number.POSITIVE_INFINITY;
  for (let i = 1; i < u.length; i++) if (u[i] - u[i - 1] > 1e-3 && u[i] - u[i - 1] < best) best = u[i] - u[i - 1];
  return best;
}

/**
 * Builds the chart's data from snapshots; boxWidth_nm (the lattice's x size) fixes the x extent;
 * `crack` (the run's crack times) drives the legend's crack entry.
 */
export function morphologyData(snapshots: MorphologyFrame[], boxWidth_nm?: number, crack?: MorphologyData["crack"]): MorphologyData {
  let x0 = Number.POSITIVE_INFINITY, x1 = Number.NEGATIVE_INFINITY, z0 = Number.POSITIVE_INFINITY, z1 = Number.NEGATIVE_INFINITY;
  let b0 = Number.POSITIVE_INFINITY, b1 = Number.NEGATIVE_INFINITY;
  let lx0 = Number.POSITIVE_INFINITY, lx1 = Number.NEGATIVE_INFINITY, lz0 = 0, lz1 = Number.NEGATIVE_INFINITY;
  let spacing = Number.POSITIVE_INFINITY;
  for (const s of snapshots) {
    for (let i = 0; i < s.n; i++) {
      const x = s.x[i], z = s.z[i];
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (z < z0) z0 = z;
      if (z > z1) z1 = z;
      if (s.species[i] === SPECIES.li && Number.isFinite(s.born[i])) {
        if (s.born[i] < b0) b0 = s.born[i];
        if (s.born[i] > b1) b1 = s.born[i];
      }
    }
    if (!Number.isFinite(spacing) && s.n > 1) spacing = Math.min(minSpacing(s.x), minSpacing(s.z));
  }
  if (!Number.isFinite(spacing)) spacing = 0.1755;
  for (const s of snapshots) {
    const c = largestCluster(s, 2.5 * spacing);
    if (c === null) continue;
    lx0 = Math.min(lx0, c.x0);
    lx1 = Math.max(lx1, c.x1);
    lz0 = Math.min(lz0, c.z0);
    lz1 = Math.max(lz1, c.z1);
  }
  if (!Number.isFinite(x0)) { x0 = 0; x1 = boxWidth_nm ?? 1; z0 = -1; z1 = 1; }
  const pad = spacing;
  const box = { x0: Math.min(0, x0 - pad), x1: Math.max(boxWidth_nm ?? x1 + pad, x1 + pad), z0: z0 - pad, z1: z1 + pad };
  if (!Number.isFinite(b0)) { b0 = 0; b1 = 1; }
  if (b1 <= b0) b1 = b0 + Math.max(1e-12, Math.abs(b0) * 1e-3);
  return { snapshots, box, bornRange: [b0, b1], spacing_nm: spacing, zoom: zoomBox(box, lx0, lx1, lz0, lz1, spacing), ...(crack ? { crack } : {}) };
}

/**
 * The extent of the largest cluster of Li in a snapshot's projection (sites closer than `link` nm
 * joined: the body, without the lone sites that wander off it), or null without Li. A grid of
 * link-sized cells keeps it linear in the sites.
 */
export function largestCluster(s: MorphologyFrame, link: number): { x0: number; x1: number; z0: number; z1: number; sites: number } | null {
  const li: number[] = [];
  for (let i = 0; i < s.n; i++) if (s.species[i] === SPECIES.li) li.push(i);
  if (li.length === 0) return null;
  const cell = new Map<string, number[]>();
  const key = (cx: number, cz: number) => `${cx},${cz}`;
  for (const i of li) {
    const k = key(Math.floor(s.x[i] / link), Math.floor(s.z[i] / link));
    const l = cell.get(k);
    if (l) l.push(i);
    else cell.set(k, [i]);
  }
  const seen = new Set<number>();
  let best: { x0: number; x1: number; z0: number; z1: number; sites: number } | null = null;
  const link2 = link * link;
  for (const start of li) {
    if (seen.has(start)) continue;
    seen.add(start);
    const q = [start];
    const c = { x0: s.x[start], x1: s.x[start], z0: s.z[start], z1: s.z[start], sites: 0 };
    while (q.length) {
      const i = q.pop()!;
      c.sites++;
      c.x0 = Math.min(c.x0, s.x[i]);
      c.x1 = Math.max(c.x1, s.x[i]);
      c.z0 = Math.min(c.z0, s.z[i]);
      c.z1 = Math.max(c.z1, s.z[i]);
      const cx = Math.floor(s.x[i] / link), cz = Math.floor(s.z[i] / link);
      for (let dx = -1; dx <= 1; dx++)
        for (let dz = -1; dz <= 1; dz++)
          for (const j of cell.get(key(cx + dx, cz + dz)) ?? []) {
            if (seen.has(j)) continue;
            const ex = s.x[j] - s.x[i], ez = s.z[j] - s.z[i];
            if (ex * ex + ez * ez > link2) continue;
            seen.add(j);
            q.push(j);
          }
    }
    if (!best || c.sites > best.sites) best = c;
  }
  return best;
}

/** Area fraction of the box above which the Li's region is not worth a second panel. */
const ZOOM_MAX_AREA = 0.4;

/**
 * The Li's region (x0…x1, z0…z1, with the LLZO surface z = 0 inside) padded by a fifth of its
 * size and at least three site spacings, no smaller than 12 spacings across, inside the box; null
 * without Li or when it covers more than ZOOM_MAX_AREA of the box.
 */
function zoomBox(box: MorphologyData["box"], x0: number, x1: number, z0: number, z1: number, spacing: number): MorphologyData["zoom"] {
  if (!Number.isFinite(x0)) return null;
  const grow = (a: number, b: number, lo: number, hi: number): [number, number] => {
    const pad = Math.max(3 * spacing, 0.2 * (b - a));
    let c0 = a - pad, c1 = b + pad;
    const min = 12 * spacing;
    if (c1 - c0 < min) { const m = (a + b) / 2; c0 = m - min / 2; c1 = m + min / 2; }
    return [Math.max(lo, c0), Math.min(hi, c1)];
  };
  const [zx0, zx1] = grow(x0, x1, box.x0, box.x1);
  const [zz0, zz1] = grow(Math.min(0, z0), Math.max(0, z1), box.z0, box.z1);
  const frac = ((zx1 - zx0) * (zz1 - zz0)) / ((box.x1 - box.x0) * (box.z1 - box.z0));
  return frac > ZOOM_MAX_AREA ? null : { x0: zx0, x1: zx1, z0: zz0, z1: zz1 };
}

/**
 * The legend's crack entry for a snapshot: from the run's crack times when known (a crack opens
 * LLZO sites that Li then fills, so it shows as Li below the surface, not as a species of its
 * own), else from sites drawn as SPECIES.crack.
 */
export function crackLegend(data: MorphologyData, snap: MorphologyFrame | null, crackSitesDrawn: boolean): { state: "none" | "later" | "open" | "unknown"; text: string } {
  const c = data.crack;
  if (c && c.initiated_s !== null) {
    const sc = c.shortCircuit_s !== null ? `, short circuit at ${formatTime(c.shortCircuit_s)}` : "";
    if (snap && snap.time_s < c.initiated_s) return { state: "later", text: `crack: at ${formatTime(c.initiated_s)}, after this snapshot` };
    return { state: "open", text: `crack: at ${formatTime(c.initiated_s)}${sc} (Li-filled, below z = 0)` };
  }
  if (crackSitesDrawn) return { state: "open", text: SPECIES_STYLE[SPECIES.crack].label };
  return c ? { state: "none", text: "crack: none" } : { state: "unknown", text: "crack: not recorded" };
}

/**
 * One panel: the region `box` (nm) drawn at k px per nm (pw × ph px) into g, with axes, the LLZO
 * surface line and the sites of `order` (indices into snap) as circles of class `cls`; the axis
 * titles only when `titles`. Returns the x scale.
 */
function drawPanel(
  g: G,
  box: MorphologyData["box"],
  pw: number,
  ph: number,
  k: number,
  snap: MorphologyFrame | null,
  order: number[],
  spacing: number,
  color: (v: number) => string,
  cls: string,
  titles: boolean,
): d3.ScaleLinear<number, number> {
  const x = d3.scaleLinear().domain([box.x0, box.x1]).range([0, pw]);
  const z = d3.scaleLinear().domain([box.z0, box.z1]).range([ph, 0]);
  g.append("rect").attr("class", "box").attr("width", pw).attr("height", ph).attr("fill", "#fbfbfb").attr("stroke", "#ccc");
  g.append("g").attr("class", "axis x-axis").attr("transform", `translate(0,${ph})`).call(d3.axisBottom(x).ticks(Math.max(2, Math.round(pw / 70))));
  g.append("g").attr("class", "axis y-axis").call(d3.axisLeft(z).ticks(Math.max(2, Math.round(ph / 45))));
  g.append("text").attr("class", "axis-label x-label").attr("x", pw / 2).attr("y", ph + 36).attr("text-anchor", "middle").text("x (nm)");
  if (titles)
    g.append("text")
      .attr("class", "axis-label y-label")
      .attr("transform", `translate(${-44},${ph / 2}) rotate(-90)`)
      .attr("text-anchor", "middle")
      .text("z, height above LLZO (nm)");
  if (box.z0 <= 0 && box.z1 >= 0) g.append("line").attr("class", "surface").attr("x1", 0).attr("x2", pw).attr("y1", z(0)).attr("y2", z(0)).attr("stroke", "#bbb").attr("stroke-dasharray", "2 3");
  if (!snap) return x;
  const r = Math.max(0.8, 0.72 * spacing * k);
  g.append("g")
    .attr("class", cls === "site" ? "sites" : "zoom-sites")
    .selectAll("circle")
    .data(order)
    .join("circle")
    .attr("class", (j) => `${cls} ${SPECIES_STYLE[snap.species[j]]?.name ?? "other"}`)
    .attr("cx", (j) => x(snap.x[j]).toFixed(2))
    .attr("cy", (j) => z(snap.z[j]).toFixed(2))
    .attr("r", r.toFixed(2))
    .attr("fill", (j) => {
      const sp = snap.species[j];
      if (sp === SPECIES.li) return Number.isFinite(snap.born[j]) ? color(snap.born[j]) : "#999999";
      return SPECIES_STYLE[sp]?.color ?? "#bbbbbb";
    })
    .attr("stroke", (j) => (snap.species[j] === SPECIES.li ? "rgba(0,0,0,0.25)" : "none"))
    .attr("stroke-width", 0.5);
  return x;
}

/** Draws snapshot number `index` (position in data.snapshots; negative counts from the end). */
export function drawMorphology(container: Container, data: MorphologyData, size: Size, index = -1): void {
  const K = data.snapshots.length;
  const i = K === 0 ? -1 : index < 0 ? Math.max(0, K + index) : Math.min(index, K - 1);
  const snap = i >= 0 ? data.snapshots[i] : null;
  let nLi = 0;
  if (snap) for (let j = 0; j < snap.n; j++) if (snap.species[j] === SPECIES.li) nLi++;
  const title = snap
    ? `Cross-section x–z — snapshot ${i + 1}/${K}, t = ${formatTime(snap.time_s)}, ${nLi} Li sites`
    : "Cross-section x–z — no snapshots";
  const legendWidth = 170;
  const margin = { top: 40, right: legendWidth + 16, bottom: 50, left: 60 };
  const f = frame(container, size, margin, title, "morphology");
  if (snap) f.svg.attr("data-snapshot", i).attr("data-time", snap.time_s);
  const { box, zoom } = data;
  const bw = box.x1 - box.x0, bh = box.z1 - box.z0;
  // the whole box at 1 nm = 1 nm; with a zoom, it takes at most 40 % of the width and the Li's
  // region the rest, magnified, with a gap for its axis
  const gap = 64;
  const k = zoom ? Math.min((0.4 * (f.w - gap)) / bw, f.h / bh) : Math.min(f.w / bw, f.h / bh);
  const pw = k * bw, ph = k * bh;
  f.plot.attr("transform", `translate(${margin.left},${margin.top + (f.h - ph) / 2})`);
  const color = d3.scaleSequential(bornColor).domain(data.bornRange);
  const present = new Set<number>();
  for (const s of data.snapshots) for (let j = 0; j < s.n; j++) present.add(s.species[j]);
  // substrate and collector first, then Li from the far side (large y) to the near side
  const order = snap ? Array.from({ length: snap.n }, (_, j) => j) : [];
  if (snap) {
    const rank = (sp: number) => (sp === SPECIES.li ? 4 : sp === SPECIES.crack ? 1 : sp === SPECIES.cc ? 3 : sp === SPECIES.wall ? 2 : 0);
    order.sort((a, b) => rank(snap.species[a]) - rank(snap.species[b]) || snap.y[b] - snap.y[a] || a - b);
  }
  const x = drawPanel(f.plot, box, pw, ph, k, snap, order, data.spacing_nm, color, "site", true);
  if (zoom) {
    const zw = zoom.x1 - zoom.x0, zh = zoom.z1 - zoom.z0;
    const k2 = Math.min((f.w - pw - gap) / zw, f.h / zh);
    const pw2 = k2 * zw, ph2 = k2 * zh;
    // where the zoom is, in the whole box
    const zb = x(zoom.x0), zt = ph - k * (zoom.z1 - box.z0);
    f.plot.append("rect").attr("class", "zoom-frame").attr("x", zb).attr("y", zt).attr("width", k * zw).attr("height", k * zh).attr("fill", "none").attr("stroke", "#d95f02").attr("stroke-width", 1);
    const g = f.svg.append("g").attr("class", "zoom").attr("transform", `translate(${margin.left + pw + gap},${margin.top + (f.h - ph2) / 2})`);
    const inside = order.filter((j) => snap!.x[j] >= zoom.x0 && snap!.x[j] <= zoom.x1 && snap!.z[j] >= zoom.z0 && snap!.z[j] <= zoom.z1);
    drawPanel(g, zoom, pw2, ph2, k2, snap, inside, data.spacing_nm, color, "zoom-site", false);
    g.select("rect.box").attr("stroke", "#d95f02");
    g.append("text").attr("class", "zoom-label").attr("x", 0).attr("y", -6).attr("font-size", 11).attr("fill", "#d95f02").text(`the Li, ×${(k2 / k).toFixed(1)}`);
  }

  // legend: species swatches and the deposition-time colour bar
  const lg = f.svg.append("g").attr("class", "legend").attr("transform", `translate(${size.width - legendWidth - 4},${margin.top + 4})`).attr("font-size", 11);
  let ly = 0;
  for (const sp of [SPECIES.llzo, SPECIES.cc, SPECIES.wall]) {
    if (!present.has(sp) && sp !== SPECIES.llzo) continue;
    const st = SPECIES_STYLE[sp];
    lg.append("circle").attr("cx", 8).attr("cy", ly - 4).attr("r", 6).attr("fill", st.color);
    lg.append("text").attr("x", 20).attr("y", ly).text(present.has(sp) ? st.label : `${st.label}: none`);
    ly += 18;
  }
  const crack = crackLegend(data, snap, present.has(SPECIES.crack));
  const ce = lg.append("g").attr("class", "crack-entry").attr("data-crack", crack.state);
  ce.append("circle").attr("cx", 8).attr("cy", ly - 4).attr("r", 6).attr("fill", crack.state === "none" || crack.state === "unknown" ? "none" : SPECIES_STYLE[SPECIES.crack].color).attr("stroke", SPECIES_STYLE[SPECIES.crack].color);
  ce.append("text").attr("x", 20).attr("y", ly).text(crack.text);
  ly += 18;
  ly += 8;
  const tu = timeUnit(Math.max(Math.abs(data.bornRange[0]), Math.abs(data.bornRange[1])));
  lg.append("text").attr("x", 0).attr("y", ly).attr("font-weight", "bold").text("Li, deposited at");
  lg.append("text").attr("x", 0).attr("y", ly + 14).text(`(${tu.unit}; dark = early)`);
  ly += 24;
  const barH = Math.max(40, Math.min(180, f.h - ly - 20));
  const gradId = "lidep-born-gradient";
  const grad = lg.append("defs").append("linearGradient").attr("id", gradId).attr("x1", 0).attr("x2", 0).attr("y1", 1).attr("y2", 0);
  for (let s = 0; s <= 10; s++) grad.append("stop").attr("offset", s / 10).attr("stop-color", bornColor(s / 10));
  lg.append("rect").attr("class", "colorbar").attr("x", 0).attr("y", ly).attr("width", 16).attr("height", barH).attr("fill", `url(#${gradId})`).attr("stroke", "#999");
  const bs = d3.scaleLinear().domain([data.bornRange[0] / tu.factor, data.bornRange[1] / tu.factor]).range([ly + barH, ly]);
  lg.append("g").attr("class", "axis colorbar-axis").attr("transform", "translate(16,0)").call(d3.axisRight(bs).ticks(Math.max(2, Math.round(barH / 30))));
  if (present.has(SPECIES.li)) {
    const noBorn = snap ? Array.from({ length: snap.n }).some((_, j) => snap.species[j] === SPECIES.li && !Number.isFinite(snap.born[j])) : false;
    if (noBorn) lg.append("text").attr("x", 0).attr("y", ly + barH + 18).attr("fill", "#666").text("grey: time unknown");
  }
}
