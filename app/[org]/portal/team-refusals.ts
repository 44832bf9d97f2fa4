import "server-only";
import { getTranslations } from "next-intl/server";
import type { DomainError } from "@/lib/errors";
import { MEMBER_REFUSALS } from "@/lib/members";
import { refusalMessage } from "./refusals";

type TeamRefusal =
  | "ownerNotAddable"
  | "ownRole"
  | "onlyOwnerHandsOver"
  | "oneOwner"
  | "ownerNotRemovable"
  | "notYourself"
  | "memberNotFound"
  | "notATeam"
  | "notPermitted"
  | "seatsNotAllowed"
  | "canceled"
  | "subscriptionNotFound"
  | "sessionEnded";

// Polar's refusals of the member rules share one code (PolarRequestValidationError, a 422),
// each with its own sentence; the service says which rule refused (DomainError.reason).
const BY_REASON: Partial<Record<string, TeamRefusal>> = {
  [MEMBER_REFUSALS.ownerNotAddable]: "ownerNotAddable",
  [MEMBER_REFUSALS.ownRole]: "ownRole",
  [MEMBER_REFUSALS.onlyOwnerHandsOver]: "onlyOwnerHandsOver",
  [MEMBER_REFUSALS.oneOwner]: "oneOwner",
  [MEMBER_REFUSALS.ownerNotRemovable]: "ownerNotRemovable",
  [MEMBER_REFUSALS.notYourself]: "notYourself",
  [MEMBER_REFUSALS.notATeam]: "notATeam",
};

const BY_CODE: Record<string, TeamRefusal> = {
  UpdateSubscriptionSeatsNotAllowed: "seatsNotAllowed",
  AlreadyCanceledSubscription: "canceled",
  // The API's words for a member removed while signed in ("The access token is invalid…").
  Unauthorized: "sessionEnded",
};

/**
 * A refusal of the team's or the seat count's rules, in the reader's words (English too:
 * Polar's sentences are written for API clients). What is not particular to these pages
 * is said as every other page says it (refusals.ts).
 */
export async function teamRefusalMessage(error: DomainError, about: "member" | "subscription" = "member"): Promise<string> {
  const t = await getTranslations("TeamRefusals");
  const values = error.values ?? {};
  switch (error.code) {
    case "BelowMinimumSeats":
      return t("belowMinimum", { minimum: values.minimum ?? 0 });
    case "AboveMaximumSeats":
      return t("aboveMaximum", { maximum: values.maximum ?? 0 });
    case "SeatsAlreadyAssigned":
      return t("seatsInUse", { live: values.live ?? 0, revoke: values.revoke ?? 0, wanted: values.wanted ?? 0 });
    case "ResourceNotFound":
      return t(about === "member" ? "memberNotFound" : "subscriptionNotFound");
    case "NotPermitted":
      return t((error.reason && BY_REASON[error.reason]) || "notPermitted");
  }
  const key = (error.reason && BY_REASON[error.reason]) || BY_CODE[error.code];
  return key ? t(key) : refusalMessage(error);
}
