// Shared pieces of the team (Polar's member model) suite: an organization with tokens of
// every members-scope shape, a team (a billing customer with a seat-based subscription and
// its owner), members and member sessions made through the API, a webhook endpoint whose
// deliveries are read back (and checked with SDK 0.49.0's validateEvent), and the keys of
// Polar's Member and CustomerPortalMember. Not a test file (vitest picks *.test.ts).
import { expect } from "vitest";
import { validateEvent } from "@polar-sh/sdk/webhooks";
import { ORGANIZATION_SCOPES } from "@/lib/auth/scopes";
import { db } from "@/lib/db";
import { SDK1_VERSIONS } from "../fixtures/clients";
import { createCustomer, createCustomerSessionToken, createOrganization, createOrganizationToken, createProduct, createSubscription, uniqueEmail } from "../fixtures/factories";
import type { WebhookReceiver } from "../fixtures/webhook-receiver";
import { type JsonObject } from "./helpers";
import { ok, sleep } from "./merchant-helpers";

export const VERSIONS = Object.keys(SDK1_VERSIONS) as (keyof typeof SDK1_VERSIONS)[];

/** Polar's Member (merchant API, webhooks, `seat.member`): every key, nullable ones included. */
export const MEMBER_KEYS = ["id", "created_at", "modified_at", "customer_id", "email", "name", "external_id", "role"].sort();
/** Polar's CustomerPortalMember: what a team's admins see of each other (no customer_id, no external_id). */
export const PORTAL_MEMBER_KEYS = ["created_at", "modified_at", "id", "email", "name", "role"].sort();

export const MEMBERS = "/v1/members";
export const PORTAL_MEMBERS = "/v1/customer-portal/members";
export const SESSIONS = "/v1/customer-sessions/";

/** Polar's portal refusal of a customer who bought nothing seat-based (customer_portal/endpoints/member.py). */
export const NOT_A_TEAM = /^Member management is only available for team customers\. Purchase a seat-based product to enable team features\.$/;

/** An organization and its tokens: every scope, members:read without members:write, members:write without members:read, no members scope. */
export async function teamOrg() {
  const organization = await createOrganization();
  const mint = async (scopes?: string[]) => (await createOrganizationToken(organization.id, scopes ? { scopes } : {})).token;
  const [token, readOnlyToken, writeOnlyToken, noScopeToken] = await Promise.all([
    mint(),
    mint(ORGANIZATION_SCOPES.filter((s) => s !== "members:write")),
    mint(ORGANIZATION_SCOPES.filter((s) => s !== "members:read")),
    mint(ORGANIZATION_SCOPES.filter((s) => !s.startsWith("members:"))),
  ]);
  return { organization, token, readOnlyToken, writeOnlyToken, noScopeToken };
}
export type TeamOrg = Awaited<ReturnType<typeof teamOrg>>;

export type Tier = { min_seats: number; max_seats: number | null; price_per_seat: number };

/**
 * A team of the organization: a billing customer with an active seat-based subscription
 * (`seats`, priced by `tiers`), a customer session of theirs, and their owner member (made
 * on demand, here by the first look at the team's members).
 */
export async function createTeam(org: TeamOrg, options: { seats?: number; tiers?: Tier[]; status?: string; name?: string | null } = {}) {
  const organizationId = org.organization.id;
  const product = options.tiers
    ? await db().prisma.product.create({
        data: { organizationId, name: `Tiered ${uniqueEmail("p")}`, recurringInterval: "month", recurringIntervalCount: 1, prices: { create: { seatTiers: options.tiers } } },
      })
    : await createProduct(organizationId);
  const customer = await createCustomer(organizationId, { name: options.name === undefined ? "Team Owner" : (options.name ?? undefined) });
  const subscription = await createSubscription(organizationId, customer.id, product.id, { seats: options.seats ?? 5, status: options.status });
  const customerToken = await createCustomerSessionToken(customer.id);
  // The owner is made on demand: the billing customer's first look at the team makes it.
  await ok({ path: PORTAL_MEMBERS, token: customerToken });
  const owner = await ownerOf(org, customer.id);
  return { customer, product, subscription, customerToken, owner };
}
export type Team = Awaited<ReturnType<typeof createTeam>>;

/** The team's owner, through the vendor's list (role=owner); the team must have one already. */
export async function ownerOf(org: TeamOrg, customerId: string): Promise<JsonObject> {
  const owners = (await ok({ path: `/v1/customers/${customerId}/members?role=owner`, token: org.token })).items as JsonObject[];
  expect(owners, "the team has exactly one owner").toHaveLength(1);
  return owners[0]!;
}

/** Adds a member through POST /v1/customers/{id}/members (201). */
export async function addMember(org: TeamOrg, customerId: string, body: { email: string; name?: string | null; role?: "member" | "billing_manager"; external_id?: string | null }) {
  return ok({ method: "POST", path: `/v1/customers/${customerId}/members`, token: org.token, body }, 201);
}

/** A member session (polar_mst_) for a member, through POST /v1/customer-sessions/. */
export async function memberSession(org: TeamOrg, customerId: string, memberId: string): Promise<string> {
  const session = await ok({ method: "POST", path: SESSIONS, token: org.token, body: { customer_id: customerId, member_id: memberId } }, 201);
  expect(session.token as string).toMatch(/^polar_mst_/);
  return session.token as string;
}

/** A team with a billing manager and a plain member, each with a member session, and the owner's member session. */
export async function staffedTeam(org: TeamOrg, options: Parameters<typeof createTeam>[1] = {}) {
  const team = await createTeam(org, options);
  const manager = await addMember(org, team.customer.id, { email: uniqueEmail("manager"), name: "Bea Manager", role: "billing_manager" });
  const member = await addMember(org, team.customer.id, { email: uniqueEmail("member"), name: "Max Member", role: "member", external_id: `ext-${uniqueEmail("m")}` });
  const [ownerToken, managerToken, memberToken] = await Promise.all([
    memberSession(org, team.customer.id, team.owner.id as string),
    memberSession(org, team.customer.id, manager.id as string),
    memberSession(org, team.customer.id, member.id as string),
  ]);
  return { ...team, manager, member, ownerToken, managerToken, memberToken };
}
export type StaffedTeam = Awaited<ReturnType<typeof staffedTeam>>;

/** Subscribes `receiver` to `events` of the organization; answers the signing secret. */
export async function webhookEndpoint(org: TeamOrg, receiver: WebhookReceiver, events: string[]): Promise<string> {
  const endpoint = await ok({ method: "POST", path: "/v1/webhooks/endpoints", token: org.token, body: { url: receiver.url, format: "raw", events } }, 201);
  return endpoint.secret as string;
}

export type Delivered = { type: string; data: JsonObject; body: string; headers: Record<string, string> };

/** What `receiver` got, parsed, that `match` selects. */
export function deliveries(receiver: WebhookReceiver, match: (event: Delivered) => boolean): Delivered[] {
  return receiver.received
    .map((r) => {
      const parsed = JSON.parse(r.body) as { type: string; data: JsonObject };
      return { type: parsed.type, data: parsed.data, body: r.body, headers: r.headers };
    })
    .filter(match);
}

/**
 * Waits until `receiver` got at least `count` deliveries `match` selects, then a little
 * longer (no more may arrive), and checks each with SDK 0.49.0's validateEvent: signature
 * and payload schema (so Member and CustomerSeat payloads are the wire 0.49.0 reads).
 */
export async function waitForDeliveries(receiver: WebhookReceiver, secret: string, match: (event: Delivered) => boolean, count: number): Promise<Delivered[]> {
  const deadline = Date.now() + 20_000;
  while (deliveries(receiver, match).length < count) {
    if (Date.now() > deadline) throw new Error(`expected ${count} webhook(s); got: ${JSON.stringify(deliveries(receiver, match).map((d) => d.type))}, all: ${receiver.types().join(", ")}`);
    await sleep(100);
  }
  await sleep(300);
  const found = deliveries(receiver, match);
  for (const event of found) expect(validateEvent(event.body, event.headers, secret).type).toBe(event.type);
  return found;
}

/** The member's row as the database holds it. */
export const memberRow = (id: string) => db().prisma.member.findUniqueOrThrow({ where: { id } });

/** The live members of a customer, oldest first. */
export const liveMembers = (customerId: string) => db().prisma.member.findMany({ where: { customerId, deletedAt: null }, orderBy: { createdAt: "asc" } });
