import { describe, expect, it } from "vitest";
import { portalReturnPath, portalSignInPath } from "@/lib/auth/return-path";

describe("portalReturnPath (where sign-in sends a visitor back)", () => {
  it("keeps a path of the organization's portal, with its query", () => {
    expect(portalReturnPath("acme", "/acme/portal")).toBe("/acme/portal");
    expect(portalReturnPath("acme", "/acme/portal/subscriptions/1?status=pending&page=2")).toBe("/acme/portal/subscriptions/1?status=pending&page=2");
  });

  it.each([
    ["another site", "https://evil.example/acme/portal"],
    ["a scheme-relative address", "//evil.example/acme/portal"],
    ["a backslash", "/\\evil.example/acme/portal"],
    ["a tab that turns into //", "/\t/evil.example/acme/portal"],
    ["another organization's portal", "/other/portal/claimed"],
    ["a path that normalizes out of the portal", "/acme/portal/../../other/portal"],
    ["a prefix of the slug", "/acme-corp/portal"],
    ["the sign-in page itself", "/acme/portal/sign-in?next=/acme/portal"],
    ["a relative path", "acme/portal"],
    ["a javascript: address", "javascript:alert(1)"],
    ["nothing", ""],
    ["not a string", ["/acme/portal"]],
    ["something huge", `/acme/portal/${"a".repeat(5000)}`],
  ])("drops %s", (_label, value) => {
    expect(portalReturnPath("acme", value)).toBeNull();
  });

  it("puts the destination on the sign-in page's address, and leaves a bad one off", () => {
    expect(portalSignInPath("acme", "/acme/portal/claimed")).toBe("/acme/portal/sign-in?next=%2Facme%2Fportal%2Fclaimed");
    expect(portalSignInPath("acme", "//evil.example")).toBe("/acme/portal/sign-in");
    expect(portalSignInPath("acme")).toBe("/acme/portal/sign-in");
  });
});
