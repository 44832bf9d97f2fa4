import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import type { EmailMessage } from "./message";

export type Delivery = "smtp" | "console";

const holder = globalThis as unknown as { seatPortalMailer?: { url: string; transporter: Transporter } };

function smtp(url: string) {
  if (holder.seatPortalMailer?.url !== url) {
    // Bounded waits: a mail server that stops answering must not hold an outbox row (or a
    // graceful stop) for nodemailer's default ten minutes.
    const options = { ...nodemailer.createTransport(url).options, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };
    holder.seatPortalMailer = { url, transporter: nodemailer.createTransport(options) };
  }
  return holder.seatPortalMailer.transporter;
}

/** Where mail goes: SMTP when SMTP_URL is set, else the console (SPEC §4). */
export function currentDelivery(): Delivery {
  return env().SMTP_URL ? "smtp" : "console";
}

/** The outbox row a message comes from. */
export type QueuedEmail = { id: string; queuedAt: Date };

/**
 * Sends one message. Its Message-ID is the outbox row's id: if a crash between sending and
 * recording makes another instance send it again, both copies carry the same Message-ID,
 * which mail systems use to recognise a duplicate. Its Date is when it was queued (RFC 5322:
 * when it was ready to enter the mail system), so a retried invitation is dated when it was
 * issued, and a mail client that sorts by date lists a person's emails as they were written.
 */
export async function send(message: EmailMessage, delivery: Delivery, queued: QueuedEmail) {
  const messageId = queued.id;
  if (delivery === "smtp") {
    await smtp(env().SMTP_URL!).sendMail({
      from: env().MAIL_FROM,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      messageId: `<${messageId}@${new URL(env().PUBLIC_URL).hostname}>`,
      date: queued.queuedAt,
    });
    return;
  }
  if (env().NODE_ENV === "production") {
    // A production log is read by more people, and kept longer, than the mailbox: the links
    // in these emails are live credentials (a claim link claims the seat, a sign-in link
    // signs in), so the log says who would have got what, and where the links lead, but
    // never the body nor a token (SPEC §3). The operator was warned at start (run-server).
    log("info", "email not delivered: SMTP_URL is not set", {
      email_id: messageId,
      kind: message.kind,
      to: message.to,
      subject: message.subject,
      links: linksOf(message.text).map(maskLink),
    });
    return;
  }
  // In development the whole message goes to the console (and stays on the dev mailbox
  // page): following its links is how one signs in and claims seats without a mail server.
  console.log(`\n[mail] to ${message.to}: ${message.subject}\n${message.text}`);
}

function linksOf(text: string) {
  return text.match(/https?:\/\/[^\s<>"']+/g) ?? [];
}

// Invitation and sign-in tokens are 43 characters of base64url; a UUID (a seat's or a
// subscription's id, not a secret) keeps its place so the link still says where it leads.
const TOKEN_LIKE_SEGMENT = /^[A-Za-z0-9_-]{32,}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A link as a log may show it: its origin and path, every query value masked (tokens
 * travel there: `?token=`, Auth.js's `?token=…&email=…`), and any path segment that could
 * be a token masked too, in case a future link carries one in its path.
 */
export function maskLink(link: string): string {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return "[link]";
  }
  const path = url.pathname
    .split("/")
    .map((segment) => (TOKEN_LIKE_SEGMENT.test(segment) && !UUID.test(segment) ? ":token" : segment))
    .join("/");
  const names = [...new Set(url.searchParams.keys())];
  const query = names.length ? `?${names.map((name) => `${encodeURIComponent(name)}=[masked]`).join("&")}` : "";
  return `${url.origin}${path}${query}`;
}
