import { describe, expect, it } from "vitest";
import { parseInviteList, toCsv } from "@/lib/csv";

describe("parseInviteList", () => {
  it("reads a CSV with an email column, the other columns as metadata", () => {
    expect(parseInviteList("Email,team,role\na@x.co,core,admin\nb@x.co,,\n")).toEqual([
      { email: "a@x.co", metadata: { team: "core", role: "admin" } },
      { email: "b@x.co" },
    ]);
  });

  it("reads semicolon-separated CSV and quoted cells", () => {
    expect(parseInviteList('email;note\n"c@x.co";"hello; world"')).toEqual([{ email: "c@x.co", metadata: { note: "hello; world" } }]);
  });

  it("reads a pasted list, one per line or comma-separated", () => {
    expect(parseInviteList("a@x.co\n b@x.co , c@x.co\n\n")).toEqual([{ email: "a@x.co" }, { email: "b@x.co" }, { email: "c@x.co" }]);
  });

  it("keeps invalid addresses for the service to judge", () => {
    expect(parseInviteList("email\nnot-an-email")).toEqual([{ email: "not-an-email" }]);
  });
});

describe("toCsv", () => {
  it("quotes what needs quoting and defuses formulas", () => {
    expect(toCsv(["email", "note"], [["=cmd()@x.co", 'say "hi", ok'], ["a@x.co", null]])).toBe('email,note\n\'=cmd()@x.co,"say ""hi"", ok"\na@x.co,\n');
  });
});
