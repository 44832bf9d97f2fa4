import { createHash } from "node:crypto";
import type { CustomerRow } from "@/lib/rows/merchant";
import { iso, isoOrNull } from "./dates";

type Address = { line1?: string | null; line2?: string | null; postal_code?: string | null; city?: string | null; state?: string | null; country: string };

function toAddress(value: unknown): Address | null {
  if (!value || typeof value !== "object" || typeof (value as Address).country !== "string") return null;
  const address = value as Address;
  return {
    line1: address.line1 ?? null,
    line2: address.line2 ?? null,
    postal_code: address.postal_code ?? null,
    city: address.city ?? null,
    state: address.state ?? null,
    country: address.country,
  };
}

/**
 * The avatar Polar's server sends for every customer (server/polar/customer/schemas/
 * customer.py, `avatar_url`): Gravatar's address for the SHA-256 of the lower-cased email,
 * `d=404` so that an address without a Gravatar shows the client's own fallback. Never
 * null: the SDK inside Polar's Next.js adapter (@polar-sh/sdk 0.47) refuses null there.
 * (Polar uses logo.dev for company domains when it holds a logo.dev key; this portal has none.)
 */
export function gravatarUrl(email: string) {
  return `https://www.gravatar.com/avatar/${createHash("sha256").update(email.toLowerCase()).digest("hex")}?d=404`;
}

// Polar's Customer: a team once it bought a seat-based product (every product here is), an
// individual before; first_user_event_at is for SDK 1.x. Billing details are kept as the
// vendor sent them.
export function toCustomer(customer: CustomerRow) {
  return {
    id: customer.id,
    created_at: iso(customer.createdAt),
    modified_at: isoOrNull(customer.modifiedAt),
    metadata: (customer.metadata ?? {}) as Record<string, string | number | boolean>,
    external_id: customer.externalId,
    email: customer.email,
    email_verified: customer.emailVerified,
    type: (customer.subscriptions?.length || customer.orders?.length ? "team" : "individual") as "team" | "individual",
    name: customer.name,
    billing_name: customer.billingName,
    billing_address: toAddress(customer.billingAddress),
    tax_id: customer.taxId ? [customer.taxId, null] : null,
    locale: customer.locale ?? null,
    organization_id: customer.organizationId,
    default_payment_method_id: null,
    deleted_at: isoOrNull(customer.deletedAt),
    avatar_url: gravatarUrl(customer.email),
    first_user_event_at: null,
  };
}
