import { onPublicAddress } from "@/lib/public-address";
import { escapeHtml, htmlLayout, type EmailMessage } from "./message";

export function signInLinkEmail(args: { to: string; url: string; portalName: string; expiresAt: Date }): EmailMessage {
  // Auth.js makes the link on the request's address: localhost:<PORT> behind our server, or
  // whatever Host header the client who asked for the link wrote (a link to their site
  // would hand them the token). The link is always one to this portal, so it goes out on
  // PUBLIC_URL, like every link in an email.
  const url = onPublicAddress(args.url);
  const minutes = Math.max(1, Math.round((args.expiresAt.getTime() - Date.now()) / 60_000));
  const lead = `Use the link below to sign in to the ${args.portalName}. It works once, for the next ${minutes} minutes.`;
  const footer = "If you did not ask to sign in, you can ignore this email.";
  return {
    kind: "sign_in_link",
    to: args.to,
    subject: `Sign in to the ${args.portalName}`,
    text: ["Hello,", "", lead, "", url, "", footer, ""].join("\n"),
    html: htmlLayout({
      heading: `Sign in to the ${args.portalName}`,
      paragraphs: [escapeHtml(lead)],
      action: { label: "Sign in", url },
      footer,
    }),
  };
}
