import { notFound } from "next/navigation";
import { formatDateTime } from "@/components/seats/format";
import { cardStyles, linkStyles } from "@/components/ui/styles";
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
export default async function DevMailboxPage() {
  if (!devMailboxEnabled()) notFound();
  const messages = await listDevMailbox();
  return (
    <main className="mx-auto max-w-3xl px-4 py-10">
      <h1 className="text-2xl font-semibold tracking-tight">Dev mailbox</h1>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
        Emails the portal sent while no <code className="font-mono">SMTP_URL</code> is set, newest first. Reload to see new ones. This page does not exist in production.
      </p>
      {messages.length === 0 ? (
        <p className="mt-8 text-sm text-zinc-600 dark:text-zinc-400">No emails yet.</p>
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
