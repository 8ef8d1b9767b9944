/**
 * The crossover law's machinery (issue 19, item 4): j* from one radius's sweep of currents, the
 * exponent of j* ∝ R^k fitted freely with an honest 95 % interval, and its extrapolation.
 */
import { describe, expect, it } from "vitest";
import { aspectAtVolume, crossoverByRadius, crossoverCurrent, exponentFromBrackets, extrapolate, extrapolateLaw, fitCrossoverLaw, judgeBracket, judgeExponent, measureLaw, type CrossoverRun } from "../src/reproduce/crossover.ts";
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


/**
 * Synthetic sweeps: at (R, s, j) a run whose aspect at 5× volume is 1 + ½·ln(j/j*), j* = A·s^m·R^k
 * times a fixed scatter per radius (so the fit has residuals), on a quarter-decade grid of j around
 * j*, two seeds alike. The series grows the volume 1 → 10 with that aspect from the fifth sample on.
 */
function synthetic(k: number, m: number, radii: number[], factors: number[], A = 4e3): CrossoverRun[] {
  const scatter = [1.1, 0.9, 1.05, 0.95, 1.02];
  const runs: CrossoverRun[] = [];
  for (const s of factors)
    radii.forEach((R, i) => {
      const jStar = A * s ** m * R ** k * scatter[i % scatter.length];
      for (let q = -4; q <= 4; q++) {
        const j = Number((10 ** (Math.floor(Math.log10(jStar) * 4) / 4 + q / 4)).toPrecision(6));
        const aspect = Math.max(0.1, 1 + 0.5 * Math.log(j / jStar));
        for (const seed of [1, 2]) {
          const volume = Array.from({ length: 10 }, (_, t) => 1 + t);
          const lateral = volume.map(() => 10);
          const height = volume.map((_, t) => (t >= 4 ? aspect * 10 : 5));
          runs.push({ R, surfaceFactor: s, j, seed, volume, height, lateral });
        }
      }
    });
  return runs;
}

describe("the crossover law from sweeps: verdicts on synthetic laws", () => {
  const radii = [4, 8, 16, 40];
  it("a law with k = −3 matches MODEL.md §5's −3 from the free fit's 95 % interval", () => {
    const rs = crossoverByRadius(synthetic(-3, 1, radii, [0.01]), 5, 1);
    expect(rs.map((r) => r.crossover.jStar !== null)).toEqual([true, true, true, true]);
    const { law } = measureLaw(rs, 0.01);
    expect(law!.k.method).toMatch(/free fit over 4 radii/);
    expect(law!.k.estimate).toBeCloseTo(-3, 0);
    expect(law!.decades).toBeCloseTo(1, 10);
    expect(judgeExponent(law!.k).verdict).toBe("match");
  });
  it("a law with k = −1 does not: j* falls with R, but its interval excludes −3", () => {
    const { law } = measureLaw(crossoverByRadius(synthetic(-1, 1, radii, [0.01]), 5, 1), 0.01);
    expect(law!.k.lo).toBeGreaterThan(-3);
    expect(judgeExponent(law!.k).verdict).toBe("trend");
    // a j* that rises with R is no crossover of this kind at all
    const up = measureLaw(crossoverByRadius(synthetic(1, 1, radii, [0.01]), 5, 1), 0.01).law!;
    expect(judgeExponent(up.k).verdict).toBe("miss");
  });
  it("two radii a factor 2 apart: the brackets' bounds hold −3 and 0, which is too short to judge", () => {
    const { law } = measureLaw(crossoverByRadius(synthetic(-3, 1, [4, 8], [0.01]), 5, 1), 0.01);
    expect(law!.k.method).toMatch(/brackets/);
    expect(law!.k.lo).toBeLessThanOrEqual(-3);
    expect(judgeExponent({ estimate: -2, lo: -4, hi: 0.2, method: "x" }).verdict).toBe("short");
    expect(judgeExponent({ estimate: -2, lo: -4, hi: -0.5, method: "x" }).verdict).toBe("match");
  });
  it("the brackets bound every exponent the two classifications allow, and only those", () => {
    const e = exponentFromBrackets({ x: 4, y: 1, below: 0.5, above: 2 }, { x: 8, y: 0.1, below: 0.05, above: 0.2 });
    expect(e.estimate).toBeCloseTo(Math.log2(0.1), 12);
    expect(e.lo).toBeCloseTo(Math.log2(0.05 / 2), 12);
    expect(e.hi).toBeCloseTo(Math.log2(0.2 / 0.5), 12);
  });
  it("m from two surface factors at one R, and the law carried to another R and factor holds the truth", () => {
    const rs = crossoverByRadius(synthetic(-3, 1, radii, [0.01, 0.1]), 5, 1);
    const { law } = measureLaw(rs, 0.01);
    expect(law!.m!.lo).toBeLessThanOrEqual(1);
    expect(law!.m!.hi).toBeGreaterThanOrEqual(1);
    expect(law!.m!.estimate).toBeCloseTo(1, 0);
    // the truth at R = 100 nm, s = 1 (no scatter there): 4e3·100⁻³ = 4e-3
    const e = extrapolateLaw(law!, 100, 1)!;
    expect(e.lo).toBeLessThanOrEqual(4e-3);
    expect(e.hi).toBeGreaterThanOrEqual(4e-3);
    expect(e.estimate / 4e-3).toBeGreaterThan(0.5);
    expect(e.estimate / 4e-3).toBeLessThan(2);
    // without m, no extrapolation to another factor
    expect(extrapolateLaw({ ...law!, m: null }, 100, 1)).toBeNull();
  });
  it("the paper's bracket: j* between the particle's 2e-4 and the whisker's 4e-3 A/cm²", () => {
    expect(judgeBracket({ estimate: 1e-3, lo: 1e-5, hi: 1e-1, method: "" }, 2e-4, 4e-3).verdict).toBe("match");
    expect(judgeBracket({ estimate: 4e-3, lo: 4e-3, hi: 4e-3, method: "" }, 2e-4, 4e-3).verdict).toBe("match");
    expect(judgeBracket({ estimate: 2e-4, lo: 2e-4, hi: 2e-4, method: "" }, 2e-4, 4e-3).verdict).toBe("miss");
    expect(judgeBracket({ estimate: 1e-2, lo: 1e-3, hi: 1e-1, method: "" }, 2e-4, 4e-3).verdict).toBe("trend");
    expect(judgeBracket({ estimate: 1, lo: 0.1, hi: 10, method: "" }, 2e-4, 4e-3).verdict).toBe("miss");
    expect(judgeBracket({ estimate: 1e-6, lo: 1e-7, hi: 1e-5, method: "" }, 2e-4, 4e-3).verdict).toBe("miss");
  });
  it("a run two sweeps share counts once, the window that got further kept (not the one with more samples)", () => {
    const runs = synthetic(-3, 1, [4], [0.01]);
    // the shorter window sampled more densely (more samples, less volume): still the shorter
    const dense = (xs: ArrayLike<number>) => Array.from(xs).slice(0, 3).flatMap((v) => [v, v, v, v, v]);
    const cut = runs.map((r) => ({ ...r, volume: dense(r.volume), height: dense(r.height), lateral: dense(r.lateral) }));
    const [one] = crossoverByRadius([...cut, ...runs], 5, 1);
    expect(one.points[0].seeds).toEqual([1, 2]);
    expect(one.points[0].median).not.toBeNull();
    expect(one.crossover).toEqual(crossoverByRadius(runs, 5, 1)[0].crossover);
  });
  it("a current whose seeds did not all reach the volume gives no median (the window, not the shape)", () => {
    const runs = synthetic(-3, 1, [4], [0.01]);
    const cut = runs.map((r, i) => (i === 0 ? { ...r, volume: Array.from(r.volume, () => 1) } : r));
    const p = crossoverByRadius(cut, 5, 1)[0].points[0];
    expect(p.aspects[0]).toBeNull();
    expect(p.median).toBeNull();
  });
});
