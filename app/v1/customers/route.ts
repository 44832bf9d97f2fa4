import { apiEndpoint } from "@/lib/api/endpoint";
import { apiRoute } from "@/lib/api/route";
import { createCustomer, listCustomers } from "@/lib/billing/customers";
import { CustomerCreateBody, CustomerListQuery } from "@/lib/billing/schemas";
import { readScopes, writeScopes } from "@/lib/auth/scopes";
import { toCustomer } from "@/lib/wire/customer";
import { toListResource } from "@/lib/wire/list-resource";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiEndpoint({
  GET: apiRoute({ auth: "organization", scopes: readScopes("customers"), query: CustomerListQuery }, async ({ actor, query }) =>
    toListResource(await listCustomers(actor, query), toCustomer),
  ),
  POST: apiRoute({ auth: "organization", scopes: writeScopes("customers"), body: CustomerCreateBody, status: 201 }, async ({ actor, body }) =>
    toCustomer(await createCustomer(actor, body)),
  ),
});

export const dynamic = "force-dynamic";
