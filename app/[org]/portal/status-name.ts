import type { getTranslations } from "next-intl/server";

type StatusTranslator = Awaited<ReturnType<typeof getTranslations<"SubscriptionStatus">>>;

/** A subscription's or order's status in the reader's words; one the portal has no words for, as it came. */
export function statusName(t: StatusTranslator, status: string): string {
  const key = status as Parameters<StatusTranslator>[0];
  return t.has(key) ? t(key) : status.replace(/_/g, " ");
}
