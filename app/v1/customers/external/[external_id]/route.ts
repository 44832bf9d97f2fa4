import { apiEndpoint } from "@/lib/api/endpoint";
import { apiRoute } from "@/lib/api/route";
import { getCustomer } from "@/lib/billing/customers";
import { ExternalIdParams } from "@/lib/billing/schemas";
import { readScopes } from "@/lib/auth/scopes";
import { toCustomer } from "@/lib/wire/customer";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiEndpoint({
  GET: apiRoute({ auth: "organization", scopes: readScopes("customers"), params: ExternalIdParams }, async ({ actor, params }) =>
    toCustomer(await getCustomer(actor, { externalId: params.external_id })),
  ),
});

export const dynamic = "force-dynamic";
