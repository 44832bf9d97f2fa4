"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { TIME_ZONE_COOKIE } from "./time-zone-cookie";

/**
 * Tells the server the browser's time zone (a cookie), so pages show times as the reader's
 * clock does; the first page drawn before it knew is drawn again. Without JavaScript the
 * pages stay in UTC, and say so.
 */
export function TimeZoneSync({ known }: { known: string | null }) {
  const router = useRouter();
  useEffect(() => {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!zone || zone === known) return;
    document.cookie = `${TIME_ZONE_COOKIE}=${encodeURIComponent(zone)}; path=/; max-age=31536000; samesite=lax`;
    router.refresh();
  }, [known, router]);
  return null;
}
