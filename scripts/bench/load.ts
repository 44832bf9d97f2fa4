// One load run with autocannon: a warm-up and the measurement on the same connections,
// without a pause between them (a pause would leave the warm-up's unfinished requests
// running on the server during the measurement). Only responses that complete in the
// measurement window count towards req/s and the latencies.
import autocannon, { type Request } from "autocannon";

export type Target = {
  /** Base URL of the server (the app or the floor). */
  url: string;
  path: string;
  headers: Record<string, string>;
  connections: number;
  /** A sequence of requests per connection instead of one GET (the writes). */
  requests?: Request[];
};

export type RunStats = {
  /** Responses completed in the measurement window ÷ its length. */
  rps: number;
  /** Latencies of the 2xx responses completed in the window (nearest rank). */
  p50_ms: number;
  p99_ms: number;
  mean_ms: number;
  max_ms: number;
  requests: number;
  seconds: number;
  /** Non-2xx answers plus socket errors and timeouts, warm-up included. */
  errors: number;
  /** Requests still unanswered when the run stopped (abandoned, not counted as errors). */
  unfinished: number;
  /** Responses of the whole run, warm-up included. */
  answered: number;
  status_codes: Record<string, number>;
  /** How long the server took to become idle after the run (set by the runner). */
  settle_ms?: number;
  /** Cores used by processes other than the bench's during the run (set by the runner). */
  others_cpu_cores?: number;
  /**
   * CPU time of the server's processes, and of the database's backends (PostgreSQL only),
   * per request: from the start of the run until the server is idle again, divided by the
   * requests it served (answered, plus those abandoned at the stop). Set by the runner;
   * much steadier than req/s on a shared machine.
   */
  server_cpu_ms?: number;
  db_cpu_ms?: number | null;
};

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

function percentile(sorted: number[], p: number) {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** autocannon on a target's connections and requests, for `seconds`. */
function loadFor(target: Target, seconds: number) {
  return autocannon({
    url: `${target.url}${target.path}`,
    connections: target.connections,
    duration: seconds,
    // A 10,000-seat list under 32 connections takes seconds; past this it is an error.
    timeout: 30,
    headers: target.headers,
    ...(target.requests ? { requests: target.requests } : {}),
  });
}

export async function load(target: Target, seconds: number, warmupSeconds = 0): Promise<RunStats> {
  const latencies: number[] = [];
  const status_codes: Record<string, number> = {};
  let completed = 0;
  let answered = 0;
  let errors = 0;
  let windowStart = Number.POSITIVE_INFINITY;
  const instance = loadFor(target, warmupSeconds + seconds);
  const started = performance.now();
  windowStart = started + warmupSeconds * 1000;
  instance.on("response", (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    const ok = statusCode >= 200 && statusCode < 300;
    answered++;
    if (!ok) errors++;
    if (performance.now() < windowStart) return;
    completed++;
    status_codes[statusCode] = (status_codes[statusCode] ?? 0) + 1;
    if (ok) latencies.push(responseTime);
  });
  instance.on("reqError", () => errors++);
  const result = await instance;
  const windowSeconds = Math.max(0.001, (performance.now() - windowStart) / 1000);
  latencies.sort((a, b) => a - b);
  return {
    rps: round(completed / windowSeconds, 1),
    p50_ms: round(percentile(latencies, 50), 1),
    p99_ms: round(percentile(latencies, 99), 1),
    mean_ms: round(latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length), 1),
    max_ms: round(latencies.at(-1) ?? 0, 1),
    requests: completed,
    seconds: round(windowSeconds),
    errors,
    unfinished: Math.max(0, result.requests.sent - result.latency.totalCount - result.non2xx - result.errors),
    answered,
    status_codes,
  };
}

export type Priming = { requests: number; seconds: number; errors: number };

/**
 * Sends a case's requests, unmeasured, until `minRequests` are answered or `maxSeconds` have
 * passed. V8 optimizes code by how often it runs, not for how long: a time-based warm-up
 * leaves a side that answers slowly (the app's page) still warming up while it is measured.
 */
export async function prime(target: Target, minRequests: number, maxSeconds: number): Promise<Priming> {
  if (!(minRequests > 0) || !(maxSeconds > 0)) return { requests: 0, seconds: 0, errors: 0 };
  let answered = 0;
  let errors = 0;
  const instance = loadFor(target, maxSeconds);
  const started = performance.now();
  instance.on("response", (_client: unknown, statusCode: number) => {
    answered++;
    if (statusCode < 200 || statusCode >= 300) errors++;
    if (answered === minRequests) instance.stop();
  });
  instance.on("reqError", () => errors++);
  await instance;
  return { requests: answered, seconds: round((performance.now() - started) / 1000), errors };
}
