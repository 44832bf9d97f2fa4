import type { CustomerActor, OrganizationActor } from "@/lib/auth/actor";
import type { ContainerScope, SeatEventActor } from "./queries";

/** Who manages seats: a billing customer (portal) or the organization (merchant API). */
export type SeatManager = CustomerActor | OrganizationActor;

/** A customer sees only the containers they pay for; an organization sees all of its own. */
export function scopeOf(actor: SeatManager): ContainerScope {
  return actor.kind === "customer" ? { customerId: actor.customerId } : { organizationId: actor.organizationId };
}

export function eventActorOf(actor: SeatManager): SeatEventActor {
  if (actor.kind === "organization") return { type: "organization", id: actor.tokenId };
  // A billing manager acting for the team is named as themselves in the activity.
  return actor.memberId ? { type: "member", id: actor.memberId } : { type: "customer", id: actor.customerId };
}

/** Whose rate-limit bucket a request counts against. */
export function limitKeyOf(actor: SeatManager) {
  return actor.kind === "customer" ? `customer:${actor.customerId}` : `token:${actor.tokenId}`;
}
