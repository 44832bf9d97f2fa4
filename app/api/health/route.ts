// Liveness: the process answers (readiness, with the database, is /api/health/ready).
export function GET() {
  return Response.json({ status: "ok" }, { headers: { "cache-control": "no-store" } });
}
