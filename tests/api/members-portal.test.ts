// The customer portal's members (Polar's customer_portal/endpoints/member.py): list, add,
// update and remove a team's members, by the billing customer (a customer session acts as
// the owner) or an owner/billing manager member session; a plain member is 403, the session
// a claim opened sees no team (404), a customer who bought nothing seat-based is 403. Driven
// by SDK 0.49.0 (zod-validated: the wire check) and SDK 1.x at all three API versions, with
// raw requests for the exact error bodies, webhooks (member.*, customer_seat.revoked) and
// the database's rows.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CustomerPortalMember$inboundSchema } from "@polar-sh/sdk/models/components/customerportalmember.js";
import { ListResourceCustomerPortalMember$inboundSchema } from "@polar-sh/sdk/models/components/listresourcecustomerportalmember.js";
import { db } from "@/lib/db";
import { sdk049, sdk1 } from "../fixtures/clients";
import { createCustomer, createCustomerSessionToken, createOrganizationToken, createSubscription, uniqueEmail } from "../fixtures/factories";
import { WebhookReceiver } from "../fixtures/webhook-receiver";
import {
  assignAndClaim,
  expectErrorResponse,
  expectSdk049Error,
  expectSdk1Error,
  randomUuid,
  send,
  type ErrorCase,
  type ExpectedError,
  type JsonObject,
  type RawRequest,
} from "./helpers";
import { NOT_FOUND, NOT_PERMITTED, UNAUTHORIZED, expectWire049, ok } from "./merchant-helpers";
import {
  MEMBER_KEYS,
  NOT_A_TEAM,
  PORTAL_MEMBERS,
  PORTAL_MEMBER_KEYS,
  VERSIONS,
  addMember,
  liveMembers,
  memberRow,
  staffedTeam,
  teamOrg,
  waitForDeliveries,
  webhookEndpoint,
  type TeamOrg,
} from "./team-helpers";

const member = (id: string) => `${PORTAL_MEMBERS}/${id}`;
const invalid = (loc: (string | number)[], message?: RegExp): ExpectedError => ({ status: 422, error: "RequestValidationError", loc, ...(message ? { message } : {}) });
const rejected = (loc: (string | number)[], message: RegExp): ExpectedError => ({ status: 422, error: "PolarRequestValidationError", loc, message });

/**
 * Two teams of one organization (each with an owner, a billing manager and a plain member,
 * and their member sessions), a customer who bought nothing seat-based, the session a claim
 * opened, and an organization token: every caller the portal's member routes meet.
 */
async function portalWorld(org: TeamOrg) {
  const team = await staffedTeam(org);
  const otherTeam = await staffedTeam(org);
  const individual = await createCustomer(org.organization.id);
  const individualToken = await createCustomerSessionToken(individual.id);
  const { sessionToken: claimToken } = await assignAndClaim(team.customerToken, { subscription_id: team.subscription.id }, uniqueEmail("claimer"));
  expect(claimToken).toMatch(/^polar_mst_/);
  return { org, team, otherTeam, individualToken, claimToken };
}
type World = Awaited<ReturnType<typeof portalWorld>>;

/** The rows every portal member route opens with: who may not use it at all. */
function callerCases(build: (c: World, auth: { token?: string; authorization?: string }) => RawRequest): ErrorCase<World>[] {
  return [
    { name: "anonymous (no Authorization)", request: (c) => build(c, {}), expected: UNAUTHORIZED },
    { name: "Bearer undefined (SDK 1.x without a token)", request: (c) => build(c, { authorization: "Bearer undefined" }), expected: UNAUTHORIZED },
    { name: "an unknown member session", request: (c) => build(c, { token: `polar_mst_${"x".repeat(43)}` }), expected: UNAUTHORIZED },
    { name: "an organization token (polar_oat_)", request: (c) => build(c, { token: c.org.token }), expected: UNAUTHORIZED },
    { name: "a plain member's session", request: (c) => build(c, { token: c.team.memberToken }), expected: NOT_PERMITTED },
    { name: "the session a claim opened (sees no team)", request: (c) => build(c, { token: c.claimToken }), expected: NOT_FOUND },
    { name: "a customer who bought nothing seat-based", request: (c) => build(c, { token: c.individualToken }), expected: { ...NOT_PERMITTED, message: NOT_A_TEAM } },
  ];
}

/** A member through the portal's eyes: Polar's CustomerPortalMember, every key and no other. */
function expectPortalMember(value: unknown, expected: Partial<Record<string, unknown>>) {
  expect(Object.keys(value as object).sort()).toEqual(PORTAL_MEMBER_KEYS);
  expectWire049(CustomerPortalMember$inboundSchema, value, "a CustomerPortalMember");
  expect(value).toMatchObject(expected);
}

describe("GET /v1/customer-portal/members (list)", () => {
  let c: World;
  beforeAll(async () => {
    c = await portalWorld(await teamOrg());
  });

  it.concurrent.each(callerCases((_, auth) => ({ path: PORTAL_MEMBERS, ...auth })))("error: $name → $expected.status $expected.error", async (row) => {
    await expectErrorResponse(await send(row.request(c)), row.expected);
  });

  it("the billing customer lists the team through SDK 0.49.0: the owner (the billing customer's own address) first, no other team's members", async () => {
    const page = await sdk049(c.team.customerToken).customerPortal.members.listMembers({});
    const items = page.result.items;
    expect(items.map((m) => m.id)).toEqual([c.team.owner.id, c.team.manager.id, c.team.member.id, expect.any(String)]);
    expect(items[0]).toMatchObject({ email: c.team.customer.email, role: "owner", name: "Team Owner" });
    expect(items[0]!.createdAt).toBeInstanceOf(Date);
    expect(items[1]).toMatchObject({ email: c.team.manager.email, name: "Bea Manager", role: "billing_manager" });
    expect(items[2]).toMatchObject({ email: c.team.member.email, name: "Max Member", role: "member" });
    // The claimer of the team's seat became a member of it.
    expect(items[3]).toMatchObject({ role: "member" });
    expect(page.result.pagination).toEqual({ totalCount: 4, maxPage: 1 });
    const otherIds = [c.otherTeam.owner.id, c.otherTeam.manager.id, c.otherTeam.member.id];
    expect(items.some((m) => otherIds.includes(m.id))).toBe(false);
  });

  it.each(VERSIONS)("SDK 1.x %s: owner and billing manager sessions list it, paged, with CustomerPortalMember's keys only", async (version) => {
    for (const token of [c.team.ownerToken, c.team.managerToken]) {
      const list = await sdk1(token, version).customerPortal.members.listMembers({ page: 2, limit: 3 });
      expectWire049(ListResourceCustomerPortalMember$inboundSchema, list, "SDK 1.x customerPortal.members.listMembers");
      expect(list.pagination).toEqual({ total_count: 4, max_page: 2 });
      expect(list.items).toHaveLength(1);
      const first = await sdk1(token, version).customerPortal.members.listMembers({ page: 1, limit: 3 });
      expectPortalMember(first.items[0], { id: c.team.owner.id, role: "owner", email: c.team.customer.email });
      expect(first.items.map((m) => m.id)).not.toContain(list.items[0]!.id);
    }
  });

  it("error classes through both SDKs: 401, 403 (plain member, non-team), 404 (claim session)", async () => {
    await expectSdk1Error(sdk1(undefined, "2026-04").customerPortal.members.listMembers(), { ...UNAUTHORIZED, className: "CustomerPortalMembersListMembers401Error" });
    for (const version of VERSIONS) {
      await expectSdk1Error(sdk1(c.team.memberToken, version).customerPortal.members.listMembers(), { ...NOT_PERMITTED, className: "CustomerPortalMembersListMembers403Error" });
    }
    const nonTeam = await expectSdk1Error(sdk1(c.individualToken).customerPortal.members.listMembers(), { ...NOT_PERMITTED, className: "CustomerPortalMembersListMembers403Error" });
    expect((nonTeam.error as JsonObject).detail).toMatch(NOT_A_TEAM);
    // 404 is not in 1.x's map for this operation: a plain PolarClientError with the raw body.
    await expectSdk1Error(sdk1(c.claimToken).customerPortal.members.listMembers(), { ...NOT_FOUND, className: "PolarClientError" });
    await expectSdk049Error(sdk049().customerPortal.members.listMembers({}), UNAUTHORIZED);
    await expectSdk049Error(sdk049(c.team.memberToken).customerPortal.members.listMembers({}), NOT_PERMITTED);
    await expectSdk049Error(sdk049(c.individualToken).customerPortal.members.listMembers({}), NOT_PERMITTED);
    await expectSdk049Error(sdk049(c.claimToken).customerPortal.members.listMembers({}), NOT_FOUND);
  });
});

describe("POST /v1/customer-portal/members (add)", () => {
  const receiver = new WebhookReceiver();
  let c: World;
  let secret = "";
  beforeAll(async () => {
    await receiver.start();
    const org = await teamOrg();
    secret = await webhookEndpoint(org, receiver, ["member.created", "member.updated", "member.deleted"]);
    c = await portalWorld(org);
  });
  afterAll(() => receiver.stop());

  const post = (body: unknown, auth: { token?: string; authorization?: string }): RawRequest => ({ method: "POST", path: PORTAL_MEMBERS, body, ...auth });

  const cases: ErrorCase<World>[] = [
    ...callerCases((_, auth) => post({ email: uniqueEmail("refused") }, auth)),
    { name: "role owner", request: (c) => post({ email: uniqueEmail(), role: "owner" }, { token: c.team.customerToken }), expected: rejected(["body", "role"], /^Cannot add a member as owner\. There must be exactly one owner\.$/) },
    { name: "role owner, by the owner's member session", request: (c) => post({ email: uniqueEmail(), role: "owner" }, { token: c.team.ownerToken }), expected: rejected(["body", "role"], /exactly one owner/) },
    { name: "an invalid email", request: (c) => post({ email: "not-an-email" }, { token: c.team.customerToken }), expected: invalid(["body", "email"]) },
    { name: "no email", request: (c) => post({ name: "Nobody" }, { token: c.team.customerToken }), expected: invalid(["body", "email"]) },
    { name: "an unknown role", request: (c) => post({ email: uniqueEmail(), role: "admin" }, { token: c.team.customerToken }), expected: invalid(["body", "role"]) },
  ];
  it.concurrent.each(cases)("error: $name → $expected.status $expected.error, no member written", async (row) => {
    const before = await db().prisma.member.count({ where: { customer: { organizationId: c.org.organization.id } } });
    await expectErrorResponse(await send(row.request(c)), row.expected);
    expect(await db().prisma.member.count({ where: { customer: { organizationId: c.org.organization.id } } })).toBe(before);
  });

  it("the billing customer adds a billing manager through SDK 0.49.0: 201, the row, a member.created webhook with Polar's Member", async () => {
    const email = uniqueEmail("Added");
    const added = await sdk049(c.team.customerToken).customerPortal.members.addMember({ email, name: "Ada Added", role: "billing_manager" });
    expect(added).toMatchObject({ email, name: "Ada Added", role: "billing_manager", modifiedAt: null });
    expect(added.createdAt).toBeInstanceOf(Date);
    const row = await memberRow(added.id);
    expect(row).toMatchObject({ customerId: c.team.customer.id, email, emailKey: email.toLowerCase(), role: "billing_manager", externalId: null, deletedAt: null });
    const [event] = await waitForDeliveries(receiver, secret, (d) => d.data.id === added.id, 1);
    expect(event!.type).toBe("member.created");
    expect(Object.keys(event!.data).sort()).toEqual(MEMBER_KEYS);
    expect(event!.data).toMatchObject({ id: added.id, customer_id: c.team.customer.id, email, name: "Ada Added", external_id: null, role: "billing_manager" });
  });

  it.each(VERSIONS)("SDK 1.x %s: a billing manager's session adds a member (role defaults to member)", async (version) => {
    const email = uniqueEmail(`v${version}`);
    const added = await sdk1(c.team.managerToken, version).customerPortal.members.addMember({ email });
    expectPortalMember(added, { email, name: null, role: "member", modified_at: null });
    expect(await memberRow(added.id)).toMatchObject({ customerId: c.team.customer.id, role: "member" });
  });

  it("an address already on the team answers that member (201), whatever its case: no second row, no second webhook", async () => {
    const email = uniqueEmail("twice");
    const first = await ok(post({ email, name: "First" }, { token: c.team.ownerToken }), 201);
    const again = await ok(post({ email: email.toUpperCase(), name: "Second", role: "billing_manager" }, { token: c.team.customerToken }), 201);
    expect(again).toEqual(first);
    expect(again).toMatchObject({ name: "First", role: "member" });
    const via049 = await sdk049(c.team.managerToken).customerPortal.members.addMember({ email });
    expect(via049.id).toBe(first.id);
    expect((await liveMembers(c.team.customer.id)).filter((m) => m.emailKey === email.toLowerCase())).toHaveLength(1);
    const created = await waitForDeliveries(receiver, secret, (d) => d.data.id === first.id, 1);
    expect(created.map((d) => d.type)).toEqual(["member.created"]);
  });

  it("the owner's own address answers the owner", async () => {
    const answer = await ok(post({ email: c.team.customer.email }, { token: c.team.customerToken }), 201);
    expect(answer).toMatchObject({ id: c.team.owner.id, role: "owner" });
  });

  it("error classes through both SDKs: 422 for an owner, 403 for a plain member", async () => {
    for (const version of VERSIONS) {
      await expectSdk1Error(sdk1(c.team.customerToken, version).customerPortal.members.addMember({ email: uniqueEmail(), role: "owner" }), {
        ...rejected(["body", "role"], /owner/),
        className: "HTTPValidationError",
      });
      await expectSdk1Error(sdk1(c.team.memberToken, version).customerPortal.members.addMember({ email: uniqueEmail() }), { ...NOT_PERMITTED, className: "CustomerPortalMembersAddMember403Error" });
    }
    await expectSdk049Error(sdk049(c.team.customerToken).customerPortal.members.addMember({ email: uniqueEmail(), role: "owner" }), rejected(["body", "role"], /owner/));
    await expectSdk049Error(sdk049(c.team.memberToken).customerPortal.members.addMember({ email: uniqueEmail() }), NOT_PERMITTED);
    await expectSdk049Error(sdk049(c.individualToken).customerPortal.members.addMember({ email: uniqueEmail() }), NOT_PERMITTED);
  });
});

describe("PATCH /v1/customer-portal/members/{id} (update)", () => {
  const receiver = new WebhookReceiver();
  let org: TeamOrg;
  let c: World;
  let secret = "";
  beforeAll(async () => {
    await receiver.start();
    org = await teamOrg();
    secret = await webhookEndpoint(org, receiver, ["member.updated"]);
    c = await portalWorld(org);
  });
  afterAll(() => receiver.stop());

  const patch = (id: string, body: unknown, auth: { token?: string; authorization?: string }): RawRequest => ({ method: "PATCH", path: member(id), body, ...auth });
  const OWN_ROLE = /^You cannot modify your own role\.$/;
  const ONE_OWNER = /^Cannot change role\. Customer must have exactly one owner\.$/;
  const ONLY_OWNER_TRANSFERS = /^Only the owner can transfer ownership\.$/;

  const cases: ErrorCase<World>[] = [
    ...callerCases((c, auth) => patch(c.team.member.id as string, { name: "Refused" }, auth)),
    { name: "the owner's own role, by the billing customer (who acts as the owner)", request: (c) => patch(c.team.owner.id as string, { role: "member" }, { token: c.team.customerToken }), expected: rejected(["path", "id"], OWN_ROLE) },
    { name: "the owner's own role, by the owner's session", request: (c) => patch(c.team.owner.id as string, { role: "billing_manager" }, { token: c.team.ownerToken }), expected: rejected(["path", "id"], OWN_ROLE) },
    { name: "a billing manager's own role", request: (c) => patch(c.team.manager.id as string, { role: "member" }, { token: c.team.managerToken }), expected: rejected(["path", "id"], OWN_ROLE) },
    { name: "a billing manager demotes the owner", request: (c) => patch(c.team.owner.id as string, { role: "billing_manager" }, { token: c.team.managerToken }), expected: rejected(["body", "role"], ONE_OWNER) },
    { name: "a billing manager makes someone owner", request: (c) => patch(c.team.member.id as string, { role: "owner" }, { token: c.team.managerToken }), expected: rejected(["body", "role"], ONLY_OWNER_TRANSFERS) },
    { name: "another team's member", request: (c) => patch(c.otherTeam.member.id as string, { name: "Stolen" }, { token: c.team.customerToken }), expected: { ...NOT_FOUND, message: /^Member not found$/ } },
    { name: "an unknown member", request: (c) => patch(randomUuid(), { name: "Nobody" }, { token: c.team.ownerToken }), expected: { ...NOT_FOUND, message: /^Member not found$/ } },
    { name: "a malformed id", request: (c) => patch("not-a-uuid", { name: "Nobody" }, { token: c.team.ownerToken }), expected: invalid(["path", "id"]) },
    { name: "an unknown role", request: (c) => patch(c.team.member.id as string, { role: "admin" }, { token: c.team.ownerToken }), expected: invalid(["body", "role"]) },
    { name: "a name over 256 characters", request: (c) => patch(c.team.member.id as string, { name: "n".repeat(257) }, { token: c.team.ownerToken }), expected: invalid(["body", "name"]) },
  ];
  it.each(cases)("error: $name → $expected.status $expected.error, nothing changed", async (row) => {
    const before = await liveMembers(c.team.customer.id);
    await expectErrorResponse(await send(row.request(c)), row.expected);
    expect(await liveMembers(c.team.customer.id)).toEqual(before);
  });

  it("the billing manager renames and promotes a member through SDK 0.49.0: modified_at set, a member.updated webhook", async () => {
    const target = await addMember(org, c.team.customer.id, { email: uniqueEmail("renamed") });
    const updated = await sdk049(c.team.managerToken).customerPortal.members.updateMember({ id: target.id as string, customerPortalMemberUpdate: { name: "New Name", role: "billing_manager" } });
    expect(updated).toMatchObject({ id: target.id, name: "New Name", role: "billing_manager", email: target.email });
    expect(updated.modifiedAt).toBeInstanceOf(Date);
    expect(await memberRow(target.id as string)).toMatchObject({ name: "New Name", role: "billing_manager" });
    const [event] = await waitForDeliveries(receiver, secret, (d) => d.data.id === target.id, 1);
    expect(event).toMatchObject({ type: "member.updated", data: { id: target.id, name: "New Name", role: "billing_manager", customer_id: c.team.customer.id } });
    expect(Object.keys(event!.data).sort()).toEqual(MEMBER_KEYS);
  });

  it.each(VERSIONS)("SDK 1.x %s: the owner's session changes a member's role and name; its own name (not its role) it may change", async (version) => {
    const target = await addMember(org, c.team.customer.id, { email: uniqueEmail(`role-${version}`) });
    const updated = await sdk1(c.team.ownerToken, version).customerPortal.members.updateMember(target.id as string, { role: "billing_manager", name: `Named ${version}` });
    expectPortalMember(updated, { id: target.id, role: "billing_manager", name: `Named ${version}` });
    const self = await sdk1(c.team.ownerToken, version).customerPortal.members.updateMember(c.team.owner.id as string, { name: `Owner ${version}`, role: "owner" });
    expectPortalMember(self, { id: c.team.owner.id, role: "owner", name: `Owner ${version}` });
    await expectSdk1Error(sdk1(c.team.ownerToken, version).customerPortal.members.updateMember(c.team.owner.id as string, { role: "member" }), {
      ...rejected(["path", "id"], OWN_ROLE),
      className: "HTTPValidationError",
    });
    await expectSdk1Error(sdk1(c.team.ownerToken, version).customerPortal.members.updateMember(c.otherTeam.member.id as string, { name: "x" }), {
      ...NOT_FOUND,
      className: "CustomerPortalMembersUpdateMember404Error",
    });
    await expectSdk1Error(sdk1(c.team.memberToken, version).customerPortal.members.updateMember(target.id as string, { name: "x" }), {
      ...NOT_PERMITTED,
      className: "CustomerPortalMembersUpdateMember403Error",
    });
  });

  it("only the owner hands the ownership over: the former owner becomes a billing manager, one owner remains, both get member.updated", async () => {
    const world = await staffedTeam(org);
    const heir = world.member;
    const updated = await sdk049(world.customerToken).customerPortal.members.updateMember({ id: heir.id as string, customerPortalMemberUpdate: { role: "owner" } });
    expect(updated).toMatchObject({ id: heir.id, role: "owner" });
    const owners = (await liveMembers(world.customer.id)).filter((m) => m.role === "owner");
    expect(owners.map((m) => m.id)).toEqual([heir.id]);
    expect((await memberRow(world.owner.id as string)).role).toBe("billing_manager");
    const events = await waitForDeliveries(receiver, secret, (d) => d.data.customer_id === world.customer.id, 2);
    expect(events.map((e) => [e.data.id, e.data.role]).sort()).toEqual([
      [heir.id, "owner"],
      [world.owner.id, "billing_manager"],
    ].sort());

    // The former owner's session is a billing manager's now: it may not hand the ownership on.
    await expectErrorResponse(await send(patch(world.manager.id as string, { role: "owner" }, { token: world.ownerToken })), rejected(["body", "role"], ONLY_OWNER_TRANSFERS));
    // The billing customer is the member with its own address, the former owner: a billing manager now, it
    // may neither demote the new owner nor take the ownership back (it never acts as the new owner).
    await expectErrorResponse(await send(patch(heir.id as string, { role: "member" }, { token: world.customerToken })), rejected(["body", "role"], /^Cannot change role\. Customer must have exactly one owner\.$/));
    await expectErrorResponse(await send(patch(world.owner.id as string, { role: "owner" }, { token: world.customerToken })), rejected(["path", "id"], OWN_ROLE));
    // The new owner's session hands it back.
    const back = await ok(patch(world.owner.id as string, { role: "owner" }, { token: world.memberToken }));
    expect(back).toMatchObject({ id: world.owner.id, role: "owner" });
    expect((await memberRow(heir.id as string)).role).toBe("billing_manager");
  });
});

describe("DELETE /v1/customer-portal/members/{id} (remove)", () => {
  const receiver = new WebhookReceiver();
  let org: TeamOrg;
  let c: World;
  let secret = "";
  beforeAll(async () => {
    await receiver.start();
    org = await teamOrg();
    secret = await webhookEndpoint(org, receiver, ["member.deleted", "customer_seat.revoked"]);
    c = await portalWorld(org);
  });
  afterAll(() => receiver.stop());

  const del = (id: string, auth: { token?: string; authorization?: string }): RawRequest => ({ method: "DELETE", path: member(id), ...auth });

  const cases: ErrorCase<World>[] = [
    ...callerCases((c, auth) => del(c.team.member.id as string, auth)),
    { name: "yourself (a billing manager)", request: (c) => del(c.team.manager.id as string, { token: c.team.managerToken }), expected: rejected(["path", "id"], /^You cannot remove yourself from the team\.$/) },
    { name: "yourself (the billing customer, the owner)", request: (c) => del(c.team.owner.id as string, { token: c.team.customerToken }), expected: rejected(["path", "id"], /^You cannot remove yourself from the team\.$/) },
    { name: "the owner, by a billing manager", request: (c) => del(c.team.owner.id as string, { token: c.team.managerToken }), expected: rejected(["body"], /^Cannot delete the only owner\. Transfer ownership first\.$/) },
    { name: "another team's member", request: (c) => del(c.otherTeam.member.id as string, { token: c.team.customerToken }), expected: { ...NOT_FOUND, message: /^Member not found$/ } },
    { name: "an unknown member", request: (c) => del(randomUuid(), { token: c.team.customerToken }), expected: NOT_FOUND },
    { name: "a malformed id", request: (c) => del("42", { token: c.team.customerToken }), expected: invalid(["path", "id"]) },
  ];
  it.each(cases)("error: $name → $expected.status $expected.error, no one removed", async (row) => {
    const before = await db().prisma.member.count({ where: { customer: { organizationId: c.org.organization.id }, deletedAt: null } });
    await expectErrorResponse(await send(row.request(c)), row.expected);
    expect(await db().prisma.member.count({ where: { customer: { organizationId: c.org.organization.id }, deletedAt: null } })).toBe(before);
  });

  it("removing a member (SDK 0.49.0: 204) revokes the seats given to them, each with customer_seat.revoked, ends their session, and sends member.deleted", async () => {
    const world = await staffedTeam(org);
    const leaver = world.member;
    // A pending seat (portal assign by member id) and a claimed one (merchant, immediate claim).
    const pending = await ok({ method: "POST", path: "/v1/customer-portal/seats", token: world.customerToken, body: { subscription_id: world.subscription.id, member_id: leaver.id } });
    const second = await createSubscription(org.organization.id, world.customer.id, world.product.id, { seats: 2 });
    const claimed = await ok({ method: "POST", path: "/v1/customer-seats", token: org.token, body: { subscription_id: second.id, member_id: leaver.id, immediate_claim: true } });
    expect(pending).toMatchObject({ status: "pending", member_id: leaver.id });
    expect(claimed).toMatchObject({ status: "claimed", member_id: leaver.id });
    // Their session works until they go.
    expect((await send({ path: `/v1/customer-portal/seats?subscription_id=${world.subscription.id}`, token: world.memberToken })).status).toBe(200);

    await expect(sdk049(world.customerToken).customerPortal.members.removeMember({ id: leaver.id as string })).resolves.toBeUndefined();

    const seatIds = [pending.id, claimed.id] as string[];
    const seats = await db().prisma.customerSeat.findMany({ where: { id: { in: seatIds } } });
    expect(seats.map((s) => [s.status, s.memberId, s.email, s.customerId])).toEqual(seatIds.map(() => ["revoked", null, null, null]));
    const revoked = await waitForDeliveries(receiver, secret, (d) => d.type === "customer_seat.revoked" && seatIds.includes(d.data.id as string), seatIds.length);
    expect(revoked.map((d) => d.data.id).sort()).toEqual([...seatIds].sort());
    for (const d of revoked) expect(d.data).toMatchObject({ status: "revoked", member_id: null, member: null, email: null, customer_id: null });
    const [deleted] = await waitForDeliveries(receiver, secret, (d) => d.type === "member.deleted" && d.data.id === leaver.id, 1);
    expect(Object.keys(deleted!.data).sort()).toEqual(MEMBER_KEYS);
    expect(deleted!.data).toMatchObject({ id: leaver.id, customer_id: world.customer.id, email: leaver.email, role: "member" });

    expect((await memberRow(leaver.id as string)).deletedAt).toBeInstanceOf(Date);
    await expectErrorResponse(await send({ path: `/v1/customer-portal/seats?subscription_id=${world.subscription.id}`, token: world.memberToken }), UNAUTHORIZED);
    const listed = (await ok({ path: PORTAL_MEMBERS, token: world.customerToken })).items as JsonObject[];
    expect(listed.map((m) => m.id)).not.toContain(leaver.id);
    // Gone is gone: removing them again is 404.
    await expectErrorResponse(await send(del(leaver.id as string, { token: world.customerToken })), NOT_FOUND);
    // Their address is free again: adding it makes a new member.
    const readded = await ok({ method: "POST", path: PORTAL_MEMBERS, token: world.customerToken, body: { email: leaver.email } }, 201);
    expect(readded.id).not.toBe(leaver.id);
  });

  it.each(VERSIONS)("SDK 1.x %s: a billing manager removes a member (undefined for the 204); 400s and 403s are the mapped classes", async (version) => {
    const leaver = await addMember(org, c.team.customer.id, { email: uniqueEmail(`leave-${version}`) });
    await expect(sdk1(c.team.managerToken, version).customerPortal.members.removeMember(leaver.id as string)).resolves.toBeUndefined();
    expect((await memberRow(leaver.id as string)).deletedAt).toBeInstanceOf(Date);
    await expectSdk1Error(sdk1(c.team.managerToken, version).customerPortal.members.removeMember(c.team.owner.id as string), {
      ...rejected(["body"], /only owner/),
      className: "HTTPValidationError",
    });
    await expectSdk1Error(sdk1(c.team.memberToken, version).customerPortal.members.removeMember(c.team.manager.id as string), {
      ...NOT_PERMITTED,
      className: "CustomerPortalMembersRemoveMember403Error",
    });
    await expectSdk1Error(sdk1(c.team.managerToken, version).customerPortal.members.removeMember(randomUuid()), {
      ...NOT_FOUND,
      className: "CustomerPortalMembersRemoveMember404Error",
    });
  });

  it("an organization token of the same organization is still no portal caller", async () => {
    const { token } = await createOrganizationToken(org.organization.id);
    await expectErrorResponse(await send(del(c.team.member.id as string, { token })), UNAUTHORIZED);
    await expectSdk049Error(sdk049(token).customerPortal.members.removeMember({ id: c.team.member.id as string }), UNAUTHORIZED);
  });
});

describe("Polar's messages for a plain member (customer_portal/auth.py _RoleCheck)", () => {
  let c: World;
  beforeAll(async () => {
    c = await portalWorld(await teamOrg());
  });

  it("403 NotPermitted 'Insufficient role for this operation' on every member route", async () => {
    const requests: RawRequest[] = [
      { path: PORTAL_MEMBERS, token: c.team.memberToken },
      { method: "POST", path: PORTAL_MEMBERS, token: c.team.memberToken, body: { email: uniqueEmail() } },
      { method: "PATCH", path: member(c.team.manager.id as string), token: c.team.memberToken, body: { name: "x" } },
      { method: "DELETE", path: member(c.team.manager.id as string), token: c.team.memberToken },
    ];
    for (const request of requests) {
      await expectErrorResponse(await send(request), { ...NOT_PERMITTED, message: /^Insufficient role for this operation$/ });
    }
  });
});
