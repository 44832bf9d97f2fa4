// The vendor's members (Polar's member/endpoints.py, organization tokens with members:read /
// members:write): GET /v1/members/ (SDK 0.49.0 polar.members.listMembers), the deprecated
// POST /v1/members/, /v1/members/{id} and /v1/members/external/{external_id} (no SDK has
// them: raw requests checked against 0.49.0's Member schema), and the customer-scoped
// /v1/customers/{id}/members and /v1/customers/external/{external_id}/members (SDK 1.x's
// customers.members.* at all three API versions, 0.49.0's customers.members.*). Another
// organization's customer or member is 404; member.created / updated / deleted webhooks
// carry Polar's Member.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Member$inboundSchema } from "@polar-sh/sdk/models/components/member.js";
import { ListResourceMember$inboundSchema } from "@polar-sh/sdk/models/components/listresourcemember.js";
import { db } from "@/lib/db";
import { sdk049, sdk1 } from "../fixtures/clients";
import { createCustomer, createCustomerSessionToken, uniqueEmail } from "../fixtures/factories";
import { WebhookReceiver } from "../fixtures/webhook-receiver";
import { expectErrorResponse, expectSdk1Error, jsonOf, randomUuid, send, type ErrorCase, type ExpectedError, type JsonObject, type RawRequest } from "./helpers";
import { NOT_FOUND, NOT_PERMITTED, UNAUTHORIZED, expect049Failure, expectWire049, ok } from "./merchant-helpers";
import {
  MEMBERS,
  MEMBER_KEYS,
  VERSIONS,
  addMember,
  createTeam,
  liveMembers,
  memberRow,
  memberSession,
  staffedTeam,
  teamOrg,
  waitForDeliveries,
  webhookEndpoint,
  type TeamOrg,
} from "./team-helpers";

const invalid = (loc: (string | number)[], message?: RegExp): ExpectedError => ({ status: 422, error: "RequestValidationError", loc, ...(message ? { message } : {}) });
const rejected = (loc: (string | number)[], message: RegExp): ExpectedError => ({ status: 422, error: "PolarRequestValidationError", loc, message });
const MEMBER_NOT_FOUND: ExpectedError = { ...NOT_FOUND, message: /^Member not found$/ };
const CUSTOMER_NOT_FOUND: ExpectedError = { ...NOT_FOUND, message: /^Customer not found$/ };
const ONE_OWNER = /^Cannot change role\. Customer must have exactly one owner\.$/;
const ONLY_OWNER_DELETE = /^Cannot delete the only owner\. Transfer ownership first\.$/;
const INDIVIDUAL_ONE_MEMBER = /^Individual customers can only have one member \(the owner\)\. Upgrade to a team customer to add more members\.$/;

/** Polar's Member, every key, as 0.49.0 reads it. */
function expectMember(value: unknown, expected: Partial<Record<string, unknown>> = {}) {
  expect(Object.keys(value as object).sort()).toEqual(MEMBER_KEYS);
  expectWire049(Member$inboundSchema, value, "a Member");
  expect(value).toMatchObject(expected);
}

/** Two teams of one organization (one staffed), an individual customer, and a foreign organization's staffed team. */
async function merchantWorld(org: TeamOrg) {
  const foreignOrg = await teamOrg();
  const [team, otherTeam, foreign] = await Promise.all([staffedTeam(org), createTeam(org), staffedTeam(foreignOrg)]);
  const individual = await createCustomer(org.organization.id);
  return { org, foreignOrg, team, otherTeam, foreign, individual, customerToken: team.customerToken };
}
type World = Awaited<ReturnType<typeof merchantWorld>>;

/** The access rows: no token, a customer's or member's session, a token without the members scopes (and, for a write, with members:read only). */
function accessCases(kind: "read" | "write", build: (c: World, token: string | null) => RawRequest): ErrorCase<World>[] {
  const cases: ErrorCase<World>[] = [
    {
      name: "anonymous (no Authorization)",
      request: (c) => {
        const request = build(c, null);
        expect(request.token).toBeUndefined();
        return request;
      },
      expected: UNAUTHORIZED,
    },
    { name: "Bearer undefined (SDK 1.x without a token)", request: (c) => ({ ...build(c, null), authorization: "Bearer undefined" }), expected: UNAUTHORIZED },
    { name: "a customer session (polar_cst_)", request: (c) => build(c, c.customerToken), expected: UNAUTHORIZED },
    { name: "the owner's member session (polar_mst_)", request: (c) => build(c, c.team.ownerToken), expected: UNAUTHORIZED },
    { name: "a token without the members scopes", request: (c) => build(c, c.org.noScopeToken), expected: NOT_PERMITTED },
  ];
  if (kind === "write") cases.push({ name: "a token with members:read only", request: (c) => build(c, c.org.readOnlyToken), expected: NOT_PERMITTED });
  return cases;
}

const auth = (c: World, token: string | null | undefined) => (token === null ? undefined : (token ?? c.org.token));

describe("GET /v1/members/ (list)", () => {
  let c: World;
  beforeAll(async () => {
    c = await merchantWorld(await teamOrg());
  });
  const list = (c: World, query: Record<string, string | string[]> = {}, token?: string | null, path = `${MEMBERS}/`): RawRequest => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) for (const v of [value].flat()) params.append(key, v);
    return { path: `${path}?${params}`, token: auth(c, token) };
  };

  const cases: ErrorCase<World>[] = [
    ...accessCases("read", (c, token) => list(c, {}, token)),
    { name: "a malformed customer_id (Polar: 404)", request: (c) => list(c, { customer_id: "not-a-uuid" }), expected: { ...NOT_FOUND, message: /^Invalid customer ID format$/ } },
    { name: "an unknown role", request: (c) => list(c, { role: "admin" }), expected: invalid(["query", "role"]) },
    // Polar's SortingGetter (kit/sorting.py): a criterion MemberSortProperty does not have.
    { name: "an unknown sorting", request: (c) => list(c, { sorting: "email" }), expected: rejected(["query", "sorting"], /^Invalid sorting criterion\.$/) },
  ];
  it.concurrent.each(cases)("error: $name → $expected.status $expected.error", async (row) => {
    await expectErrorResponse(await send(row.request(c)), row.expected);
  });

  it("SDK 0.49.0 (GET /v1/members/, trailing slash): the organization's members only, newest first, filtered by customer, external customer and role", async () => {
    const all = await sdk049(c.org.token).members.listMembers({ limit: 100 });
    const ids = all.result.items.map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining([c.team.owner.id, c.team.manager.id, c.team.member.id, c.otherTeam.owner.id]));
    expect(ids).not.toContain(c.foreign.member.id);
    expect(ids).not.toContain(c.foreign.owner.id);
    const created = all.result.items.map((m) => m.createdAt.getTime());
    expect(created).toEqual([...created].sort((a, b) => b - a));

    const ofTeam = await sdk049(c.org.token).members.listMembers({ customerId: c.team.customer.id, sorting: ["created_at"] });
    expect(ofTeam.result.items.map((m) => m.id)).toEqual([c.team.owner.id, c.team.manager.id, c.team.member.id]);
    expect(ofTeam.result.items[2]).toMatchObject({ customerId: c.team.customer.id, email: c.team.member.email, name: "Max Member", externalId: c.team.member.external_id, role: "member" });
    expect(ofTeam.result.pagination).toEqual({ totalCount: 3, maxPage: 1 });

    const byExternal = await sdk049(c.org.token).members.listMembers({ externalCustomerId: c.team.customer.externalId!, role: "billing_manager" });
    expect(byExternal.result.items.map((m) => m.id)).toEqual([c.team.manager.id]);
    const owners = await sdk049(c.org.token).members.listMembers({ customerId: c.team.customer.id, role: "owner" });
    expect(owners.result.items.map((m) => [m.id, m.email])).toEqual([[c.team.owner.id, c.team.customer.email]]);
    // Another organization's customer filters to nothing (it is not found among this organization's).
    const foreign = await sdk049(c.org.token).members.listMembers({ customerId: c.foreign.customer.id });
    expect(foreign.result.items).toEqual([]);
    expect(foreign.result.pagination).toEqual({ totalCount: 0, maxPage: 0 });
  });

  it("raw: both spellings of the path, paging, and every key of Member", async () => {
    const page2 = await ok(list(c, { customer_id: c.team.customer.id, limit: "2", page: "2", sorting: "created_at" }, undefined, MEMBERS));
    expectWire049(ListResourceMember$inboundSchema, page2, "GET /v1/members");
    expect(page2.pagination).toEqual({ total_count: 3, max_page: 2 });
    expect((page2.items as JsonObject[]).map((m) => m.id)).toEqual([c.team.member.id]);
    expectMember((page2.items as JsonObject[])[0], { id: c.team.member.id, modified_at: null });
    const slash = await ok(list(c, { customer_id: c.team.customer.id, limit: "2", page: "2", sorting: "created_at" }));
    expect(slash).toEqual(page2);
    // As Polar's MemberRead: members:write alone reads too.
    expect(await ok(list(c, { customer_id: c.team.customer.id, limit: "2", page: "2", sorting: "created_at" }, c.org.writeOnlyToken))).toEqual(page2);
    // A removed member is listed no more.
    const gone = await addMember(c.org, c.team.customer.id, { email: uniqueEmail("gone") });
    expect(((await ok(list(c, { customer_id: c.team.customer.id }))).items as JsonObject[]).map((m) => m.id)).toContain(gone.id);
    expect((await send({ method: "DELETE", path: `${MEMBERS}/${gone.id}`, token: c.org.token })).status).toBe(204);
    expect(((await ok(list(c, { customer_id: c.team.customer.id }))).items as JsonObject[]).map((m) => m.id)).not.toContain(gone.id);
  });

  it("SDK 0.49.0's failures: 401 and 403 are SDKError, 404 for a malformed customer id too", async () => {
    await expect049Failure(sdk049().members.listMembers({}), UNAUTHORIZED);
    await expect049Failure(sdk049(c.org.noScopeToken).members.listMembers({}), NOT_PERMITTED);
    await expect049Failure(sdk049(c.org.token).members.listMembers({ customerId: "nope" }), NOT_FOUND);
  });
});

describe("/v1/customers/{id}/members and /v1/customers/external/{external_id}/members (SDK customers.members.*)", () => {
  const receiver = new WebhookReceiver();
  let c: World;
  let secret = "";
  beforeAll(async () => {
    await receiver.start();
    const org = await teamOrg();
    secret = await webhookEndpoint(org, receiver, ["member.created", "member.updated", "member.deleted"]);
    c = await merchantWorld(org);
  });
  afterAll(() => receiver.stop());

  const customerMembers = (id: string) => `/v1/customers/${id}/members`;
  const cases: ErrorCase<World>[] = [
    ...accessCases("read", (c, token) => ({ path: customerMembers(c.team.customer.id), token: auth(c, token) })),
    ...accessCases("write", (c, token) => ({ method: "POST", path: customerMembers(c.team.customer.id), token: auth(c, token), body: { email: uniqueEmail() } })).map((row) => ({ ...row, name: `create: ${row.name}` })),
    { name: "list: another organization's customer", request: (c) => ({ path: customerMembers(c.foreign.customer.id), token: c.org.token }), expected: CUSTOMER_NOT_FOUND },
    { name: "list: an unknown customer", request: (c) => ({ path: customerMembers(randomUuid()), token: c.org.token }), expected: CUSTOMER_NOT_FOUND },
    { name: "list: an unknown external customer", request: (c) => ({ path: `/v1/customers/external/${randomUuid()}/members`, token: c.org.token }), expected: CUSTOMER_NOT_FOUND },
    { name: "list: a malformed customer id", request: (c) => ({ path: customerMembers("42"), token: c.org.token }), expected: invalid(["path", "id"]) },
    { name: "create: another organization's customer", request: (c) => ({ method: "POST", path: customerMembers(c.foreign.customer.id), token: c.org.token, body: { email: uniqueEmail() } }), expected: CUSTOMER_NOT_FOUND },
    {
      name: "create: another organization's external customer",
      request: (c) => ({ method: "POST", path: `/v1/customers/external/${encodeURIComponent(c.foreign.customer.externalId!)}/members`, token: c.org.token, body: { email: uniqueEmail() } }),
      expected: CUSTOMER_NOT_FOUND,
    },
    { name: "create: role owner (ownership is only handed over)", request: (c) => ({ method: "POST", path: customerMembers(c.team.customer.id), token: c.org.token, body: { email: uniqueEmail(), role: "owner" } }), expected: invalid(["body", "role"]) },
    { name: "create: an invalid email", request: (c) => ({ method: "POST", path: customerMembers(c.team.customer.id), token: c.org.token, body: { email: "nope" } }), expected: invalid(["body", "email"]) },
    {
      name: "create: an external id another member of the customer has",
      request: (c) => ({ method: "POST", path: customerMembers(c.team.customer.id), token: c.org.token, body: { email: uniqueEmail(), external_id: c.team.member.external_id } }),
      expected: rejected(["body", "external_id"], /external ID already exists/),
    },
    { name: "get: another organization's member", request: (c) => ({ path: `${customerMembers(c.foreign.customer.id)}/${c.foreign.member.id}`, token: c.org.token }), expected: MEMBER_NOT_FOUND },
    { name: "get: another customer's member under this customer", request: (c) => ({ path: `${customerMembers(c.otherTeam.customer.id)}/${c.team.member.id}`, token: c.org.token }), expected: MEMBER_NOT_FOUND },
    { name: "get: a malformed member id", request: (c) => ({ path: `${customerMembers(c.team.customer.id)}/nope`, token: c.org.token }), expected: invalid(["path", "member_id"]) },
    {
      name: "get external: another organization's member",
      request: (c) => ({ path: `/v1/customers/external/${encodeURIComponent(c.foreign.customer.externalId!)}/members/${encodeURIComponent(c.foreign.member.external_id as string)}`, token: c.org.token }),
      expected: MEMBER_NOT_FOUND,
    },
    { name: "update: another organization's member", request: (c) => ({ method: "PATCH", path: `${customerMembers(c.foreign.customer.id)}/${c.foreign.member.id}`, token: c.org.token, body: { name: "x" } }), expected: MEMBER_NOT_FOUND },
    { name: "update: members:read only", request: (c) => ({ method: "PATCH", path: `${customerMembers(c.team.customer.id)}/${c.team.member.id}`, token: c.org.readOnlyToken, body: { name: "x" } }), expected: NOT_PERMITTED },
    { name: "update: demote the owner", request: (c) => ({ method: "PATCH", path: `${customerMembers(c.team.customer.id)}/${c.team.owner.id}`, token: c.org.token, body: { role: "member" } }), expected: rejected(["body", "role"], ONE_OWNER) },
    {
      name: "update: an address another member of the team has",
      request: (c) => ({ method: "PATCH", path: `${customerMembers(c.team.customer.id)}/${c.team.member.id}`, token: c.org.token, body: { email: c.team.manager.email } }),
      expected: rejected(["body", "email"], /^A member with this email already exists for this customer\.$/),
    },
    { name: "update: an invalid email", request: (c) => ({ method: "PATCH", path: `${customerMembers(c.team.customer.id)}/${c.team.member.id}`, token: c.org.token, body: { email: "nope" } }), expected: invalid(["body", "email"]) },
    { name: "delete: another organization's member", request: (c) => ({ method: "DELETE", path: `${customerMembers(c.foreign.customer.id)}/${c.foreign.member.id}`, token: c.org.token }), expected: MEMBER_NOT_FOUND },
    { name: "delete: the owner", request: (c) => ({ method: "DELETE", path: `${customerMembers(c.team.customer.id)}/${c.team.owner.id}`, token: c.org.token }), expected: rejected(["body"], ONLY_OWNER_DELETE) },
    { name: "delete: members:read only", request: (c) => ({ method: "DELETE", path: `${customerMembers(c.team.customer.id)}/${c.team.member.id}`, token: c.org.readOnlyToken }), expected: NOT_PERMITTED },
  ];
  it.each(cases)("error: $name → $expected.status $expected.error, nothing written", async (row) => {
    const before = await db().prisma.member.findMany({ where: { customer: { organizationId: { in: [c.org.organization.id, c.foreignOrg.organization.id] } } }, orderBy: { id: "asc" } });
    await expectErrorResponse(await send(row.request(c)), row.expected);
    const after = await db().prisma.member.findMany({ where: { customer: { organizationId: { in: [c.org.organization.id, c.foreignOrg.organization.id] } } }, orderBy: { id: "asc" } });
    expect(after).toEqual(before);
  });

  it.each(VERSIONS)("SDK 1.x %s: list, create, get, update and delete by id; the same by external ids; each result Polar's Member", async (version) => {
    const polar = sdk1(c.org.token, version);
    const customerId = c.otherTeam.customer.id;
    const externalCustomerId = c.otherTeam.customer.externalId!;
    const email = uniqueEmail(`m-${version}`);
    const created = await polar.customers.members.create(customerId, { email, name: "Created", role: "billing_manager", external_id: `crm-${version}-${email}` });
    expectMember(created, { customer_id: customerId, email, name: "Created", role: "billing_manager", external_id: `crm-${version}-${email}`, modified_at: null });
    const again = await polar.customers.members.create(customerId, { email: email.toUpperCase() });
    expect(again).toEqual(created);

    const list = await polar.customers.members.list(customerId, { limit: 100 });
    expectWire049(ListResourceMember$inboundSchema, list, "SDK 1.x customers.members.list");
    expect(list.items[0]!.id).toBe(created.id);
    expect(list.items.map((m) => m.id)).toContain(c.otherTeam.owner.id);
    const managers = await polar.customers.members.listExternal(externalCustomerId, { role: "billing_manager", limit: 100 });
    expect(managers.items.map((m) => m.id)).toContain(created.id);
    expect(managers.items.every((m) => m.role === "billing_manager")).toBe(true);

    expectMember(await polar.customers.members.get(customerId, created.id), { id: created.id });
    expectMember(await polar.customers.members.getExternal(externalCustomerId, created.external_id!), { id: created.id });
    const updated = await polar.customers.members.update(customerId, created.id, { name: "Renamed", role: "member" });
    expectMember(updated, { id: created.id, name: "Renamed", role: "member" });
    expect(updated.modified_at).not.toBeNull();
    const newEmail = uniqueEmail(`moved-${version}`);
    const moved = await polar.customers.members.updateExternal(externalCustomerId, created.external_id!, { email: newEmail });
    expectMember(moved, { id: created.id, email: newEmail });
    expect(await memberRow(created.id)).toMatchObject({ email: newEmail, emailKey: newEmail.toLowerCase(), name: "Renamed", role: "member" });

    const viaExternal = await polar.customers.members.createExternal(externalCustomerId, { email: uniqueEmail(`x-${version}`), external_id: `x-${version}-${randomUuid()}` });
    expectMember(viaExternal, { customer_id: customerId, role: "member" });
    await expect(polar.customers.members.deleteExternal(externalCustomerId, viaExternal.external_id!)).resolves.toBeUndefined();
    await expect(polar.customers.members.delete(customerId, created.id)).resolves.toBeUndefined();
    expect((await memberRow(created.id)).deletedAt).toBeInstanceOf(Date);
    expect((await memberRow(viaExternal.id)).deletedAt).toBeInstanceOf(Date);

    await expectSdk1Error(polar.customers.members.get(customerId, created.id), { ...MEMBER_NOT_FOUND, className: "ResourceNotFound" });
    await expectSdk1Error(polar.customers.members.list(c.foreign.customer.id), { ...CUSTOMER_NOT_FOUND, className: "ResourceNotFound" });
    await expectSdk1Error(polar.customers.members.create(c.foreign.customer.id, { email: uniqueEmail() }), { ...CUSTOMER_NOT_FOUND, className: "ResourceNotFound" });
    await expectSdk1Error(polar.customers.members.update(c.foreign.customer.id, c.foreign.member.id as string, { name: "x" }), { ...MEMBER_NOT_FOUND, className: "ResourceNotFound" });
    await expectSdk1Error(polar.customers.members.delete(customerId, c.otherTeam.owner.id as string), { ...rejected(["body"], ONLY_OWNER_DELETE), className: "HTTPValidationError" });
    await expectSdk1Error(sdk1(c.org.readOnlyToken, version).customers.members.create(customerId, { email: uniqueEmail() }), { ...NOT_PERMITTED, className: "NotPermitted" });
    await expectSdk1Error(sdk1(c.org.noScopeToken, version).customers.members.list(customerId), { ...NOT_PERMITTED, className: "PolarClientError" });
  });

  it("SDK 0.49.0 customers.members.*: create, get, update, delete, and their external twins, zod-validated; member.created / updated / deleted webhooks", async () => {
    const polar = sdk049(c.org.token);
    const customerId = c.team.customer.id;
    const externalId = c.team.customer.externalId!;
    const email = uniqueEmail("sdk049");
    const created = await polar.customers.members.create({ id: customerId, memberCreateFromCustomer: { email, name: "Zed", externalId: `crm-${email}` } });
    expect(created).toMatchObject({ customerId, email, name: "Zed", externalId: `crm-${email}`, role: "member", modifiedAt: null });
    expect(await polar.customers.members.get({ id: customerId, memberId: created.id })).toEqual(created);
    expect(await polar.customers.members.getExternal({ externalId, memberExternalId: `crm-${email}` })).toEqual(created);
    const updated = await polar.customers.members.update({ id: customerId, memberId: created.id, memberUpdate: { role: "billing_manager" } });
    expect(updated).toMatchObject({ id: created.id, role: "billing_manager" });
    const renamed = await polar.customers.members.updateExternal({ externalId, memberExternalId: `crm-${email}`, memberUpdate: { name: "Zed Renamed" } });
    expect(renamed).toMatchObject({ id: created.id, name: "Zed Renamed", role: "billing_manager" });
    const twin = await polar.customers.members.createExternal({ externalId, memberCreateFromCustomer: { email: uniqueEmail("twin"), externalId: `twin-${randomUuid()}` } });
    expect(twin.customerId).toBe(customerId);
    await expect(polar.customers.members.deleteExternal({ externalId, memberExternalId: twin.externalId! })).resolves.toBeUndefined();
    await expect(polar.customers.members.delete({ id: customerId, memberId: created.id })).resolves.toBeUndefined();

    const events = await waitForDeliveries(receiver, secret, (d) => d.data.id === created.id, 4);
    expect(events.map((e) => e.type)).toEqual(["member.created", "member.updated", "member.updated", "member.deleted"]);
    for (const e of events) expectMember(e.data, { id: created.id, customer_id: customerId, email });
    expect(events.map((e) => [e.data.role, e.data.name])).toEqual([
      ["member", "Zed"],
      ["billing_manager", "Zed"],
      ["billing_manager", "Zed Renamed"],
      ["billing_manager", "Zed Renamed"],
    ]);
    const twinEvents = await waitForDeliveries(receiver, secret, (d) => d.data.id === twin.id, 2);
    expect(twinEvents.map((e) => e.type)).toEqual(["member.created", "member.deleted"]);

    await expect049Failure(polar.customers.members.get({ id: c.foreign.customer.id, memberId: c.foreign.member.id as string }), { ...MEMBER_NOT_FOUND, className: "ResourceNotFound" });
    await expect049Failure(polar.customers.members.create({ id: c.foreign.customer.id, memberCreateFromCustomer: { email: uniqueEmail() } }), { ...CUSTOMER_NOT_FOUND, className: "ResourceNotFound" });
    await expect049Failure(sdk049(c.org.readOnlyToken).customers.members.create({ id: customerId, memberCreateFromCustomer: { email: uniqueEmail() } }), { ...NOT_PERMITTED, className: "NotPermitted" });
    await expect049Failure(polar.customers.members.update({ id: customerId, memberId: c.team.owner.id as string, memberUpdate: { role: "member" } }), rejected(["body", "role"], ONE_OWNER));
    await expect049Failure(sdk049().customers.members.get({ id: customerId, memberId: c.team.member.id as string }), UNAUTHORIZED);
  });

  it("the vendor hands the ownership over: the new owner, the former one a billing manager, member.updated for both, one owner left", async () => {
    const world = await staffedTeam(c.org);
    const updated = await ok({ method: "PATCH", path: `${customerMembers(world.customer.id)}/${world.member.id}`, token: c.org.token, body: { role: "owner" } });
    expectMember(updated, { id: world.member.id, role: "owner" });
    expect((await liveMembers(world.customer.id)).filter((m) => m.role === "owner").map((m) => m.id)).toEqual([world.member.id]);
    expect((await memberRow(world.owner.id as string)).role).toBe("billing_manager");
    const events = await waitForDeliveries(receiver, secret, (d) => d.type === "member.updated" && d.data.customer_id === world.customer.id, 2);
    expect(events.map((e) => [e.data.id, e.data.role]).sort()).toEqual([
      [world.member.id, "owner"],
      [world.owner.id, "billing_manager"],
    ].sort());
    // The former owner may go now; the new owner may not.
    expect((await send({ method: "DELETE", path: `${customerMembers(world.customer.id)}/${world.owner.id}`, token: c.org.token })).status).toBe(204);
    await expectErrorResponse(await send({ method: "DELETE", path: `${customerMembers(world.customer.id)}/${world.member.id}`, token: c.org.token }), rejected(["body"], ONLY_OWNER_DELETE));
  });

  it("an individual customer (nothing seat-based) has one member at most, and its owner's address follows the customer's", async () => {
    const individual = await createCustomer(c.org.organization.id);
    const first = await ok({ method: "POST", path: customerMembers(individual.id), token: c.org.token, body: { email: individual.email } }, 201);
    expectMember(first, { customer_id: individual.id, email: individual.email });
    await expectErrorResponse(
      await send({ method: "POST", path: customerMembers(individual.id), token: c.org.token, body: { email: uniqueEmail("second") } }),
      { ...NOT_PERMITTED, message: INDIVIDUAL_ONE_MEMBER },
    );
    await expectSdk1Error(sdk1(c.org.token).customers.members.create(individual.id, { email: uniqueEmail("third") }), { ...NOT_PERMITTED, className: "NotPermitted" });
    await expectErrorResponse(
      await send({ method: "PATCH", path: `${customerMembers(individual.id)}/${first.id}`, token: c.org.token, body: { email: uniqueEmail("moved") } }),
      rejected(["body", "email"], /^Cannot change the email of an individual customer's owner\. Update the customer's email instead\.$/),
    );
    expect(await liveMembers(individual.id)).toHaveLength(1);
  });
});

describe("/v1/members/{id} and POST /v1/members/ (deprecated, no SDK method)", () => {
  let c: World;
  beforeAll(async () => {
    c = await merchantWorld(await teamOrg());
  });
  const byId = (id: string) => `${MEMBERS}/${id}`;

  const cases: ErrorCase<World>[] = [
    ...accessCases("read", (c, token) => ({ path: byId(c.team.member.id as string), token: auth(c, token) })),
    ...accessCases("write", (c, token) => ({ method: "PATCH", path: byId(c.team.member.id as string), token: auth(c, token), body: { name: "x" } })).map((row) => ({ ...row, name: `update: ${row.name}` })),
    ...accessCases("write", (c, token) => ({ method: "POST", path: `${MEMBERS}/`, token: auth(c, token), body: { customer_id: c.team.customer.id, email: uniqueEmail() } })).map((row) => ({ ...row, name: `create: ${row.name}` })),
    { name: "get: another organization's member", request: (c) => ({ path: byId(c.foreign.member.id as string), token: c.org.token }), expected: MEMBER_NOT_FOUND },
    { name: "get: an unknown member", request: (c) => ({ path: byId(randomUuid()), token: c.org.token }), expected: MEMBER_NOT_FOUND },
    { name: "get: a malformed id", request: (c) => ({ path: byId("nope"), token: c.org.token }), expected: invalid(["path", "id"]) },
    { name: "update: another organization's member", request: (c) => ({ method: "PATCH", path: byId(c.foreign.member.id as string), token: c.org.token, body: { name: "x" } }), expected: MEMBER_NOT_FOUND },
    { name: "delete: another organization's member", request: (c) => ({ method: "DELETE", path: byId(c.foreign.member.id as string), token: c.org.token }), expected: MEMBER_NOT_FOUND },
    { name: "delete: the owner", request: (c) => ({ method: "DELETE", path: byId(c.team.owner.id as string), token: c.org.token }), expected: rejected(["body"], ONLY_OWNER_DELETE) },
    { name: "create: another organization's customer", request: (c) => ({ method: "POST", path: `${MEMBERS}/`, token: c.org.token, body: { customer_id: c.foreign.customer.id, email: uniqueEmail() } }), expected: CUSTOMER_NOT_FOUND },
    { name: "create: no customer_id", request: (c) => ({ method: "POST", path: `${MEMBERS}/`, token: c.org.token, body: { email: uniqueEmail() } }), expected: invalid(["body", "customer_id"]) },
    { name: "create: role owner", request: (c) => ({ method: "POST", path: `${MEMBERS}/`, token: c.org.token, body: { customer_id: c.team.customer.id, email: uniqueEmail(), role: "owner" } }), expected: invalid(["body", "role"]) },
  ];
  it.each(cases)("error: $name → $expected.status $expected.error", async (row) => {
    const before = await liveMembers(c.team.customer.id);
    await expectErrorResponse(await send(row.request(c)), row.expected);
    expect(await liveMembers(c.team.customer.id)).toEqual(before);
  });

  it("create (201), get, update (name, email, role) and delete (204, empty body), each answer Polar's Member", async () => {
    const email = uniqueEmail("deprecated");
    for (const path of [`${MEMBERS}/`, MEMBERS]) {
      const created = await ok({ method: "POST", path, token: c.org.token, body: { customer_id: c.team.customer.id, email: path === MEMBERS ? uniqueEmail("noslash") : email, name: "Dee", external_id: `dep-${randomUuid()}` } }, 201);
      expectMember(created, { customer_id: c.team.customer.id, name: "Dee", role: "member" });
    }
    const created = (await ok({ path: `${MEMBERS}/?customer_id=${c.team.customer.id}&limit=100`, token: c.org.token })).items as JsonObject[];
    const member = created.find((m) => m.email === email)!;
    expectMember(await ok({ path: byId(member.id as string), token: c.org.token }), member);
    expectMember(await ok({ path: byId(member.id as string), token: c.org.readOnlyToken }), { id: member.id });
    const newEmail = uniqueEmail("deprecated-moved");
    const updated = await ok({ method: "PATCH", path: byId(member.id as string), token: c.org.token, body: { name: "Dee Two", email: newEmail, role: "billing_manager" } });
    expectMember(updated, { id: member.id, name: "Dee Two", email: newEmail, role: "billing_manager" });
    expect(updated.modified_at).toEqual(expect.stringMatching(/Z$/));
    const response = await send({ method: "DELETE", path: byId(member.id as string), token: c.org.token });
    expect(response.status).toBe(204);
    expect(await response.text()).toBe("");
    await expectErrorResponse(await send({ path: byId(member.id as string), token: c.org.token }), MEMBER_NOT_FOUND);
  });
});

describe("/v1/members/external/{external_id}?customer_id=|external_customer_id= (deprecated, no SDK method)", () => {
  let c: World;
  beforeAll(async () => {
    c = await merchantWorld(await teamOrg());
  });
  const external = (externalId: string, query: Record<string, string>) => `${MEMBERS}/external/${encodeURIComponent(externalId)}?${new URLSearchParams(query)}`;

  const cases: ErrorCase<World>[] = [
    ...accessCases("read", (c, token) => ({ path: external(c.team.member.external_id as string, { customer_id: c.team.customer.id }), token: auth(c, token) })),
    {
      name: "another organization's customer",
      request: (c) => ({ path: external(c.foreign.member.external_id as string, { customer_id: c.foreign.customer.id }), token: c.org.token }),
      expected: MEMBER_NOT_FOUND,
    },
    {
      name: "another organization's external customer",
      request: (c) => ({ path: external(c.foreign.member.external_id as string, { external_customer_id: c.foreign.customer.externalId! }), token: c.org.token }),
      expected: MEMBER_NOT_FOUND,
    },
    {
      name: "another customer of the organization",
      request: (c) => ({ path: external(c.team.member.external_id as string, { customer_id: c.otherTeam.customer.id }), token: c.org.token }),
      expected: MEMBER_NOT_FOUND,
    },
    { name: "an unknown external id", request: (c) => ({ path: external("nobody", { customer_id: c.team.customer.id }), token: c.org.token }), expected: MEMBER_NOT_FOUND },
    { name: "a malformed customer_id", request: (c) => ({ path: external("x", { customer_id: "nope" }), token: c.org.token }), expected: invalid(["query", "customer_id"]) },
  ];
  it.each(cases)("error: $name → $expected.status $expected.error", async (row) => {
    await expectErrorResponse(await send(row.request(c)), row.expected);
  });

  it("get, update and delete by customer_id and by external_customer_id", async () => {
    const target = await addMember(c.org, c.team.customer.id, { email: uniqueEmail("ext"), external_id: `ext-${randomUuid()}` });
    const ext = target.external_id as string;
    expectMember(await ok({ path: external(ext, { customer_id: c.team.customer.id }), token: c.org.token }), target);
    expectMember(await ok({ path: external(ext, { external_customer_id: c.team.customer.externalId! }), token: c.org.token }), target);
    const updated = await ok({ method: "PATCH", path: external(ext, { external_customer_id: c.team.customer.externalId! }), token: c.org.token, body: { name: "By External", role: "billing_manager" } });
    expectMember(updated, { id: target.id, name: "By External", role: "billing_manager" });
    await expectErrorResponse(
      await send({ method: "PATCH", path: external(ext, { customer_id: c.team.customer.id }), token: c.org.readOnlyToken, body: { name: "x" } }),
      NOT_PERMITTED,
    );
    const response = await send({ method: "DELETE", path: external(ext, { customer_id: c.team.customer.id }), token: c.org.token });
    expect(response.status).toBe(204);
    expect((await memberRow(target.id as string)).deletedAt).toBeInstanceOf(Date);
    await expectErrorResponse(await send({ path: external(ext, { customer_id: c.team.customer.id }), token: c.org.token }), MEMBER_NOT_FOUND);
  });

  // Polar's _validate_customer_id_params (member/endpoints.py): a PolarRequestValidationError on ("query",).
  it("neither customer_id nor external_customer_id → 422 PolarRequestValidationError, Polar's message", async () => {
    await expectErrorResponse(
      await send({ path: external(c.team.member.external_id as string, {}), token: c.org.token }),
      rejected(["query"], /^One of customer_id or external_customer_id must be provided\.$/),
    );
  });
  it("both customer_id and external_customer_id → 422 PolarRequestValidationError, Polar's message", async () => {
    await expectErrorResponse(
      await send({ path: external(c.team.member.external_id as string, { customer_id: c.team.customer.id, external_customer_id: c.team.customer.externalId! }), token: c.org.token }),
      rejected(["query"], /^Only one of customer_id or external_customer_id may be provided\.$/),
    );
  });
});

describe("a member session is no vendor", () => {
  it("polar_mst_ and polar_cst_ on every merchant member route → 401", async () => {
    const org = await teamOrg();
    const team = await createTeam(org);
    const mst = await memberSession(org, team.customer.id, team.owner.id as string);
    const cst = await createCustomerSessionToken(team.customer.id);
    for (const token of [mst, cst]) {
      for (const request of [
        { path: `${MEMBERS}/`, token },
        { path: `${MEMBERS}/${team.owner.id}`, token },
        { path: `/v1/customers/${team.customer.id}/members`, token },
        { method: "POST" as const, path: `/v1/customers/${team.customer.id}/members`, token, body: { email: uniqueEmail() } },
      ]) {
        const response = await send(request);
        expect(response.status, JSON.stringify(await jsonOf(response.clone()))).toBe(401);
        await expectErrorResponse(response, UNAUTHORIZED);
      }
    }
  });
});
