// A team changes its own seat count in the customer portal (Polar's
// customer_portal/endpoints/subscription.py get/update with CustomerSubscriptionUpdateSeats):
// GET and PATCH /v1/customer-portal/subscriptions/{id} {"seats": n}, by the billing customer
// or an owner/billing manager member session, only where the organization turned
// customer_portal_settings.subscription.update_seats on (403 UpdateSubscriptionSeatsNotAllowed
// otherwise); within the price's tiers (BelowMinimumSeats / AboveMaximumSeats), never below
// the seats in use (SeatsAlreadyAssigned), never on a canceled subscription
// (AlreadyCanceledSubscription); a subscription.updated webhook on success. SDK 0.49.0
// (zod-validated CustomerSubscription), SDK 1.x at all three API versions, raw requests.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CustomerSubscription$inboundSchema } from "@polar-sh/sdk/models/components/customersubscription.js";
import { db } from "@/lib/db";
import { sdk049, sdk1 } from "../fixtures/clients";
import { createCustomer, createCustomerSessionToken, uniqueEmail } from "../fixtures/factories";
import { WebhookReceiver } from "../fixtures/webhook-receiver";
import { SEATS, assignAndClaim, expectErrorResponse, expectSdk1Error, randomUuid, send, type ErrorCase, type ExpectedError, type JsonObject, type RawRequest } from "./helpers";
import { NOT_FOUND, NOT_PERMITTED, UNAUTHORIZED, expect049Failure, expectWire049, ok } from "./merchant-helpers";
import { VERSIONS, deliveries, staffedTeam, teamOrg, waitForDeliveries, webhookEndpoint, type StaffedTeam, type TeamOrg } from "./team-helpers";

const subscriptionPath = (id: string) => `/v1/customer-portal/subscriptions/${id}`;
const invalid = (loc: (string | number)[]): ExpectedError => ({ status: 422, error: "RequestValidationError", loc });
const NOT_ALLOWED: ExpectedError = { status: 403, error: "UpdateSubscriptionSeatsNotAllowed", message: /^Updating subscription seats is not allowed\.$/ };
const CANCELED: ExpectedError = { status: 403, error: "AlreadyCanceledSubscription", message: /^This subscription is already canceled or will be at the end of the period\.$/ };
/** Every key of CustomerSubscription as this portal writes it: 0.49.0's required keys, `seats`, `past_due_at`, and 1.x's `units`. */
const CUSTOMER_SUBSCRIPTION_KEYS = [
  "created_at", "modified_at", "id", "amount", "currency", "recurring_interval", "recurring_interval_count", "status", "current_period_start", "current_period_end",
  "current_meter_period_start", "current_meter_period_end", "trial_start", "trial_end", "cancel_at_period_end", "canceled_at", "started_at", "ends_at", "ended_at",
  "past_due_at", "pause_at_period_end", "paused_at", "resumes_at", "customer_id", "product_id", "discount_id", "checkout_id", "seats", "units",
  "customer_cancellation_reason", "customer_cancellation_comment", "product", "prices", "meters", "pending_update",
].sort();

/** Turns the organization's customer_portal_settings.subscription.update_seats on or off through PATCH /v1/organizations/{id}. */
async function allowSeatChanges(org: TeamOrg, allowed: boolean) {
  const updated = await ok({
    method: "PATCH",
    path: `/v1/organizations/${org.organization.id}`,
    token: org.token,
    body: { customer_portal_settings: { usage: { show: true }, subscription: { update_seats: allowed, update_plan: false } } },
  });
  expect((updated.customer_portal_settings as JsonObject).subscription).toMatchObject({ update_seats: allowed });
}

/**
 * An organization that lets teams change seat counts, with a webhook endpoint for
 * subscription.updated, and teams on a tiered price (2 to 10 seats at 1000 each, volume).
 */
async function seatWorld(receiver: WebhookReceiver) {
  const org = await teamOrg();
  const secret = await webhookEndpoint(org, receiver, ["subscription.updated"]);
  await allowSeatChanges(org, true);
  const tiers = [{ min_seats: 2, max_seats: 10, price_per_seat: 1000 }];
  const [team, otherTeam] = await Promise.all([staffedTeam(org, { seats: 4, tiers }), staffedTeam(org, { seats: 4, tiers })]);
  const { sessionToken: claimToken } = await assignAndClaim(team.customerToken, { subscription_id: team.subscription.id }, uniqueEmail("claimer"));
  const individual = await createCustomer(org.organization.id);
  return { org, secret, tiers, team, otherTeam, claimToken, individualToken: await createCustomerSessionToken(individual.id) };
}
type World = Awaited<ReturnType<typeof seatWorld>>;

const storedSeats = async (id: string) => (await db().prisma.subscription.findUniqueOrThrow({ where: { id } })).seats;

describe("GET /v1/customer-portal/subscriptions/{id}", () => {
  const receiver = new WebhookReceiver();
  let c: World;
  beforeAll(async () => {
    await receiver.start();
    c = await seatWorld(receiver);
  });
  afterAll(() => receiver.stop());
  const get = (id: string, auth: { token?: string; authorization?: string }): RawRequest => ({ path: subscriptionPath(id), ...auth });

  const cases: ErrorCase<World>[] = [
    { name: "anonymous", request: (c) => get(c.team.subscription.id, {}), expected: UNAUTHORIZED },
    { name: "an organization token", request: (c) => get(c.team.subscription.id, { token: c.org.token }), expected: UNAUTHORIZED },
    { name: "another team's subscription", request: (c) => get(c.otherTeam.subscription.id, { token: c.team.customerToken }), expected: NOT_FOUND },
    { name: "another team's subscription, by an owner's member session", request: (c) => get(c.otherTeam.subscription.id, { token: c.team.ownerToken }), expected: NOT_FOUND },
    { name: "another team's subscription, by a customer who bought nothing", request: (c) => get(c.team.subscription.id, { token: c.individualToken }), expected: NOT_FOUND },
    { name: "the session a claim opened", request: (c) => get(c.team.subscription.id, { token: c.claimToken }), expected: NOT_FOUND },
    { name: "an unknown subscription", request: (c) => get(randomUuid(), { token: c.team.customerToken }), expected: NOT_FOUND },
    { name: "a malformed id", request: (c) => get("nope", { token: c.team.customerToken }), expected: invalid(["path", "id"]) },
  ];
  it.concurrent.each(cases)("error: $name → $expected.status $expected.error", async (row) => {
    await expectErrorResponse(await send(row.request(c)), row.expected);
  });

  it("SDK 0.49.0 (customer session, owner's and billing manager's member sessions): the team's subscription, zod-validated", async () => {
    for (const security of [{ customerSession: c.team.customerToken }, { memberSession: c.team.ownerToken }, { memberSession: c.team.managerToken }]) {
      const subscription = await sdk049().customerPortal.subscriptions.get(security, { id: c.team.subscription.id });
      expect(subscription).toMatchObject({ id: c.team.subscription.id, customerId: c.team.customer.id, productId: c.team.product.id, seats: 4, status: "active" });
      expect(subscription.currentPeriodEnd).toBeInstanceOf(Date);
    }
    await expect049Failure(sdk049().customerPortal.subscriptions.get({ customerSession: c.team.customerToken }, { id: c.otherTeam.subscription.id }), { ...NOT_FOUND, className: "ResourceNotFound" });
  });

  it.each(VERSIONS)("SDK 1.x %s: every key of CustomerSubscription; another team's is ResourceNotFound", async (version) => {
    const subscription = await sdk1(c.team.managerToken, version).customerPortal.subscriptions.get(c.team.subscription.id);
    expect(Object.keys(subscription).sort()).toEqual(CUSTOMER_SUBSCRIPTION_KEYS);
    expectWire049(CustomerSubscription$inboundSchema, subscription, "SDK 1.x customerPortal.subscriptions.get");
    expect(subscription).toMatchObject({ id: c.team.subscription.id, seats: 4, units: null, amount: 4000 });
    await expectSdk1Error(sdk1(c.team.customerToken, version).customerPortal.subscriptions.get(c.otherTeam.subscription.id), { ...NOT_FOUND, className: "ResourceNotFound" });
  });

  // Polar's get is CustomerPortalUnionRead (customer_portal/endpoints/subscription.py): any
  // member of the team reads the subscription; only the update needs a billing role.
  it("a plain member's session reads the team's subscription (Polar: CustomerPortalUnionRead)", async () => {
    const subscription = await sdk049().customerPortal.subscriptions.get({ memberSession: c.team.memberToken }, { id: c.team.subscription.id });
    expect(subscription.id).toBe(c.team.subscription.id);
  });

  // Polar's CustomerOrganization.customer_portal_settings is the organization's own setting.
  it("the subscription's product.organization.customer_portal_settings.subscription.update_seats is the organization's setting", async () => {
    const on = await ok(get(c.team.subscription.id, { token: c.team.customerToken }));
    expect((((on.product as JsonObject).organization as JsonObject).customer_portal_settings as JsonObject).subscription).toMatchObject({ update_seats: true });
    const org = await teamOrg();
    const team = await staffedTeam(org);
    const off = await ok(get(team.subscription.id, { token: team.customerToken }));
    expect((((off.product as JsonObject).organization as JsonObject).customer_portal_settings as JsonObject).subscription).toMatchObject({ update_seats: false });
  });
});

describe("PATCH /v1/customer-portal/subscriptions/{id} {seats}", () => {
  const receiver = new WebhookReceiver();
  let c: World;
  beforeAll(async () => {
    await receiver.start();
    c = await seatWorld(receiver);
  });
  afterAll(() => receiver.stop());

  const patch = (id: string, body: unknown, auth: { token?: string; authorization?: string }): RawRequest => ({ method: "PATCH", path: subscriptionPath(id), body, ...auth });
  const updatesOf = (subscriptionId: string) => deliveries(receiver, (d) => d.type === "subscription.updated" && d.data.id === subscriptionId);

  const cases: ErrorCase<World>[] = [
    { name: "anonymous", request: (c) => patch(c.team.subscription.id, { seats: 5 }, {}), expected: UNAUTHORIZED },
    { name: "Bearer undefined", request: (c) => patch(c.team.subscription.id, { seats: 5 }, { authorization: "Bearer undefined" }), expected: UNAUTHORIZED },
    { name: "an organization token", request: (c) => patch(c.team.subscription.id, { seats: 5 }, { token: c.org.token }), expected: UNAUTHORIZED },
    { name: "a plain member's session", request: (c) => patch(c.team.subscription.id, { seats: 5 }, { token: c.team.memberToken }), expected: NOT_PERMITTED },
    { name: "the session a claim opened", request: (c) => patch(c.team.subscription.id, { seats: 5 }, { token: c.claimToken }), expected: NOT_FOUND },
    { name: "another team's subscription", request: (c) => patch(c.otherTeam.subscription.id, { seats: 5 }, { token: c.team.customerToken }), expected: NOT_FOUND },
    { name: "another team's subscription, by an owner's member session", request: (c) => patch(c.otherTeam.subscription.id, { seats: 5 }, { token: c.team.ownerToken }), expected: NOT_FOUND },
    { name: "an unknown subscription", request: (c) => patch(randomUuid(), { seats: 5 }, { token: c.team.customerToken }), expected: NOT_FOUND },
    { name: "a malformed id", request: (c) => patch("nope", { seats: 5 }, { token: c.team.customerToken }), expected: invalid(["path", "id"]) },
    { name: "seats 0", request: (c) => patch(c.team.subscription.id, { seats: 0 }, { token: c.team.customerToken }), expected: invalid(["body", "seats"]) },
    { name: "seats -1", request: (c) => patch(c.team.subscription.id, { seats: -1 }, { token: c.team.customerToken }), expected: invalid(["body", "seats"]) },
    { name: "seats 1.5", request: (c) => patch(c.team.subscription.id, { seats: 1.5 }, { token: c.team.customerToken }), expected: invalid(["body", "seats"]) },
    { name: "seats as a string", request: (c) => patch(c.team.subscription.id, { seats: "5" }, { token: c.team.customerToken }), expected: invalid(["body", "seats"]) },
    { name: "seats over Int32", request: (c) => patch(c.team.subscription.id, { seats: 2 ** 31 }, { token: c.team.customerToken }), expected: invalid(["body", "seats"]) },
    { name: "no seats", request: (c) => patch(c.team.subscription.id, {}, { token: c.team.customerToken }), expected: invalid(["body", "seats"]) },
    { name: "an extra key (extra forbidden)", request: (c) => patch(c.team.subscription.id, { seats: 5, proration_behavior: "invoice" }, { token: c.team.customerToken }), expected: { status: 422, error: "RequestValidationError" } },
    { name: "a body that is not an object", request: (c) => patch(c.team.subscription.id, [5], { token: c.team.customerToken }), expected: invalid(["body"]) },
    { name: "below the price's minimum", request: (c) => patch(c.team.subscription.id, { seats: 1 }, { token: c.team.customerToken }), expected: { status: 400, error: "BelowMinimumSeats", message: /^Minimum 2 seats required\.$/ } },
    { name: "above the price's maximum", request: (c) => patch(c.team.subscription.id, { seats: 11 }, { token: c.team.ownerToken }), expected: { status: 400, error: "AboveMaximumSeats", message: /^Maximum 10 seats allowed\.$/ } },
    { name: "below the seats in use (2 < 3 assigned)", request: (c) => patch(c.team.subscription.id, { seats: 2 }, { token: c.team.managerToken }), expected: { status: 400, error: "SeatsAlreadyAssigned" } },
  ];
  it.each(cases)("error: $name → $expected.status $expected.error, the count unchanged, no webhook", async (row) => {
    // Three seats in use on the team's subscription: the claimer's and two more below.
    await expectErrorResponse(await send(row.request(c)), row.expected);
    expect(await storedSeats(c.team.subscription.id)).toBe(4);
    expect(await storedSeats(c.otherTeam.subscription.id)).toBe(4);
    expect(updatesOf(c.team.subscription.id)).toEqual([]);
  });
  beforeAll(async () => {
    // The seats in use for the SeatsAlreadyAssigned row: the claimer's, plus a pending and a claimed one.
    await ok({ method: "POST", path: SEATS, token: c.team.customerToken, body: { subscription_id: c.team.subscription.id, email: uniqueEmail("pending") } });
    await ok({ method: "POST", path: "/v1/customer-seats", token: c.org.token, body: { subscription_id: c.team.subscription.id, member_id: c.team.manager.id, immediate_claim: true } });
  });

  it("the billing customer changes the count through SDK 0.49.0: the new count and amount, a subscription.updated webhook", async () => {
    const updated = await sdk049().customerPortal.subscriptions.update({ customerSession: c.team.customerToken }, { id: c.team.subscription.id, customerSubscriptionUpdate: { seats: 6 } });
    expect(updated).toMatchObject({ id: c.team.subscription.id, seats: 6, amount: 6000, status: "active" });
    expect(await db().prisma.subscription.findUniqueOrThrow({ where: { id: c.team.subscription.id } })).toMatchObject({ seats: 6, amount: 6000 });
    const [event] = await waitForDeliveries(receiver, c.secret, (d) => d.type === "subscription.updated" && d.data.id === c.team.subscription.id, 1);
    expect(event!.data).toMatchObject({ id: c.team.subscription.id, seats: 6, amount: 6000, customer_id: c.team.customer.id });
    // The list of the team's seats follows.
    const seats = await sdk049().customerPortal.seats.listSeats({ customerSession: c.team.customerToken }, { subscriptionId: c.team.subscription.id });
    expect(seats).toMatchObject({ totalSeats: 6, availableSeats: 3 });
  });

  it.each(VERSIONS)("SDK 1.x %s: the owner's and the billing manager's sessions change it (down to the seats in use, up to the maximum)", async (version) => {
    const down = await sdk1(c.team.ownerToken, version).customerPortal.subscriptions.update(c.team.subscription.id, { seats: 3 });
    expect(Object.keys(down).sort()).toEqual(CUSTOMER_SUBSCRIPTION_KEYS);
    expectWire049(CustomerSubscription$inboundSchema, down, "SDK 1.x customerPortal.subscriptions.update");
    expect(down).toMatchObject({ id: c.team.subscription.id, seats: 3, amount: 3000 });
    const up = await sdk1(c.team.managerToken, version).customerPortal.subscriptions.update(c.team.subscription.id, { seats: 10 });
    expect(up).toMatchObject({ seats: 10, amount: 10000 });
    expect(await storedSeats(c.team.subscription.id)).toBe(10);
  });

  it("the same count again answers the subscription and sends no webhook", async () => {
    // Every change so far has been delivered: 6, then 3 and 10 at each API version.
    const expected = 1 + 2 * VERSIONS.length;
    await waitForDeliveries(receiver, c.secret, (d) => d.type === "subscription.updated" && d.data.id === c.team.subscription.id, expected);
    expect(updatesOf(c.team.subscription.id).map((d) => d.data.seats as number).sort((a, b) => a - b)).toEqual([6, ...VERSIONS.flatMap(() => [3, 10])].sort((a, b) => a - b));
    const same = await ok(patch(c.team.subscription.id, { seats: 10 }, { token: c.team.customerToken }));
    expect(same.seats).toBe(10);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(updatesOf(c.team.subscription.id)).toHaveLength(expected);
  });

  it("error classes through both SDKs: 400 (0.49.0 SDKError, 1.x unmapped), 403, 404, 422", async () => {
    await expect049Failure(sdk049().customerPortal.subscriptions.update({ customerSession: c.team.customerToken }, { id: c.team.subscription.id, customerSubscriptionUpdate: { seats: 1 } }), {
      status: 400,
      error: "BelowMinimumSeats",
    });
    await expect049Failure(sdk049().customerPortal.subscriptions.update({ memberSession: c.team.memberToken }, { id: c.team.subscription.id, customerSubscriptionUpdate: { seats: 5 } }), {
      ...NOT_PERMITTED,
      // 403 is mapped to AlreadyCanceledSubscription | PauseResumeNotAllowed in 0.49.0: any other 403 body fails that schema.
      className: "ResponseValidationError",
    });
    await expect049Failure(sdk049().customerPortal.subscriptions.update({ customerSession: c.team.customerToken }, { id: c.otherTeam.subscription.id, customerSubscriptionUpdate: { seats: 5 } }), {
      ...NOT_FOUND,
      className: "ResourceNotFound",
    });
    for (const version of VERSIONS) {
      const polar = sdk1(c.team.customerToken, version);
      await expectSdk1Error(polar.customerPortal.subscriptions.update(c.team.subscription.id, { seats: 11 }), { status: 400, error: "AboveMaximumSeats", className: "PolarClientError" });
      await expectSdk1Error(sdk1(c.team.memberToken, version).customerPortal.subscriptions.update(c.team.subscription.id, { seats: 5 }), {
        ...NOT_PERMITTED,
        className: "CustomerPortalSubscriptionsUpdate403Error",
      });
      await expectSdk1Error(polar.customerPortal.subscriptions.update(c.otherTeam.subscription.id, { seats: 5 }), { ...NOT_FOUND, className: "ResourceNotFound" });
      await expectSdk1Error(polar.customerPortal.subscriptions.update(c.team.subscription.id, { seats: 0 }), { ...invalid(["body", "seats"]), className: "HTTPValidationError" });
    }
  });
});

describe("PATCH {seats} where the organization does not allow it, or the subscription is canceled", () => {
  const receiver = new WebhookReceiver();
  let org: TeamOrg;
  let secret = "";
  let team: StaffedTeam;
  beforeAll(async () => {
    await receiver.start();
    org = await teamOrg();
    secret = await webhookEndpoint(org, receiver, ["subscription.updated"]);
    team = await staffedTeam(org, { seats: 4 });
  });
  afterAll(() => receiver.stop());
  const patch = (id: string, seats: unknown, token: string): RawRequest => ({ method: "PATCH", path: subscriptionPath(id), body: { seats }, token });

  it("off (the default): 403 UpdateSubscriptionSeatsNotAllowed for the billing customer and every admin, before any other rule", async () => {
    expect((await db().prisma.organization.findUniqueOrThrow({ where: { id: org.organization.id } })).customerPortalUpdateSeats).toBe(false);
    for (const token of [team.customerToken, team.ownerToken, team.managerToken]) {
      await expectErrorResponse(await send(patch(team.subscription.id, 5, token)), NOT_ALLOWED);
      // Before the tiers' rules: a count out of bounds is refused the same.
      await expectErrorResponse(await send(patch(team.subscription.id, 100_000, token)), NOT_ALLOWED);
    }
    // A plain member is refused for its role first.
    await expectErrorResponse(await send(patch(team.subscription.id, 5, team.memberToken)), NOT_PERMITTED);
    for (const version of VERSIONS) {
      await expectSdk1Error(sdk1(team.customerToken, version).customerPortal.subscriptions.update(team.subscription.id, { seats: 5 }), {
        ...NOT_ALLOWED,
        className: "CustomerPortalSubscriptionsUpdate403Error",
      });
    }
    await expect049Failure(sdk049().customerPortal.subscriptions.update({ customerSession: team.customerToken }, { id: team.subscription.id, customerSubscriptionUpdate: { seats: 5 } }), {
      ...NOT_ALLOWED,
      className: "ResponseValidationError",
    });
    // The read still works.
    expect((await ok({ path: subscriptionPath(team.subscription.id), token: team.customerToken })).seats).toBe(4);
    expect(await storedSeats(team.subscription.id)).toBe(4);
  });

  it("turned on through PATCH /v1/organizations/{id}, the change goes through; turned off again, it is refused again", async () => {
    await allowSeatChanges(org, true);
    expect((await ok(patch(team.subscription.id, 5, team.managerToken))).seats).toBe(5);
    await waitForDeliveries(receiver, secret, (d) => d.data.id === team.subscription.id, 1);
    await allowSeatChanges(org, false);
    await expectErrorResponse(await send(patch(team.subscription.id, 6, team.customerToken)), NOT_ALLOWED);
    expect(await storedSeats(team.subscription.id)).toBe(5);
  });

  it("a canceled subscription, or one canceled at the period's end: 403 AlreadyCanceledSubscription (0.49.0's typed class)", async () => {
    await allowSeatChanges(org, true);
    const canceled = await staffedTeam(org, { seats: 4, status: "canceled" });
    await expectErrorResponse(await send(patch(canceled.subscription.id, 5, canceled.customerToken)), CANCELED);
    const ending = await staffedTeam(org, { seats: 4 });
    await db().prisma.subscription.update({ where: { id: ending.subscription.id }, data: { cancelAtPeriodEnd: true } });
    await expectErrorResponse(await send(patch(ending.subscription.id, 5, ending.ownerToken)), CANCELED);
    await expect049Failure(sdk049().customerPortal.subscriptions.update({ customerSession: ending.customerToken }, { id: ending.subscription.id, customerSubscriptionUpdate: { seats: 5 } }), {
      ...CANCELED,
      className: "AlreadyCanceledSubscription",
    });
    await expectSdk1Error(sdk1(canceled.customerToken, "2027-01").customerPortal.subscriptions.update(canceled.subscription.id, { seats: 5 }), {
      ...CANCELED,
      className: "CustomerPortalSubscriptionsUpdate403Error",
    });
    expect(await storedSeats(canceled.subscription.id)).toBe(4);
    expect(await storedSeats(ending.subscription.id)).toBe(4);
    expect(deliveries(receiver, (d) => [canceled.subscription.id, ending.subscription.id].includes(d.data.id as string))).toEqual([]);
  });
});

// Polar's SeatsAlreadyAssigned (subscription/service.py): "Cannot decrease seats to {n}.
// Currently {m} seats are assigned. Revoke seats first."
describe("Polar's message for a count below the seats in use", () => {
  it("400 SeatsAlreadyAssigned: 'Cannot decrease seats to 1. Currently 2 seats are assigned. Revoke seats first.'", async () => {
    const org = await teamOrg();
    await allowSeatChanges(org, true);
    const team = await staffedTeam(org, { seats: 3 });
    for (const email of [uniqueEmail("a"), uniqueEmail("b")]) await ok({ method: "POST", path: SEATS, token: team.customerToken, body: { subscription_id: team.subscription.id, email } });
    await expectErrorResponse(await send({ method: "PATCH", path: subscriptionPath(team.subscription.id), token: team.customerToken, body: { seats: 1 } }), {
      status: 400,
      error: "SeatsAlreadyAssigned",
      message: /^Cannot decrease seats to 1\. Currently 2 seats are assigned\. Revoke seats first\.$/,
    });
  });
});
