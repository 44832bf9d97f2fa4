import "server-only";
import { BadRequest, CustomerNotFound } from "@/lib/errors";
import { enqueueEmail, scheduleDelivery } from "@/lib/email/outbox";
import { consumeRateLimit } from "@/lib/rate-limit";
import type { MemberRow } from "@/lib/rows/member";
import { scheduleWebhookDelivery } from "@/lib/webhooks/deliver";
import { queueSeatWebhook } from "@/lib/webhooks/queue";
import { eventActorOf, limitKeyOf, scopeOf, type SeatManager } from "./actor";
import { containerRefOf, requireContainer, takesAssignments } from "./container";
import { InvalidSeatAssignmentRequest, MemberEmailMismatch, MemberNotFound, SeatAlreadyAssigned, SeatNotAvailable } from "./errors";
import { invitationEmail, newInvitation } from "./invitation";
import { spendInvitationBudget } from "./invitation-budget";
import {
  countLiveSeatsAndHolder,
  findCustomerInOrganization,
  findCustomerKnownTo,
  findOrCreateCustomerByEmail,
  findOrCreateMember,
  findRevokedSeat,
  findTeamMember,
  insertSeatEvent,
  linkMemberExternalId,
  lockContainer,
  writeAssignment,
  type Container,
  type Tx,
  seatTransaction,
} from "./queries";
import type { SeatAssignInput } from "./schemas";
import type { ContainerRef, SeatRow } from "./types";
import { isLiveSeatConflict, isMemberExternalIdConflict } from "./unique-violation";

export type AssignOptions = {
  /** Merchant onboarding: the seat is claimed at once and no email is sent. */
  immediateClaim?: boolean;
};

type Recipient =
  | { email: string }
  | { id: string }
  | { externalId: string }
  | { memberId: string }
  | { externalMemberId: string; email: string | null };

// The member rules (not both ids, not with customer ids, member_id not with email) are the
// schema's 422s (lib/seats/schemas.ts SeatAssignBody), as Polar's model validator.
function recipientOf(input: SeatAssignInput): Recipient {
  const { email, customer_id, external_customer_id, member_id, external_member_id } = input;
  if (member_id != null) return { memberId: member_id };
  if (external_member_id != null) return { externalMemberId: external_member_id, email: email ?? null };
  const given = [email, customer_id, external_customer_id].filter((v) => v != null).length;
  if (given !== 1) throw new InvalidSeatAssignmentRequest();
  if (email != null) return { email };
  if (customer_id != null) return { id: customer_id };
  return { externalId: external_customer_id! };
}

/**
 * The member of the billing customer's team an assign names (Polar's _resolve_member): by
 * id, or by the vendor's external id, which an address given beside it may create or link.
 */
async function resolveNamedMember(tx: Tx, container: Container, recipient: { memberId: string } | { externalMemberId: string; email: string | null }, now: Date) {
  if ("memberId" in recipient) {
    const member = await findTeamMember(tx, container.billingCustomerId, { id: recipient.memberId });
    if (!member) throw new MemberNotFound(recipient.memberId);
    return member;
  }
  const { externalMemberId, email } = recipient;
  const found = await findTeamMember(tx, container.billingCustomerId, { externalId: externalMemberId });
  if (found) {
    if (email && found.email.toLowerCase() !== email.toLowerCase()) throw new MemberEmailMismatch(externalMemberId, email);
    return found;
  }
  if (!email) throw new MemberNotFound(externalMemberId);
  const member = await findOrCreateMember(tx, container.billingCustomerId, email, now);
  if (member.externalId && member.externalId !== externalMemberId) throw new MemberEmailMismatch(externalMemberId, email);
  if (member.externalId) return member;
  await linkMemberExternalId(tx, member.id, externalMemberId, now);
  return { ...member, externalId: externalMemberId, modifiedAt: now };
}

/**
 * Who gets the seat: the holder's own customer of the organization (the seat's
 * customer_id, found or created by address, as Polar's legacy model) and the member of the
 * billing customer's team it is for (the seat's member_id, found or created, as Polar's
 * assign does in both models). Null when an id names no customer the caller may name.
 */
async function resolveHolder(tx: Tx, actor: SeatManager, container: Container, recipient: Recipient, now: Date) {
  if ("memberId" in recipient || "externalMemberId" in recipient) {
    const member = await resolveNamedMember(tx, container, recipient, now);
    const customer = await findOrCreateCustomerByEmail(tx, container.organizationId, member.email);
    return { id: customer.id, email: member.email, member };
  }
  const customer =
    "email" in recipient
      ? await findOrCreateCustomerByEmail(tx, container.organizationId, recipient.email)
      : await findNamedCustomer(tx, actor, container, recipient);
  if (!customer) return null;
  const member = await findOrCreateMember(tx, container.billingCustomerId, customer.email, now);
  return { id: customer.id, email: customer.email, member };
}

/**
 * The customer an id names. The organization may name any of its customers, as on Polar.
 * A billing customer in the portal may name only themselves or someone who holds or held
 * one of their seats: anyone else is "not found", exactly as an unknown id, or the portal
 * would let any customer look up the organization's customers (and their emails) by id.
 */
function findNamedCustomer(tx: Tx, actor: SeatManager, container: Container, by: { id: string } | { externalId: string }) {
  return actor.kind === "organization"
    ? findCustomerInOrganization(tx, container.organizationId, by)
    : findCustomerKnownTo(tx, container.organizationId, by, container.billingCustomerId);
}

/** The container named by an assign request, locked; refused unless it takes assignments. */
export async function lockContainerForAssignment(tx: Tx, actor: SeatManager, ref: ContainerRef) {
  const container = requireContainer(await lockContainer(tx, ref, scopeOf(actor)));
  if (!takesAssignments(container)) {
    throw new SeatNotAvailable(
      container.kind === "subscription"
        ? "This subscription is not active, so it takes no new seats."
        : "This order is not paid, so it takes no seats.",
    );
  }
  return container;
}

/**
 * Gives a seat of a locked container to a person, inside the caller's transaction (the caller
 * has checked that they hold no live seat there and counted capacity, under the lock). A revoked row
 * is reused and keeps its id, as Polar does; its past stays in seat_events. The invitation
 * email and the webhook are queued in the same transaction.
 */
export async function giveSeat(
  tx: Tx,
  actor: SeatManager,
  container: Container,
  holder: { id: string; email: string; member: MemberRow },
  args: {
    metadata?: Record<string, string | number | boolean> | null;
    immediateClaim?: boolean;
    now: Date;
    /** The revoked row to reuse, when the caller has looked it up under the lock (null: none). */
    reuseSeatId?: string | null;
  },
): Promise<{ row: SeatRow; webhooks: number }> {
  const ref: ContainerRef = { kind: container.kind, id: container.id };
  const { now, immediateClaim } = args;
  const invitation = immediateClaim ? null : newInvitation(now);
  const reuseSeatId = args.reuseSeatId !== undefined ? args.reuseSeatId : ((await findRevokedSeat(tx, ref))?.id ?? null);
  const row = await writeAssignment(
    tx,
    ref,
    reuseSeatId,
    {
      status: immediateClaim ? "claimed" : "pending",
      customerId: holder.id,
      member: holder.member,
      email: holder.email,
      invitationTokenHash: invitation?.hash ?? null,
      invitationTokenExpiresAt: invitation?.expiresAt ?? null,
      claimedAt: immediateClaim ? now : null,
      seatMetadata: args.metadata ?? {},
    },
    now,
  );
  const eventBase = { seatId: row.id, container: ref, email: holder.email, customerId: holder.id, actor: eventActorOf(actor) };
  await insertSeatEvent(tx, { ...eventBase, type: "assigned" });
  if (immediateClaim) {
    await insertSeatEvent(tx, { ...eventBase, type: "claimed" });
  } else {
    await enqueueEmail(
      tx,
      await invitationEmail(tx, {
        to: holder.email,
        token: invitation!.token,
        expiresAt: invitation!.expiresAt,
        organizationSlug: container.organizationSlug,
        organizationName: container.organizationName,
        productName: container.productName,
        invitedBy: container.billingCustomerLabel,
      }),
    );
  }
  // As Polar: an immediate claim sends `claimed` only, an invitation `assigned`.
  const webhooks = await queueSeatWebhook(tx, container.organizationId, immediateClaim ? "customer_seat.claimed" : "customer_seat.assigned", row);
  return { row, webhooks };
}

/**
 * Gives one seat of a subscription or order to a person, found or created by email (or
 * named by customer id), and queues their invitation in the same transaction.
 */
export async function assignSeat(actor: SeatManager, input: SeatAssignInput, options: AssignOptions = {}): Promise<SeatRow> {
  if (input.subscription_id != null && input.order_id != null) {
    throw new BadRequest("Give either subscription_id or order_id, not both.");
  }
  const ref = containerRefOf(input);
  const recipient = recipientOf(input);
  await consumeRateLimit("assign", limitKeyOf(actor));
  let result: { row: SeatRow; webhooks: number };
  try {
    result = await seatTransaction(async (tx) => {
      const container = await lockContainerForAssignment(tx, actor, ref);
      const now = new Date();
      const holder = await resolveHolder(tx, actor, container, recipient, now);
      // Before capacity: on a full container, SeatNotAvailable for a real id would tell it apart.
      if (!holder) throw new CustomerNotFound();
      const { live, held, revokedSeatId } = await countLiveSeatsAndHolder(tx, ref, holder.id);
      if (held) throw new SeatAlreadyAssigned();
      if (live >= container.seats) throw new SeatNotAvailable();
      const given = await giveSeat(tx, actor, container, holder, { metadata: input.metadata, immediateClaim: options.immediateClaim, now, reuseSeatId: revokedSeatId });
      if (!options.immediateClaim) await spendInvitationBudget(tx, actor, container.billingCustomerId, 1);
      return given;
    });
  } catch (error) {
    // The lock makes this unreachable for one container; the index is the last word.
    if (isLiveSeatConflict(error)) throw new SeatAlreadyAssigned();
    // Another assign linked this external id to another address first: what this one would
    // have answered had it come second.
    if (isMemberExternalIdConflict(error) && "externalMemberId" in recipient && recipient.email) throw new MemberEmailMismatch(recipient.externalMemberId, recipient.email);
    throw error;
  }
  if (!options.immediateClaim) void scheduleDelivery();
  if (result.webhooks) void scheduleWebhookDelivery();
  return result.row;
}
