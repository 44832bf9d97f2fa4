import { z } from "zod";

// Polar's CustomerSessionCustomerIDCreate | CustomerSessionCustomerExternalIDCreate
// (customer_external_id is the older spelling it still accepts).
export const CustomerSessionCreateBody = z
  .object({
    customer_id: z.uuid({ error: "Expected a UUID." }).nullish(),
    external_customer_id: z.string().min(1).max(255).nullish(),
    customer_external_id: z.string().min(1).max(255).nullish(),
    return_url: z.url({ protocol: /^https?$/, error: "Expected an http(s) URL." }).max(2048).nullish(),
    // A member session (polar_mst_) for this member of the customer's team, as Polar's member model answers.
    member_id: z.uuid({ error: "Expected a UUID." }).nullish(),
    external_member_id: z.string().min(1).max(255).nullish(),
  })
  .transform(({ customer_external_id, ...rest }) => ({
    ...rest,
    external_customer_id: rest.external_customer_id ?? customer_external_id ?? null,
  }))
  .refine((body) => (body.customer_id ? 1 : 0) + (body.external_customer_id ? 1 : 0) === 1, {
    error: "Give exactly one of customer_id or external_customer_id.",
  });
