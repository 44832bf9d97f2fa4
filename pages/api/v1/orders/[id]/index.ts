import { apiEndpoint, type ApiRouteConfig } from "@/lib/api/endpoint";
import { apiRoute } from "@/lib/api/route";
import { getOrder } from "@/lib/billing/orders";
import { IdParams } from "@/lib/billing/schemas";
import { readScopes } from "@/lib/auth/scopes";
import { toOrder } from "@/lib/wire/merchant";

export default apiEndpoint({
  GET: apiRoute({ auth: "organization", scopes: readScopes("orders"), params: IdParams }, async ({ actor, params }) =>
    toOrder(await getOrder(actor, params.id)),
  ),
});

export const config: ApiRouteConfig = { api: { bodyParser: false, responseLimit: false } };
