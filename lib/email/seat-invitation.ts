import type { Locale } from "@/i18n/locales";
import { escapeHtml, htmlLayout, type EmailMessage } from "./message";
import { emailTranslator, formatEmailDate } from "./translator";

export type SeatInvitation = {
  to: string;
  claimUrl: string;
  productName: string;
  organizationName: string;
  invitedBy: string | null;
  expiresAt: Date;
  /** The organization's language (the invitee's own is not known). */
  locale: Locale;
};

export function seatInvitationEmail(invitation: SeatInvitation): EmailMessage {
  const t = emailTranslator(invitation.locale);
  const names = { product: invitation.productName, organization: invitation.organizationName, inviter: invitation.invitedBy ?? "" };
  const heading = invitation.invitedBy ? t("invitation.subjectBy", names) : t("invitation.subject", names);
  const lead = invitation.invitedBy ? t("invitation.leadBy", names) : t("invitation.lead", names);
  const until = t("invitation.until", { date: formatEmailDate(invitation.expiresAt, invitation.locale) });
  const footer = t("invitation.footer");
  return {
    kind: "seat_invitation",
    to: invitation.to,
    subject: heading,
    text: [t("hello"), ``, lead, ``, t("invitation.claim"), invitation.claimUrl, ``, until, ``, footer, ``].join("\n"),
    html: htmlLayout({
      heading,
      paragraphs: [escapeHtml(lead), escapeHtml(until)],
      action: { label: t("invitation.action"), url: invitation.claimUrl },
      footer,
    }),
  };
}
