import { readiness } from "@/lib/health";

// Readiness: 200 when the database answers and its migrations are current, else 503; with
// the backlog of the email outbox and of webhooks, for monitoring.
export async function GET() {
  const report = await readiness();
  return Response.json(report, { status: report.ready ? 200 : 503, headers: { "cache-control": "no-store" } });
}
