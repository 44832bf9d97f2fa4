// The inputs of the seat operations, shared by the API and the portal's forms.
import { z } from "zod";

export const EmailAddress = z
  .string()
  .trim()
  .max(254, "An email address has at most 254 characters.")
  .pipe(z.email({ error: "Enter a valid email address." }));

const MetadataValue = z.union([z.string().max(500), z.number().finite(), z.boolean()]);

// Polar's limits: at most 10 keys and 1 KB once serialized.
export const SeatMetadata = z
  .record(z.string().min(1).max(40), MetadataValue)
  .refine((value) => Object.keys(value).length <= 10, { error: "Metadata holds at most 10 keys." })
  .refine((value) => Buffer.byteLength(JSON.stringify(value)) <= 1024, {
    error: "Metadata is at most 1 KB once serialized as JSON.",
  });

const Id = z.uuid({ error: "Expected a UUID." });
const notSupported = (what: string) => z.null({ error: `${what} is not supported yet.` }).optional();

export const SeatAssignBody = z.object({
  subscription_id: Id.nullish(),
  order_id: Id.nullish(),
  email: EmailAddress.nullish(),
  external_customer_id: z.string().min(1).max(255).nullish(),
  customer_id: Id.nullish(),
  metadata: SeatMetadata.nullish(),
  // Sent as false by SDK 0.49.0; only the merchant door may claim on the customer's behalf.
  immediate_claim: z.boolean().nullish(),
  checkout_id: notSupported("Assigning a seat from a checkout"),
  member_id: notSupported("Assigning a seat to a member"),
  external_member_id: notSupported("Assigning a seat to a member"),
});
export type SeatAssignInput = z.infer<typeof SeatAssignBody>;

export const ListSeatsQuery = z.object({
  subscription_id: Id.optional(),
  order_id: Id.optional(),
});
export type ListSeatsInput = z.infer<typeof ListSeatsQuery>;

export const SeatIdParams = z.object({ seat_id: Id });

export const PaginationQuery = z.object({
  page: z.coerce.number().int().min(1).max(1_000_000).optional(),
  limit: z.coerce.number().int().min(1).max(1_000_000).optional(),
});

// Long enough for any token we issue, short enough that nobody hashes a megabyte.
const InvitationToken = z.string().min(1).max(256);

export const ClaimTokenParams = z.object({ invitation_token: InvitationToken });
export const SeatClaimBody = z.object({ invitation_token: InvitationToken });
