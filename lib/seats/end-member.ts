import "server-only";
import { lockLiveSeatsOfMember, type SeatEventActor, type Tx } from "./queries";
import { revokeLockedSeat } from "./revoke-seat";

/**
 * Revokes every live seat given to a member who leaves the team, inside the caller's
 * transaction (Polar's revoke_seats_for_member): each with its event and webhook, and the
 * sessions its claim opened end. Returns how many webhooks were queued.
 */
export async function revokeSeatsOfMember(tx: Tx, memberId: string, organizationId: string, actor: SeatEventActor, now: Date) {
  let webhooks = 0;
  for (const seat of await lockLiveSeatsOfMember(tx, memberId, organizationId)) webhooks += (await revokeLockedSeat(tx, seat, actor, now)).webhooks;
  return webhooks;
}
