import type { Locale } from "@/i18n/locales";
import { onPublicAddress } from "@/lib/public-address";
import { escapeHtml, htmlLayout, type EmailMessage } from "./message";
import { emailTranslator } from "./translator";

/** A sign-in link, in the language of the person who asked for it; `organization` names the portal it leads to, when it names one. */
export function signInLinkEmail(args: { to: string; url: string; organization: string | null; expiresAt: Date; locale: Locale }): EmailMessage {
  // Auth.js makes the link on the request's address: localhost:<PORT> behind our server, or
  // whatever Host header the client who asked for the link wrote (a link to their site
  // would hand them the token). The link is always one to this portal, so it goes out on
  // PUBLIC_URL, like every link in an email.
  const url = onPublicAddress(args.url);
  const t = emailTranslator(args.locale);
  const minutes = Math.max(1, Math.round((args.expiresAt.getTime() - Date.now()) / 60_000));
  const subject = args.organization ? t("signIn.subject", { organization: args.organization }) : t("signIn.subjectGeneric");
  const lead = args.organization ? t("signIn.lead", { organization: args.organization, minutes }) : t("signIn.leadGeneric", { minutes });
  const footer = t("signIn.footer");
  return {
    kind: "sign_in_link",
    to: args.to,
    subject,
    text: [t("hello"), "", lead, "", url, "", footer, ""].join("\n"),
    html: htmlLayout({ heading: subject, paragraphs: [escapeHtml(lead)], action: { label: t("signIn.action"), url }, footer }),
  };
}
