import { describe, expect, it } from "vitest";
import { seal, unseal } from "@/lib/seal";

const secret = "unit-test-secret-0123456789abcdef0123456789";

describe("seal", () => {
  it("round-trips, and hides the plaintext", () => {
    const sealed = seal("https://x.test/claim?token=SECRET", secret);
    expect(sealed).not.toContain("SECRET");
    expect(unseal(sealed, secret)).toBe("https://x.test/claim?token=SECRET");
  });

  it("seals the same text differently each time", () => {
    expect(seal("a", secret)).not.toBe(seal("a", secret));
  });

  it("refuses another key and a tampered payload", () => {
    const sealed = seal("hello", secret);
    expect(() => unseal(sealed, `${secret}-other`)).toThrow();
    const tampered = sealed.slice(0, -2) + (sealed.endsWith("A") ? "BB" : "AA");
    expect(() => unseal(tampered, secret)).toThrow();
  });
});

describe("seal purposes", () => {
  it("keeps a webhook secret unreadable with the email key", () => {
    const sealed = seal("polar_whs_x", secret, "webhook-secret");
    expect(unseal(sealed, secret, "webhook-secret")).toBe("polar_whs_x");
    expect(() => unseal(sealed, secret, "email-outbox")).toThrow();
  });
});
