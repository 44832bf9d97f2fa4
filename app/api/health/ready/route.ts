import { timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";
import { readiness } from "@/lib/health";

// Readiness: 200 when the database answers and its migrations are current, else 503. The
// details (latency, migrations, the backlog of the email outbox and of webhooks, a
// database error's text) tell a stranger how busy the portal is and how it fails: they
// need HEALTH_TOKEN (else CRON_SECRET) as a bearer token when one is set. A balancer's
// probe needs only the status.
function mayReadDetails(request: Request) {
  const secret = env().HEALTH_TOKEN ?? env().CRON_SECRET;
  if (!secret) return true;
  const given = Buffer.from(request.headers.get("authorization") ?? "");
  const expected = Buffer.from(`Bearer ${secret}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export async function GET(request: Request) {
  const report = await readiness();
  const body = mayReadDetails(request) ? report : { ready: report.ready };
  return Response.json(body, { status: report.ready ? 200 : 503, headers: { "cache-control": "no-store" } });
}
