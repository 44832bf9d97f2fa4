import { z } from "zod";

const notSupported = (what: string) => z.null({ error: `${what} is not supported yet.` }).optional();

// Polar's CustomerSessionCustomerIDCreate | CustomerSessionCustomerExternalIDCreate
// (customer_external_id is the older spelling it still accepts).
export const CustomerSessionCreateBody = z
  .object({
    customer_id: z.uuid({ error: "Expected a UUID." }).nullish(),
    external_customer_id: z.string().min(1).max(255).nullish(),
    customer_external_id: z.string().min(1).max(255).nullish(),
    return_url: z.url({ protocol: /^https?$/, error: "Expected an http(s) URL." }).max(2048).nullish(),
    member_id: notSupported("A member session"),
    external_member_id: notSupported("A member session"),
  })
  .transform(({ customer_external_id, ...rest }) => ({
    ...rest,
    external_customer_id: rest.external_customer_id ?? customer_external_id ?? null,
  }))
  .refine((body) => (body.customer_id ? 1 : 0) + (body.external_customer_id ? 1 : 0) === 1, {
    error: "Give exactly one of customer_id or external_customer_id.",
  });
