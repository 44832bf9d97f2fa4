import { apiEndpoint } from "@/lib/api/endpoint";
import { apiRoute } from "@/lib/api/route";
import { createCustomerSession } from "@/lib/auth/customer-sessions";
import { CustomerSessionCreateBody } from "@/lib/auth/schemas";
import { toCustomerSession } from "@/lib/wire/customer-session";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiEndpoint({
  POST: apiRoute(
    { auth: "organization", scopes: ["customer_sessions:write"], body: CustomerSessionCreateBody, status: 201 },
    async ({ actor, body }) => toCustomerSession(await createCustomerSession(actor, body)),
  ),
});

export const dynamic = "force-dynamic";
