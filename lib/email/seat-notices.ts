import type { Locale } from "@/i18n/locales";
import { escapeHtml, htmlLayout, type EmailMessage } from "./message";
import { emailTranslator, formatEmailDate } from "./translator";

/** To the billing customer: someone they invited is in. */
export function seatClaimedNotice(args: { to: string; holder: string; productName: string; organizationName: string; seatsUrl: string; locale: Locale }): EmailMessage {
  const t = emailTranslator(args.locale);
  const names = { holder: args.holder, product: args.productName, organization: args.organizationName };
  const lead = t("claimed.lead", names);
  const footer = t("claimed.footer");
  return {
    kind: "seat_claimed_notice",
    to: args.to,
    subject: t("claimed.subject", names),
    text: [t("hello"), "", lead, "", t("claimed.manage"), args.seatsUrl, "", footer, ""].join("\n"),
    html: htmlLayout({ heading: t("claimed.heading", names), paragraphs: [escapeHtml(lead)], action: { label: t("claimed.action"), url: args.seatsUrl }, footer }),
  };
}

/**
 * To the invitee, a day before their link lapses. The link is new (tokens are kept only as
 * hashes, so the first one cannot be sent again); it lapses when the first one would have.
 */
export function seatReminder(args: { to: string; claimUrl: string; productName: string; organizationName: string; expiresAt: Date; locale: Locale }): EmailMessage {
  const t = emailTranslator(args.locale);
  const names = { product: args.productName, organization: args.organizationName };
  const lead = t("reminder.lead", { ...names, date: formatEmailDate(args.expiresAt, args.locale) });
  const note = t("reminder.note");
  const footer = t("reminder.footer");
  return {
    kind: "seat_reminder",
    to: args.to,
    subject: t("reminder.subject", names),
    text: [t("hello"), "", lead, note, "", t("reminder.claim"), args.claimUrl, "", footer, ""].join("\n"),
    html: htmlLayout({
      heading: t("reminder.heading", names),
      paragraphs: [escapeHtml(lead), escapeHtml(note)],
      action: { label: t("reminder.action"), url: args.claimUrl },
      footer,
    }),
  };
}
