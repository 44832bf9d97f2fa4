import { apiEndpoint } from "@/lib/api/endpoint";
import { apiRoute } from "@/lib/api/route";
import { readScopes, writeScopes } from "@/lib/auth/scopes";
import { OrganizationIdParams, OrganizationUpdateBody } from "@/lib/organizations/schemas";
import { getOrganization, updateOrganization } from "@/lib/organizations/settings";
import { toOrganization } from "@/lib/wire/organization";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiEndpoint({
  GET: apiRoute({ auth: "organization", scopes: readScopes("organizations"), params: OrganizationIdParams }, async ({ actor, params }) =>
    toOrganization(await getOrganization(actor, params.id)),
  ),
  PATCH: apiRoute(
    { auth: "organization", scopes: writeScopes("organizations"), params: OrganizationIdParams, body: OrganizationUpdateBody },
    async ({ actor, params, body }) => toOrganization(await updateOrganization(actor, params.id, body)),
  ),
});

export const dynamic = "force-dynamic";
