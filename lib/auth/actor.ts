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
};

export type OrganizationActor = {
  kind: "organization";
  organizationId: string;
  scopes: ReadonlySet<Scope>;
  tokenId: string;
};

export type AnonymousActor = { kind: "anonymous" };

export type Actor = CustomerActor | OrganizationActor | AnonymousActor;

export const ANONYMOUS: AnonymousActor = { kind: "anonymous" };

export function hasAnyScope(actor: CustomerActor | OrganizationActor, wanted: readonly Scope[]) {
  return wanted.some((scope) => actor.scopes.has(scope));
}
