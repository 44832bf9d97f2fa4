import "server-only";
import { getLocale, getTranslations } from "next-intl/server";
import type { DomainError } from "@/lib/errors";

type RefusalCode = "SeatNotAvailable" | "SeatAlreadyAssigned" | "SeatNotPending" | "InvalidInvitationToken" | "ResourceNotFound" | "NotPermitted" | "Unauthorized" | "AlreadyCanceledSubscription";
const CODES = new Set<string>(["SeatNotAvailable", "SeatAlreadyAssigned", "SeatNotPending", "InvalidInvitationToken", "ResourceNotFound", "NotPermitted", "Unauthorized", "AlreadyCanceledSubscription"]);

/**
 * A refusal of the seat rules as the reader reads it. The rules speak English, each refusal
 * in words that fit its case, and English readers get those words; other readers get their
 * language's words for the refusal's code (the API's `error`), a little less particular.
 */
export async function refusalMessage(error: DomainError): Promise<string> {
  if ((await getLocale()) === "en") return error.message;
  const t = await getTranslations("Refusals");
  const wait = (error as DomainError & { retryAfterSeconds?: unknown }).retryAfterSeconds;
  if (error.code === "TooManyRequests" && typeof wait === "number") return t("TooManyRequests", { seconds: wait });
  return CODES.has(error.code) ? t(error.code as RefusalCode) : error.message;
}
