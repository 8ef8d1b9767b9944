// Entry of the calibration's worker threads (as src/parallel/worker.mjs: tsx registered as ESM
// first, so the simulation runs at the main thread's speed).
import { register } from "tsx/esm/api";

register();
const { runCalibrationTask } = await import("./task.ts");

export default runCalibrationTask;
