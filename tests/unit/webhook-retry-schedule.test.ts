// The retry schedule of a failed webhook (lib/webhooks/retry-schedule.ts): the wait doubles
// from WEBHOOK_RETRY_BASE_SECONDS after each failed attempt, up to an hour, spread by ±20%;
// the event is given up after its 12th attempt. tests/api/merchant-webhooks.test.ts checks
// that the delivery loop applies it.
import { describe, expect, it } from "vitest";
import { checkConfiguration } from "@/lib/env";
import { MAX_ATTEMPTS, MAX_BACKOFF_SECONDS, afterAttempt, backoffSeconds } from "@/lib/webhooks/retry-schedule";

// A jitter of 0.5 is the middle of the spread: the wait exactly as scheduled.
const MIDDLE = 0.5;
const DEFAULT_BASE = checkConfiguration({ NODE_ENV: "production", DATABASE_URL: "postgresql://u@127.0.0.1/seats", EMBEDDED_DATABASE: "true", AUTH_SECRET: "x".repeat(32) }).WEBHOOK_RETRY_BASE_SECONDS;
const attempts = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe("backoffSeconds", () => {
  it("waits the base after the first failed attempt", () => {
    expect(DEFAULT_BASE).toBe(10);
    expect(backoffSeconds(1, DEFAULT_BASE, MIDDLE)).toBe(10);
    expect(backoffSeconds(1, 1, MIDDLE)).toBe(1);
    expect(backoffSeconds(1, 60, MIDDLE)).toBe(60);
  });

  it("doubles the wait after each further failed attempt", () => {
    expect(attempts(1, 9).map((n) => backoffSeconds(n, DEFAULT_BASE, MIDDLE))).toEqual([10, 20, 40, 80, 160, 320, 640, 1280, 2560]);
    for (const n of attempts(1, 8)) expect(backoffSeconds(n + 1, 1, MIDDLE) / backoffSeconds(n, 1, MIDDLE), `after attempt ${n + 1}`).toBe(2);
  });

  it("never waits more than an hour before the spread", () => {
    expect(MAX_BACKOFF_SECONDS).toBe(3600);
    expect(attempts(10, MAX_ATTEMPTS).map((n) => backoffSeconds(n, DEFAULT_BASE, MIDDLE))).toEqual([3600, 3600, 3600]);
    expect(backoffSeconds(60, DEFAULT_BASE, MIDDLE)).toBe(3600);
    expect(backoffSeconds(1, 3600, 1)).toBe(4320);
  });

  it("spreads each wait by ±20%, never below 0.8× nor above 1.2× the schedule", () => {
    expect(backoffSeconds(3, DEFAULT_BASE, 0)).toBe(32);
    expect(backoffSeconds(3, DEFAULT_BASE, 1)).toBe(48);
    for (let i = 0; i < 200; i++) {
      const wait = backoffSeconds(5, DEFAULT_BASE);
      expect(wait).toBeGreaterThanOrEqual(128);
      expect(wait).toBeLessThanOrEqual(192);
    }
  });
});

describe("afterAttempt", () => {
  it("retries after each of the first 11 failed attempts, each wait twice the one before until the hour", () => {
    const outcomes = attempts(1, MAX_ATTEMPTS - 1).map((n) => afterAttempt(false, n, DEFAULT_BASE, MIDDLE));
    expect(outcomes).toEqual(attempts(1, MAX_ATTEMPTS - 1).map((n) => ({ status: "pending", retryInSeconds: Math.min(3600, 10 * 2 ** (n - 1)) })));
  });

  it("gives up after the 12th failed attempt", () => {
    expect(MAX_ATTEMPTS).toBe(12);
    expect(afterAttempt(false, 12, DEFAULT_BASE, MIDDLE)).toEqual({ status: "failed" });
    // A redelivered event that failed again, or a count past the last: still given up.
    expect(afterAttempt(false, 13, DEFAULT_BASE, MIDDLE)).toEqual({ status: "failed" });
  });

  it("ends on any success, the last attempt included", () => {
    for (const n of attempts(1, MAX_ATTEMPTS)) expect(afterAttempt(true, n, DEFAULT_BASE, MIDDLE)).toEqual({ status: "succeeded" });
  });

  it("12 attempts at the default base span about 3 h 25 min (11 waits), 2 h 44 min to 4 h 06 min with the spread", () => {
    const span = (jitter: number) => attempts(1, MAX_ATTEMPTS - 1).reduce((sum, n) => {
      const next = afterAttempt(false, n, DEFAULT_BASE, jitter);
      if (next.status !== "pending") throw new Error(`attempt ${n} was not retried`);
      return sum + next.retryInSeconds;
    }, 0);
    expect(span(MIDDLE)).toBe(12_310);
    expect(span(0)).toBe(9_848);
    expect(span(1)).toBe(14_772);
  });
});
