/**
 * Butler–Volmer kinetics of Li+ + e− ⇌ Li at the Li|LLZO interface (MODEL.md §2.1).
 *
 * Per electron, reduction goes as i0·exp(α_c·e·η_eff/kT) and oxidation as i0·exp(−α_a·e·η_eff/kT),
 * with η_eff = η − (p·Ω + ΔE/m)/e. In the catalogue every site or body event carries a weight w
 * (its η-independent part, events/s at η = 0), and the electrode overpotential enters as one
 * multiplier per direction: X_red = exp(α_c·y), X_ox = exp(−α_a·y), y = e·η/kT (per electron,
 * physical T). The net rate of atoms is m·(X_red·W_red − X_ox·W_ox) for sums W of the weights.
 */
export interface RedoxSums {
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
