import { apiEndpoint } from "@/lib/api/endpoint";
import { apiRoute } from "@/lib/api/route";
import { CUSTOMER_PORTAL_WRITE } from "@/lib/auth/scopes";
import { bulkAssignSeats } from "@/lib/seats";
import { BulkSeatAssignBody } from "@/lib/seats/schemas";
import { toBulkSeatResult } from "@/lib/wire/customer-seat";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiEndpoint({
  // This portal's extension (not Polar's): up to 1,000 invitations checked under one lock,
  // with a result per row; `dry_run` says what would happen and changes nothing.
  POST: apiRoute(
    { auth: "customer", scopes: [CUSTOMER_PORTAL_WRITE], body: BulkSeatAssignBody, bodyLimit: 1024 * 1024, idempotent: true },
    async ({ actor, body }) => toBulkSeatResult(await bulkAssignSeats(actor, body)),
  ),
});

export const dynamic = "force-dynamic";
