import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { env } from "@/lib/env";
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

/**
 * Sends one message. `messageId` is the outbox row's: if a crash between sending and
 * recording makes another instance send it again, both copies carry the same Message-ID,
 * which mail systems use to recognise a duplicate.
 */
export async function send(message: EmailMessage, delivery: Delivery, messageId: string) {
  if (delivery === "smtp") {
    await smtp(env().SMTP_URL!).sendMail({
      from: env().MAIL_FROM,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      messageId: `<${messageId}@${new URL(env().PUBLIC_URL).hostname}>`,
    });
    return;
  }
  // Without a mail server the message (links included) goes to the console, and in
  // development it stays readable on the dev mailbox page.
  console.log(`\n[mail] to ${message.to}: ${message.subject}\n${message.text}`);
}
