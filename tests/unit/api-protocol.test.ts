import { describe, expect, it } from "vitest";
import { z } from "zod";
import { resolveApiVersion } from "@/lib/api/versions";
import { discardUnreadBody, readJsonBody } from "@/lib/api/read-body";
import { toValidationItems } from "@/lib/api/validation-error";
import { SeatAssignBody } from "@/lib/seats/schemas";

describe("resolveApiVersion", () => {
  it.each([
    [null, "2026-04"],
    ["2026-04", "2026-04"],
    ["2026-10", "2026-10"],
    ["2027-01", "2027-01"],
    ["2025-01", null],
    ["latest", null],
    ["", null],
  ])("%s → %s", (header, expected) => {
    expect(resolveApiVersion(header)).toBe(expected);
  });
});

// A body that arrives in `count` chunks of `size` bytes, each made only when read, and that
// tells whether it was cancelled: what a route handler's request body looks like to lib/api.
function chunked(count: number, size = 100) {
  const state = { produced: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (state.produced === count) return controller.close();
      state.produced++;
      controller.enqueue(new TextEncoder().encode("x".repeat(size)));
    },
    cancel() {
      state.cancelled = true;
    },
  }, { highWaterMark: 0 });
  return { stream, state };
}

const request = (body: string | ReadableStream<Uint8Array> | null, headers: Record<string, string> = {}) =>
  new Request("http://x.test/", { method: "POST", body, headers, ...(body ? { duplex: "half" } : {}) } as RequestInit);

describe("readJsonBody", () => {
  it("parses JSON", async () => {
    expect(await readJsonBody(request('{"a":1}'))).toEqual({ ok: true, value: { a: 1 } });
  });

  it("refuses malformed JSON with pydantic's json_invalid", async () => {
    const result = await readJsonBody(request("{nope"));
    expect(result).toMatchObject({ ok: false, status: 422, items: [{ type: "json_invalid", loc: ["body", 0] }] });
  });

  it("refuses an empty body as a missing field", async () => {
    expect(await readJsonBody(request(""))).toMatchObject({ ok: false, status: 422, items: [{ type: "missing", loc: ["body"] }] });
    expect(await readJsonBody(request(null))).toMatchObject({ ok: false, status: 422, items: [{ type: "missing", loc: ["body"] }] });
  });

  it("refuses a declared length over the limit before reading", async () => {
    expect(await readJsonBody(request("{}", { "content-length": "999999" }), 1000)).toMatchObject({ ok: false, status: 413 });
  });

  it("cuts off a streamed body that grows past the limit, and leaves the rest unread, not cancelled", async () => {
    const { stream, state } = chunked(100);
    const source = request(stream);
    expect(await readJsonBody(source, 1000)).toMatchObject({ ok: false, status: 413 });
    expect(state.produced).toBeLessThan(100);
    // Cancelling would let go of the request before its 413 is written; the rest is let go of after the answer.
    expect(state.cancelled).toBe(false);
    expect(source.body!.locked).toBe(false);
  });
});

describe("discardUnreadBody", () => {
  it("reads the rest of a body to its end within the budget", async () => {
    const { stream, state } = chunked(100);
    await discardUnreadBody(stream, 20_000);
    expect(state.produced).toBe(100);
    expect(state.cancelled).toBe(false);
  });

  it("stops past the budget and cancels the rest", async () => {
    const { stream, state } = chunked(1000);
    await discardUnreadBody(stream, 5_000);
    expect(state.produced).toBeLessThan(100);
    expect(state.cancelled).toBe(true);
  });
});

describe("toValidationItems", () => {
  it("writes FastAPI's loc/msg/type for each problem", () => {
    const input = { subscription_id: "nope", email: "not-an-email", metadata: { a: [1] } };
    const result = SeatAssignBody.safeParse(input);
    expect(result.success).toBe(false);
    const items = toValidationItems("body", result.error!, input);
    const byField = Object.fromEntries(items.map((item) => [item.loc.join("."), item]));
    expect(byField["body.subscription_id"]).toMatchObject({ type: "uuid_parsing", input: "nope" });
    expect(byField["body.email"]).toMatchObject({ type: "value_error", input: "not-an-email" });
    expect(byField["body.metadata.a"]).toBeDefined();
    for (const item of items) expect(typeof item.msg).toBe("string");
  });

  it("calls a missing field missing", () => {
    const schema = z.object({ invitation_token: z.string() });
    const result = schema.safeParse({});
    expect(toValidationItems("body", result.error!, {})).toEqual([
      { type: "missing", loc: ["body", "invitation_token"], msg: "Field required", input: null },
    ]);
  });
});

describe("SeatAssignBody", () => {
  it("ignores unknown keys and accepts SDK 0.49.0's immediate_claim", () => {
    const parsed = SeatAssignBody.parse({ subscription_id: "6a0f7c1e-0d8a-4f5e-9b7a-1c2d3e4f5a6b", email: "a@b.co", immediate_claim: false, extra: 1 });
    expect(parsed).not.toHaveProperty("extra");
  });

  it("refuses member identifiers and checkouts, saying they are not supported", () => {
    const result = SeatAssignBody.safeParse({ member_id: "6a0f7c1e-0d8a-4f5e-9b7a-1c2d3e4f5a6b", checkout_id: "x" });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.message).join(" ")).toMatch(/not supported/);
  });

  it.each([
    ["more than 10 keys", Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, i]))],
    ["more than 1 KB", { a: "x".repeat(400), b: "x".repeat(400), c: "x".repeat(400) }],
    ["a nested object", { a: { b: 1 } }],
  ])("refuses metadata with %s", (_name, metadata) => {
    expect(SeatAssignBody.safeParse({ metadata }).success).toBe(false);
  });
});
