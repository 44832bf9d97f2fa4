import { apiEndpoint } from "@/lib/api/endpoint";
import { apiRoute } from "@/lib/api/route";
import { getProduct, updateProduct } from "@/lib/billing/products";
import { IdParams, ProductUpdateBody } from "@/lib/billing/schemas";
import { readScopes, writeScopes } from "@/lib/auth/scopes";
import { toProduct } from "@/lib/wire/merchant";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiEndpoint({
  GET: apiRoute({ auth: "organization", scopes: readScopes("products"), params: IdParams }, async ({ actor, params }) =>
    toProduct(await getProduct(actor, params.id)),
  ),
  PATCH: apiRoute(
    { auth: "organization", scopes: writeScopes("products"), params: IdParams, body: ProductUpdateBody },
    async ({ actor, params, body }) => toProduct(await updateProduct(actor, params.id, body)),
  ),
});

export const dynamic = "force-dynamic";
