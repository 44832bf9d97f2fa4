import { apiEndpoint } from "@/lib/api/endpoint";
import { apiRoute } from "@/lib/api/route";
import { createProduct, listProducts } from "@/lib/billing/products";
import { ProductCreateBody, ProductListQuery } from "@/lib/billing/schemas";
import { readScopes, writeScopes } from "@/lib/auth/scopes";
import { toListResource } from "@/lib/wire/list-resource";
import { toProduct } from "@/lib/wire/merchant";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiEndpoint({
  GET: apiRoute({ auth: "organization", scopes: readScopes("products"), query: ProductListQuery }, async ({ actor, query }) =>
    toListResource(await listProducts(actor, query), toProduct),
  ),
  POST: apiRoute({ auth: "organization", scopes: writeScopes("products"), body: ProductCreateBody, status: 201 }, async ({ actor, body }) =>
    toProduct(await createProduct(actor, body)),
  ),
});

export const dynamic = "force-dynamic";
