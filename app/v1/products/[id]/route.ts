import { otherMethods } from "@/lib/api/fallbacks";
import { apiRoute } from "@/lib/api/route";
import { getProduct, updateProduct } from "@/lib/billing/products";
import { IdParams, ProductUpdateBody } from "@/lib/billing/schemas";
import { readScopes, writeScopes } from "@/lib/auth/scopes";
import { toProduct } from "@/lib/wire/merchant";

export const GET = apiRoute({ auth: "organization", scopes: readScopes("products"), params: IdParams }, async ({ actor, params }) =>
  toProduct(await getProduct(actor, params.id)),
);

export const PATCH = apiRoute(
  { auth: "organization", scopes: writeScopes("products"), params: IdParams, body: ProductUpdateBody },
  async ({ actor, params, body }) => toProduct(await updateProduct(actor, params.id, body)),
);

export const { POST, PUT, DELETE } = otherMethods("GET", "PATCH");
