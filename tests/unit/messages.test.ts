import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LOCALES, localeFromAcceptLanguage } from "@/i18n/locales";

type Messages = { [key: string]: string | Messages };

const messagesOf = (locale: string) => JSON.parse(readFileSync(path.resolve(import.meta.dirname, `../../messages/${locale}.json`), "utf8")) as Messages;

/** Every key path of a messages file, with the ICU arguments ({name}) and tags (<b>) its text uses. */
function entries(messages: Messages, prefix = ""): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const [key, value] of Object.entries(messages)) {
    const at = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") found.set(at, placeholders(value));
    else for (const [inner, args] of entries(value, at)) found.set(inner, args);
  }
  return found;
}

/** The argument names and tags of an ICU message, sorted: "{count, plural, one {#} other {#}} <b>" → ["<b>", "count"]. */
function placeholders(text: string): string[] {
  const names = new Set<string>();
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "{") {
      // An argument starts at an even depth: depth 0, or inside a plural's branch (depth 2).
      if (depth % 2 === 0) {
        let end = i + 1;
        while (end < text.length && /[\w]/.test(text[end]!)) end++;
        if (end > i + 1) names.add(text.slice(i + 1, end));
      }
      depth++;
    } else if (c === "}") depth--;
    else if (c === "<" && text[i + 1] !== "/") {
      const end = text.indexOf(">", i);
      if (end > i) names.add(text.slice(i, end + 1));
    }
  }
  return [...names].sort();
}

describe("the portal's messages", () => {
  const english = entries(messagesOf("en"));

  it.each(LOCALES.filter((locale) => locale !== "en"))("%s has every English key, no other, with the same arguments", (locale) => {
    const translated = entries(messagesOf(locale));
    expect([...translated.keys()].sort()).toEqual([...english.keys()].sort());
    for (const [key, args] of english) expect(translated.get(key), `${locale}: ${key}`).toEqual(args);
  });

  it("finds a missing key (the check above is not empty)", () => {
    const trimmed = messagesOf("de");
    delete (trimmed.SeatTable as Messages).revoke;
    expect([...entries(trimmed).keys()].sort()).not.toEqual([...english.keys()].sort());
  });
});

describe("the seat table's row words (filled by plain replacement, not by ICU)", () => {
  it.each(LOCALES)("%s: hold only {email} and <sr>…</sr>", (locale) => {
    const table = messagesOf(locale).SeatTable as Record<string, string>;
    for (const key of ["resend", "sendNewLink", "share", "revoke", "formerly"]) {
      const rest = table[key]!.replace("<sr>", "").replace("</sr>", "").replace("{email}", "");
      expect(rest, `${locale}: SeatTable.${key}`).not.toMatch(/[{}<>']/);
    }
  });
});

describe("localeFromAcceptLanguage", () => {
  it.each([
    ["de-CH,de;q=0.9,en;q=0.8", "de"],
    ["fr-FR", "fr"],
    ["ja,en;q=0.5", "en"],
    ["en;q=0.5,de;q=0.9", "de"],
    ["de;q=0, fr;q=0.1", "fr"],
    ["ja", null],
    ["", null],
    [null, null],
    ["*", null],
    [`${"x-".repeat(5000)},de`, null],
  ])("%s → %s", (header, expected) => {
    expect(localeFromAcceptLanguage(header)).toBe(expected);
  });
});
