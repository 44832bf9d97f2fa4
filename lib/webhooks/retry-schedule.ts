// How long a failed event waits before its next attempt, and when it is given up (it stays
// listed as failed, and `redeliver` sends it again). Pure, so the schedule the operations
// guide documents (doubling from WEBHOOK_RETRY_BASE_SECONDS up to an hour, 12 attempts) is
// checked without a database or a clock.
export const MAX_ATTEMPTS = 12;
export const MAX_BACKOFF_SECONDS = 3600;

/**
 * The wait after the `attempts`-th failed attempt. `jitter` (0..1) spreads it by ±20% so
 * that the events of one outage do not all come back in the same second.
 */
export function backoffSeconds(attempts: number, baseSeconds: number, jitter = Math.random()): number {
  const base = Math.min(MAX_BACKOFF_SECONDS, baseSeconds * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + jitter * 0.4));
}

export type AttemptOutcome = { status: "succeeded" } | { status: "failed" } | { status: "pending"; retryInSeconds: number };

/** What becomes of an event after its `attempts`-th attempt (counting this one). */
export function afterAttempt(succeeded: boolean, attempts: number, baseSeconds: number, jitter = Math.random()): AttemptOutcome {
  if (succeeded) return { status: "succeeded" };
  if (attempts >= MAX_ATTEMPTS) return { status: "failed" };
  return { status: "pending", retryInSeconds: backoffSeconds(attempts, baseSeconds, jitter) };
}
