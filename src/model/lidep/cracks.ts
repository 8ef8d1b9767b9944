/**
 * Cracks in the LLZO on the lattice (MODEL.md §3): the criterion at each intact defect under a
 * pressurised Li body, and the advance of open cracks — the tip opens the next LLZO site of its
 * path only once Li fills it and the stress intensity of the current crack length still exceeds
 * K_IC, so a crack runs as fast as Li flows in, not at a free rate. A split crack whose Li
 * reaches the bottom of the slab (the counter electrode) is a short circuit.
 */
import { crackGrows, crackPath, defectFires, pitEntryPressure } from "../../mechanics/fracture.ts";
import { LI_LATTICE_CONSTANT_M } from "../../constants/physical.ts";
import { LI, LLZO } from "../species.ts";
import type { DefectState, LidepModel } from "./catalogue.ts";

export function checkCracks(m: LidepModel): void {
  const f = m.p.fracture;
  const B = m.bodies;
  const crit = { toughness: f.toughness, griffithY: f.griffithY, theoreticalStrength: f.theoreticalStrength, pitStressConcentration: f.pitStressConcentration };
  const step = m.n * LI_LATTICE_CONSTANT_M;
  for (const d of m.defects) {
    if (!d.fired) {
      // the body over the defect: at its mouth or inside it
      let b = m.spec[d.sites.mouth] === LI ? m.body[d.sites.mouth] : -1;
      let inside = false;
      for (const c of d.sites.carved) {
        if (m.spec[c] === LI) {
          inside = true;
          if (b < 0) b = m.body[c];
        }
      }
      if (b < 0) continue;
      const p = B.pressure[b];
      if (p <= 0) continue;
      // non-wetting Li enters a sub-grid pit only above the Laplace pressure 2γ|cos θ|/w
      const filled = d.sites.subgrid ? p >= pitEntryPressure(d.width, f.liSurfaceEnergy, f.contactAngleDeg) : inside;
      const kind = defectFires(crit, p, d.depth, filled);
      if (!kind) continue;
      d.fired = true;
      d.time = m.time;
      d.pressure = p;
      d.kind = kind;
      d.path = crackPath(m.lat, d.sites.bottom, m.surfaceLayer, f.mode, (x) => m.spec[x] === LLZO);
      if (!m.crack) m.crack = { time: m.time, defectSize: d.depth, kind, pressure: p, mode: f.mode };
      openNext(m, d);
      continue;
    }
    if (d.done || d.opened === 0) continue;
    const tip = d.path[d.opened - 1];
    if (m.spec[tip] !== LI) continue;
    if (d.opened >= d.path.length) {
      d.done = true;
      if (f.mode === "split" && m.lat.layerOf(tip) <= 1) m.shortCircuit();
      continue;
    }
    if (crackGrows(crit, B.pressure[m.body[tip]], d.depth + d.length)) {
      openNext(m, d);
      d.length += step;
    }
  }
}

/** Opens the next LLZO site along the crack's path. */
function openNext(m: LidepModel, d: DefectState): void {
  while (d.opened < d.path.length) {
    const c = d.path[d.opened++];
    if (m.spec[c] === LLZO) {
      m.openLLZOSite(c);
      return;
    }
  }
}
