// The authorization matrix of teams (issue 24): every role of Polar's member model against
// every customer-portal route and action. Owners and billing managers (as members, or the
// billing customer's own session) manage the team; a plain member reads what it may and
// is refused every write (403 NotPermitted, Polar's status); the session a claim opened
// sees no team at all (404); another team's admins and other organizations find none of
// this team's objects (404). Refusals change no table. On a server and database of its own,
// so that the table snapshots see only what this file does.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { invitationTokenFrom } from "../fixtures/mailbox";
import { cookieHeader, signInByEmail } from "./fixtures/auth-flow";
import { recordFigures } from "./fixtures/figures";
import { request, type JsonObject, type RawRequest } from "./fixtures/http";
import { expectRefusedWithoutChange, type RefusalCase } from "./fixtures/refusals";
import { startStack, type Stack } from "./fixtures/stack";
import { createOrganizationToken, createTenant, uniqueEmail, type Database, type Tenant } from "./fixtures/world";

const SEATS = "/v1/customer-portal/seats";
const MEMBERS = "/v1/customer-portal/members";
const SUBSCRIPTIONS = "/v1/customer-portal/subscriptions";

let stack: Stack;
let db: Database;
let alice: Tenant; // organization A: alice's team (owner), and bob, another team of the same organization
let orgB: Tenant; // organization B
let orgToken: string; // organization A's token
let sessions: { ownerMember: string; billingManager: string; plainMember: string; claim: string; bobsManager: string; orgBManager: string };
let ids: { pending: string; claimed: string; billingManager: string; plainMember: string; owner: string };

async function ok(req: RawRequest, status = 200) {
  const reply = await request(stack.url, req);
  expect(reply.status, `${req.method ?? "GET"} ${req.path}: ${reply.text}`).toBe(status);
  return reply.json as JsonObject;
}

/** A member of `customerId`'s team (made by the vendor) and a member session for it. */
async function memberWithSession(token: string, customerId: string, role: "billing_manager" | "member") {
  const member = await ok({ method: "POST", path: `/v1/customers/${customerId}/members`, token, body: { email: uniqueEmail(role), role } }, 201);
  const session = await ok({ method: "POST", path: "/v1/customer-sessions/", token, body: { customer_id: customerId, member_id: member.id } }, 201);
  expect(session.token as string).toMatch(/^polar_mst_/);
  return { id: member.id as string, token: session.token as string };
}

beforeAll(async () => {
  stack = await startStack({ env: { WEBHOOK_ALLOW_PRIVATE_URLS: "true" } });
  db = stack.db;
  alice = await createTenant(db.prisma, { seats: 10, orderSeats: 3 });
  orgB = await createTenant(db.prisma);
  await db.prisma.organization.updateMany({ where: { id: { in: [alice.organization.id, orgB.organization.id] } }, data: { customerPortalUpdateSeats: true } });
  orgToken = (await createOrganizationToken(db.prisma, alice.organization.id)).token;
  const orgBToken = (await createOrganizationToken(db.prisma, orgB.organization.id)).token;

  const manager = await memberWithSession(orgToken, alice.owner.id, "billing_manager");
  const plain = await memberWithSession(orgToken, alice.owner.id, "member");
  const bobsManager = await memberWithSession(orgToken, alice.other.id, "billing_manager");
  const orgBManager = await memberWithSession(orgBToken, orgB.owner.id, "billing_manager");
  const owner = (await ok({ path: `/v1/customers/${alice.owner.id}/members?role=owner`, token: orgToken })).items as JsonObject[];
  expect(owner).toHaveLength(1);
  const ownerSession = await ok({ method: "POST", path: "/v1/customer-sessions/", token: orgToken, body: { customer_id: alice.owner.id, member_id: owner[0]!.id } }, 201);

  const pending = await ok({ method: "POST", path: SEATS, token: alice.ownerToken, body: { subscription_id: alice.subscription.id, email: uniqueEmail("pending") } });
  const holder = uniqueEmail("holder");
  const claimed = await ok({ method: "POST", path: SEATS, token: alice.ownerToken, body: { subscription_id: alice.subscription.id, email: holder } });
  const claim = await ok({ method: "POST", path: "/v1/customer-seats/claim", body: { invitation_token: invitationTokenFrom(await stack.mailbox!.waitForEmail(holder)) } });
  sessions = {
    ownerMember: ownerSession.token as string,
    billingManager: manager.token,
    plainMember: plain.token,
    claim: claim.customer_session_token as string,
    bobsManager: bobsManager.token,
    orgBManager: orgBManager.token,
  };
  ids = { pending: pending.id as string, claimed: claimed.id as string, billingManager: manager.id, plainMember: plain.id, owner: owner[0]!.id as string };
});

afterAll(async () => {
  await stack?.stop();
});

type Case = RefusalCase;

/** Every team route and action, on alice's team's objects, for one caller. */
function actions(token: string): [string, RawRequest][] {
  const sub = alice.subscription.id;
  return [
    ["list the subscription's seats", { path: `${SEATS}?subscription_id=${sub}`, token }],
    ["list the order's seats", { path: `${SEATS}?order_id=${alice.order.id}`, token }],
    ["assign a seat", { method: "POST", path: SEATS, token, body: { subscription_id: sub, email: uniqueEmail("intruder") } }],
    ["assign a seat to a member", { method: "POST", path: SEATS, token, body: { subscription_id: sub, member_id: ids.plainMember } }],
    ["bulk assign", { method: "POST", path: `${SEATS}/bulk`, token, body: { subscription_id: sub, seats: [{ email: uniqueEmail("bulk") }] } }],
    ["revoke the pending seat", { method: "DELETE", path: `${SEATS}/${ids.pending}`, token }],
    ["revoke the claimed seat", { method: "DELETE", path: `${SEATS}/${ids.claimed}`, token }],
    ["resend the pending seat", { method: "POST", path: `${SEATS}/${ids.pending}/resend`, token }],
    ["read the seat activity", { path: `${SEATS}/events?subscription_id=${sub}`, token }],
    ["list the team's members", { path: MEMBERS, token }],
    ["add a member", { method: "POST", path: MEMBERS, token, body: { email: uniqueEmail("added"), role: "billing_manager" } }],
    ["promote the plain member", { method: "PATCH", path: `${MEMBERS}/${ids.plainMember}`, token, body: { role: "billing_manager" } }],
    ["demote the billing manager", { method: "PATCH", path: `${MEMBERS}/${ids.billingManager}`, token, body: { role: "member" } }],
    ["rename the owner", { method: "PATCH", path: `${MEMBERS}/${ids.owner}`, token, body: { name: "Hijacked" } }],
    ["remove the billing manager", { method: "DELETE", path: `${MEMBERS}/${ids.billingManager}`, token }],
    ["read the subscription", { path: `${SUBSCRIPTIONS}/${sub}`, token }],
    ["change the seat count", { method: "PATCH", path: `${SUBSCRIPTIONS}/${sub}`, token, body: { seats: 20 } }],
  ];
}

// What a plain member may still do: read the seats and the subscription (Polar's list_seats and
// subscription get are for any member: CustomerPortalUnionRead).
const MEMBER_READS = new Set(["list the subscription's seats", "list the order's seats", "read the subscription"]);

const refusedWithoutChange = (cases: Case[]) => expectRefusedWithoutChange(stack, cases, { except: ["rate_limit_buckets"] });

describe("the team's routes, role by role", () => {
  it("a plain member reads the seats and is refused everything else (403 NotPermitted); nothing changes", async () => {
    const cases: Case[] = actions(sessions.plainMember)
      .filter(([name]) => !MEMBER_READS.has(name))
      .map(([name, req]) => ({ name: `plain member: ${name}`, request: req, expected: { status: 403, error: "NotPermitted" } }));
    const { failures, diff } = await refusedWithoutChange(cases);
    recordFigures("team authorization: plain member", { requests: cases.length, failures: failures.length, changedTables: Object.keys(diff) });
    expect(failures).toEqual([]);
    expect(diff).toEqual({});
    for (const [name, req] of actions(sessions.plainMember).filter(([n]) => MEMBER_READS.has(n))) {
      const reply = await request(stack.url, req);
      expect(reply.status, `${name}: ${reply.text}`).toBe(200);
    }
  });

  it("the session a claim opened sees no team (404 on every route) and nothing changes", async () => {
    const cases: Case[] = actions(sessions.claim).map(([name, req]) => ({ name: `claim's session: ${name}`, request: req, expected: { status: 404, error: "ResourceNotFound" } }));
    const { failures, diff } = await refusedWithoutChange(cases);
    recordFigures("team authorization: a claim's session", { requests: cases.length, failures: failures.length });
    expect(failures).toEqual([]);
    expect(diff).toEqual({});
  });

  it("another team's billing manager (same organization, and another organization) finds none of this team's objects (404) and nothing changes", async () => {
    // Their own team's routes work; with this team's ids, every object is "not found".
    const cases: Case[] = [sessions.bobsManager, sessions.orgBManager].flatMap((token, i) =>
      actions(token)
        // Lists of the caller's own team (no id of this team in the request) are not foreign objects.
        .filter(([name]) => !["list the team's members", "add a member"].includes(name))
        .map(([name, req]): Case => {
          // Assigning names the container first: not found. A member id of another team in an assign names no member of the caller's team either.
          const expected = { status: 404, error: "ResourceNotFound" };
          return { name: `${i ? "another organization's" : "bob's"} billing manager: ${name}`, request: req, expected };
        }),
    );
    const { failures, diff } = await refusedWithoutChange(cases);
    recordFigures("team authorization: another team's admins", { requests: cases.length, failures: failures.length });
    expect(failures).toEqual([]);
    expect(diff).toEqual({});
    // And their own team's member list holds nobody of this team.
    for (const token of [sessions.bobsManager, sessions.orgBManager]) {
      const list = await ok({ path: `${MEMBERS}?limit=100`, token });
      const emails = (list.items as JsonObject[]).map((m) => m.id);
      expect(emails).not.toContain(ids.owner);
      expect(emails).not.toContain(ids.billingManager);
    }
  });

  it("an organization token on every team route → 401, a customer session on the merchant members API → 401; nothing changes", async () => {
    const portal: Case[] = actions(orgToken).map(([name, req]) => ({ name: `organization token: ${name}`, request: req, expected: { status: 401, error: "Unauthorized" } }));
    const merchant: Case[] = (
      [
        ["list members", { path: "/v1/members/" }],
        ["list a customer's members", { path: `/v1/customers/${alice.owner.id}/members` }],
        ["add a member", { method: "POST", path: `/v1/customers/${alice.owner.id}/members`, body: { email: uniqueEmail("x") } }],
        ["get a member", { path: `/v1/members/${ids.billingManager}` }],
        ["update a member", { method: "PATCH", path: `/v1/members/${ids.billingManager}`, body: { role: "owner" } }],
        ["delete a member", { method: "DELETE", path: `/v1/customers/${alice.owner.id}/members/${ids.billingManager}` }],
        ["open a member session", { method: "POST", path: "/v1/customer-sessions/", body: { customer_id: alice.owner.id, member_id: ids.billingManager } }],
        ["turn on seat changes", { method: "PATCH", path: `/v1/organizations/${alice.organization.id}`, body: { customer_portal_settings: { subscription: { update_seats: false } } } }],
      ] as [string, RawRequest][]
    ).flatMap(([name, req]) =>
      [alice.ownerToken, sessions.billingManager, sessions.ownerMember].map((token, i): Case => ({
        name: `${["customer session", "billing manager's session", "owner's member session"][i]}: ${name}`,
        request: { ...req, token },
        expected: { status: 401, error: "Unauthorized" },
      })),
    );
    const { failures, diff } = await refusedWithoutChange([...portal, ...merchant]);
    recordFigures("team authorization: wrong kind of token", { requests: portal.length + merchant.length, failures: failures.length });
    expect(failures).toEqual([]);
    expect(diff).toEqual({});
  });

  it("another organization's token on every merchant members route, with this organization's ids, answers 404 and nothing changes", async () => {
    const { token } = await createOrganizationToken(db.prisma, orgB.organization.id);
    const on = (name: string, req: RawRequest): Case => ({ name, request: { ...req, token }, expected: { status: 404, error: "ResourceNotFound" } });
    const cases: Case[] = [
      on("list a customer's members", { path: `/v1/customers/${alice.owner.id}/members` }),
      on("list a customer's members by external id", { path: `/v1/customers/external/${alice.owner.externalId}/members` }),
      on("add a member", { method: "POST", path: `/v1/customers/${alice.owner.id}/members`, body: { email: uniqueEmail("x") } }),
      on("add a member (deprecated route)", { method: "POST", path: "/v1/members/", body: { customer_id: alice.owner.id, email: uniqueEmail("x") } }),
      on("get a member", { path: `/v1/members/${ids.billingManager}` }),
      on("get a member under its customer", { path: `/v1/customers/${alice.owner.id}/members/${ids.billingManager}` }),
      on("update a member", { method: "PATCH", path: `/v1/members/${ids.billingManager}`, body: { role: "owner" } }),
      on("update a member under its customer", { method: "PATCH", path: `/v1/customers/${alice.owner.id}/members/${ids.billingManager}`, body: { name: "x" } }),
      on("delete a member", { method: "DELETE", path: `/v1/members/${ids.billingManager}` }),
      on("delete a member under its customer", { method: "DELETE", path: `/v1/customers/${alice.owner.id}/members/${ids.plainMember}` }),
      on("read the organization", { path: `/v1/organizations/${alice.organization.id}` }),
      on("change the organization's settings", { method: "PATCH", path: `/v1/organizations/${alice.organization.id}`, body: { customer_portal_settings: { subscription: { update_seats: false } } } }),
    ];
    const { failures, diff } = await refusedWithoutChange(cases);
    const list = await ok({ path: "/v1/members/?limit=100", token });
    const leaks = (list.items as JsonObject[]).filter((m) => m.customer_id === alice.owner.id || m.customer_id === alice.other.id);
    recordFigures("team authorization: merchant members, another organization", { requests: cases.length, failures: failures.length, leaks: leaks.length });
    expect(failures).toEqual([]);
    expect(diff).toEqual({});
    expect(leaks).toEqual([]);
  });

  it("the owner (as a member), a billing manager and the billing customer's own session do every action", async () => {
    // Run last in this file: these change the team. Each caller does each action once on objects of its own making.
    for (const [who, token] of [
      ["owner's member session", sessions.ownerMember],
      ["billing manager", sessions.billingManager],
      ["billing customer", alice.ownerToken],
    ] as const) {
      const sub = alice.subscription.id;
      await ok({ path: `${SEATS}?subscription_id=${sub}`, token });
      const seat = await ok({ method: "POST", path: SEATS, token, body: { subscription_id: sub, email: uniqueEmail(`by-${who.length}`) } });
      await ok({ method: "POST", path: `${SEATS}/${seat.id as string}/resend`, token });
      await ok({ method: "DELETE", path: `${SEATS}/${seat.id as string}`, token });
      await ok({ path: `${SEATS}/events?subscription_id=${sub}`, token });
      const added = await ok({ method: "POST", path: MEMBERS, token, body: { email: uniqueEmail("added"), role: "member" } }, 201);
      await ok({ method: "PATCH", path: `${MEMBERS}/${added.id as string}`, token, body: { role: "billing_manager" } });
      const bySeat = await ok({ method: "POST", path: SEATS, token, body: { subscription_id: sub, member_id: added.id } });
      expect(bySeat.member_id, who).toBe(added.id);
      expect((await request(stack.url, { method: "DELETE", path: `${MEMBERS}/${added.id as string}`, token })).status, who).toBe(204);
      // Removing the member revoked the seat given to them.
      expect((await db.prisma.customerSeat.findUniqueOrThrow({ where: { id: bySeat.id as string } })).status, who).toBe("revoked");
      await ok({ path: `${SUBSCRIPTIONS}/${sub}`, token });
      const before = (await db.prisma.subscription.findUniqueOrThrow({ where: { id: sub } })).seats ?? 0;
      const changed = await ok({ method: "PATCH", path: `${SUBSCRIPTIONS}/${sub}`, token, body: { seats: before + 1 } });
      expect(changed.seats, who).toBe(before + 1);
    }
    // Each actor is named in the team's activity by its own address.
    const actors = new Set((await db.prisma.teamEvent.findMany({ where: { customerId: alice.owner.id }, select: { actorType: true } })).map((e) => e.actorType));
    expect([...actors].sort()).toEqual(["customer", "member", "organization"]);
  });
});

describe("a billing customer who hands its team over", () => {
  it("signed in by email it acts as its address's role: a billing manager manages, demoted or removed it manages nothing; the vendor's customer session keeps Polar's customer billing access", async () => {
    const tenant = await createTenant(db.prisma);
    const token = (await createOrganizationToken(db.prisma, tenant.organization.id)).token;
    const heir = await memberWithSession(token, tenant.owner.id, "billing_manager");
    const seatsPage = `/${tenant.organization.slug}/portal/subscriptions/${tenant.subscription.id}`;
    // One email sign-in: who the browser acts as is read again on every page.
    const { cookies } = await signInByEmail(stack.url, stack.mailbox!, tenant.owner.email, seatsPage);
    const seatsPageStatus = async () => {
      const reply = await fetch(`${stack.url}${seatsPage}`, { headers: { cookie: cookieHeader(cookies) }, redirect: "manual" });
      await reply.text();
      return reply.status;
    };
    expect(await seatsPageStatus(), "the owner").toBe(200);

    await ok({ method: "PATCH", path: `${MEMBERS}/${heir.id}`, token: tenant.ownerToken, body: { role: "owner" } });
    expect(await seatsPageStatus(), "a billing manager after the handover").toBe(200);
    const members = (await ok({ path: `/v1/customers/${tenant.owner.id}/members`, token })).items as JsonObject[];
    const own = members.find((member) => member.email === tenant.owner.email)!;
    expect(own.role).toBe("billing_manager");

    await ok({ method: "PATCH", path: `${MEMBERS}/${own.id as string}`, token: heir.token, body: { role: "member" } });
    expect(await seatsPageStatus(), "demoted to a plain member").toBe(404);
    expect((await request(stack.url, { method: "DELETE", path: `${MEMBERS}/${own.id as string}`, token: heir.token })).status).toBe(204);
    expect(await seatsPageStatus(), "removed from the team: no more than demoted").toBe(404);

    // The vendor's customer session is the customer itself: as Polar's, it keeps billing access to what it pays for.
    await ok({ method: "POST", path: SEATS, token: tenant.ownerToken, body: { subscription_id: tenant.subscription.id, email: uniqueEmail("still-billing") } });
  });
});
