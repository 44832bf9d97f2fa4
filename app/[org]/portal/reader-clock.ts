import "server-only";
import { cookies } from "next/headers";
import { cache } from "react";
import { getLocale } from "next-intl/server";
import type { ReaderClock } from "@/components/seats/format";
import { TIME_ZONE_COOKIE } from "@/components/ui/time-zone-cookie";
import { decodedSegment } from "@/lib/url-segment";

const zones = new Map<string, boolean>();

/** An IANA time zone this runtime knows, or null (the cookie is whatever the client sent). */
function knownTimeZone(value: string | undefined): string | null {
  if (!value || value.length > 64) return null;
  let known = zones.get(value);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: value });
      known = true;
    } catch {
      known = false;
    }
    if (zones.size < 1000) zones.set(value, known);
  }
  return known ? value : null;
}

/** The reader's clock for this request: their time zone as their browser last told it (TimeZoneSync). */
export const readerClock = cache(async (): Promise<ReaderClock> => {
  const [jar, locale] = await Promise.all([cookies(), getLocale()]);
  const zone = jar.get(TIME_ZONE_COOKIE)?.value;
  // English as the portal has always written it (Dec 9, 2026); other languages their own way.
  return { locale: locale === "en" ? "en-US" : locale, timeZone: knownTimeZone(zone ? (decodedSegment(zone) ?? undefined) : undefined) };
});
