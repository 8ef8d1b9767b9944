/**
 * Runs a batch of simulations on a worker_threads pool (piscina). Each task is self-contained
 * (resolved scenario, seed, run directory), so the results do not depend on the number of workers
 * or on which worker ran what; summaries come back in the batch's index order. The first failure
 * (or an abort) cancels everything still queued or running and rejects.
 */
import { setMaxListeners } from "node:events";
import { Piscina } from "piscina";
import type { Summary } from "../run/simulate.ts";
import type { SimTask } from "./task.ts";

export type { SimTask } from "./task.ts";

export interface BatchProgress {
  /** Simulations finished so far (including this one) and in the batch. */
  done: number;
  total: number;
  /** The one that just finished. */
  index: number;
  seed: number;
  summary: Summary;
}

export interface PoolOptions {
  workers: number;
  signal?: AbortSignal;
  onProgress?: (p: BatchProgress) => void;
}

export function checkWorkers(workers: number, what = "workers"): number {
  if (!Number.isInteger(workers) || workers < 1) throw new RangeError(`${what}: expected a positive integer, found ${workers}`);
  return workers;
}

export async function runTasks(tasks: SimTask[], opts: PoolOptions): Promise<Summary[]> {
  checkWorkers(opts.workers);
  tasks.forEach((t, i) => {
    if (t.index !== i) throw new Error(`task ${i} has index ${t.index}`);
  });
  if (tasks.length === 0) return [];
  if (opts.signal?.aborted) throw opts.signal.reason ?? new Error("aborted");
  const threads = Math.min(opts.workers, tasks.length);
  const pool = new Piscina({
    // worker.mjs registers tsx and imports task.ts as ES modules (see there for why not execArgv)
    filename: new URL("./worker.mjs", import.meta.url).href,
    execArgv: [],
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: 60_000,
  });
  const cancel = new AbortController();
  setMaxListeners(tasks.length + 10, cancel.signal); // piscina adds one listener per queued task
  const onAbort = () => cancel.abort(opts.signal?.reason ?? new Error("aborted"));
  opts.signal?.addEventListener("abort", onAbort, { once: true });
  const results: Summary[] = new Array(tasks.length);
  let done = 0;
  let failure: unknown = null;
  // piscina reports on its emitter what it cannot hand to a task: a cancelled task's worker can
  // still post its reply ("Unexpected message from Worker"), which arrives after the batch has
  // failed. Without a listener Node would throw it as an unhandled 'error'. After a failure or an
  // abort it is that noise; before one it fails the batch like a task's error.
  pool.on("error", (e: unknown) => {
    if (failure !== null || cancel.signal.aborted) return;
    failure = new Error(`worker pool: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    cancel.abort(failure);
  });
  try {
    await Promise.all(
      tasks.map(async (t) => {
        let s: Summary;
        try {
          s = (await pool.run(t, { signal: cancel.signal })) as Summary;
        } catch (e) {
          if (failure === null) {
            failure = opts.signal?.aborted
              ? opts.signal.reason ?? e
              : new Error(`simulation ${t.index} (seed ${t.seed}, ${t.dir}) failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
            cancel.abort(failure);
          }
          throw failure;
        }
        results[t.index] = s;
        done++;
        opts.onProgress?.({ done, total: tasks.length, index: t.index, seed: t.seed, summary: s });
      }),
    );
  } finally {
    opts.signal?.removeEventListener("abort", onAbort);
    await pool.destroy();
  }
  return results;
}
