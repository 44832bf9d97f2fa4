import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { unseal } from "@/lib/seal";
import { containing } from "@/lib/text-filter";

export type MailboxMessage = {
  id: string;
  kind: string;
  to: string;
  subject: string;
  createdAt: Date;
  status: string;
  text: string | null;
};

/** The dev mailbox exists outside production, and holds what went to the console. */
export function devMailboxEnabled() {
  return env().NODE_ENV !== "production";
}

/** The newest emails that went to the console (or wait to go), for one address when `to` is part of it. */
export async function listDevMailbox(limit = 50, to?: string): Promise<MailboxMessage[]> {
  const rows = await db().prisma.emailOutbox.findMany({
    where: { OR: [{ transport: "console" }, { status: "pending" }], ...(to ? { recipient: containing(to) } : {}) },
    orderBy: { createdAt: "desc" },
    take: limit,
    select: { id: true, kind: true, recipient: true, subject: true, createdAt: true, status: true, payload: true },
  });
  return rows.map((row) => {
    let text: string | null = null;
    try {
      text = row.payload ? (JSON.parse(unseal(row.payload, env().AUTH_SECRET)) as { text: string }).text : null;
    } catch {
      text = null;
    }
    return { id: row.id, kind: row.kind, to: row.recipient, subject: row.subject, createdAt: row.createdAt, status: row.status, text };
  });
}
