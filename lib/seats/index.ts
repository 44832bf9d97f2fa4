// The seat rules (SPEC §2): the one place every door calls.
export { assignSeat } from "./assign-seat";
export { claimSeat } from "./claim-seat";
export { getClaimInfo } from "./get-claim-info";
export { describeInvitation, type InvitationState } from "./describe-invitation";
export {
  CLAIMED_PAGE_SIZE,
  getClaimedSubscriptionsPage,
  listAllClaimedSubscriptions,
  listClaimedSubscriptions,
  type ClaimedSubscriptionsPage,
  type HolderActor,
} from "./list-claimed-subscriptions";
export { listSeats } from "./list-seats";
export { resendInvitation } from "./resend-invitation";
export { revokeSeat } from "./revoke-seat";
export type { SeatManager } from "./actor";
export { exportSeats, getSeatsPage, listOwnedContainers, SEATS_PAGE_SIZE, type SeatsPage } from "./portal-views";
export { portalLanding } from "./portal-landing";
export { bulkAssignSeats, type BulkOutcome, type BulkResult, type BulkRowResult } from "./bulk-assign";
export { exportSeatEvents, listSeatEvents } from "./seat-events";
export { sendInvitationReminders } from "./invitation-reminders";
export { forgetOldReplacedInvitations, REPLACED_INVITATION_MEMORY_DAYS } from "./replaced-invitations";
export { shareInvitationLink } from "./share-invitation-link";
