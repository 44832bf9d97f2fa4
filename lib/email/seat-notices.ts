import { formatEmailDate as formatDate } from "./format";
import { escapeHtml, htmlLayout, type EmailMessage } from "./message";


/** To the billing customer: someone they invited is in. */
export function seatClaimedNotice(args: { to: string; holder: string; productName: string; organizationName: string; seatsUrl: string }): EmailMessage {
  const lead = `${args.holder} accepted your invitation and now holds a seat on ${args.productName} from ${args.organizationName}.`;
  const footer = "You receive this because you manage these seats.";
  return {
    kind: "seat_claimed_notice",
    to: args.to,
    subject: `${args.holder} claimed their seat on ${args.productName}`,
    text: ["Hello,", "", lead, "", "Manage your seats:", args.seatsUrl, "", footer, ""].join("\n"),
    html: htmlLayout({ heading: `${args.holder} claimed their seat`, paragraphs: [escapeHtml(lead)], action: { label: "Manage seats", url: args.seatsUrl }, footer }),
  };
}

/**
 * To the invitee, a day before their link lapses. The link is new (tokens are kept only as
 * hashes, so the first one cannot be sent again); it lapses when the first one would have.
 */
export function seatReminder(args: { to: string; claimUrl: string; productName: string; organizationName: string; expiresAt: Date }): EmailMessage {
  const lead = `Your invitation to a seat on ${args.productName} from ${args.organizationName} is still waiting for you, and it expires on ${formatDate(args.expiresAt)}.`;
  const note = "Use the link below: links in earlier emails about this invitation no longer work.";
  const footer = "If you do not want this seat, you can ignore this email.";
  return {
    kind: "seat_reminder",
    to: args.to,
    subject: `Reminder: your seat on ${args.productName} is waiting`,
    text: ["Hello,", "", lead, note, "", "Claim your seat:", args.claimUrl, "", footer, ""].join("\n"),
    html: htmlLayout({
      heading: `Your seat on ${args.productName} is waiting`,
      paragraphs: [escapeHtml(lead), escapeHtml(note)],
      action: { label: "Claim your seat", url: args.claimUrl },
      footer,
    }),
  };
}
