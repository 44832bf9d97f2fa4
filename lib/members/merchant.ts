import "server-only";
import type { OrganizationActor } from "@/lib/auth/actor";
import { NotPermitted, RequestValidationFailure, ResourceNotFound } from "@/lib/errors";
import { pageWindow, type Page } from "@/lib/paging";
import type { MemberRow } from "@/lib/rows/member";
import type { TeamEventActor } from "@/lib/seats/team-events";
import { scheduleWebhookDelivery } from "@/lib/webhooks/deliver";
import { addMember, changeMember, removeMember } from "./changes";
import { ensureOwner } from "./owner";
import { client, findMember, findTeam, listMembers, lockTeam, memberTransaction, type Team, type Tx } from "./queries";
import type { MemberCreateFromCustomer, MemberUpdate } from "./schemas";

// The vendor's side of teams (Polar's /v1/members and /v1/customers/{id}/members): an
// organization token reads and changes the members of its own customers only; anyone
// else's customer or member is 404.

export type CustomerRef = { id: string } | { externalId: string };

/** Which member a route names: by id, by id under a customer, or by external id under a customer. */
export type MemberRef = { id: string; customer?: CustomerRef } | { externalId: string; customer: CustomerRef };

/** The customer of /v1/members/external/{id}'s query: exactly one of its ids, refused in Polar's words (_validate_customer_id_params). */
export function memberCustomerRef(query: { customer_id?: string; external_customer_id?: string }): CustomerRef {
  if (query.customer_id === undefined && query.external_customer_id === undefined) {
    throw new RequestValidationFailure(["query"], "One of customer_id or external_customer_id must be provided.");
  }
  if (query.customer_id !== undefined && query.external_customer_id !== undefined) {
    throw new RequestValidationFailure(["query"], "Only one of customer_id or external_customer_id may be provided.");
  }
  return query.customer_id !== undefined ? { id: query.customer_id } : { externalId: query.external_customer_id! };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const organizationActor = (actor: OrganizationActor): TeamEventActor => ({ type: "organization", id: actor.tokenId, label: "organization" });

async function locked<T>(work: (tx: Tx) => Promise<{ result: T; webhooks: number }>): Promise<T> {
  const { result, webhooks } = await memberTransaction(work);
  if (webhooks) void scheduleWebhookDelivery();
  return result;
}

async function lockCustomer(tx: Tx, actor: OrganizationActor, ref: CustomerRef): Promise<Team> {
  const found = await findTeam(tx, { organizationId: actor.organizationId, ...ref });
  const team = found && (await lockTeam(tx, found.id, actor.organizationId));
  if (!team) throw new ResourceNotFound("Customer not found");
  return team;
}

/** The member a route names, in the organization, under its customer when the route names one. */
async function findNamedMember(tx: Tx, actor: OrganizationActor, ref: MemberRef) {
  let customerId: string | undefined;
  if (ref.customer) {
    const customer = await findTeam(tx, { organizationId: actor.organizationId, ...ref.customer });
    if (!customer) return null;
    customerId = customer.id;
  }
  const by = "id" in ref ? { id: ref.id } : { externalId: ref.externalId };
  return findMember(tx, { ...by, ...(customerId ? { customerId } : {}), customer: { organizationId: actor.organizationId, deletedAt: null } });
}

export async function listOrganizationMembers(
  actor: OrganizationActor,
  query: { page?: number; limit?: number; sorting?: string[]; customer_id?: string; external_customer_id?: string; role?: MemberRow["role"] },
  /** The customer the path names (/v1/customers/{id}/members): unknown is 404, not an empty list. */
  customer?: CustomerRef,
): Promise<Page<MemberRow>> {
  const window = pageWindow(query);
  if (query.customer_id !== undefined && !UUID.test(query.customer_id)) throw new ResourceNotFound("Invalid customer ID format");
  if (customer) {
    const team = await findTeam(client(), { organizationId: actor.organizationId, ...customer });
    if (!team) throw new ResourceNotFound("Customer not found");
    query = { ...query, customer_id: team.id, external_customer_id: undefined };
  }
  // Polar's SortingGetter: a criterion MemberSortProperty does not have is a 422 on the parameter.
  const unknown = (query.sorting ?? []).find((criterion) => criterion !== "created_at" && criterion !== "-created_at");
  if (unknown !== undefined) throw new RequestValidationFailure(["query", "sorting"], "Invalid sorting criterion.", unknown);
  const newestFirst = !(query.sorting ?? []).includes("created_at");
  const { rows, total } = await listMembers(
    client(),
    {
      customer: { organizationId: actor.organizationId, deletedAt: null, ...(query.external_customer_id !== undefined ? { externalId: query.external_customer_id } : {}) },
      ...(query.customer_id !== undefined ? { customerId: query.customer_id } : {}),
      ...(query.role ? { role: query.role } : {}),
    },
    window,
    newestFirst ? "newest" : "oldest",
  );
  return { items: rows, totalCount: total, page: window.page, limit: window.limit };
}

/**
 * Adds a member to one of the organization's customers; an address the team already has
 * returns that member. A customer who bought nothing seat-based is an individual, whose
 * only member is its owner (Polar's rule).
 */
export function createOrganizationMember(actor: OrganizationActor, customer: CustomerRef, input: MemberCreateFromCustomer): Promise<MemberRow> {
  return locked(async (tx) => {
    const team = await lockCustomer(tx, actor, customer);
    let webhooks = 0;
    if (team.isTeam) webhooks += (await ensureOwner(tx, team)).webhooks;
    else {
      const { total } = await listMembers(tx, { customerId: team.id }, { skip: 0, take: 1 }, "oldest");
      if (total >= 1) throw new NotPermitted("Individual customers can only have one member (the owner). Upgrade to a team customer to add more members.");
    }
    const added = await addMember(tx, team, { email: input.email, name: input.name ?? null, externalId: input.external_id ?? null, role: input.role }, organizationActor(actor));
    return { result: added.member, webhooks: webhooks + added.webhooks };
  });
}

export async function getOrganizationMember(actor: OrganizationActor, ref: MemberRef): Promise<MemberRow> {
  const member = await findNamedMember(client(), actor, ref);
  if (!member) throw new ResourceNotFound("Member not found");
  return member;
}

/** The vendor may hand a team's ownership to another member (the former owner becomes a billing manager). */
export function updateOrganizationMember(actor: OrganizationActor, ref: MemberRef, input: MemberUpdate): Promise<MemberRow> {
  return locked(async (tx) => {
    const named = await findNamedMember(tx, actor, ref);
    if (!named) throw new ResourceNotFound("Member not found");
    const team = await lockCustomer(tx, actor, { id: named.customerId });
    // Read again under the team's lock: a change that committed meanwhile counts.
    const member = await findMember(tx, { id: named.id });
    if (!member) throw new ResourceNotFound("Member not found");
    if (input.email != null && input.email.trim() !== member.email && !team.isTeam) {
      throw new RequestValidationFailure(["body", "email"], "Cannot change the email of an individual customer's owner. Update the customer's email instead.", input.email);
    }
    const changed = await changeMember(tx, team, member, input, { callerIsOwner: false, allowOwnershipTransfer: true }, organizationActor(actor));
    return { result: changed.member, webhooks: changed.webhooks };
  });
}

export function deleteOrganizationMember(actor: OrganizationActor, ref: MemberRef): Promise<void> {
  return locked(async (tx) => {
    const named = await findNamedMember(tx, actor, ref);
    if (!named) throw new ResourceNotFound("Member not found");
    const team = await lockCustomer(tx, actor, { id: named.customerId });
    const member = await findMember(tx, { id: named.id });
    if (!member) throw new ResourceNotFound("Member not found");
    return { result: undefined, webhooks: await removeMember(tx, team, member, organizationActor(actor)) };
  });
}
