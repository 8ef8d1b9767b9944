/**
 * Runs fuzz cases on worker threads with a per-case time limit: a case that does not answer in
 * time is a hang — its worker is terminated and replaced, and the case reported. A worker that
 * dies (out of memory, an uncaught error) reports its case the same way.
 */
import { Worker } from "node:worker_threads";
import type { CaseOutcome, FuzzCase } from "./runner.ts";

export interface Result {
  index: number;
  case: FuzzCase;
  outcome: CaseOutcome;
  ms: number;
}

function startWorker(): Worker {
  return new Worker(new URL("./worker.mjs", import.meta.url), { resourceLimits: { maxOldGenerationSizeMb: 1024 } });
}

/** Runs every case on `threads` workers; each case has `limit_ms` to answer. */
export async function runCases(cases: FuzzCase[], threads: number, limit_ms: number, onResult?: (r: Result) => void): Promise<Result[]> {
  const results: Result[] = new Array(cases.length);
  let next = 0;
  async function lane(): Promise<void> {
    let w = startWorker();
    try {
      while (next < cases.length) {
        const index = next++;
        const c = cases[index];
        const t0 = performance.now();
        const outcome = await new Promise<CaseOutcome>((resolve) => {
          const done = (o: CaseOutcome, replace: boolean) => {
            clearTimeout(timer);
            w.removeAllListeners("message");
            w.removeAllListeners("error");
            w.removeAllListeners("exit");
            if (replace) {
              void w.terminate();
              w = startWorker();
            }
            resolve(o);
          };
          const timer = setTimeout(() => done({ status: "rejected", problems: [`no answer within ${limit_ms} ms (a hang)`] }, true), limit_ms);
          w.once("message", (o: CaseOutcome) => done(o, false));
          w.once("error", (e) => done({ status: "rejected", problems: [`the worker died: ${e.message}`] }, true));
          w.once("exit", (code) => done({ status: "rejected", problems: [`the worker exited (${code})`] }, true));
          w.postMessage(c);
        });
        const r = { index, case: c, outcome, ms: performance.now() - t0 };
        results[index] = r;
        onResult?.(r);
      }
    } finally {
      await w.terminate();
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, threads) }, lane));
  return results;
}
