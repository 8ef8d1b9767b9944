/**
 * Clean-up that must happen however the process ends by process.exit (an EPIPE, a command's exit
 * code): a lock released, an unfinished temporary directory removed. A process killed outright
 * runs none of it; what it leaves is cleaned by the next command (stale.ts, lock.ts).
 */
const actions = new Set<() => void>();
let hooked = false;

/** Runs `action` when the process exits; returns the function that cancels it. */
export function atExit(action: () => void): () => void {
  if (!hooked) {
    hooked = true;
    process.on("exit", () => {
      for (const a of actions) {
        try {
          a();
        } catch {
          /* best effort: the process is ending */
        }
      }
    });
  }
  actions.add(action);
  return () => actions.delete(action);
}
