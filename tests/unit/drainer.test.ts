// The queue drainer behind the outbox and the webhook sender (lib/drainer.ts): one run at a
// time per process, commits that arrive together leased by one run, a full batch followed
// at once by the next, nothing started after a stop.
import { describe, expect, it } from "vitest";
import { createDrainer, pendingDrains } from "@/lib/drainer";

let names = 0;

/** A table of `waiting` rows and a drain that takes up to `batch` of them per call. */
function fakeQueue(batch: number, settleMs: number, opts: { drainMs?: number } = {}) {
  const state = { waiting: 0, calls: [] as number[] };
  const drainer = createDrainer(
    `test-${++names}`,
    async () => {
      // Like a lease: the rows committed by now are taken, then sent.
      const taken = Math.min(state.waiting, batch);
      state.waiting -= taken;
      state.calls.push(taken);
      if (opts.drainMs) await new Promise((resolve) => setTimeout(resolve, opts.drainMs));
      return taken;
    },
    batch,
    settleMs,
  );
  const commit = () => {
    state.waiting++;
    return drainer.schedule();
  };
  return { state, drainer, commit };
}

describe("createDrainer", () => {
  it("leases the commits of requests that arrive within the settle time in one run", async () => {
    const { state, commit } = fakeQueue(25, 30);
    const first = commit();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = commit();
    const third = commit();
    // Requests joining a run get the run itself, not one of their own.
    expect(second).toBe(first);
    expect(third).toBe(first);
    await first;
    expect(state.calls).toEqual([3]);
    expect(state.waiting).toBe(0);
  });

  it("without a settle time, leases on the first commit and goes round again for the ones made meanwhile", async () => {
    const { state, commit } = fakeQueue(25, 0, { drainMs: 20 });
    const run = commit();
    await new Promise((resolve) => setTimeout(resolve, 5));
    void commit();
    void commit();
    await run;
    expect(state.calls).toEqual([1, 2]);
    expect(state.waiting).toBe(0);
  });

  it("goes round again for commits made while a run is draining", async () => {
    const { state, commit } = fakeQueue(25, 10, { drainMs: 30 });
    const run = commit();
    // Past the settle time, inside the drain.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(state.calls).toEqual([1]);
    void commit();
    await run;
    expect(state.calls).toEqual([1, 1]);
    expect(state.waiting).toBe(0);
  });

  it("takes the next batch at once when a batch came back full", async () => {
    const { state, drainer } = fakeQueue(5, 40);
    state.waiting = 12;
    const started = Date.now();
    await drainer.schedule();
    expect(state.calls).toEqual([5, 5, 2]);
    // One settle pause for the run, none between its full batches.
    expect(Date.now() - started).toBeLessThan(3 * 40);
  });

  it("starts nothing once stopped, even a run still waiting out its settle time", async () => {
    const { state, drainer, commit } = fakeQueue(25, 30);
    const run = commit();
    await drainer.stop();
    await run;
    expect(state.calls).toEqual([]);
    expect(state.waiting).toBe(1);
    await commit();
    expect(state.calls).toEqual([]);
  });

  it("reports the run in progress, and nothing once it is over", async () => {
    const { drainer, commit } = fakeQueue(25, 10);
    const run = commit();
    expect(drainer.pending()).toBe(run);
    await run;
    await expect(drainer.pending()).resolves.toBeUndefined();
    expect(drainer.pending()).not.toBe(run);
  });

  it("lets a caller wait for the runs of every drainer, one still in its settle time included", async () => {
    const a = fakeQueue(25, 30);
    const b = fakeQueue(25, 0, { drainMs: 20 });
    void a.commit();
    void b.commit();
    await pendingDrains();
    expect(a.state.calls).toEqual([1]);
    expect(b.state.calls).toEqual([1]);
    await expect(pendingDrains()).resolves.toBeUndefined();
  });
});
