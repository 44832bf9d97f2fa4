import { timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";
import { deliverPendingEmails } from "@/lib/email/outbox";
import { deliverPendingWebhooks } from "@/lib/webhooks/deliver";
import { runMaintenance } from "@/lib/background";

// Where no server runs between requests (Vercel), a cron calls this to send the emails and
// webhooks that are due and run the periodic chores (vercel.json). Vercel sends
// `Authorization: Bearer $CRON_SECRET`.
const BUDGET_MS = 20_000;

function authorized(request: Request) {
  const secret = env().CRON_SECRET;
  if (!secret) return false;
  const given = Buffer.from(request.headers.get("authorization") ?? "");
  const expected = Buffer.from(`Bearer ${secret}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export async function GET(request: Request) {
  if (!authorized(request)) return Response.json({ error: "Unauthorized", detail: "Unauthorized" }, { status: 401 });
  const started = Date.now();
  const { reminded } = await runMaintenance();
  let emails = 0;
  let webhooks = 0;
  while (Date.now() - started < BUDGET_MS) {
    const sent = await deliverPendingEmails(25);
    const hooks = await deliverPendingWebhooks(20);
    emails += sent.sent + sent.failed;
    webhooks += hooks;
    if (sent.sent + sent.failed < 25 && hooks < 20) break;
  }
  return Response.json({ emails, webhooks, reminded, duration_ms: Date.now() - started }, { headers: { "cache-control": "no-store" } });
}
