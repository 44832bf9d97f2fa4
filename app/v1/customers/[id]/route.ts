import { apiEndpoint } from "@/lib/api/endpoint";
import { apiRoute } from "@/lib/api/route";
import { deleteCustomer, getCustomer, updateCustomer } from "@/lib/billing/customers";
import { CustomerUpdateBody, IdParams } from "@/lib/billing/schemas";
import { readScopes, writeScopes } from "@/lib/auth/scopes";
import { toCustomer } from "@/lib/wire/customer";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiEndpoint({
  GET: apiRoute({ auth: "organization", scopes: readScopes("customers"), params: IdParams }, async ({ actor, params }) =>
    toCustomer(await getCustomer(actor, { id: params.id })),
  ),
  PATCH: apiRoute(
    { auth: "organization", scopes: writeScopes("customers"), params: IdParams, body: CustomerUpdateBody },
    async ({ actor, params, body }) => toCustomer(await updateCustomer(actor, params.id, body)),
  ),
  // 204 with no body, as Polar (SDK 0.49.0 expects exactly that).
  DELETE: apiRoute({ auth: "organization", scopes: writeScopes("customers"), params: IdParams, status: 204 }, async ({ actor, params }) => {
    await deleteCustomer(actor, params.id);
    return null;
  }),
});

export const dynamic = "force-dynamic";
