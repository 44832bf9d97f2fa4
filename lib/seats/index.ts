// The seat rules (SPEC §2): the one place every door calls.
export { assignSeat } from "./assign-seat";
export { claimSeat } from "./claim-seat";
export { getClaimInfo } from "./get-claim-info";
export { listClaimedSubscriptions, listAllClaimedSubscriptions } from "./list-claimed-subscriptions";
export { listSeats } from "./list-seats";
export { resendInvitation } from "./resend-invitation";
export { revokeSeat } from "./revoke-seat";
export type { SeatManager } from "./actor";
