import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { env } from "@/lib/env";
import type { EmailMessage } from "./message";

export type Delivery = "smtp" | "console";

const holder = globalThis as unknown as { seatPortalMailer?: { url: string; transporter: Transporter } };

function smtp(url: string) {
  if (holder.seatPortalMailer?.url !== url) {
    holder.seatPortalMailer = { url, transporter: nodemailer.createTransport(url) };
  }
  return holder.seatPortalMailer.transporter;
}

/** Where mail goes: SMTP when SMTP_URL is set, else the console (SPEC §4). */
export function currentDelivery(): Delivery {
  return env().SMTP_URL ? "smtp" : "console";
}

export async function send(message: EmailMessage, delivery: Delivery) {
  if (delivery === "smtp") {
    await smtp(env().SMTP_URL!).sendMail({
      from: env().MAIL_FROM,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
    });
    return;
  }
  // Without a mail server the message (links included) goes to the console, and in
  // development it stays readable on the dev mailbox page.
  console.log(`\n[mail] to ${message.to}: ${message.subject}\n${message.text}`);
}
