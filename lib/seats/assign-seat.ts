import "server-only";
import { db } from "@/lib/db";
import { BadRequest, CustomerNotFound } from "@/lib/errors";
import { enqueueEmail, scheduleDelivery } from "@/lib/email/outbox";
import { scheduleWebhookDelivery } from "@/lib/webhooks/deliver";
import { queueSeatWebhook } from "@/lib/webhooks/queue";
import { consumeRateLimit } from "@/lib/rate-limit";
import { eventActorOf, limitKeyOf, scopeOf, type SeatManager } from "./actor";
import { containerRefOf, requireContainer, takesAssignments } from "./container";
import { InvalidSeatAssignmentRequest, SeatAlreadyAssigned, SeatNotAvailable } from "./errors";
import { invitationEmail, newInvitation } from "./invitation";
import {
  countLiveSeats,
  findCustomerInOrganization,
  findLiveSeatOfCustomer,
  findOrCreateCustomerByEmail,
  findRevokedSeat,
  findSeat,
  insertSeatEvent,
  lockContainer,
  writeAssignment,
} from "./queries";
import type { SeatAssignInput } from "./schemas";
import type { SeatRow } from "./types";
import { isLiveSeatConflict } from "./unique-violation";

export type AssignOptions = {
  /** Merchant onboarding: the seat is claimed at once and no email is sent. */
  immediateClaim?: boolean;
};

type Recipient = { email: string } | { id: string } | { externalId: string };

function recipientOf(input: SeatAssignInput): Recipient {
  const { email, customer_id, external_customer_id } = input;
  const given = [email, customer_id, external_customer_id].filter((v) => v != null).length;
  if (given !== 1) throw new InvalidSeatAssignmentRequest();
  if (email != null) return { email };
  if (customer_id != null) return { id: customer_id };
  return { externalId: external_customer_id! };
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
  const now = new Date();
  let result: { row: SeatRow; webhooks: number };
  try {
    result = await db().prisma.$transaction(async (tx) => {
      const container = requireContainer(await lockContainer(tx, ref, scopeOf(actor)));
      if (!takesAssignments(container)) {
        throw new SeatNotAvailable(
          container.kind === "subscription"
            ? "This subscription is not active, so it takes no new seats."
            : "This order is not paid, so it takes no seats.",
        );
      }
      const holder =
        "email" in recipient
          ? await findOrCreateCustomerByEmail(tx, container.organizationId, recipient.email)
          : await findCustomerInOrganization(tx, container.organizationId, recipient);
      if (!holder) throw new CustomerNotFound();
      if (await findLiveSeatOfCustomer(tx, ref, holder.id)) throw new SeatAlreadyAssigned();
      if ((await countLiveSeats(tx, ref)) >= container.seats) throw new SeatNotAvailable();

      const invitation = options.immediateClaim ? null : newInvitation(now);
      // A revoked row is reused and keeps its id, as Polar does; its past stays in seat_events.
      const revoked = await findRevokedSeat(tx, ref);
      const id = await writeAssignment(
        tx,
        ref,
        revoked?.id ?? null,
        {
          status: options.immediateClaim ? "claimed" : "pending",
          customerId: holder.id,
          email: holder.email,
          invitationTokenHash: invitation?.hash ?? null,
          invitationTokenExpiresAt: invitation?.expiresAt ?? null,
          claimedAt: options.immediateClaim ? now : null,
          seatMetadata: input.metadata ?? {},
        },
        now,
      );
      const eventBase = { seatId: id, container: ref, email: holder.email, customerId: holder.id, actor: eventActorOf(actor) };
      await insertSeatEvent(tx, { ...eventBase, type: "assigned" });
      if (options.immediateClaim) {
        await insertSeatEvent(tx, { ...eventBase, type: "claimed" });
      } else {
        await enqueueEmail(
          tx,
          invitationEmail({
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
      const row = await findSeat(tx, id);
      // As Polar: an immediate claim sends `claimed` only, an invitation `assigned`.
      const webhooks = await queueSeatWebhook(tx, container.organizationId, options.immediateClaim ? "customer_seat.claimed" : "customer_seat.assigned", row);
      return { row, webhooks };
    });
  } catch (error) {
    // The lock makes this unreachable for one container; the index is the last word.
    if (isLiveSeatConflict(error)) throw new SeatAlreadyAssigned();
    throw error;
  }
  if (!options.immediateClaim) void scheduleDelivery();
  if (result.webhooks) void scheduleWebhookDelivery();
  return result.row;
}
