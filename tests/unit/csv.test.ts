import { describe, expect, it } from "vitest";
import { parseInviteList, toCsv } from "@/lib/csv";
import { BULK_LIST_MAX_BYTES, BULK_LIST_MAX_LINE, BULK_LIST_MAX_ROWS } from "@/lib/form-limits.mjs";

describe("parseInviteList", () => {
  it("reads a CSV with an email column, the other columns as metadata", () => {
    expect(parseInviteList("Email,team,role\na@x.co,core,admin\nb@x.co,,\n")).toEqual({
      ok: true,
      rows: [{ email: "a@x.co", metadata: { team: "core", role: "admin" } }, { email: "b@x.co" }],
    });
  });

  it("reads semicolon-separated CSV and quoted cells", () => {
    expect(parseInviteList('email;note\n"c@x.co";"hello; world"')).toEqual({ ok: true, rows: [{ email: "c@x.co", metadata: { note: "hello; world" } }] });
  });

  it("reads a pasted list, one per line or comma-separated", () => {
    expect(parseInviteList("a@x.co\n b@x.co , c@x.co\n\n")).toEqual({ ok: true, rows: [{ email: "a@x.co" }, { email: "b@x.co" }, { email: "c@x.co" }] });
  });

  it("keeps invalid addresses for the service to judge", () => {
    expect(parseInviteList("email\nnot-an-email")).toEqual({ ok: true, rows: [{ email: "not-an-email" }] });
  });
});

describe("toCsv", () => {
  it("quotes what needs quoting and defuses formulas", () => {
    expect(toCsv(["email", "note"], [["=cmd()@x.co", 'say "hi", ok'], ["a@x.co", null]])).toBe('email,note\n\'=cmd()@x.co,"say ""hi"", ok"\na@x.co,\n');
  });
});

describe("parseInviteList on hostile input", () => {
  // A run of tabs made the old header test (a regular expression) backtrack quadratically:
  // one 60 KB line held the event loop for 8 s.
  it("answers a 60,000-tab line within a second", () => {
    const started = performance.now();
    try {
      parseInviteList(`x${"\t".repeat(60_000)}x`);
    } catch {
      // Refusing is as good as parsing here; only the time is judged.
    }
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("refuses a line longer than its bound, before reading it, and says which", () => {
    expect(parseInviteList(`email\na@x.co\n${"b".repeat(BULK_LIST_MAX_LINE + 1)}`)).toEqual({
      ok: false,
      problem: `Line 3 is longer than ${BULK_LIST_MAX_LINE.toLocaleString("en-US")} characters. Put one address per line.`,
    });
  });

  it("refuses a list larger than its bound in bytes, however few its characters", () => {
    const multibyte = "é".repeat(BULK_LIST_MAX_BYTES / 2 + 1);
    expect(multibyte.length).toBeLessThan(BULK_LIST_MAX_BYTES);
    expect(parseInviteList(multibyte)).toMatchObject({ ok: false, problem: expect.stringContaining("larger than") });
  });

  it("refuses more rows than a bulk invitation takes, counted as lines or as addresses", () => {
    const addresses = Array.from({ length: BULK_LIST_MAX_ROWS + 1 }, (_, i) => `p${i}@x.co`);
    expect(parseInviteList(["email", ...addresses.slice(1), "", ""].join("\n"))).toMatchObject({ ok: true });
    expect(parseInviteList(addresses.join("\n"))).toMatchObject({ ok: false, problem: expect.stringContaining("1,001 rows") });
    expect(parseInviteList(["email", ...addresses].join("\n"))).toMatchObject({ ok: false, problem: expect.stringContaining("1,002 lines") });
    expect(parseInviteList(addresses.join(", "))).toMatchObject({ ok: false, problem: expect.stringContaining("1,001 rows") });
  });

  it("takes a list of addresses pasted on one line, separated by commas", () => {
    const addresses = Array.from({ length: 500 }, (_, i) => `p${i}@x.co`);
    expect(parseInviteList(addresses.join(", "))).toEqual({ ok: true, rows: addresses.map((email) => ({ email })) });
  });

  it("refuses a CSV with broken quotes with a message for people", () => {
    expect(parseInviteList('email,note\na@x.co,"open')).toEqual({ ok: false, problem: "This CSV could not be read. Check its quotes and columns." });
  });

  // Each is the largest of its kind the bounds let through: what one post can cost.
  it.each([
    ["tabs just under the line bound", `x${"\t".repeat(BULK_LIST_MAX_LINE - 2)}x`],
    ["a header, then lines of tabs up to the byte bound", `email\tnote\n${`a@x.co${"\t".repeat(500)}\n`.repeat(1000)}`],
    ["separators only", ",;".repeat(BULK_LIST_MAX_BYTES / 2 - 1)],
    ["spaces and quotes", `"email"${' "'.repeat(BULK_LIST_MAX_LINE / 2 - 8)}`],
  ])("reads %s within a second", (_name, text) => {
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(BULK_LIST_MAX_BYTES);
    const started = performance.now();
    parseInviteList(text);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
