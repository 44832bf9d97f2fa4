import { apiEndpoint } from "@/lib/api/endpoint";
import { apiRoute } from "@/lib/api/route";
import { createOrder, listOrders } from "@/lib/billing/orders";
import { OrderCreateBody, OrderListQuery } from "@/lib/billing/schemas";
import { readScopes, writeScopes } from "@/lib/auth/scopes";
import { toListResource } from "@/lib/wire/list-resource";
import { toOrder } from "@/lib/wire/merchant";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiEndpoint({
  GET: apiRoute({ auth: "organization", scopes: readScopes("orders"), query: OrderListQuery }, async ({ actor, query }) =>
    toListResource(await listOrders(actor, query), toOrder),
  ),
  POST: apiRoute({ auth: "organization", scopes: writeScopes("orders"), body: OrderCreateBody, status: 201 }, async ({ actor, body }) =>
    toOrder(await createOrder(actor, body)),
  ),
});

export const dynamic = "force-dynamic";
