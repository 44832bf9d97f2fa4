"use client";

import { useTranslations } from "next-intl";
import { useMemo } from "react";
import type { SeatStatusView } from "./view-types";

/** A button's words: what it shows, and around it what only a screen reader needs ({email} filled per row). */
export type SplitLabel = { before: string; hidden: string; after: string };

/** The words of every row of the seat table, read from the messages once per table. */
export type RowLabels = {
  resend: SplitLabel;
  sendNewLink: SplitLabel;
  share: SplitLabel;
  revoke: SplitLabel;
  sending: string;
  making: string;
  revoking: string;
  freeRevoked: string;
  formerly: string;
  linkExpired: string;
  linkValidUntil: string;
  metadata: string;
  invitedLabel: string;
  claimedLabel: string;
  status: Record<SeatStatusView, string>;
};

/** "Resend<sr> to {email}</sr>" → { before: "Resend", hidden: " to {email}", after: "" }. */
export function splitLabel(raw: string): SplitLabel {
  const open = raw.indexOf("<sr>");
  const close = raw.indexOf("</sr>");
  if (open === -1 || close < open) return { before: raw, hidden: "", after: "" };
  return { before: raw.slice(0, open), hidden: raw.slice(open + 4, close), after: raw.slice(close + 5) };
}

/** `{email}` in a message, filled by plain replacement (tests/unit/messages.test.ts checks these messages hold nothing else). */
export const withEmail = (text: string, email: string) => text.replace("{email}", email);

/**
 * The row's words for a 100-row table: next-intl formats a message per call (t.rich per
 * button per row cost about 5 ms of server CPU per page in `npm run bench`'s page case), so
 * the table reads each message once and the rows fill in the email.
 */
export function useRowLabels(): RowLabels {
  const t = useTranslations("SeatTable");
  const ts = useTranslations("Status");
  return useMemo(
    () => ({
      resend: splitLabel(t.raw("resend") as string),
      sendNewLink: splitLabel(t.raw("sendNewLink") as string),
      share: splitLabel(t.raw("share") as string),
      revoke: splitLabel(t.raw("revoke") as string),
      sending: t("sending"),
      making: t("making"),
      revoking: t("revoking"),
      freeRevoked: t("freeRevoked"),
      formerly: t.raw("formerly") as string,
      linkExpired: t("linkExpired"),
      linkValidUntil: t("linkValidUntil"),
      metadata: t("metadata"),
      invitedLabel: t("invitedLabel"),
      claimedLabel: t("claimedLabel"),
      status: { claimed: ts("claimed"), pending: ts("pending"), expired: ts("expired"), revoked: ts("revoked") },
    }),
    [t, ts],
  );
}

/** A split label for one row: the shown words, and the row's person for screen readers. */
export function RowLabel({ label, email }: { label: SplitLabel; email: string }) {
  return (
    <>
      {label.before}
      {label.hidden ? <span className="sr-only">{withEmail(label.hidden, email)}</span> : null}
      {label.after}
    </>
  );
}
