import { defineConfig } from "vitest/config";

/**
 * Tests that run the KMC engine in-process import the sources natively (through tsx, as the CLI
 * and the workers do) instead of through Vite's module runner: the runner turns every imported
 * binding into a property load on a module object, which halves the engine's speed in its hot
 * loops (measured: the morphology test 24 → 12 CPU-s, mechanics 19 → 9). The other tests —
 * spawned CLIs, browsers, files — keep the default, which starts faster.
 */
const ENGINE = ["charge", "collector", "cracks", "detailed-balance", "diffusion", "mechanics", "morphology", "reference", "records", "relief", "sampling", "validation"].map((n) => `test/${n}.test.ts`);

export default defineConfig({
  test: {
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: "forks",
    reporters: ["default"],
    projects: [
      {
        extends: true,
        test: { name: "engine", include: ENGINE, execArgv: ["--import", "tsx"], experimental: { viteModuleRunner: false } },
      },
      {
        extends: true,
        test: { name: "rest", include: ["test/**/*.test.ts"], exclude: ENGINE },
      },
    ],
  },
});
