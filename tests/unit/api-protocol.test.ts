import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { resolveApiVersion } from "@/lib/api/versions";
import { readJsonBody } from "@/lib/api/read-body";
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

// The API door hands readJsonBody Node's request: its headers, and its body through an
// iterator that leaves the stream alive when reading stops early.
const request = (body: string | Iterable<Buffer> | null, headers: Record<string, string> = {}) => {
  const stream = body === null ? null : Readable.from(typeof body === "string" ? [Buffer.from(body)] : body);
  return { header: (name: string) => headers[name] ?? null, body: stream?.iterator({ destroyOnReturn: false }) ?? null, stream };
};

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

  it("cuts off a streamed body that grows past the limit, and leaves the rest unread", async () => {
    let produced = 0;
    function* chunks() {
      for (let i = 0; i < 100; i++) {
        produced++;
        yield Buffer.from("x".repeat(100));
      }
    }
    const source = request(chunks());
    expect(await readJsonBody(source, 1000)).toMatchObject({ ok: false, status: 413 });
    expect(produced).toBeLessThan(100);
    // Not destroyed: Node's server still sends the 413 on the same socket.
    expect(source.stream!.destroyed).toBe(false);
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
