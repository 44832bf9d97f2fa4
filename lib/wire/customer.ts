import { iso, isoOrNull } from "./dates";

export type CustomerWireRow = {
  id: string;
  createdAt: Date;
  modifiedAt: Date | null;
  organizationId: string;
  email: string;
  emailVerified: boolean;
  externalId: string | null;
  name: string | null;
  billingName: string | null;
  metadata: unknown;
  deletedAt: Date | null;
};

// Polar's Customer (the individual variant). Billing details live with the vendor's
// billing system, not here, so they are null; first_user_event_at is for SDK 1.x.
export function toCustomer(customer: CustomerWireRow) {
  return {
    id: customer.id,
    created_at: iso(customer.createdAt),
    modified_at: isoOrNull(customer.modifiedAt),
    metadata: (customer.metadata ?? {}) as Record<string, string | number | boolean>,
    external_id: customer.externalId,
    email: customer.email,
    email_verified: customer.emailVerified,
    type: "individual" as const,
    name: customer.name,
    billing_name: customer.billingName,
    billing_address: null,
    tax_id: null,
    locale: null,
    organization_id: customer.organizationId,
    default_payment_method_id: null,
    deleted_at: isoOrNull(customer.deletedAt),
    avatar_url: null,
    first_user_event_at: null,
  };
}
