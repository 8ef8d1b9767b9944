// Entry of the fuzzer's worker thread: registers tsx's ESM loader (as src/parallel/worker.mjs
// does), then serves fuzz cases from runner.ts, one per message.
import { register } from "tsx/esm/api";

register();
const { serve } = await import("./runner.ts");
serve();
