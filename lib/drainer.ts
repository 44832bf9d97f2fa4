import { log } from "@/lib/log";

// A queue in a table (emails, webhooks) drained soon after each commit, without making the
// request wait, and never by two runs at once in one process (other processes are kept
// apart by the rows' leases).
export type Drainer = {
  /** Starts a run soon (or asks the running one to go round again); resolves when it ends. */
  schedule(): Promise<void>;
  /** The run in progress, if any: doors hand it to `after()` so serverless hosts finish it. */
  pending(): Promise<void>;
  /** No new runs; the running one ends after the row it is on. */
  stop(): Promise<void>;
};

type State = { running: Promise<void> | null; again: boolean; stopped: boolean };

const holder = globalThis as unknown as { seatPortalDrainers?: Map<string, State> };

/**
 * `drainOnce` handles up to `batch` rows and returns how many it handled; it asks
 * `stopping()` between rows and hands back the rows it will not get to.
 *
 * `settleMs`: how long a new run waits before its first lease, so that the commits of
 * requests arriving together are leased and recorded in one round trip each instead of one
 * per request (under load, a run per commit costs two statements per row).
 */
export function createDrainer(name: string, drainOnce: (stopping: () => boolean) => Promise<number>, batch: number, settleMs = 0): Drainer {
  holder.seatPortalDrainers ??= new Map();
  const states = holder.seatPortalDrainers;
  const state = () => {
    let found = states.get(name);
    if (!found) states.set(name, (found = { running: null, again: false, stopped: false }));
    return found;
  };
  return {
    schedule() {
      const current = state();
      if (current.stopped) return Promise.resolve();
      if (current.running) {
        current.again = true;
        return current.running;
      }
      current.running = (async () => {
        try {
          let full = false;
          do {
            // A full batch means more rows are waiting: no pause before taking them.
            if (settleMs > 0 && !full) await new Promise((resolve) => setTimeout(resolve, settleMs));
            if (current.stopped) break;
            current.again = false;
            full = (await drainOnce(() => current.stopped)) >= batch;
          } while ((full || current.again) && !current.stopped);
        } catch (error) {
          log("error", `${name}: delivery run failed`, { error: (error as Error).message });
        } finally {
          current.running = null;
        }
      })();
      return current.running;
    },
    pending() {
      return states.get(name)?.running ?? Promise.resolve();
    },
    stop() {
      const current = state();
      current.stopped = true;
      return current.running ?? Promise.resolve();
    },
  };
}

/**
 * Resolves once no drainer of this process has a run in progress, runs started meanwhile
 * included (closing the database waits for it).
 */
export async function pendingDrains(): Promise<void> {
  for (;;) {
    const running = [...(holder.seatPortalDrainers?.values() ?? [])].flatMap((state) => (state.running ? [state.running] : []));
    if (running.length === 0) return;
    await Promise.all(running);
  }
}
