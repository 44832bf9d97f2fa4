import "server-only";
import { cookies } from "next/headers";
import { Suspense, type ReactNode } from "react";
import { TIME_ZONE_COOKIE } from "@/components/ui/time-zone-cookie";

/**
 * A part of a page that streams in behind a placeholder where the browser runs scripts, and
 * is drawn with the rest of the page where it may not. React sends a part that was not
 * ready in time at the end of the page, hidden, and an inline script swaps it for the
 * placeholder: without JavaScript the placeholder stayed for good ("Loading the activity…",
 * found by a newcomer's run). The time zone cookie is written by a script (TimeZoneSync, on
 * every portal page), so a browser that sends it runs them; any other browser, and a first
 * visit, waits for the whole page.
 */
export async function Streamed({ fallback, children }: { fallback: ReactNode; children: ReactNode }) {
  const scripted = (await cookies()).has(TIME_ZONE_COOKIE);
  return scripted ? <Suspense fallback={fallback}>{children}</Suspense> : children;
}
