import "next-auth";

declare module "next-auth" {
  interface Session {
    /** Set when the session opens one organization's portal only (a vendor link or a claim). */
    organizationId: string | null;
    /** Set when a claim opened the session: it is that member's of a team, not a customer's. */
    memberId: string | null;
    /** The seat whose claim opened a member's session. */
    seatId: string | null;
    /** The customer a vendor's link opened the session for. */
    customerId: string | null;
  }
}
