// Seats carry their member (Polar's member model): assign by member_id / external_member_id
// in the portal and the vendor's API (Polar's SeatAssign.validate_recipient and
// SeatService._resolve_member), `member_id` and `member` (Polar's Member) on every assigned
// seat on the wire and in webhooks (cleared by a revoke), customer sessions opened for a
// member (polar_mst_), and what a member's session may do by role: a plain member reads the
// team's seats and what it holds and is 403 on every write; owners and billing managers
// manage seats. SDK 0.49.0 (zod-validated), SDK 1.x at all three API versions, raw requests.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CustomerSeat$inboundSchema } from "@polar-sh/sdk/models/components/customerseat.js";
import { CustomerSession$inboundSchema } from "@polar-sh/sdk/models/components/customersession.js";
import { Member$inboundSchema } from "@polar-sh/sdk/models/components/member.js";
import { db } from "@/lib/db";
import { sdk049, sdk1 } from "../fixtures/clients";
import { uniqueEmail } from "../fixtures/factories";
import { WebhookReceiver } from "../fixtures/webhook-receiver";
import {
  CUSTOMER_SEAT_KEYS,
  SEATS,
  assignAndClaim,
  expectErrorResponse,
  expectSdk049Error,
  expectSdk1Error,
  invitationToken,
  jsonOf,
  lapseResendCooldown,
  mailbox,
  randomUuid,
  send,
  type ErrorCase,
  type ExpectedError,
  type JsonObject,
  type RawRequest,
} from "./helpers";
import { NOT_PERMITTED, UNAUTHORIZED, expect049Failure, expectWire049, ok } from "./merchant-helpers";
import {
  MEMBER_KEYS,
  PORTAL_MEMBERS,
  SESSIONS,
  VERSIONS,
  addMember,
  memberRow,
  memberSession,
  staffedTeam,
  teamOrg,
  waitForDeliveries,
  webhookEndpoint,
  type StaffedTeam,
  type TeamOrg,
} from "./team-helpers";

const MERCHANT_SEATS = "/v1/customer-seats";
const memberNotFound = (identifier: string): ExpectedError => ({ status: 404, error: "MemberNotFound", message: new RegExp(`^Member not found: ${identifier}$`) });
const emailMismatch = (externalId: string, email: string): ExpectedError => ({
  status: 400,
  error: "MemberEmailMismatch",
  message: new RegExp(`^Member with external_member_id '${externalId}' exists but has a different email than '${email.replace(/[.+]/g, "\\$&")}'$`),
});

/** A seat as the wire carries it: every key of CustomerSeat, 0.49.0's schema, and its member as Polar's Member. */
function expectSeatWithMember(seat: unknown, member: { id: unknown; email: unknown; customer_id?: unknown }, extra: Record<string, unknown> = {}) {
  expect(Object.keys(seat as object).sort()).toEqual(CUSTOMER_SEAT_KEYS);
  expectWire049(CustomerSeat$inboundSchema, seat, "a CustomerSeat");
  const s = seat as JsonObject;
  expect(s.member_id).toBe(member.id);
  expect(Object.keys(s.member as object).sort()).toEqual(MEMBER_KEYS);
  expectWire049(Member$inboundSchema, s.member, "seat.member");
  expect(s.member).toMatchObject({ id: member.id, email: member.email, ...(member.customer_id ? { customer_id: member.customer_id } : {}) });
  expect(s.email).toBe(member.email);
  expect(s).toMatchObject(extra);
}

/** A 422 on the body: status, loc and message, whichever of Polar's two names it carries (pinned apart below). */
async function expectBody422(response: Response, loc: (string | number)[], message: RegExp) {
  const body = (await jsonOf(response)) as JsonObject;
  expect(response.status, JSON.stringify(body)).toBe(422);
  expect(["RequestValidationError", "PolarRequestValidationError"]).toContain(body.error);
  const items = body.detail as JsonObject[];
  expect(items.map((item) => item.loc), JSON.stringify(body)).toContainEqual(loc);
  expect(items.some((item) => message.test(String(item.msg))), JSON.stringify(body)).toBe(true);
  return body;
}

/** Polar's recipient rules (customer_seat/schemas.py SeatAssign.validate_recipient): each a 422 on ("body",). */
const RECIPIENT_RULES: { name: string; body: (t: StaffedTeam) => Record<string, unknown>; message: RegExp }[] = [
  { name: "member_id and external_member_id", body: (t) => ({ member_id: t.member.id, external_member_id: t.member.external_id }), message: /Cannot provide both external_member_id and member_id/ },
  { name: "member_id and customer_id", body: (t) => ({ member_id: t.member.id, customer_id: t.customer.id }), message: /Cannot combine external_customer_id\/customer_id with external_member_id\/member_id/ },
  { name: "external_member_id and external_customer_id", body: (t) => ({ external_member_id: t.member.external_id, external_customer_id: t.customer.externalId }), message: /Cannot combine external_customer_id\/customer_id with external_member_id\/member_id/ },
  { name: "member_id and email", body: (t) => ({ member_id: t.member.id, email: t.member.email }), message: /Cannot combine member_id with email/ },
];

describe("portal assign by member_id / external_member_id (POST /v1/customer-portal/seats)", () => {
  const receiver = new WebhookReceiver();
  let org: TeamOrg;
  let t: StaffedTeam;
  let other: StaffedTeam;
  let secret = "";
  beforeAll(async () => {
    await receiver.start();
    org = await teamOrg();
    secret = await webhookEndpoint(org, receiver, ["customer_seat.assigned", "customer_seat.claimed", "customer_seat.revoked"]);
    [t, other] = await Promise.all([staffedTeam(org, { seats: 20 }), staffedTeam(org)]);
  });
  afterAll(() => receiver.stop());

  const assign = (body: Record<string, unknown>, token = t.customerToken): RawRequest => ({ method: "POST", path: SEATS, token, body: { subscription_id: t.subscription.id, ...body } });

  it("the billing customer assigns by member_id through SDK 0.49.0: the member's seat, invitation mailed to them, customer_seat.assigned with the member", async () => {
    const target = await addMember(org, t.customer.id, { email: uniqueEmail("by-id"), name: "By Id" });
    const seat = await sdk049().customerPortal.seats.assignSeat({ customerSession: t.customerToken }, { subscriptionId: t.subscription.id, memberId: target.id as string });
    expect(seat).toMatchObject({ status: "pending", memberId: target.id, email: target.email, subscriptionId: t.subscription.id });
    expect(seat.member).toMatchObject({ id: target.id, customerId: t.customer.id, email: target.email, name: "By Id", role: "member", externalId: null });
    expect(seat.member!.createdAt).toBeInstanceOf(Date);
    expect(await invitationToken(target.email as string)).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(await db().prisma.customerSeat.findUniqueOrThrow({ where: { id: seat.id } })).toMatchObject({ memberId: target.id, email: target.email });
    const [event] = await waitForDeliveries(receiver, secret, (d) => d.data.id === seat.id, 1);
    expect(event!.type).toBe("customer_seat.assigned");
    expectSeatWithMember(event!.data, { id: target.id, email: target.email, customer_id: t.customer.id }, { status: "pending" });
  });

  it.each(VERSIONS)("SDK 1.x %s: the owner's and a billing manager's sessions assign by member_id and by external_member_id", async (version) => {
    const a = await addMember(org, t.customer.id, { email: uniqueEmail(`a-${version}`) });
    const b = await addMember(org, t.customer.id, { email: uniqueEmail(`b-${version}`), external_id: `crm-b-${version}` });
    const byId = await sdk1(t.ownerToken, version).customerPortal.seats.assignSeat({ subscription_id: t.subscription.id, member_id: a.id as string });
    expectSeatWithMember(byId, { id: a.id, email: a.email, customer_id: t.customer.id }, { status: "pending" });
    const byExternal = await sdk1(t.managerToken, version).customerPortal.seats.assignSeat({ subscription_id: t.subscription.id, external_member_id: `crm-b-${version}` });
    expectSeatWithMember(byExternal, { id: b.id, email: b.email }, { status: "pending" });
    expect(byExternal.member?.external_id).toBe(`crm-b-${version}`);
    // The same member twice on one subscription: SeatAlreadyAssigned.
    await expectSdk1Error(sdk1(t.ownerToken, version).customerPortal.seats.assignSeat({ subscription_id: t.subscription.id, member_id: a.id as string }), {
      status: 400,
      error: "SeatAlreadyAssigned",
      className: "CustomerPortalSeatsAssignSeat400Error",
    });
  });

  it("external_member_id with an email: a new member is made with both; an existing address gets the external id linked", async () => {
    const fresh = uniqueEmail("fresh");
    const seat = await ok(assign({ external_member_id: `new-${fresh}`, email: fresh }));
    const created = await memberRow(seat.member_id as string);
    expect(created).toMatchObject({ customerId: t.customer.id, email: fresh, externalId: `new-${fresh}`, role: "member", deletedAt: null });
    expectSeatWithMember(seat, { id: created.id, email: fresh });
    expect((seat.member as JsonObject).external_id).toBe(`new-${fresh}`);

    const known = await addMember(org, t.customer.id, { email: uniqueEmail("known") });
    const linked = await ok(assign({ external_member_id: "linked-later", email: (known.email as string).toUpperCase() }));
    expect(linked.member_id).toBe(known.id);
    expect((await memberRow(known.id as string)).externalId).toBe("linked-later");
  });

  const errors: { name: string; request: () => RawRequest; expected: () => ExpectedError }[] = [
    { name: "an unknown member_id", request: () => assign({ member_id: "6f1b1a3e-1111-4a4a-8a8a-000000000001" }), expected: () => memberNotFound("6f1b1a3e-1111-4a4a-8a8a-000000000001") },
    { name: "another team's member_id", request: () => assign({ member_id: other.member.id }), expected: () => memberNotFound(other.member.id as string) },
    { name: "another team's owner", request: () => assign({ member_id: other.owner.id }), expected: () => memberNotFound(other.owner.id as string) },
    { name: "an unknown external_member_id and no email", request: () => assign({ external_member_id: "nobody-here" }), expected: () => memberNotFound("nobody-here") },
    { name: "another team's external_member_id and no email", request: () => assign({ external_member_id: other.member.external_id }), expected: () => memberNotFound(other.member.external_id as string) },
    {
      name: "an external_member_id whose member has another address",
      request: () => assign({ external_member_id: t.member.external_id, email: "someone-else@example.com" }),
      expected: () => emailMismatch(t.member.external_id as string, "someone-else@example.com"),
    },
    {
      name: "an address whose member has another external id",
      request: () => assign({ external_member_id: "a-different-id", email: t.member.email }),
      expected: () => emailMismatch("a-different-id", t.member.email as string),
    },
    { name: "a malformed member_id", request: () => assign({ member_id: "not-a-uuid" }), expected: (): ExpectedError => ({ status: 422, error: "RequestValidationError", loc: ["body", "member_id"] }) },
  ];
  it.each(errors)("error: $name → 404 MemberNotFound / 400 MemberEmailMismatch / 422, no seat written", async (row) => {
    const before = await db().prisma.customerSeat.count({ where: { subscriptionId: { in: [t.subscription.id, other.subscription.id] } } });
    await expectErrorResponse(await send(row.request()), row.expected());
    expect(await db().prisma.customerSeat.count({ where: { subscriptionId: { in: [t.subscription.id, other.subscription.id] } } })).toBe(before);
  });

  it.each(RECIPIENT_RULES)("error: $name → 422 on the body with Polar's message, no seat written", async (rule) => {
    const before = await db().prisma.customerSeat.count({ where: { subscriptionId: t.subscription.id } });
    await expectBody422(await send(assign(rule.body(t))), ["body"], rule.message);
    expect(await db().prisma.customerSeat.count({ where: { subscriptionId: t.subscription.id } })).toBe(before);
  });

  it("a removed member is not found any more", async () => {
    const gone = await addMember(org, t.customer.id, { email: uniqueEmail("gone"), external_id: `gone-${randomUuid()}` });
    expect((await send({ method: "DELETE", path: `/v1/members/${gone.id}`, token: org.token })).status).toBe(204);
    await expectErrorResponse(await send(assign({ member_id: gone.id })), memberNotFound(gone.id as string));
    await expectErrorResponse(await send(assign({ external_member_id: gone.external_id })), memberNotFound(gone.external_id as string));
  });

  it("error classes through both SDKs: 404 MemberNotFound, 400 MemberEmailMismatch, 422", async () => {
    await expectSdk049Error(sdk049().customerPortal.seats.assignSeat({ customerSession: t.customerToken }, { subscriptionId: t.subscription.id, memberId: other.member.id as string }), {
      status: 404,
      error: "MemberNotFound",
    });
    await expectSdk049Error(
      sdk049().customerPortal.seats.assignSeat({ memberSession: t.managerToken }, { subscriptionId: t.subscription.id, externalMemberId: t.member.external_id as string, email: "x@example.com" }),
      { status: 400, error: "MemberEmailMismatch" },
    );
    for (const version of VERSIONS) {
      await expectSdk1Error(sdk1(t.customerToken, version).customerPortal.seats.assignSeat({ subscription_id: t.subscription.id, member_id: randomUuid() }), {
        status: 404,
        error: "MemberNotFound",
        className: "CustomerPortalSeatsAssignSeat404Error",
      });
      await expectSdk1Error(
        sdk1(t.customerToken, version).customerPortal.seats.assignSeat({ subscription_id: t.subscription.id, member_id: t.member.id as string, email: t.member.email as string }),
        { status: 422, error: "RequestValidationError", loc: ["body"], className: "HTTPValidationError" },
      );
    }
  });

  // Polar validates these in the SeatAssign schema (a pydantic model_validator): FastAPI's
  // RequestValidationError, loc ("body",), msg "Value error, <message>".
  it("Polar's error name for the recipient rules: RequestValidationError (schema validation), as every other 422 of the body", async () => {
    for (const rule of RECIPIENT_RULES) {
      const body = await expectBody422(await send(assign(rule.body(t))), ["body"], rule.message);
      expect(body.error, rule.name).toBe("RequestValidationError");
    }
  });
});

describe("seat.member on the wire: lists, claims, revokes and webhooks", () => {
  const receiver = new WebhookReceiver();
  let org: TeamOrg;
  let t: StaffedTeam;
  let secret = "";
  beforeAll(async () => {
    await receiver.start();
    org = await teamOrg();
    secret = await webhookEndpoint(org, receiver, ["customer_seat.assigned", "customer_seat.claimed", "customer_seat.revoked"]);
    t = await staffedTeam(org, { seats: 10 });
  });
  afterAll(() => receiver.stop());

  it("assign by email makes (or finds) the member under the billing customer; the claim keeps it; a revoke clears member_id and member", async () => {
    const email = uniqueEmail("legacy");
    const { seat, claimed, sessionToken } = await assignAndClaim(t.customerToken, { subscription_id: t.subscription.id }, email);
    const member = (await db().prisma.member.findFirstOrThrow({ where: { customerId: t.customer.id, emailKey: email, deletedAt: null } }));
    expect(member.role).toBe("member");
    expectSeatWithMember(seat, { id: member.id, email, customer_id: t.customer.id }, { status: "pending" });
    expectSeatWithMember(claimed, { id: member.id, email, customer_id: t.customer.id }, { status: "claimed" });
    expect(sessionToken).toMatch(/^polar_mst_/);

    // An address that is already a member (the billing manager's) gets that member.
    const manager = await ok({ method: "POST", path: SEATS, token: t.customerToken, body: { subscription_id: t.subscription.id, email: (t.manager.email as string).toUpperCase() } });
    expect(manager.member_id).toBe(t.manager.id);

    const listed = await sdk049().customerPortal.seats.listSeats({ customerSession: t.customerToken }, { subscriptionId: t.subscription.id });
    const ofClaimed = listed.seats.find((s) => s.id === seat.id)!;
    expect(ofClaimed).toMatchObject({ status: "claimed", memberId: member.id, member: { id: member.id, email, role: "member", customerId: t.customer.id } });
    const merchantList = await sdk1(org.token).customerSeats.listSeats({ subscription_id: t.subscription.id });
    for (const s of merchantList.seats) {
      // Assigned by an address in other case, the seat keeps the address as typed; its member is the one found.
      expectSeatWithMember({ ...s, email: s.member?.email }, { id: s.member_id, email: s.member?.email });
      expect(s.email!.toLowerCase()).toBe(s.member!.email.toLowerCase());
    }

    const revoked = await ok({ method: "DELETE", path: `${SEATS}/${seat.id}`, token: t.customerToken });
    expect(revoked).toMatchObject({ status: "revoked", member_id: null, member: null, email: null, customer_id: null });
    expectWire049(CustomerSeat$inboundSchema, revoked, "a revoked seat");
    const after = await sdk049().customerPortal.seats.listSeats({ customerSession: t.customerToken }, { subscriptionId: t.subscription.id });
    expect(after.seats.find((s) => s.id === seat.id)).toMatchObject({ status: "revoked", memberId: null, member: null });
    // The member stays on the team: only the seat went.
    expect((await memberRow(member.id)).deletedAt).toBeNull();

    const events = await waitForDeliveries(receiver, secret, (d) => d.data.id === seat.id, 3);
    expect(events.map((e) => e.type)).toEqual(["customer_seat.assigned", "customer_seat.claimed", "customer_seat.revoked"]);
    expectSeatWithMember(events[0]!.data, { id: member.id, email });
    expectSeatWithMember(events[1]!.data, { id: member.id, email });
    expect(events[2]!.data).toMatchObject({ member_id: null, member: null, email: null });
  });

  it.each(VERSIONS)("SDK 1.x %s: the vendor assigns by member_id with immediate_claim and by external_member_id + email; every seat carries its member", async (version) => {
    const a = await addMember(org, t.customer.id, { email: uniqueEmail(`m-${version}`), role: "billing_manager" });
    const claimed = await sdk1(org.token, version).customerSeats.assignSeat({ subscription_id: t.subscription.id, member_id: a.id as string, immediate_claim: true });
    expectSeatWithMember(claimed, { id: a.id, email: a.email, customer_id: t.customer.id }, { status: "claimed", invitation_token_expires_at: null });
    expect(claimed.member?.role).toBe("billing_manager");
    const email = uniqueEmail(`x-${version}`);
    const pending = await sdk1(org.token, version).customerSeats.assignSeat({ subscription_id: t.subscription.id, external_member_id: `vendor-${version}-${email}`, email });
    expectSeatWithMember(pending, { id: pending.member_id, email }, { status: "pending" });
    expect(pending.member).toMatchObject({ external_id: `vendor-${version}-${email}`, role: "member", customer_id: t.customer.id });
    await expectSdk1Error(sdk1(org.token, version).customerSeats.assignSeat({ subscription_id: t.subscription.id, member_id: randomUuid() }), {
      status: 404,
      error: "MemberNotFound",
      className: "CustomerSeatsAssignSeat404Error",
    });
    await expectSdk1Error(sdk1(org.token, version).customerSeats.assignSeat({ subscription_id: t.subscription.id, external_member_id: `vendor-${version}-${email}`, email: "other@example.com" }), {
      status: 400,
      error: "MemberEmailMismatch",
      className: "CustomerSeatsAssignSeat400Error",
    });
  });

  it("SDK 0.49.0 customerSeats.assignSeat by externalMemberId (a member made) and memberId (zod-validated member); another organization's member is MemberNotFound", async () => {
    const email = uniqueEmail("vendor049");
    const seat = await sdk049(org.token).customerSeats.assignSeat({ subscriptionId: t.subscription.id, externalMemberId: `v049-${email}`, email, immediateClaim: true });
    expect(seat).toMatchObject({ status: "claimed", email, member: { email, externalId: `v049-${email}`, role: "member", customerId: t.customer.id } });
    expect(seat.memberId).toBe(seat.member!.id);
    const foreignOrg = await teamOrg();
    const foreign = await staffedTeam(foreignOrg);
    await expect049Failure(sdk049(org.token).customerSeats.assignSeat({ subscriptionId: t.subscription.id, memberId: foreign.member.id as string }), { status: 404, error: "MemberNotFound" });
    // Nor may the foreign organization name this team's member on its own subscription.
    await expect049Failure(sdk049(foreignOrg.token).customerSeats.assignSeat({ subscriptionId: foreign.subscription.id, memberId: t.member.id as string }), { status: 404, error: "MemberNotFound" });
    for (const rule of RECIPIENT_RULES) {
      await expectBody422(await send({ method: "POST", path: MERCHANT_SEATS, token: org.token, body: { subscription_id: t.subscription.id, ...rule.body(t) } }), ["body"], rule.message);
    }
  });
});

describe("POST /v1/customer-sessions/ with member_id / external_member_id", () => {
  let org: TeamOrg;
  let t: StaffedTeam;
  let other: StaffedTeam;
  beforeAll(async () => {
    org = await teamOrg();
    [t, other] = await Promise.all([staffedTeam(org), staffedTeam(org)]);
  });
  const create = (body: Record<string, unknown>): RawRequest => ({ method: "POST", path: SESSIONS, token: org.token, body });

  it("SDK 0.49.0 with memberId: 201, a polar_mst_ token for that member, the billing customer as the session's customer (zod-validated)", async () => {
    const session = await sdk049(org.token).customerSessions.create({ customerId: t.customer.id, memberId: t.manager.id as string, returnUrl: "https://example.com/account" });
    expect(session.token).toMatch(/^polar_mst_[A-Za-z0-9_-]{20,}$/);
    expect(session).toMatchObject({ customerId: t.customer.id, returnUrl: "https://example.com/account", customer: { id: t.customer.id, email: t.customer.email } });
    expect(session.customerPortalUrl).toContain(`customer_session_token=${encodeURIComponent(session.token)}`);
    expect(session.expiresAt.getTime()).toBeGreaterThan(Date.now());
    // The token is the billing manager's: it manages the team.
    const members = await sdk049(session.token).customerPortal.members.listMembers({});
    expect(members.result.items.map((m) => m.id)).toContain(t.manager.id);
    expect(await db().prisma.memberSession.count({ where: { memberId: t.manager.id as string, revokedAt: null } })).toBeGreaterThanOrEqual(2);
  });

  it.each(VERSIONS)("SDK 1.x %s: by external_customer_id + external_member_id, and by customer_id + member_id", async (version) => {
    const byExternal = await sdk1(org.token, version).customerSessions.create({ external_customer_id: t.customer.externalId!, external_member_id: t.member.external_id as string });
    expectWire049(CustomerSession$inboundSchema, byExternal, "SDK 1.x customerSessions.create");
    expect(byExternal.token).toMatch(/^polar_mst_/);
    expect(byExternal.customer_id).toBe(t.customer.id);
    // A plain member's session: it reads the team's seats, and manages nothing.
    expect((await send({ path: `${SEATS}?subscription_id=${t.subscription.id}`, token: byExternal.token })).status).toBe(200);
    await expectErrorResponse(await send({ path: PORTAL_MEMBERS, token: byExternal.token }), NOT_PERMITTED);
    const byId = await sdk1(org.token, version).customerSessions.create({ customer_id: t.customer.id, member_id: t.owner.id as string });
    expect(byId.token).toMatch(/^polar_mst_/);
    expect((await send({ path: PORTAL_MEMBERS, token: byId.token })).status).toBe(200);
  });

  const errors: ErrorCase<void>[] = [
    { name: "an unknown member_id", request: () => create({ customer_id: t.customer.id, member_id: randomUuid() }), expected: { status: 422, error: "PolarRequestValidationError", loc: ["body", "member_id"], message: /^Member does not exist for this customer\.$/ } },
    { name: "another team's member_id", request: () => create({ customer_id: t.customer.id, member_id: other.member.id }), expected: { status: 422, error: "PolarRequestValidationError", loc: ["body", "member_id"], message: /^Member does not exist for this customer\.$/ } },
    {
      name: "an unknown external_member_id",
      request: () => create({ customer_id: t.customer.id, external_member_id: "nobody" }),
      expected: { status: 422, error: "PolarRequestValidationError", loc: ["body", "external_member_id"], message: /^Member does not exist for this customer\.$/ },
    },
    {
      name: "another team's external_member_id",
      request: () => create({ external_customer_id: t.customer.externalId, external_member_id: other.member.external_id }),
      expected: { status: 422, error: "PolarRequestValidationError", loc: ["body", "external_member_id"] },
    },
    { name: "a malformed member_id", request: () => create({ customer_id: t.customer.id, member_id: "not-a-uuid" }), expected: { status: 422, error: "RequestValidationError", loc: ["body", "member_id"] } },
  ];
  it.each(errors)("error: $name → $expected.status $expected.error, no session opened", async (row) => {
    const before = await db().prisma.memberSession.count({ where: { member: { customerId: { in: [t.customer.id, other.customer.id] } } } });
    await expectErrorResponse(await send(row.request()), row.expected);
    expect(await db().prisma.memberSession.count({ where: { member: { customerId: { in: [t.customer.id, other.customer.id] } } } })).toBe(before);
  });

  it("error classes: 422 is HTTPValidationError in both SDKs; a removed member has no session", async () => {
    await expectSdk049Error(sdk049(org.token).customerSessions.create({ customerId: t.customer.id, memberId: other.member.id as string }), {
      status: 422,
      error: "PolarRequestValidationError",
      loc: ["body", "member_id"],
    });
    for (const version of VERSIONS) {
      await expectSdk1Error(sdk1(org.token, version).customerSessions.create({ customer_id: t.customer.id, external_member_id: "nope" }), {
        status: 422,
        error: "PolarRequestValidationError",
        loc: ["body", "external_member_id"],
        className: "HTTPValidationError",
      });
    }
    const gone = await addMember(org, t.customer.id, { email: uniqueEmail("gone") });
    const token = await memberSession(org, t.customer.id, gone.id as string);
    expect((await send({ method: "DELETE", path: `/v1/customers/${t.customer.id}/members/${gone.id}`, token: org.token })).status).toBe(204);
    await expectErrorResponse(await send(create({ customer_id: t.customer.id, member_id: gone.id })), { status: 422, error: "PolarRequestValidationError", loc: ["body", "member_id"] });
    // Their session ended with them.
    await expectErrorResponse(await send({ path: `${SEATS}?subscription_id=${t.subscription.id}`, token }), UNAUTHORIZED);
  });
});

describe("a member session by role: reads for all, seat writes and member management for owners and billing managers", () => {
  let org: TeamOrg;
  let t: StaffedTeam;
  let seat: JsonObject;
  let heldSeat: JsonObject;
  beforeAll(async () => {
    org = await teamOrg();
    t = await staffedTeam(org, { seats: 10 });
    seat = await ok({ method: "POST", path: SEATS, token: t.customerToken, body: { subscription_id: t.subscription.id, email: uniqueEmail("held") } });
    // The plain member holds a claimed seat of the team's subscription.
    heldSeat = await ok({ method: "POST", path: MERCHANT_SEATS, token: org.token, body: { subscription_id: t.subscription.id, member_id: t.member.id, immediate_claim: true } });
  });

  it("a plain member reads the team's seats (both SDKs, all versions) and the subscriptions it holds a seat of", async () => {
    const list049 = await sdk049().customerPortal.seats.listSeats({ memberSession: t.memberToken }, { subscriptionId: t.subscription.id });
    expect(list049).toMatchObject({ totalSeats: 10, availableSeats: 8 });
    expect(list049.seats.map((s) => s.id).sort()).toEqual([seat.id, heldSeat.id].sort());
    expect(list049.seats.find((s) => s.id === heldSeat.id)).toMatchObject({ status: "claimed", memberId: t.member.id, member: { id: t.member.id, role: "member" } });
    for (const version of VERSIONS) {
      const list = await sdk1(t.memberToken, version).customerPortal.seats.listSeats({ subscription_id: t.subscription.id });
      expect(list.seats).toHaveLength(2);
      for (const s of list.seats) expectSeatWithMember(s, { id: s.member_id, email: s.email });
      const claimed = await sdk1(t.memberToken, version).customerPortal.seats.listClaimedSubscriptions({ page: 1, limit: 10 });
      expect(claimed.items.map((s) => s.id)).toEqual([t.subscription.id]);
    }
    const claimed049 = await sdk049().customerPortal.seats.listClaimedSubscriptions({ memberSession: t.memberToken }, { page: 1, limit: 10 });
    expect(claimed049.result.items.map((s) => s.id)).toEqual([t.subscription.id]);
  });

  const writes: { name: string; request: (token: string) => RawRequest }[] = [
    { name: "assign a seat", request: (token) => ({ method: "POST", path: SEATS, token, body: { subscription_id: t.subscription.id, email: uniqueEmail("refused") } }) },
    { name: "assign a seat by member_id", request: (token) => ({ method: "POST", path: SEATS, token, body: { subscription_id: t.subscription.id, member_id: t.manager.id } }) },
    { name: "revoke a seat", request: (token) => ({ method: "DELETE", path: `${SEATS}/${seat.id}`, token }) },
    { name: "resend an invitation", request: (token) => ({ method: "POST", path: `${SEATS}/${seat.id}/resend`, token }) },
    { name: "list the members", request: (token) => ({ path: PORTAL_MEMBERS, token }) },
    { name: "add a member", request: (token) => ({ method: "POST", path: PORTAL_MEMBERS, token, body: { email: uniqueEmail("refused") } }) },
    { name: "update a member", request: (token) => ({ method: "PATCH", path: `${PORTAL_MEMBERS}/${t.manager.id}`, token, body: { role: "member" } }) },
    { name: "remove a member", request: (token) => ({ method: "DELETE", path: `${PORTAL_MEMBERS}/${t.manager.id}`, token }) },
    { name: "change the seat count", request: (token) => ({ method: "PATCH", path: `/v1/customer-portal/subscriptions/${t.subscription.id}`, token, body: { seats: 9 } }) },
  ];
  it.each(writes)("a plain member may not $name: 403 NotPermitted, nothing changed", async (write) => {
    const before = await db().prisma.customerSeat.findMany({ where: { subscriptionId: t.subscription.id }, orderBy: { id: "asc" } });
    const members = await db().prisma.member.findMany({ where: { customerId: t.customer.id }, orderBy: { id: "asc" } });
    await expectErrorResponse(await send(write.request(t.memberToken)), NOT_PERMITTED);
    expect(await db().prisma.customerSeat.findMany({ where: { subscriptionId: t.subscription.id }, orderBy: { id: "asc" } })).toEqual(before);
    expect(await db().prisma.member.findMany({ where: { customerId: t.customer.id }, orderBy: { id: "asc" } })).toEqual(members);
    expect((await db().prisma.subscription.findUniqueOrThrow({ where: { id: t.subscription.id } })).seats).toBe(10);
  });

  it("a plain member's 403s through the SDKs: 1.x's mapped classes, 0.49.0's SDKError", async () => {
    for (const version of VERSIONS) {
      const polar = sdk1(t.memberToken, version);
      await expectSdk1Error(polar.customerPortal.seats.assignSeat({ subscription_id: t.subscription.id, email: uniqueEmail() }), { ...NOT_PERMITTED, className: "CustomerPortalSeatsAssignSeat403Error" });
      await expectSdk1Error(polar.customerPortal.seats.revokeSeat(seat.id as string), { ...NOT_PERMITTED, className: "CustomerPortalSeatsRevokeSeat403Error" });
      await expectSdk1Error(polar.customerPortal.seats.resendInvitation(seat.id as string), { ...NOT_PERMITTED, className: "CustomerPortalSeatsResendInvitation403Error" });
    }
    await expectSdk049Error(sdk049().customerPortal.seats.assignSeat({ memberSession: t.memberToken }, { subscriptionId: t.subscription.id, email: uniqueEmail() }), NOT_PERMITTED);
    await expectSdk049Error(sdk049().customerPortal.seats.revokeSeat({ memberSession: t.memberToken }, { seatId: seat.id as string }), NOT_PERMITTED);
  });

  it("owners and billing managers (member sessions) assign, resend and revoke", async () => {
    for (const [who, token] of [["owner", t.ownerToken], ["billing manager", t.managerToken]] as const) {
      const email = uniqueEmail(who.replace(" ", "-"));
      const given = await sdk049().customerPortal.seats.assignSeat({ memberSession: token }, { subscriptionId: t.subscription.id, email });
      expect(given, who).toMatchObject({ status: "pending", email, member: { email, role: "member" } });
      await lapseResendCooldown(given.id);
      expect((await sdk1(token).customerPortal.seats.resendInvitation(given.id)).id).toBe(given.id);
      await mailbox().waitForEmail(email, { count: 2 });
      const revoked = await sdk1(token).customerPortal.seats.revokeSeat(given.id);
      expect(revoked).toMatchObject({ id: given.id, status: "revoked", member_id: null, member: null });
    }
  });

  // Polar's _UnionBillingRoleCheck (customer_portal/auth.py): the seat and subscription writes
  // a plain member is refused answer this message.
  it("Polar's message for a plain member's seat writes: 'Only owners and billing managers can access billing features.'", async () => {
    for (const write of writes.filter((w) => !w.request("x").path.startsWith(PORTAL_MEMBERS))) {
      await expectErrorResponse(await send(write.request(t.memberToken)), { ...NOT_PERMITTED, message: /^Only owners and billing managers can access billing features\.$/ });
    }
  });
});

// Polar's member_service.update syncs the address on the member's active seats
// (customer_seat/repository.py update_email_by_member_id); here the claimed ones only: a
// pending seat's link went to the old address and proves only that one.
describe("a member's new address reaches the seats they hold", () => {
  it("PATCH /v1/customers/{id}/members/{member_id} {email}: a pending seat keeps the address its link was mailed to", async () => {
    const org = await teamOrg();
    const t = await staffedTeam(org);
    const pending = await ok({ method: "POST", path: MERCHANT_SEATS, token: org.token, body: { subscription_id: t.subscription.id, member_id: t.member.id } });
    const before = pending.email as string;
    await ok({ method: "PATCH", path: `/v1/customers/${t.customer.id}/members/${t.member.id}`, token: org.token, body: { email: uniqueEmail("moved") } });
    const list = await ok({ path: `${MERCHANT_SEATS}?subscription_id=${t.subscription.id}`, token: org.token });
    expect((list.seats as JsonObject[]).find((s) => s.id === pending.id)!.email).toBe(before);
  });

  it("PATCH /v1/customers/{id}/members/{member_id} {email}: the member's claimed seats carry the new address", async () => {
    const org = await teamOrg();
    const t = await staffedTeam(org);
    const seat = await ok({ method: "POST", path: MERCHANT_SEATS, token: org.token, body: { subscription_id: t.subscription.id, member_id: t.member.id, immediate_claim: true } });
    const email = uniqueEmail("moved");
    const updated = await ok({ method: "PATCH", path: `/v1/customers/${t.customer.id}/members/${t.member.id}`, token: org.token, body: { email } });
    expect(updated.email).toBe(email);
    const list = await ok({ path: `${MERCHANT_SEATS}?subscription_id=${t.subscription.id}`, token: org.token });
    const after = (list.seats as JsonObject[]).find((s) => s.id === seat.id)!;
    expect((after.member as JsonObject).email).toBe(email);
    expect(after.email).toBe(email);
  });
});
