// Who is calling, whichever door they came through: a bearer token (SDKs, curl) or the
// portal's cookie session resolve to the same shapes.
import type { Scope } from "./scopes";

export type CustomerActor = {
  kind: "customer";
  customerId: string;
  organizationId: string;
  scopes: ReadonlySet<Scope>;
  /** The customer session behind a bearer token; null for a browser (cookie) session. */
  sessionId: string | null;
  /**
   * The team member acting for the billing customer (an owner or billing manager signed in
   * as a member); absent when the billing customer acts itself.
   */
  memberId?: string;
};

import type { MemberRole } from "@/lib/rows/member";

export type { MemberRole };

/**
 * A member of a team customer (Polar's member model), signed in with a member session: a
 * claim's, or a browser session a claim opened. A session a claim opened reads what the
 * member holds and nothing of the team's (a link proves no authority over anything else);
 * another member session reads the team and acts for the billing customer when its role
 * allows it (owner, billing_manager).
 */
export type MemberActor = {
  kind: "member";
  memberId: string;
  /** The billing customer whose team this is. */
  customerId: string;
  organizationId: string;
  role: MemberRole;
  scopes: ReadonlySet<Scope>;
  /** The member session behind a bearer token; null for a browser (cookie) session. */
  sessionId: string | null;
  /** The seat whose claim opened the session: such a session never manages the team. */
  seatId: string | null;
};

export type OrganizationActor = {
  kind: "organization";
  organizationId: string;
  scopes: ReadonlySet<Scope>;
  tokenId: string;
};

export type AnonymousActor = { kind: "anonymous" };

export type Actor = CustomerActor | MemberActor | OrganizationActor | AnonymousActor;

export const ANONYMOUS: AnonymousActor = { kind: "anonymous" };

/** Whether a member may manage the team's seats, as the billing customer would. */
export function memberManagesTeam(actor: MemberActor) {
  return actor.seatId === null && (actor.role === "owner" || actor.role === "billing_manager");
}

/** A member acting for the billing customer (reads of the team, or an admin's writes). */
export function actingForTeam(actor: MemberActor): CustomerActor {
  return { kind: "customer", customerId: actor.customerId, organizationId: actor.organizationId, scopes: actor.scopes, sessionId: null, memberId: actor.memberId };
}

export function hasAnyScope(actor: CustomerActor | MemberActor | OrganizationActor, wanted: readonly Scope[]) {
  return wanted.some((scope) => actor.scopes.has(scope));
}
