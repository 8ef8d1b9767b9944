// Entry of the pool's worker threads (piscina loads it in each worker): registers tsx's ESM loader,
// then imports the TypeScript task module. A plain .mjs entry on purpose: with
// `execArgv: ["--import", "tsx"]` piscina require()s the .ts task first, tsx compiles the whole
// module graph to CommonJS, and the simulation then runs about 3× slower than on the main thread
// (cross-module bindings become getters in hot loops). Through this entry it runs as ES modules,
// at the main thread's speed.
import { register } from "tsx/esm/api";

register();
const { runTask } = await import("./task.ts");

export default runTask;
