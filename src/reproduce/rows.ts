/**
 * The rows of the reproduction report: what the paper reports, what lidep computed, and a
 * verdict decided by the numbers — `match` (within the stated tolerance), `trend` (right
 * direction and order of magnitude), `miss` (with what the model would need).
 */
import { join } from "node:path";
import { readFileSync, existsSync } from "node:fs";
import { readArrow } from "../io/arrow.ts";
import {
  griffithStress,
  overpotentialForStress,
  currentDensityForVelocity,
  whiskerStress,
  whiskerOverpotential,
} from "../mechanics/analytic.ts";
import type { Summary } from "../run/simulate.ts";

export type Verdict = "match" | "trend" | "miss";

export interface Row {
  experiment: string;
  quantity: string;
  paper: string;
  lidep: string;
  verdict: Verdict;
  criterion: string;
  note: string;
}

export interface RunData {
  summary: Summary;
  ts: Record<string, Float64Array>;
  dir: string;
}

export function loadRun(dir: string): RunData | null {
  if (!existsSync(join(dir, "summary.json"))) return null;
  const summary = JSON.parse(readFileSync(join(dir, "summary.json"), "utf8")) as Summary;
  const t = readArrow(join(dir, "timeseries.arrow"));
  const ts: Record<string, Float64Array> = {};
  for (const f of t.schema.fields) ts[f.name] = t.getChild(f.name)!.toArray() as Float64Array;
  return { summary, ts, dir };
}

const rel = (x: number, y: number) => Math.abs(x - y) / Math.abs(y);
const fmt = (x: number, d = 3) => (Number.isFinite(x) ? Number(x.toPrecision(d)).toString() : String(x));
const max = (a: ArrayLike<number>) => {
  let m = -Infinity;
  for (let i = 0; i < a.length; i++) if (a[i] > m) m = a[i];
  return m;
};

/** Least-squares slope of y(t). */
export function slope(t: ArrayLike<number>, y: ArrayLike<number>): number {
  let n = 0, st = 0, sy = 0, stt = 0, sty = 0;
  for (let i = 0; i < t.length; i++) {
    if (!Number.isFinite(t[i]) || !Number.isFinite(y[i])) continue;
    n++; st += t[i]; sy += y[i]; stt += t[i] * t[i]; sty += t[i] * y[i];
  }
  const den = n * stt - st * st;
  return n > 1 && den !== 0 ? (n * sty - st * sy) / den : 0;
}

function quantitative(experiment: string, quantity: string, paperValue: number, value: number, tol: number, unit: string, note = "", paperText?: string): Row {
  const r = rel(value, paperValue);
  const sameSign = Math.sign(value) === Math.sign(paperValue);
  const verdict: Verdict = r <= tol ? "match" : sameSign && value / paperValue < 10 && value / paperValue > 0.1 ? "trend" : "miss";
  return { experiment, quantity, paper: paperText ?? `${fmt(paperValue)} ${unit}`, lidep: `${fmt(value)} ${unit}`, verdict, criterion: `within ${Math.round(tol * 100)} %; trend within 10×`, note };
}

function qualitative(experiment: string, quantity: string, paper: string, lidep: string, holds: boolean, criterion: string, note = "", partial = false): Row {
  return { experiment, quantity, paper, lidep, verdict: holds ? "match" : partial ? "trend" : "miss", criterion, note };
}

export function analyticRows(): Row[] {
  const rows: Row[] = [];
  for (const [a, s, v] of [[10e-9, 4.8e9, 0.65], [100e-9, 1.5e9, 0.2]] as const) {
    const sc = griffithStress(a);
    rows.push(quantitative("Eq. 1 (Griffith)", `σc for a = ${a * 1e9} nm`, s / 1e9, sc / 1e9, 0.02, "GPa"));
    rows.push(quantitative("Eq. 2", `Δφ for a = ${a * 1e9} nm`, v, overpotentialForStress(sc), 0.03, "V"));
  }
  rows.push(quantitative("v ↔ i", "current density of a 1940 nm/s whisker", 1.44, currentDensityForVelocity(1940e-9) / 1e4, 0.01, "A/cm²"));
  rows.push(quantitative("Eq. 3", "whisker stress, d = 150 nm", 12, whiskerStress(150e-9, 1940e-9) / 1e6, 0.05, "MPa"));
  rows.push(quantitative("Eq. 3", "whisker overpotential, d = 150 nm", 1.65, whiskerOverpotential(150e-9, 1940e-9) * 1e3, 0.05, "mV"));
  return rows;
}

/** Fraction of the main body's free-surface Li with ≥ 6 Li first neighbours ({110} terraces and better), from the last snapshot. */
export function facetFraction(dir: string, aNm: number, ny = 0): number {
  const t = readArrow(join(dir, "snapshots.arrow"));
  const snap = t.getChild("snapshot")!.toArray() as Int32Array;
  const last = snap[snap.length - 1];
  const xs = t.getChild("x_nm")!.toArray(), ys = t.getChild("y_nm")!.toArray(), zs = t.getChild("z_nm")!.toArray(), sp = t.getChild("species")!.toArray();
  // half-cell integer coordinates; y wraps (the thin periodic cross-section)
  const wy = (y: number) => (ny > 0 ? ((y % (2 * ny)) + 2 * ny) % (2 * ny) : y);
  const key = (x: number, y: number, z: number) => `${Math.round((2 * x) / aNm)},${wy(Math.round((2 * y) / aNm))},${Math.round((2 * z) / aNm)}`;
  const li = new Set<string>();
  const occupied = new Set<string>();
  const pts: [number, number, number][] = [];
  for (let i = 0; i < snap.length; i++) {
    if (snap[i] !== last) continue;
    const k = key(xs[i], ys[i], zs[i]);
    occupied.add(k);
    if (sp[i] === 1) {
      li.add(k);
      pts.push([Math.round((2 * xs[i]) / aNm), Math.round((2 * ys[i]) / aNm), Math.round((2 * zs[i]) / aNm)]);
    }
  }
  let surface = 0, dense = 0;
  for (const [x, y, z] of pts) {
    let nLi = 0, nEmpty = 0;
    for (const dx of [-1, 1]) for (const dy of [-1, 1]) for (const dz of [-1, 1]) {
      const k = `${x + dx},${wy(y + dy)},${z + dz}`;
      if (li.has(k)) nLi++;
      else if (!occupied.has(k)) nEmpty++;
    }
    if (nEmpty === 0) continue;
    surface++;
    if (nLi >= 6) dense++;
  }
  return surface > 0 ? dense / surface : 0;
}

const get = (runs: Map<string, RunData>, name: string) => runs.get(name) ?? null;
const missing = (experiment: string, quantity: string, paper: string): Row => ({ experiment, quantity, paper, lidep: "not run", verdict: "miss", criterion: "", note: "the simulation failed or was not run" });

export function experimentRows(runs: Map<string, RunData>): Row[] {
  const rows: Row[] = [];
  // Fig. 1: lateral spreading under a rigid Cu probe
  {
    const r = get(runs, "fig1-cu-rigid-0.2V");
    if (!r) rows.push(missing("Fig. 1 (Cu, rigid, 0.2 V)", "lateral spreading", "contact area grows"));
    else {
      const A = r.ts.contactArea_nm2, t = r.ts.time_s;
      const grow = A[A.length - 1] / Math.max(A[0], 1e-9);
      rows.push(qualitative("Fig. 1 (Cu, rigid, 0.2 V)", "Li|LLZO contact area, final/initial", "grows (the gap fills with Li)", `${fmt(A[0])} → ${fmt(A[A.length - 1])} nm² (×${fmt(grow, 2)})`, grow > 1.5, "grows > 1.5×"));
      const vw = slope(t, r.ts.lateralExtent_nm), vh = slope(t, r.ts.height_nm);
      rows.push(qualitative("Fig. 1 (Cu, rigid, 0.2 V)", "lateral vs vertical growth rate", "lateral creep along the gap", `dw/dt = ${fmt(vw)} nm/s, dh/dt = ${fmt(vh)} nm/s`, vw > vh, "dw/dt > dh/dt"));
      const f = facetFraction(r.dir, r.summary.lattice.a_nm, r.summary.lattice.ny);
      rows.push(qualitative("Fig. 1 (Cu, rigid, 0.2 V)", "fraction of the free surface on {110}-dense terraces (≥ 6 of 8 first neighbours)", "{110} on the top facet", `${fmt(f * 100, 2)} %`, f > 0.3, "> 30 %", `coarse-grained n = ${r.summary.coarseGrain}: facets fade as ε/(n·kT) (MODEL.md §1)`, f > 0.15));
      const p = r.summary.maxPressure_Pa;
      rows.push(qualitative("Fig. 1 (Cu, rigid, 0.2 V)", "peak interface pressure", "below GPa while creeping (FEM 4 mA/cm²: 9.7 MPa)", `${fmt(p / 1e6)} MPa`, p < 1e9, "< 1 GPa", "at nanometre gaps the edge's capillary pressure and the squeeze-flow threshold σy(1+2R/(3√3h)) hold it at 10⁸–10⁹ Pa; the FEM's MPa is at µm scale", p < 1e10));
    }
  }
  // Fig. 2: whisker pushing a W tip
  {
    const r = get(runs, "fig2-w-spring-0.2V");
    if (!r) rows.push(missing("Fig. 2 (W, spring, 0.2 V)", "whisker pushes the tip", "root growth"));
    else {
      const z = max(r.ts.ccPosition_nm), F = max(r.ts.ccForce_N);
      rows.push(qualitative("Fig. 2 (W, spring, 0.2 V)", "root-grown whisker pushes the tip", "the tip is pushed up", `tip displaced ${fmt(z)} nm (force ${fmt(F * 1e9)} nN), ${r.summary.rootGrowth.moves} root-growth moves`, z > 0 && r.summary.rootGrowth.moves > 0, "tip moves up by root growth"));
      const p = r.summary.maxPressure_Pa;
      rows.push(qualitative("Fig. 2 (W, spring, 0.2 V)", "contact pressure reached under the tip", "> 10 MPa (Supp. Fig. 6)", `${fmt(p / 1e6)} MPa`, p >= 10e6, "≥ 10 MPa; trend ≥ 1 MPa", "", p >= 1e6));
      const t = r.ts.time_s;
      const vh = slope(t, r.ts.height_nm), vw = slope(t, r.ts.lateralExtent_nm);
      rows.push(quantitative("Fig. 2 (W, spring, 0.2 V)", "vertical / lateral growth rate", 3, vh / Math.max(Math.abs(vw), 1e-30), 0.5, "", "least-squares rates over the run"));
    }
  }
  // CNT, free: particle vs whisker
  {
    const lo = get(runs, "cnt-free-0.2mA"), hi = get(runs, "cnt-free-4mA");
    if (lo) {
      const a = lo.summary.finalHeight_nm / Math.max(lo.summary.finalLateralExtent_nm, 1e-9);
      rows.push(qualitative("Supp. 7–8 (CNT, free, 0.2 mA/cm²)", "height / width of the Li", "compact faceted particle", fmt(a, 2), a < 1.5, "< 1.5", `${lo.summary.depositedAtoms} atoms deposited`));
    } else rows.push(missing("Supp. 7–8 (CNT, free, 0.2 mA/cm²)", "particle", "compact particle"));
    if (hi) {
      const a = hi.summary.finalHeight_nm / Math.max(hi.summary.finalLateralExtent_nm, 1e-9);
      rows.push(qualitative("Supp. 7–8 (CNT, free, 4 mA/cm²)", "height / width of the Li", "whisker (taller than wide)", fmt(a, 2), a > 1.5, "> 1.5", "the crossover current scales as B/R³ (Λ = B/(vR³) ≈ 1): at this nanometre particle it lies at A/cm² — see fig4g and test/morphology.test.ts; reaching it at 4 mA/cm² needs R ≈ 100 nm and unaccelerated surface hops"));
    } else rows.push(missing("Supp. 7–8 (CNT, free, 4 mA/cm²)", "whisker", "whisker"));
  }
  // Fig. 3: the eruption under a rigid Cu probe
  {
    const r = get(runs, "fig3-cu-rigid-3V");
    if (!r) rows.push(missing("Fig. 3 (Cu, rigid, 3 V)", "cracking", "crack and short circuit"));
    else {
      const s = r.summary;
      rows.push(qualitative("Fig. 3 (Cu, rigid, 3 V)", "peak pressure", "GPa level", `${fmt(s.maxPressure_Pa / 1e9)} GPa`, s.maxPressure_Pa >= 1e9, "≥ 1 GPa"));
      rows.push(qualitative("Fig. 3 (Cu, rigid, 3 V)", "crack initiation at the flaw", "LLZO splits", s.crack.initiated ? `at ${fmt(s.crack.pressure_Pa! / 1e9)} GPa (Griffith for ${fmt(s.crack.defectSize_nm!)} nm: ${fmt(griffithStress(s.crack.defectSize_nm! * 1e-9) / 1e9)} GPa), t = ${fmt(s.crack.time_s! * 1e3)} ms` : "no crack", s.crack.initiated, "crack initiated"));
      rows.push(qualitative("Fig. 3 (Cu, rigid, 3 V)", "Li in the crack, short circuit", "Li fills the crack and short-circuits", s.shortCircuit_s !== null ? `short circuit at ${fmt(s.shortCircuit_s * 1e3)} ms` : "no short circuit", s.shortCircuit_s !== null, "short circuit recorded"));
      if (s.crack.initiated) {
        const i = Array.from(r.ts.time_s).findIndex((t) => t >= s.crack.time_s!);
        const j = r.ts.currentDensity_A_per_cm2[Math.max(0, i)];
        rows.push(quantitative("Fig. 3 (Cu, rigid, 3 V)", "current density at crack initiation", 3, j, 0.5, "A/cm²", "paper: 25 nA over the contact ≈ 3 A/cm²"));
        if (s.shortCircuit_s !== null) {
          const dt = s.shortCircuit_s - s.crack.time_s!;
          rows.push(qualitative("Fig. 3 (Cu, rigid, 3 V)", "time from initiation to short circuit", "< 0.3 s (sometimes 5 ms)", `${fmt(dt * 1e3)} ms through ${s.lattice ? "a thin LLZO slab" : ""}`, dt < 0.3, "< 0.3 s", "the slab here is tens of nm, not a µm particle: the time scales with the distance"));
        }
      }
    }
  }
  // Fig. 4g: fast whisker under a CNT
  {
    const r = get(runs, "fig4g-cnt-free-3V");
    if (!r) rows.push(missing("Fig. 4g (CNT, free, 3 V)", "whisker", "1940 nm/s"));
    else {
      const t = r.ts.time_s;
      const v = slope(t, r.ts.height_nm) * 1e-9;
      rows.push(quantitative("Fig. 4g (CNT, free, 3 V)", "whisker growth velocity", 1940, v * 1e9, 0.5, "nm/s"));
      rows.push(quantitative("Fig. 4g (CNT, free, 3 V)", "mean current density", 1.44, r.summary.meanCurrentDensity_A_per_cm2, 0.5, "A/cm²"));
      const p = r.summary.maxPressure_Pa;
      rows.push(qualitative("Fig. 4g (CNT, free, 3 V)", "peak pressure", "6.9–12 MPa (FEM 4h, Eq. 3)", `${fmt(p / 1e6)} MPa`, p < 100e6, "< 100 MPa (MPa level, not GPa)", "a freely rising body carries no stored compression here; the capillary γ·s/A of Eq. 3 acts through η_eff (ΔE of each site), not through p"));
      rows.push(qualitative("Fig. 4g (CNT, free, 3 V)", "crack", "no crack", r.summary.crack.initiated ? "cracked" : "no crack", !r.summary.crack.initiated, "no crack, the same flaw as fig3"));
    }
  }
  // FEM confined: p ∝ i at equal time
  {
    const rs = [2, 3, 4].map((j) => get(runs, `fem-confined-${j}A`));
    if (rs.some((r) => !r)) rows.push(missing("FEM Fig. 4d (confined)", "p ∝ i", "4.9 / 7.6 / 10.4 GPa"));
    else {
      const p = rs.map((r) => r!.ts.maxPressure_Pa[r!.ts.maxPressure_Pa.length - 1] / 1e9);
      const ratios = [p[1] / p[0], p[2] / p[0]];
      const ok = Math.abs(ratios[0] - 1.55) / 1.55 < 0.2 && Math.abs(ratios[1] - 2.12) / 2.12 < 0.2;
      rows.push(qualitative("FEM Fig. 4d (rigid top and sides)", "p(3 A)/p(2 A), p(4 A)/p(2 A) at equal time", "7.6/4.9 = 1.55, 10.4/4.9 = 2.12", `${fmt(ratios[0])}, ${fmt(ratios[1])} (p = ${p.map((x) => fmt(x)).join(" / ")} GPa after ${fmt(rs[0]!.summary.simulatedTime_s * 1e6)} µs)`, ok, "within 20 % of the FEM's ratios", "absolute values depend on the unreported time and layer thickness (MODEL.md §5); fracture off as in the FEM", ratios[0] > 1 && ratios[1] > ratios[0]));
      const r3 = rs[1]!;
      const sc = griffithStress(100e-9);
      const k = Array.from(r3.ts.maxPressure_Pa).findIndex((x) => x >= sc);
      rows.push(qualitative("FEM Fig. 4d (3 A/cm²)", "time to reach the Griffith stress of a 100 nm flaw (1.5 GPa)", "not reported (the FEM reaches 7.6 GPa)", k >= 0 ? `${fmt(r3.ts.time_s[k] * 1e6)} µs` : `not within ${fmt(r3.summary.simulatedTime_s * 1e6)} µs (peak ${fmt(max(r3.ts.maxPressure_Pa) / 1e9)} GPa)`, k >= 0, "reached", "", true));
    }
  }
  // FEM rigid top, free sides, 4 mA/cm²
  {
    const r = get(runs, "fem-rigid-top-4mA");
    if (!r) rows.push(missing("FEM Fig. 4b (rigid top, free sides)", "pressure", "9.7 MPa"));
    else rows.push(quantitative("FEM Fig. 4b (rigid top, free sides, 4 mA/cm²)", "peak pressure in the Li", 9.7, r.summary.maxPressure_Pa / 1e6, 1.0, "MPa", "at a nanometre tip the squeeze-flow pressure σy(1+2R/(3√3h)) and the edge's capillary pressure set a 10⁸ Pa floor; the FEM's µm-scale Li flows at MPa (bulk yield ~1 MPa)"));
  }
  // a-CNT host and elevated temperature: no crack where the rigid case cracks
  for (const [name, label] of [["fig4i-acnt-host", "Fig. 4i (a-CNT host, 200 mA/cm²)"], ["hot-li-rigid-3V", "Supp. 18 (rigid Cu, 3 V, 450 K, power-law creep)"]] as const) {
    const r = get(runs, name);
    if (!r) rows.push(missing(label, "no crack", "no damage"));
    else rows.push(qualitative(label, "crack (the fig3 flaw is under it)", "no damage", r.summary.crack.initiated ? `cracked at ${fmt(r.summary.crack.pressure_Pa! / 1e9)} GPa` : `no crack (peak ${fmt(r.summary.maxPressure_Pa / 1e6)} MPa in ${fmt(r.summary.simulatedTime_s * 1e3)} ms)`, !r.summary.crack.initiated, "no crack"));
  }
  // Fig. 2d: diffusion-path hypotheses
  {
    const ref = get(runs, "fig2-w-spring-0.2V");
    if (ref) {
      const rate = (r: RunData) => ({ vw: slope(r.ts.time_s, r.ts.lateralExtent_nm), vh: slope(r.ts.time_s, r.ts.height_nm) });
      const r0 = rate(ref);
      const effects: [string, number, number][] = [];
      for (const path of ["bulk", "surface", "interface"]) {
        const r = get(runs, `fig2-slow-${path}`);
        if (!r) continue;
        const ri = rate(r);
        effects.push([path, ri.vw / (r0.vw || 1e-30), ri.vh / Math.max(Math.abs(ri.vw), 1e-30)]);
      }
      if (effects.length) {
        const most = effects.reduce((a, b) => (b[1] < a[1] ? b : a));
        rows.push(qualitative("Fig. 2d (W tip): which path carries the lateral swelling", "lateral growth rate with each path slowed 100× (relative to none slowed)", "surface (path 2, fed by path 3); bulk 10⁴× slower", effects.map(([p, x, rv]) => `${p}: ×${fmt(x, 2)} (v/l = ${fmt(rv, 2)})`).join("; "), most[0] === "surface" || most[0] === "interface", "slowing surface or interface hurts lateral growth most", `most affected: ${most[0]}`, true));
      }
    }
  }
  return rows;
}
