/**
 * Cracks in the LLZO on the lattice (MODEL.md §3): the criterion at each intact defect under a
 * pressurised Li body, and the advance of open cracks — the tip opens the next LLZO site of its
 * path only once Li fills it and the stress intensity of the current crack length still exceeds
 * K_IC, so a crack runs as fast as Li flows in, not at a free rate. A split crack whose Li
 * reaches the bottom of the slab (the counter electrode) is a short circuit.
 */
import { crackGrows, crackPath, defectFires, pitEntryPressure, type CrackKind, type FractureCriterion } from "../../mechanics/fracture.ts";
import { LI_LATTICE_CONSTANT_M } from "../../constants/physical.ts";
import type { DefectSites } from "../geometry.ts";
import { EMPTY, LI, LLZO } from "../species.ts";
import { STOP_SHORT_CIRCUIT, type LiState } from "./state.ts";

/** A surface defect of the LLZO and the crack it may start. */
export interface DefectState {
  sites: DefectSites;
  /** Depth a (m) and width (m) used by the criteria. */
  depth: number;
  width: number;
  /** Has it fired, when, under which pressure and criterion. */
  fired: boolean;
  time: number;
  pressure: number;
  kind: CrackKind | null;
  /** The crack's planned path, how many sites are open, its length beyond the defect (m). */
  path: number[];
  opened: number;
  length: number;
  done: boolean;
}

/** The first crack of a run: when, at which defect size (m), criterion, pressure and path. */
export interface FirstCrack {
  time: number;
  defectSize: number;
  kind: CrackKind;
  pressure: number;
  mode: "split" | "peel";
}

export class Cracks {
  /** LLZO surface defects and their cracks. */
  readonly defects: DefectState[];
  crack: FirstCrack | null = null;
  private readonly criterion: FractureCriterion;

  constructor(
    private readonly st: LiState,
    defects: readonly DefectSites[],
  ) {
    this.defects = defects.map((d) => ({
      sites: d,
      depth: d.spec.depth,
      width: d.spec.width,
      fired: false,
      time: Number.NaN,
      pressure: Number.NaN,
      kind: null,
      path: [],
      opened: 0,
      length: 0,
      done: false,
    }));
    const f = st.p.fracture;
    this.criterion = { toughness: f.toughness, griffithY: f.griffithY, theoreticalStrength: f.theoreticalStrength, pitStressConcentration: f.pitStressConcentration };
  }

  /** Whether anything can crack (fracture on, a defect to crack at). */
  get active(): boolean {
    return this.st.p.fracture.enabled && this.defects.length > 0;
  }

  /** The criterion at every intact defect, and one step of every open crack. */
  check(): void {
    const st = this.st;
    const f = st.p.fracture;
    const B = st.bodies;
    const crit = this.criterion;
    const step = st.n * LI_LATTICE_CONSTANT_M;
    for (const d of this.defects) {
      if (!d.fired) {
        // the body over the defect: at its mouth or inside it
        let b = st.spec[d.sites.mouth] === LI ? st.body[d.sites.mouth] : -1;
        let inside = false;
        for (const c of d.sites.carved) {
          if (st.spec[c] === LI) {
            inside = true;
            if (b < 0) b = st.body[c];
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
        d.time = st.time;
        d.pressure = p;
        d.kind = kind;
        d.path = crackPath(st.lat, d.sites.bottom, st.surfaceLayer, f.mode, (x) => st.spec[x] === LLZO);
        if (!this.crack) this.crack = { time: st.time, defectSize: d.depth, kind, pressure: p, mode: f.mode };
        this.openNext(d);
        continue;
      }
      if (d.done || d.opened === 0) continue;
      const tip = d.path[d.opened - 1];
      if (st.spec[tip] !== LI) continue;
      if (d.opened >= d.path.length) {
        d.done = true;
        if (f.mode === "split" && st.lat.layerOf(tip) <= 1) this.shortCircuit();
        continue;
      }
      if (crackGrows(crit, B.pressure[st.body[tip]], d.depth + d.length)) {
        this.openNext(d);
        d.length += step;
      }
    }
  }

  /** Opens the next LLZO site along the crack's path: it becomes an empty Li-lattice site. */
  private openNext(d: DefectState): void {
    const st = this.st;
    while (d.opened < d.path.length) {
      const c = d.path[d.opened++];
      if (st.spec[c] === LLZO) {
        st.setSpecies(c, EMPTY, -1);
        st.counters.crackSites++;
        return;
      }
    }
  }

  /** Li has reached the counter electrode: a short circuit (recorded; ends the run if asked). */
  private shortCircuit(): void {
    const st = this.st;
    if (st.shortCircuitTime !== null) return;
    st.shortCircuitTime = st.time;
    if (st.p.fracture.stopOnShortCircuit) st.stopCode = STOP_SHORT_CIRCUIT;
  }
}
