import { apiEndpoint } from "@/lib/api/endpoint";
import { apiRoute } from "@/lib/api/route";
import { getOrder } from "@/lib/billing/orders";
import { IdParams } from "@/lib/billing/schemas";
import { readScopes } from "@/lib/auth/scopes";
import { toOrder } from "@/lib/wire/merchant";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiEndpoint({
  GET: apiRoute({ auth: "organization", scopes: readScopes("orders"), params: IdParams }, async ({ actor, params }) =>
    toOrder(await getOrder(actor, params.id)),
  ),
});

export const dynamic = "force-dynamic";
