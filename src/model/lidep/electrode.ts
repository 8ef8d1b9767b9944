/**
 * The electrode (MODEL.md §2.1): Butler–Volmer kinetics of Li+ + e− ⇌ Li at the Li|LLZO
 * interface, the overpotential η solved from the electrical mode, and the multipliers through
 * which η scales every reduction and oxidation rate at once.
 *
 * Per electron, reduction goes as i0·exp(α_c·e·η_eff/kT) and oxidation as i0·exp(−α_a·e·η_eff/kT),
 * with η_eff = η − (p·Ω + ΔE/m)/e. In the catalogue every site or body event carries a weight w
 * (its η-independent part, events/s at η = 0), and the electrode overpotential enters as one
 * multiplier per direction: X_red = exp(α_c·y), X_ox = exp(−α_a·y), y = e·η/kT (per electron,
 * physical T). The net rate of atoms is m·(X_red·W_red − X_ox·W_ox) for sums W of the weights.
 */
import { BOLTZMANN_J_PER_K, ELEMENTARY_CHARGE_C } from "../../constants/physical.ts";
import type { SumTree } from "../../kmc/sumtree.ts";
import { specificSpreadingResistance } from "../../mechanics/circuit.ts";
import type { LiState } from "./state.ts";

/** Upper bound of the electrode overpotential (V): a few volts is where the cell would break down. */
const MAX_OVERPOTENTIAL_V = 5;

interface RedoxSums {
  /** Σ reduction weights (site events per second at η = 0). */
  red: number;
  /** Σ oxidation weights. */
  ox: number;
}

/**
 * Galvanostatic: the reduced overpotential y = eη/kT at which the mean net rate of site events
 * is J (events/s): W_r·e^{α_c y} − W_o·e^{−α_a y} = J. Monotonic in y; closed form for
 * α_c = α_a = ½, safeguarded Newton otherwise.
 */
export function solveGalvanostatic(w: RedoxSums, J: number, alphaC: number, alphaA: number, guess = 0): number {
  const Wr = w.red, Wo = w.ox;
  if (!(Wr > 0)) return Number.NaN;
  if (alphaC === 0.5 && alphaA === 0.5) {
    // X = e^{y/2}: Wr·X − Wo/X = J
    const X = (J + Math.sqrt(J * J + 4 * Wr * Wo)) / (2 * Wr);
    return 2 * Math.log(X);
  }
  const f = (y: number) => Wr * Math.exp(alphaC * y) - Wo * Math.exp(-alphaA * y) - J;
  return solveMonotone(f, (y) => alphaC * Wr * Math.exp(alphaC * y) + alphaA * Wo * Math.exp(-alphaA * y), guess);
}

/**
 * Potentiostatic: y such that V = η + R·I(η), with I = q·(W_r·e^{α_c y} − W_o·e^{−α_a y}) (A) for
 * q = charge per site event, η = y·kT/e. `vScaled` = eV/kT and `rScaled` = R·q·e/kT, so the
 * equation is y + rScaled·(W_r·e^{α_c y} − W_o·e^{−α_a y}) = vScaled. Monotonic increasing in y.
 */
export function solvePotentiostatic(w: RedoxSums, vScaled: number, rScaled: number, alphaC: number, alphaA: number, guess = 0): number {
  const Wr = w.red, Wo = w.ox;
  const f = (y: number) => y + rScaled * (Wr * Math.exp(alphaC * y) - Wo * Math.exp(-alphaA * y)) - vScaled;
  const df = (y: number) => 1 + rScaled * (alphaC * Wr * Math.exp(alphaC * y) + alphaA * Wo * Math.exp(-alphaA * y));
  return solveMonotone(f, df, Math.min(guess, vScaled));
}

/** Root of an increasing function by Newton steps kept inside a bracket (bisection fallback). */
function solveMonotone(f: (y: number) => number, df: (y: number) => number, guess: number): number {
  let lo = -1, hi = 1;
  let y = Number.isFinite(guess) ? guess : 0;
  // bracket around the guess
  let step = 1;
  lo = y - step;
  hi = y + step;
  while (f(lo) > 0) {
    step *= 2;
    lo = y - step;
    if (step > 1e4) break;
  }
  step = 1;
  while (f(hi) < 0) {
    step *= 2;
    hi = y + step;
    if (step > 1e4) break;
  }
  for (let it = 0; it < 100; it++) {
    const fy = f(y);
    if (Math.abs(fy) <= 1e-13 * (1 + Math.abs(y))) return y;
    if (fy > 0) hi = y;
    else lo = y;
    let next = y - fy / df(y);
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (Math.abs(next - y) < 1e-14 * (1 + Math.abs(y))) return next;
    y = next;
  }
  return y;
}

/** How an event group's rates depend on η: × X_red, × X_ox, or not at all. */
export type ElectrodeRole = "cathodic" | "anodic" | null;

/** What sets the active area besides the contact: the empty interface sites open to reduction. */
export interface OpenSites {
  readonly openSites: number;
}

/**
 * η and the multipliers of the redox groups, kept consistent with the sums of their weights:
 * cathodic groups × X_red = exp(α_c·y), anodic × X_ox = exp(−α_a·y). The other groups' multipliers
 * are not the electrode's (1 unless another mechanism sets them).
 */
export class Electrode {
  /** Reduced overpotential y = eη/kT in force now. */
  y = 0;
  /** Current (A) and current density (A/m²) in force now (net, cathodic positive). */
  current = 0;
  currentDensity = 0;
  /** The sums (and galvanostatic target) η was last solved for. */
  lastSums = { red: -1, ox: -1, J: -1 };
  /** Time of the last event, for ∫ I dt. */
  lastTime = 0;
  private wasShorted = false;
  private readonly cathodic: SumTree[] = [];
  private readonly anodic: SumTree[] = [];
  private readonly cathodicGroups: number[] = [];
  private readonly anodicGroups: number[] = [];

  constructor(
    private readonly st: LiState,
    private readonly sites: OpenSites,
    trees: readonly SumTree[],
    roles: readonly ElectrodeRole[],
    private readonly multipliers: Float64Array,
  ) {
    roles.forEach((r, g) => {
      if (r === "cathodic") {
        this.cathodic.push(trees[g]);
        this.cathodicGroups.push(g);
      } else if (r === "anodic") {
        this.anodic.push(trees[g]);
        this.anodicGroups.push(g);
      }
    });
  }

  /** Adds I·dt of the current in force since the last event to the charge passed. */
  integrate(time: number): void {
    const dt = time - this.lastTime;
    this.st.counters.charge += this.current * dt;
    this.st.records.areaTime += this.activeArea() * dt;
    this.lastTime = time;
  }

  /**
   * The area the current flows through (m²): the Li|LLZO contact of connected bodies plus the
   * empty interface sites where reduction can happen (the ring around a contact, or the bare
   * collector|LLZO contact before nucleation); at least one site.
   */
  activeArea(): number {
    return Math.max(1, this.st.contactSites + this.sites.openSites) * this.st.siteArea;
  }

  /** Overpotential η (V) in force. */
  get overpotential(): number {
    return (this.y * BOLTZMANN_J_PER_K * this.st.p.temperature) / ELEMENTARY_CHARGE_C;
  }

  /**
   * Sets the η multipliers from the electrical mode. Galvanostatic: the mean net rate of site
   * events equals I/(e·m) with I = i·A_contact (A_contact at least one site, so that the first
   * atom can nucleate). Potentiostatic: V = η + R·I with R the series resistance plus the LLZO
   * spreading resistance 1/(4σr) of the contact disc. Solved again only when the sums, the
   * target or the short circuit changed (or when forced). The current is split uniformly over
   * the active area (every interface site sees the same η): MODEL.md §2.1's simple treatment, not
   * a Laplace solve of the ionic potential (edge crowding at A/cm² is not modelled).
   */
  update(force = false): void {
    const st = this.st;
    let red = 0;
    for (let i = 0; i < this.cathodic.length; i++) red += this.cathodic[i].total();
    let ox = 0;
    for (let i = 0; i < this.anodic.length; i++) ox += this.anodic[i].total();
    const p = st.p;
    const el = p.electrical;
    const area = this.activeArea();
    const qe = ELEMENTARY_CHARGE_C * st.m;
    const kT = BOLTZMANN_J_PER_K * p.temperature;
    let J: number;
    if (el.mode === "galvanostatic") J = (el.currentDensity * area) / qe;
    else J = area; // the key for the cache; the solve uses the resistance
    const shorted = st.shortCircuitTime !== null;
    const last = this.lastSums;
    if (!force && red === last.red && ox === last.ox && J === last.J && shorted === this.wasShorted) return;
    this.wasShorted = shorted;
    last.red = red;
    last.ox = ox;
    last.J = J;
    const sums = { red, ox };
    let y: number;
    if (!(red > 0)) {
      y = Number.NaN;
    } else if (el.mode === "galvanostatic") {
      y = solveGalvanostatic(sums, J, p.alphaCathodic, p.alphaAnodic, this.y);
    } else {
      // LLZO spreading: of the paper's contact that the patch stands for (area-specific πr_p/(4σ)
      // over the active area: mechanics/circuit.ts), or of the patch's own disc, 1/(4σr)
      const spreading = el.spreadingRadius !== null ? specificSpreadingResistance(p.llzoConductivity, el.spreadingRadius) / area : 1 / (4 * p.llzoConductivity * Math.sqrt(area / Math.PI));
      const R = el.seriesResistance + el.specificResistance / area + spreading;
      y = solvePotentiostatic(sums, (ELEMENTARY_CHARGE_C * el.bias) / kT, (R * qe * ELEMENTARY_CHARGE_C) / kT, p.alphaCathodic, p.alphaAnodic, this.y);
    }
    // the overpotential cannot run away: a galvanostatic current that has nowhere to go is
    // delivered only up to η = MAX_OVERPOTENTIAL_V (the shortfall shows in the recorded current)
    const yMax = (ELEMENTARY_CHARGE_C * MAX_OVERPOTENTIAL_V) / kT;
    if (y > yMax) y = yMax;
    if (shorted) {
      // Li bridges the electrolyte: the cell is shorted, the current flows through the Li and no
      // longer plates; it is limited by the outer circuit (potentiostatic) or set (galvanostatic)
      this.setRedox(0, 0);
      this.current = el.mode === "potentiostatic" ? el.bias / Math.max(el.seriesResistance + el.specificResistance / area, 1) : el.currentDensity * area;
      this.currentDensity = this.current / area;
      st.records.noteCurrent(this.currentDensity, true);
      return;
    }
    if (Number.isNaN(y)) {
      this.setRedox(0, 0);
      this.current = 0;
    } else {
      this.y = y;
      const xr = Math.exp(p.alphaCathodic * y);
      const xo = Math.exp(-p.alphaAnodic * y);
      this.setRedox(xr, xo);
      this.current = qe * (xr * red - xo * ox);
    }
    this.currentDensity = this.current / area;
    st.records.noteCurrent(this.currentDensity, false);
  }

  private setRedox(xr: number, xo: number): void {
    const mult = this.multipliers;
    for (const g of this.cathodicGroups) mult[g] = xr;
    for (const g of this.anodicGroups) mult[g] = xo;
  }

  /** After a restore: the short circuit the saved sums were solved with. */
  restored(): void {
    this.wasShorted = this.st.shortCircuitTime !== null;
  }
}
