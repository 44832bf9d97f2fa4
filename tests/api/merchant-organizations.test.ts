// The organization endpoints (organization tokens): GET and PATCH /v1/organizations/{id},
// driven by SDK 0.49.0 (whose zod validation of the response is the wire check) and SDK 1.x
// at every API version (checked against 0.49.0's schema and 1.x's keys), with raw requests
// for the exact error bodies. A token sees its own organization and no other.
import { beforeAll, describe, expect, it } from "vitest";
import { Organization$inboundSchema } from "@polar-sh/sdk/models/components/organization.js";
import { ORGANIZATION_SCOPES } from "@/lib/auth/scopes";
import { db } from "@/lib/db";
import { SDK1_VERSIONS, sdk049, sdk1 } from "../fixtures/clients";
import { createCustomer, createCustomerSessionToken, createOrganization, createOrganizationToken } from "../fixtures/factories";
import { expectSdk1Error, randomUuid, type ErrorCase, type JsonObject, type RawRequest } from "./helpers";
import { BOGUS_ID, NOT_FOUND, NOT_PERMITTED, UNAUTHORIZED, expect049Failure, expectCase, expectWire049, invalid, ok } from "./merchant-helpers";

const ORGANIZATIONS = "/v1/organizations";
const VERSIONS = Object.keys(SDK1_VERSIONS) as (keyof typeof SDK1_VERSIONS)[];

/**
 * Every key of Polar's Organization as this portal writes it: SDK 1.x's required keys, its
 * optional `country`, and what Polar's server sends beyond them (`embed_hosts_enforced`,
 * the deprecated `notification_settings`).
 */
const ORGANIZATION_KEYS = [
  "created_at",
  "modified_at",
  "id",
  "name",
  "slug",
  "avatar_url",
  "proration_behavior",
  "allow_customer_updates",
  "email",
  "website",
  "socials",
  "status",
  "details_submitted_at",
  "onboarding_resubmission_requested_at",
  "sso_enforced",
  "default_presentment_currency",
  "default_tax_behavior",
  "feature_settings",
  "subscription_settings",
  "customer_email_settings",
  "customer_portal_settings",
  "dispute_settings",
  "embed_hosts",
  "embed_hosts_enforced",
  "country",
  "account_id",
  "payout_account_id",
  "capabilities",
  "notification_settings",
].sort();

/** SDK 1.x's (and 0.49.0's) keys of the settings the SDKs read as required objects. */
const SETTINGS_KEYS = {
  subscription_settings: ["allow_multiple_subscriptions", "proration_behavior", "benefit_revocation_grace_period", "prevent_trial_abuse", "allow_customer_updates"],
  customer_email_settings: [
    "order_confirmation",
    "payment_method_expiration_reminder",
    "subscription_cancellation",
    "subscription_confirmation",
    "subscription_cycled",
    "subscription_cycled_after_trial",
    "subscription_past_due",
    "subscription_paused",
    "subscription_resumed",
    "subscription_renewal_reminder",
    "subscription_revoked",
    "subscription_trial_conversion_reminder",
    "subscription_uncanceled",
    "subscription_updated",
  ],
  dispute_settings: ["auto_accept_below_amount"],
  capabilities: ["checkout_payments", "subscription_renewals", "payouts", "refunds", "api_access", "dashboard_access"],
} as const;

/** Polar's customer portal settings as SDK 0.49.0 requires them sent (every required key). */
const portalSettings = (updateSeats: boolean) => ({ usage: { show: true }, subscription: { update_seats: updateSeats, update_plan: false } });

/** An organization, tokens with and without the organizations scopes, and a customer session of one of its customers. */
async function organizationWithTokens() {
  const organization = await createOrganization();
  const others = ORGANIZATION_SCOPES.filter((scope) => !scope.startsWith("organizations:"));
  const mint = async (scopes?: string[]) => (await createOrganizationToken(organization.id, scopes ? { scopes } : {})).token;
  const [token, readOnlyToken, writeOnlyToken, noScopeToken, customer] = await Promise.all([
    mint(),
    mint([...others, "organizations:read"]),
    mint([...others, "organizations:write"]),
    mint(others),
    createCustomer(organization.id),
  ]);
  const customerSession = await createCustomerSessionToken(customer.id);
  return { organization, token, readOnlyToken, writeOnlyToken, noScopeToken, customerSession };
}
type Org = Awaited<ReturnType<typeof organizationWithTokens>>;
type Two = { org: Org; other: Org };

async function twoOrganizations(): Promise<Two> {
  const [org, other] = await Promise.all([organizationWithTokens(), organizationWithTokens()]);
  return { org, other };
}

const stored = (id: string) => db().prisma.organization.findUniqueOrThrow({ where: { id }, select: { name: true, customerPortalUpdateSeats: true, modifiedAt: true } });

/** The settings' keys as SDK 1.x types them, on a result 1.x returned as-is. */
function expectOrganizationKeys(organization: object) {
  expect(Object.keys(organization).sort()).toEqual(ORGANIZATION_KEYS);
  const record = organization as Record<string, unknown>;
  for (const [name, keys] of Object.entries(SETTINGS_KEYS)) expect(Object.keys(record[name] as object).sort(), name).toEqual([...keys].sort());
  expect(record.customer_portal_settings).toEqual({
    usage: { show: true },
    subscription: { update_seats: expect.any(Boolean), update_plan: false },
    customer: { allow_email_change: false },
  });
}

/** The access rows both methods open with: who may not call at all. */
function accessCases(kind: "read" | "write", build: (c: Two, token: string | null) => RawRequest): ErrorCase<Two>[] {
  const cases: ErrorCase<Two>[] = [
    { name: "anonymous (no Authorization)", request: (c) => build(c, null), expected: UNAUTHORIZED },
    { name: "Bearer undefined (SDK 1.x without a token)", request: (c) => ({ ...build(c, null), authorization: "Bearer undefined" }), expected: UNAUTHORIZED },
    { name: "a customer session token (polar_cst_)", request: (c) => build(c, c.org.customerSession), expected: UNAUTHORIZED },
    { name: "an organization token without the organizations scopes", request: (c) => build(c, c.org.noScopeToken), expected: NOT_PERMITTED },
  ];
  if (kind === "write") cases.push({ name: "an organization token with organizations:read only", request: (c) => build(c, c.org.readOnlyToken), expected: NOT_PERMITTED });
  return cases;
}

describe("GET /v1/organizations/{id} (get)", () => {
  let c: Two;
  beforeAll(async () => {
    c = await twoOrganizations();
  });

  const get = (c: Two, id: string, token: string | null = c.org.token): RawRequest => ({ path: `${ORGANIZATIONS}/${id}`, token: token ?? undefined });
  const cases: ErrorCase<Two>[] = [
    ...accessCases("read", (c, token) => get(c, c.org.organization.id, token)),
    { name: "another organization's id", request: (c) => get(c, c.other.organization.id), expected: NOT_FOUND },
    { name: "another organization's token on this id", request: (c) => get(c, c.org.organization.id, c.other.token), expected: NOT_FOUND },
    { name: "an unknown id", request: (c) => get(c, randomUuid()), expected: NOT_FOUND },
    { name: "a malformed id", request: (c) => get(c, BOGUS_ID), expected: invalid(["path", "id"]) },
  ];
  it.concurrent.each(cases)("error: $name → $expected.status $expected.error", (row) => expectCase(c, row));

  it("answers Polar's Organization, with update_seats off by default", async () => {
    const body = await ok(get(c, c.org.organization.id));
    expectOrganizationKeys(body);
    expectWire049(Organization$inboundSchema, body, "GET /v1/organizations/{id}");
    const organization = c.org.organization;
    expect(body).toMatchObject({
      id: organization.id,
      name: organization.name,
      slug: organization.slug,
      avatar_url: null,
      created_at: organization.createdAt.toISOString(),
      modified_at: null,
      status: "active",
      country: null,
      account_id: null,
      payout_account_id: null,
    });
    expect((body.customer_portal_settings as JsonObject).subscription).toEqual({ update_seats: false, update_plan: false });
    expect(body.feature_settings).toMatchObject({ seat_based_pricing_enabled: true, member_model_enabled: true });
  });

  it("a token with only organizations:write reads too", async () => {
    expect((await ok(get(c, c.org.organization.id, c.org.writeOnlyToken))).id).toBe(c.org.organization.id);
  });

  it("reads through SDK 0.49.0 (its zod schema checks the wire); 404, 422 and 403 are its errors", async () => {
    const organization = await sdk049(c.org.token).organizations.get({ id: c.org.organization.id });
    expect(organization).toMatchObject({ id: c.org.organization.id, name: c.org.organization.name, slug: c.org.organization.slug, status: "active" });
    expect(organization.customerPortalSettings.subscription).toMatchObject({ updateSeats: false, updatePlan: false });
    expect(organization.featureSettings?.seatBasedPricingEnabled).toBe(true);
    expect(organization.createdAt).toBeInstanceOf(Date);
    await expect049Failure(sdk049(c.org.token).organizations.get({ id: c.other.organization.id }), { ...NOT_FOUND, className: "ResourceNotFound" });
    await expect049Failure(sdk049(c.org.token).organizations.get({ id: BOGUS_ID }), invalid(["path", "id"]));
    await expect049Failure(sdk049(c.org.noScopeToken).organizations.get({ id: c.org.organization.id }), NOT_PERMITTED);
  });

  it.each(VERSIONS)("reads through SDK 1.x %s with every key; another organization is its ResourceNotFound", async (version) => {
    const organization = await sdk1(c.org.token, version).organizations.get(c.org.organization.id);
    expectOrganizationKeys(organization);
    expectWire049(Organization$inboundSchema, organization, `SDK 1.x ${version} organizations.get`);
    expect(organization.customer_portal_settings.subscription.update_seats).toBe(false);
    await expectSdk1Error(sdk1(c.org.token, version).organizations.get(c.other.organization.id), { ...NOT_FOUND, className: "ResourceNotFound" });
    await expectSdk1Error(sdk1(c.org.token, version).organizations.get(BOGUS_ID), { ...invalid(["path", "id"]), className: "HTTPValidationError" });
    await expectSdk1Error(sdk1(c.org.noScopeToken, version).organizations.get(c.org.organization.id), NOT_PERMITTED);
  });
});

describe("PATCH /v1/organizations/{id} (update)", () => {
  let c: Two;
  beforeAll(async () => {
    c = await twoOrganizations();
  });

  const patch = (c: Two, body: unknown, id = c.org.organization.id, token: string | null = c.org.token): RawRequest => ({
    method: "PATCH",
    path: `${ORGANIZATIONS}/${id}`,
    token: token ?? undefined,
    body,
  });
  const turnOn = { customer_portal_settings: portalSettings(true) };
  const cases: ErrorCase<Two>[] = [
    ...accessCases("write", (c, token) => patch(c, turnOn, c.org.organization.id, token)),
    { name: "another organization's id", request: (c) => patch(c, turnOn, c.other.organization.id), expected: NOT_FOUND },
    { name: "an unknown id", request: (c) => patch(c, turnOn, randomUuid()), expected: NOT_FOUND },
    { name: "a malformed id", request: (c) => patch(c, turnOn, BOGUS_ID), expected: invalid(["path", "id"]) },
    {
      name: "update_seats that is not a boolean",
      request: (c) => patch(c, { customer_portal_settings: { usage: { show: true }, subscription: { update_seats: "yes", update_plan: false } } }),
      expected: invalid(["body", "customer_portal_settings", "subscription", "update_seats"]),
    },
    { name: "customer_portal_settings that is not an object", request: (c) => patch(c, { customer_portal_settings: true }), expected: invalid(["body", "customer_portal_settings"]) },
    { name: "a subscription setting that is not an object", request: (c) => patch(c, { customer_portal_settings: { subscription: [true] } }), expected: invalid(["body", "customer_portal_settings", "subscription"]) },
    { name: "a name that is not a string", request: (c) => patch(c, { name: 42, ...turnOn }), expected: invalid(["body", "name"]) },
    { name: "a name under 3 characters", request: (c) => patch(c, { name: "ab", ...turnOn }), expected: invalid(["body", "name"]) },
    { name: "an ignored key of the wrong type (email)", request: (c) => patch(c, { email: "not-an-email", ...turnOn }), expected: invalid(["body", "email"]) },
    {
      name: "an ignored setting of the wrong type (subscription_settings.proration_behavior)",
      request: (c) => patch(c, { subscription_settings: { proration_behavior: "sometimes" }, ...turnOn }),
      expected: invalid(["body", "subscription_settings", "proration_behavior"]),
    },
    { name: "an ignored setting of the wrong type (sso_enforced)", request: (c) => patch(c, { sso_enforced: "yes", ...turnOn }), expected: invalid(["body", "sso_enforced"]) },
    { name: "a JSON array for a body", request: (c) => patch(c, [turnOn]), expected: invalid(["body"]) },
    { name: "malformed JSON", request: (c) => ({ method: "PATCH", path: `${ORGANIZATIONS}/${c.org.organization.id}`, token: c.org.token, rawBody: "{" }), expected: invalid(["body", 0]) },
    { name: "no body", request: (c) => ({ method: "PATCH", path: `${ORGANIZATIONS}/${c.org.organization.id}`, token: c.org.token }), expected: invalid(["body"]) },
  ];
  it.concurrent.each(cases)("error: $name → $expected.status $expected.error, nothing stored", async (row) => {
    await expectCase(c, row);
    for (const organization of [c.org.organization, c.other.organization]) {
      expect(await stored(organization.id)).toEqual({ name: organization.name, customerPortalUpdateSeats: false, modifiedAt: null });
    }
  });

  it("turns update_seats on through SDK 0.49.0, and GET reads it back", async () => {
    const { organization, token } = await organizationWithTokens();
    const polar = sdk049(token);
    expect((await polar.organizations.get({ id: organization.id })).customerPortalSettings.subscription.updateSeats).toBe(false);
    const updated = await polar.organizations.update({
      id: organization.id,
      organizationUpdate: { customerPortalSettings: { usage: { show: true }, subscription: { updateSeats: true, updatePlan: false } } },
    });
    expect(updated.customerPortalSettings.subscription.updateSeats).toBe(true);
    expect(updated.modifiedAt).toBeInstanceOf(Date);
    expect((await polar.organizations.get({ id: organization.id })).customerPortalSettings.subscription.updateSeats).toBe(true);
    expect((await stored(organization.id)).customerPortalUpdateSeats).toBe(true);
  });

  it.each(VERSIONS)("turns update_seats on and off through SDK 1.x %s, and GET reads it back", async (version) => {
    const { organization, token } = await organizationWithTokens();
    const polar = sdk1(token, version);
    expect((await polar.organizations.get(organization.id)).customer_portal_settings.subscription.update_seats).toBe(false);
    const on = await polar.organizations.update(organization.id, { customer_portal_settings: portalSettings(true) });
    expectOrganizationKeys(on);
    expectWire049(Organization$inboundSchema, on, `SDK 1.x ${version} organizations.update`);
    expect(on.customer_portal_settings.subscription.update_seats).toBe(true);
    expect(on.modified_at).not.toBeNull();
    expect((await polar.organizations.get(organization.id)).customer_portal_settings.subscription.update_seats).toBe(true);
    expect((await stored(organization.id)).customerPortalUpdateSeats).toBe(true);
    const off = await polar.organizations.update(organization.id, { customer_portal_settings: portalSettings(false) });
    expect(off.customer_portal_settings.subscription.update_seats).toBe(false);
    expect((await polar.organizations.get(organization.id)).customer_portal_settings.subscription.update_seats).toBe(false);
  });

  it("another organization's id is 404 through both SDKs, and that organization keeps its setting", async () => {
    await expect049Failure(
      sdk049(c.org.token).organizations.update({ id: c.other.organization.id, organizationUpdate: { customerPortalSettings: { usage: { show: true }, subscription: { updateSeats: true, updatePlan: false } } } }),
      { ...NOT_FOUND, className: "ResourceNotFound" },
    );
    for (const version of VERSIONS) {
      await expectSdk1Error(sdk1(c.org.token, version).organizations.update(c.other.organization.id, { customer_portal_settings: portalSettings(true) }), {
        ...NOT_FOUND,
        className: "ResourceNotFound",
      });
    }
    expect((await stored(c.other.organization.id)).customerPortalUpdateSeats).toBe(false);
  });

  it("a token without organizations:write is 403 through both SDKs; a bad body is their 422", async () => {
    await expect049Failure(
      sdk049(c.org.readOnlyToken).organizations.update({ id: c.org.organization.id, organizationUpdate: { customerPortalSettings: { usage: { show: true }, subscription: { updateSeats: true, updatePlan: false } } } }),
      { ...NOT_PERMITTED, className: "NotPermitted" },
    );
    await expect049Failure(sdk049(c.org.token).organizations.update({ id: c.org.organization.id, organizationUpdate: { name: "ab" } }), invalid(["body", "name"]));
    for (const version of VERSIONS) {
      await expectSdk1Error(sdk1(c.org.readOnlyToken, version).organizations.update(c.org.organization.id, { customer_portal_settings: portalSettings(true) }), {
        ...NOT_PERMITTED,
        className: "OrganizationsUpdate403Error",
      });
      // 1.x sends whatever it is given: the server is the one to refuse it.
      const body = { customer_portal_settings: { usage: { show: true }, subscription: { update_seats: "yes", update_plan: false } } } as unknown as Parameters<
        ReturnType<typeof sdk1>["organizations"]["update"]
      >[1];
      await expectSdk1Error(sdk1(c.org.token, version).organizations.update(c.org.organization.id, body), {
        ...invalid(["body", "customer_portal_settings", "subscription", "update_seats"]),
        className: "HTTPValidationError",
      });
    }
    expect((await stored(c.org.organization.id)).customerPortalUpdateSeats).toBe(false);
  });

  it("writes only what is given: customer_portal_settings without subscription.update_seats, nulls and ignored keys leave it as it was", async () => {
    const { organization, token } = await organizationWithTokens();
    const path = `${ORGANIZATIONS}/${organization.id}`;
    await ok({ method: "PATCH", path, token, body: { customer_portal_settings: portalSettings(true) } });
    const after = await stored(organization.id);
    for (const body of [
      { customer_portal_settings: { usage: { show: false } } },
      { customer_portal_settings: { subscription: { update_plan: true } } },
      { customer_portal_settings: null, name: null },
      { email: "support@example.com", default_tax_behavior: "inclusive", embed_hosts: ["example.com"] },
      {},
    ]) {
      const answer = await ok({ method: "PATCH", path, token, body });
      expect(answer.customer_portal_settings, JSON.stringify(body)).toEqual({
        usage: { show: true },
        subscription: { update_seats: true, update_plan: false },
        customer: { allow_email_change: false },
      });
      expect(answer.name).toBe(organization.name);
      expect(await stored(organization.id), `${JSON.stringify(body)} changes nothing, modified_at included`).toEqual(after);
    }
  });

  it("stores a new name; other known keys are ignored and unknown keys dropped", async () => {
    const { organization, token } = await organizationWithTokens();
    const answer = await ok({
      method: "PATCH",
      path: `${ORGANIZATIONS}/${organization.id}`,
      token,
      body: {
        name: "Renamed Organization",
        email: "support@example.com",
        website: "https://example.com",
        default_presentment_currency: "eur",
        feature_settings: { seat_based_pricing_enabled: false, member_model_enabled: false },
        subscription_settings: { allow_multiple_subscriptions: true },
        sso_enforced: true,
        slug: "a-new-slug",
        unknown_key: { nested: true },
      },
    });
    expectOrganizationKeys(answer);
    expectWire049(Organization$inboundSchema, answer, "PATCH /v1/organizations/{id}");
    expect(answer).toMatchObject({ name: "Renamed Organization", slug: organization.slug, email: null, website: null, default_presentment_currency: "usd", sso_enforced: false });
    expect(answer.feature_settings).toMatchObject({ seat_based_pricing_enabled: true, member_model_enabled: true });
    expect((answer.subscription_settings as JsonObject).allow_multiple_subscriptions).toBe(false);
    expect((answer.customer_portal_settings as JsonObject).subscription).toEqual({ update_seats: false, update_plan: false });
    const row = await stored(organization.id);
    expect(row).toMatchObject({ name: "Renamed Organization", customerPortalUpdateSeats: false });
    expect(row.modifiedAt?.toISOString()).toBe(answer.modified_at);
    expect((await db().prisma.organization.findUniqueOrThrow({ where: { id: organization.id } })).seatBasedPricingEnabled).toBe(true);
  });
});
