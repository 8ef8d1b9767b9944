/**
 * The crossover law's machinery (issue 19, item 4): j* from one radius's sweep of currents, the
 * exponent of j* ∝ R^k fitted freely with an honest 95 % interval, and its extrapolation.
 */
import { describe, expect, it } from "vitest";
import { aspectAtVolume, crossoverCurrent, extrapolate, fitCrossoverLaw } from "../src/reproduce/crossover.ts";
import { Rng } from "../src/kmc/rng.ts";

describe("crossover current", () => {
  it("is where the aspect ratio passes the threshold, interpolated in ln j, whatever the order of the points", () => {
    const pts = [{ j: 10, aspect: 3 }, { j: 0.1, aspect: 0.8 }, { j: 1, aspect: 1.6 }, { j: 0.01, aspect: 0.5 }];
    const c = crossoverCurrent(pts, 1);
    expect(c.below).toBe(0.1);
    expect(c.above).toBe(1);
    expect(c.jStar).toBeCloseTo(0.1 * 10 ** 0.25, 12);
  });
  it("is not invented when the sweep does not bracket it: it says on which side it lies", () => {
    const low = crossoverCurrent([{ j: 1, aspect: 0.5 }, { j: 2, aspect: 0.9 }]);
    expect(low.jStar).toBeNull();
    expect(low.below).toBe(2);
    const high = crossoverCurrent([{ j: 1, aspect: 2 }, { j: 2, aspect: 3 }]);
    expect(high.jStar).toBeNull();
    expect(high.above).toBe(1);
    // a whisker at the lowest current and a particle above it is no crossover, nor a bound on one
    const falling = crossoverCurrent([{ j: 1, aspect: 1.1 }, { j: 10, aspect: 0.9 }, { j: 100, aspect: 0.7 }]);
    expect(falling.jStar).toBeNull();
    expect(falling.above).toBeNull();
    expect(falling.reason).toMatch(/does not rise through 1/);
  });
});

describe("the law j* ∝ R^k", () => {
  const Rs = [10, 18, 32, 56, 100];
  const k = -3;
  const noisy = (rng: Rng, sigma: number) =>
    Rs.map((R) => 4e3 * R ** k * Math.exp(sigma * Math.sqrt(-2 * Math.log(1 - rng.double())) * Math.cos(2 * Math.PI * rng.double())));

  it("recovers an exact power law's exponent over the decade it covers", () => {
    const law = fitCrossoverLaw(Rs, Rs.map((R) => 4e3 * R ** k));
    expect(law.exponent).toBeCloseTo(k, 10);
    expect(law.decades).toBeCloseTo(1, 10);
    expect(extrapolate(law, 515).jStar).toBeCloseTo(4e3 * 515 ** k, 12);
  });

  it("its 95 % intervals of the exponent and of the extrapolation cover the truth about 95 % of the time (5 points, scatter ×1.35)", () => {
    const rng = new Rng("crossover-coverage");
    const trials = 600;
    let coverK = 0, coverJ = 0;
    for (let i = 0; i < trials; i++) {
      const law = fitCrossoverLaw(Rs, noisy(rng, 0.3));
      if (law.ci95[0] <= k && k <= law.ci95[1]) coverK++;
      const e = extrapolate(law, 515);
      const truth = 4e3 * 515 ** k;
      if (e.ci95[0] <= truth && truth <= e.ci95[1]) coverJ++;
    }
    // binomial sd at 600 trials ≈ 0.009: a normal quantile instead of Student's t (3 d.o.f.) gives ≈ 0.86
    expect(coverK / trials).toBeGreaterThan(0.92);
    expect(coverK / trials).toBeLessThan(0.98);
    expect(coverJ / trials).toBeGreaterThan(0.92);
    expect(coverJ / trials).toBeLessThan(0.98);
  });

  it("refuses what is not a power law's data", () => {
    expect(() => fitCrossoverLaw([1, 2], [1, 2])).toThrow(/≥ 3 pairs/);
    expect(() => fitCrossoverLaw([1, 2, 3], [1, -2, 3])).toThrow(/positive/);
    expect(() => fitCrossoverLaw([2, 2, 2], [1, 2, 3])).toThrow();
  });
});

describe("shape at equal deposit", () => {
  it("is read at the first sample whose volume reaches the factor, or not at all", () => {
    const v = [10, 15, 31, 40], h = [2, 3, 9, 12], w = [4, 4, 3, 3];
    expect(aspectAtVolume(v, h, w, 3)).toEqual({ aspect: 3, reached: 3.1 });
    expect(aspectAtVolume(v, h, w, 5)).toEqual({ aspect: null, reached: 4 });
  });
});
