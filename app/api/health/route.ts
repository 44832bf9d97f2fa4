// Liveness: the process answers. (Readiness, with the database, is /api/health/ready.)
export function GET() {
  return Response.json({ status: "ok" });
}
