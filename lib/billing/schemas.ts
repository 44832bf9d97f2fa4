// Inputs of the merchant API (Polar's request bodies and list filters).
import { z } from "zod";
import { Paging } from "@/lib/paging";
import { queryBoolean, repeated } from "@/lib/query-params";
import { EmailAddress, StorableText } from "@/lib/seats/schemas";

const Id = z.uuid({ error: "Expected a UUID." });

// Polar's metadata: at most 50 keys, string keys up to 40 characters, values strings (up to
// 500 characters), integers, floats or booleans.
export const Metadata = z
  .record(StorableText.pipe(z.string().min(1).max(40)), z.union([StorableText.pipe(z.string().max(500)), z.number().finite(), z.boolean()]))
  .refine((value) => Object.keys(value).length <= 50, { error: "Metadata holds at most 50 keys." });

/**
 * A union told apart by which key an object has: the key picks the variant, so a refusal
 * names the field that is wrong (a plain union would say only "invalid input").
 */
function keyedUnion<T>(variants: [key: string, schema: z.ZodType<T>][], fallback: z.ZodType<T> | null, missing: string) {
  return z.record(z.string(), z.unknown()).transform((body, ctx): T => {
    const variant = variants.find(([key]) => key in body)?.[1] ?? fallback;
    if (!variant) {
      ctx.addIssue({ code: "custom", message: missing });
      return z.NEVER;
    }
    const parsed = variant.safeParse(body);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", message: issue.message, path: issue.path, input: issue.input });
    return z.NEVER;
  });
}

export const IdParams = z.object({ id: Id });
export const ExternalIdParams = z.object({ external_id: z.string().min(1).max(255) });

const AddressInput = z.object({
  line1: z.string().max(255).nullish(),
  line2: z.string().max(255).nullish(),
  postal_code: z.string().max(64).nullish(),
  city: z.string().max(255).nullish(),
  state: z.string().max(255).nullish(),
  country: z.string().regex(/^[A-Z]{2}$/, "Expected an ISO 3166-1 alpha-2 country code."),
});

const notSupported = (what: string) => z.null({ error: `${what} is not supported yet.` }).optional();

// An organization token already names its organization: Polar refuses the field then.
const OrganizationId = z.null({ error: "Setting organization_id is disallowed when using an organization token." }).optional();

export const CustomerCreateBody = z.object({
  email: EmailAddress,
  name: z.string().max(256).nullish(),
  external_id: z.string().min(1).max(255).nullish(),
  metadata: Metadata.optional(),
  billing_address: AddressInput.nullish(),
  tax_id: z.string().max(64).nullish(),
  locale: z.string().max(16).nullish(),
  type: z.literal("individual", { error: "Only individual customers are supported." }).nullish(),
  organization_id: OrganizationId,
  owner: notSupported("A customer owner (members)"),
});
export type CustomerCreateInput = z.infer<typeof CustomerCreateBody>;

export const CustomerUpdateBody = z.object({
  email: EmailAddress.nullish(),
  name: z.string().max(256).nullish(),
  external_id: z.string().min(1).max(255).nullish(),
  metadata: Metadata.optional(),
  billing_address: AddressInput.nullish(),
  tax_id: z.string().max(64).nullish(),
  locale: z.string().max(16).nullish(),
  type: z.literal("individual", { error: "Only individual customers are supported." }).nullish(),
});
export type CustomerUpdateInput = z.infer<typeof CustomerUpdateBody>;

export const CustomerListQuery = z.object({
  ...Paging,
  organization_id: repeated(Id),
  email: z.string().max(320).optional(),
  query: z.string().max(256).optional(),
});
export type CustomerListInput = z.infer<typeof CustomerListQuery>;

const RecurringInterval = z.enum(["day", "week", "month", "year"]);

const SeatTier = z.object({
  min_seats: z.number().int().min(1),
  max_seats: z.number().int().min(1).nullish(),
  price_per_seat: z.number().int().min(0),
});

export const SeatBasedPriceCreate = z
  .object({
    amount_type: z.literal("seat_based", { error: "Only seat-based prices (amount_type \"seat_based\") are supported." }),
    price_currency: z.string().regex(/^[a-z]{3}$/, "Expected a lower-case ISO 4217 currency code.").optional(),
    tax_behavior: z.enum(["location", "inclusive", "exclusive"]).nullish(),
    seat_tiers: z.object({
      seat_tier_type: z.enum(["volume", "graduated"]).optional(),
      tiers: z.array(SeatTier).min(1).max(20),
    }),
  })
  .superRefine((price, ctx) => {
    const tiers = price.seat_tiers.tiers;
    tiers.forEach((tier, index) => {
      if (index === 0 && tier.min_seats !== 1) {
        ctx.addIssue({ code: "custom", path: ["seat_tiers", "tiers", 0, "min_seats"], message: "The first tier starts at 1 seat." });
      }
      const next = tiers[index + 1];
      if (next && tier.max_seats == null) {
        ctx.addIssue({ code: "custom", path: ["seat_tiers", "tiers", index, "max_seats"], message: "Only the last tier may be unlimited." });
      }
      if (next && tier.max_seats != null && next.min_seats !== tier.max_seats + 1) {
        ctx.addIssue({ code: "custom", path: ["seat_tiers", "tiers", index + 1, "min_seats"], message: "Tiers must follow each other without gaps." });
      }
      if (tier.max_seats != null && tier.max_seats < tier.min_seats) {
        ctx.addIssue({ code: "custom", path: ["seat_tiers", "tiers", index, "max_seats"], message: "max_seats is below min_seats." });
      }
    });
  });
export type SeatBasedPriceInput = z.infer<typeof SeatBasedPriceCreate>;

export const ProductCreateBody = z.object({
  name: z.string().min(3).max(256),
  description: z.string().max(4096).nullish(),
  visibility: z.enum(["draft", "private", "public"]).optional(),
  recurring_interval: RecurringInterval.nullish(),
  recurring_interval_count: z.number().int().min(1).max(999).nullish(),
  prices: z.array(SeatBasedPriceCreate).length(1, "A product here has exactly one seat-based price."),
  metadata: Metadata.optional(),
  organization_id: OrganizationId,
  medias: z.array(z.string()).max(0, "Product media are not supported.").nullish(),
  trial_interval: z.null({ error: "Trials are not supported." }).optional(),
  trial_interval_count: z.null({ error: "Trials are not supported." }).optional(),
});
export type ProductCreateInput = z.infer<typeof ProductCreateBody>;

// Polar's ExistingProductPrice: keep a current price by its id.
const ExistingPrice = z.object({ id: Id });

export const ProductUpdateBody = z.object({
  name: z.string().min(3).max(256).nullish(),
  description: z.string().max(4096).nullish(),
  visibility: z.enum(["draft", "private", "public"]).nullish(),
  is_archived: z.boolean().nullish(),
  prices: z
    .array(keyedUnion<z.infer<typeof ExistingPrice> | SeatBasedPriceInput>([["id", ExistingPrice]], SeatBasedPriceCreate, ""))
    .length(1, "A product here has exactly one seat-based price.")
    .nullish(),
  metadata: Metadata.optional(),
});
export type ProductUpdateInput = z.infer<typeof ProductUpdateBody>;

export const ProductListQuery = z.object({
  ...Paging,
  id: repeated(Id),
  organization_id: repeated(Id),
  query: z.string().max(256).optional(),
  is_archived: queryBoolean,
  is_recurring: queryBoolean,
});
export type ProductListInput = z.infer<typeof ProductListQuery>;

// Polar creates subscriptions through checkouts; here the vendor creates them directly.
// Extension: `seats` (a seat count; default, the price's minimum), at the top level or, for
// SDKs that strip unknown fields, as metadata.seats.
const SeatCount = z.number().int().min(1).max(1_000_000);

export const SubscriptionCreateBody = z
  .object({
    product_id: Id,
    customer_id: Id.nullish(),
    external_customer_id: z.string().min(1).max(255).nullish(),
    seats: SeatCount.nullish(),
    metadata: Metadata.optional(),
  })
  .refine((body) => (body.customer_id ? 1 : 0) + (body.external_customer_id ? 1 : 0) === 1, {
    error: "Give exactly one of customer_id or external_customer_id.",
  });
export type SubscriptionCreateInput = z.infer<typeof SubscriptionCreateBody>;

// Polar's SubscriptionUpdate is a union told apart by its keys.
const SeatsUpdate = z.object({ seats: SeatCount, proration_behavior: z.enum(["invoice", "prorate", "next_period", "reset"]).nullish() });
const CancelUpdate = z.object({
  cancel_at_period_end: z.boolean(),
  customer_cancellation_reason: z.string().max(64).nullish(),
  customer_cancellation_comment: z.string().max(1024).nullish(),
});
const RevokeUpdate = z.object({ revoke: z.literal(true) });
const MetadataUpdate = z.object({ metadata: Metadata });

type SubscriptionUpdate = z.infer<typeof SeatsUpdate> | z.infer<typeof CancelUpdate> | z.infer<typeof RevokeUpdate> | z.infer<typeof MetadataUpdate>;

export const SubscriptionUpdateBody = keyedUnion<SubscriptionUpdate>(
  [
    ["seats", SeatsUpdate],
    ["cancel_at_period_end", CancelUpdate],
    ["revoke", RevokeUpdate],
    ["metadata", MetadataUpdate],
  ],
  null,
  "Give one of seats, cancel_at_period_end, revoke or metadata.",
);
export type SubscriptionUpdateInput = z.infer<typeof SubscriptionUpdateBody>;

export const SubscriptionListQuery = z.object({
  ...Paging,
  organization_id: repeated(Id),
  product_id: repeated(Id),
  customer_id: repeated(Id),
  external_customer_id: repeated(z.string().max(255)),
  active: queryBoolean,
  cancel_at_period_end: queryBoolean,
});
export type SubscriptionListInput = z.infer<typeof SubscriptionListQuery>;

// Polar's OrderCreate has no seat count: `seats` is this portal's extension (top level, or
// metadata.seats). Orders created here are paid: the vendor's billing system took the money.
export const OrderCreateBody = z.object({
  customer_id: Id,
  product_id: Id,
  seats: SeatCount.nullish(),
  amount: z.number().int().min(0).nullish(),
  currency: z.string().regex(/^[a-z]{3}$/, "Expected a lower-case ISO 4217 currency code.").nullish(),
  description: z.string().max(1024).nullish(),
  metadata: Metadata.optional(),
  organization_id: OrganizationId,
});
export type OrderCreateInput = z.infer<typeof OrderCreateBody>;

export const OrderListQuery = z.object({
  ...Paging,
  organization_id: repeated(Id),
  product_id: repeated(Id),
  customer_id: repeated(Id),
  external_customer_id: repeated(z.string().max(255)),
  subscription_id: repeated(Id),
});
export type OrderListInput = z.infer<typeof OrderListQuery>;

/** The extension's seat count: top-level `seats`, else a positive integer in metadata.seats. */
export function requestedSeats(body: { seats?: number | null; metadata?: Record<string, unknown> }) {
  if (body.seats != null) return body.seats;
  const fromMetadata = Number(body.metadata?.seats);
  return Number.isInteger(fromMetadata) && fromMetadata >= 1 ? fromMetadata : null;
}
