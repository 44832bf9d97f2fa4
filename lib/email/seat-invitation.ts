import { formatEmailDate as formatDate } from "./format";
import { escapeHtml, htmlLayout, type EmailMessage } from "./message";

export type SeatInvitation = {
  to: string;
  claimUrl: string;
  productName: string;
  organizationName: string;
  invitedBy: string | null;
  expiresAt: Date;
};

export function seatInvitationEmail(invitation: SeatInvitation): EmailMessage {
  const { productName, organizationName, invitedBy } = invitation;
  const heading = invitedBy ? `${invitedBy} invited you to ${productName}` : `You are invited to ${productName}`;
  const lead = invitedBy
    ? `${invitedBy} gave you a seat on ${productName} from ${organizationName}.`
    : `You have been given a seat on ${productName} from ${organizationName}.`;
  const until = `The link works until ${formatDate(invitation.expiresAt)} and can be used once.`;
  const footer = "If you did not expect this invitation, you can ignore this email: nothing happens until the seat is claimed.";
  return {
    kind: "seat_invitation",
    to: invitation.to,
    subject: heading,
    text: [`Hello,`, ``, lead, ``, `Claim your seat:`, invitation.claimUrl, ``, until, ``, footer, ``].join("\n"),
    html: htmlLayout({
      heading,
      paragraphs: [escapeHtml(lead), escapeHtml(until)],
      action: { label: "Claim your seat", url: invitation.claimUrl },
      footer,
    }),
  };
}
