import "server-only";
import { consumeRateLimitIn, type Refusal } from "@/lib/rate-limit";
import type { SeatManager } from "./actor";
import type { Tx } from "./queries";

function waitOf(seconds: number) {
  if (seconds < 120) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  return `${Math.ceil(seconds / 60)} minutes`;
}

function describeRefusal({ limit, left, asked, retryAfterSeconds }: Refusal) {
  const wait = waitOf(retryAfterSeconds);
  if (asked === 1 || left === 0) return `You have sent the ${limit} invitations you may send in an hour. Try again in ${wait}.`;
  return `This list would send ${asked} invitations, but only ${left} of the ${limit} you may send in an hour are left. Send fewer, or try again in ${wait}.`;
}

/**
 * Spends `invitations` emails from the billing customer's hourly budget, in the transaction
 * that queues them, as its last write (see consumeRateLimitIn): over the budget, the whole
 * transaction rolls back with a 429, so no seat, customer or email is left of it. Without
 * this, assign then revoke in a loop mailed any address as often as the assign limit let it.
 * Counted per billing customer (whose seats they are), not per session. The organization
 * (merchant API) invites its own customers and is not limited here, as on Polar; a shared
 * link is handed to the caller, not mailed, so it never spends.
 */
export async function spendInvitationBudget(tx: Tx, actor: SeatManager, billingCustomerId: string, invitations: number) {
  if (actor.kind === "organization" || invitations <= 0) return;
  await consumeRateLimitIn(tx, "invitationsPerCustomer", `customer:${billingCustomerId}`, invitations, describeRefusal);
}
