import Link from "next/link";
import { notFound } from "next/navigation";
import { formatDateTime } from "@/components/seats/format";
import { z } from "zod";
import { buttonStyles, cardStyles, inputStyles, linkStyles } from "@/components/ui/styles";
import { SearchText } from "@/lib/seats/schemas";
import { devMailboxEnabled, listDevMailbox } from "@/lib/email/dev-mailbox";

// Named only where the page exists: a production 404 here looks like any other 404.
export function generateMetadata() {
  return devMailboxEnabled() ? { title: "Dev mailbox" } : {};
}
export const dynamic = "force-dynamic";

const LINK = /(https?:\/\/[^\s]+)/g;

function withLinks(text: string) {
  return text.split(LINK).map((part, index) =>
    index % 2 === 1 ? (
      <a key={index} href={part} className={`${linkStyles} break-all`}>
        {part}
      </a>
    ) : (
      part
    ),
  );
}

// Development without a mail server: the emails the portal would have sent, with their
// links, so sign-in and claiming work on a fresh machine. Never in production.
const MailboxQuery = z.object({ to: SearchText.optional().catch(undefined) });
const SHOWN = 50;

export default async function DevMailboxPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (!devMailboxEnabled()) notFound();
  const { to } = MailboxQuery.parse(await searchParams);
  const messages = await listDevMailbox(SHOWN, to || undefined);
  return (
    <main className="mx-auto max-w-3xl px-4 py-10">
      <h1 className="text-2xl font-semibold tracking-tight">Dev mailbox</h1>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
        Emails the portal sent while no <code className="font-mono">SMTP_URL</code> is set, the newest {SHOWN} first. Reload to see new ones. This page does not exist in production.
      </p>
      {/* After a bulk invitation one person's email is far down: find it by its address. */}
      <form method="get" role="search" aria-label="Emails to one address" className="mt-6 flex flex-wrap items-end gap-3">
        <div className="min-w-48 flex-1">
          <label htmlFor="mailbox-to" className="mb-1 block text-xs font-medium text-zinc-600 dark:text-zinc-400">
            To (part of the address)
          </label>
          <input id="mailbox-to" name="to" type="search" maxLength={254} defaultValue={to ?? ""} className={inputStyles} />
        </div>
        <button type="submit" className={buttonStyles.secondary}>
          Show
        </button>
        {to ? (
          <Link href="/dev/mailbox" className={`${linkStyles} py-2 text-sm`}>
            Every address
          </Link>
        ) : null}
      </form>
      {messages.length === 0 ? (
        <p className="mt-8 text-sm text-zinc-600 dark:text-zinc-400">{to ? "No email to an address with this in it." : "No emails yet."}</p>
      ) : (
        <ol className="mt-8 space-y-4">
          {messages.map((message) => (
            <li key={message.id} className={`${cardStyles} p-5`} data-to={message.to}>
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <h2 className="font-semibold">{message.subject}</h2>
                <span className="text-xs text-zinc-500">{formatDateTime(message.createdAt)}</span>
              </div>
              <p className="text-sm text-zinc-600 dark:text-zinc-400">
                To <span className="font-medium text-zinc-900 dark:text-zinc-100">{message.to}</span>
                {message.status === "pending" ? " · not delivered yet" : ""}
              </p>
              {message.text ? (
                <pre className="mt-3 whitespace-pre-wrap break-words rounded-lg bg-zinc-50 p-3 font-sans text-sm dark:bg-zinc-950">{withLinks(message.text)}</pre>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </main>
  );
}
