// Polar's scope names for what this portal serves.
export const CUSTOMER_PORTAL_READ = "customer_portal:read";
export const CUSTOMER_PORTAL_WRITE = "customer_portal:write";

export const CUSTOMER_SESSION_SCOPES = [CUSTOMER_PORTAL_READ, CUSTOMER_PORTAL_WRITE] as const;

export const ORGANIZATION_SCOPES = [
  "customer_sessions:write",
  "customer_seats:read",
  "customer_seats:write",
  "customers:read",
  "customers:write",
  "products:read",
  "products:write",
  "subscriptions:read",
  "subscriptions:write",
  "orders:read",
  "orders:write",
  "webhooks:read",
  "webhooks:write",
  "members:read",
  "members:write",
  "organizations:read",
  "organizations:write",
] as const;

export type Scope = (typeof CUSTOMER_SESSION_SCOPES)[number] | (typeof ORGANIZATION_SCOPES)[number];

/** A read is allowed by the read scope or by the write scope, as Polar does. */
export const readScopes = (resource: string) => [`${resource}:read`, `${resource}:write`] as Scope[];
export const writeScopes = (resource: string) => [`${resource}:write`] as Scope[];
