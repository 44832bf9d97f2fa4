import type { CustomerRow } from "@/lib/rows/merchant";
import { toCustomer } from "./customer";
import { iso, isoOrNull } from "./dates";

export function toCustomerSession(created: {
  session: { id: string; createdAt: Date; modifiedAt: Date | null; expiresAt: Date; returnUrl: string | null; customerId: string; token: string };
  customer: CustomerRow;
  customerPortalUrl: string;
}) {
  const { session } = created;
  return {
    id: session.id,
    created_at: iso(session.createdAt),
    modified_at: isoOrNull(session.modifiedAt),
    token: session.token,
    expires_at: iso(session.expiresAt),
    return_url: session.returnUrl,
    customer_portal_url: created.customerPortalUrl,
    customer_id: session.customerId,
    customer: toCustomer(created.customer),
  };
}
