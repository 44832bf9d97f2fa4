import { describe, expect, it } from "vitest";
import { unsafeInput } from "@/lib/api/validation-error";
import { hasUnsafeText } from "@/lib/unsafe-text";

describe("unsafeInput", () => {
  it("finds a NUL in a nested value or key, and names where", () => {
    expect(unsafeInput({ metadata: { k: "a\u0000b" } }, "body")).toMatchObject({ loc: ["body", "metadata", "k"], type: "string_unicode" });
    expect(unsafeInput({ metadata: { "a\u0000": 1 } }, "body")).toMatchObject({ loc: ["body", "metadata", "a?"] });
    expect(unsafeInput({ seats: [{ email: "ok@x.co" }, { email: "x\u0000" }] }, "body")).toMatchObject({ loc: ["body", "seats", 1, "email"] });
  });

  it("finds unpaired surrogates but accepts paired ones (emoji)", () => {
    expect(unsafeInput({ name: "\uD83D" }, "body")).not.toBeNull();
    expect(unsafeInput({ name: "\uDE00x" }, "body")).not.toBeNull();
    expect(unsafeInput({ name: "😀 ünïcødé 漢字" }, "body")).toBeNull();
  });

  it("refuses JSON nested deeper than 32 levels without recursing", () => {
    let deep: unknown = "x";
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(unsafeInput(deep, "body")).toMatchObject({ type: "too_deep" });
    let fine: unknown = 1;
    for (let i = 0; i < 20; i++) fine = { a: fine };
    expect(unsafeInput(fine, "body")).toBeNull();
  });

  it("checks form text too", () => {
    expect(hasUnsafeText("ok")).toBe(false);
    expect(hasUnsafeText("n\u0000o")).toBe(true);
  });
});
