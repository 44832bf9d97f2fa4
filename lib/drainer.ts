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
 */
export function createDrainer(name: string, drainOnce: (stopping: () => boolean) => Promise<number>, batch: number): Drainer {
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
          do {
            current.again = false;
            if ((await drainOnce(() => current.stopped)) >= batch) current.again = true;
          } while (current.again && !current.stopped);
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
