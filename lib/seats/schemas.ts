// The inputs of the seat operations, shared by the API and the portal's forms.
import { z } from "zod";
import { PagingQuery } from "@/lib/paging";
import { hasUnsafeText } from "@/lib/unsafe-text";
import { BULK_LIST_MAX_BYTES, BULK_LIST_MAX_ROWS, BULK_ROWS_MAX_BYTES } from "@/lib/form-limits.mjs";

export const EmailAddress = z
  .string()
  .trim()
  .max(254, "An email address has at most 254 characters.")
  .pipe(z.email({ error: "Enter a valid email address." }));

// Text PostgreSQL can store: no NUL character, no unpaired surrogate.
export const StorableText = z.string().refine((text) => !hasUnsafeText(text), { error: "Text may not contain NUL characters or unpaired surrogates." });

const MetadataValue = z.union([StorableText.pipe(z.string().max(500)), z.number().finite(), z.boolean()]);

// Polar's limits: at most 10 keys and 1 KB once serialized.
export const SeatMetadata = z
  .record(StorableText.pipe(z.string().min(1).max(40)), MetadataValue)
  .refine((value) => Object.keys(value).length <= 10, { error: "Metadata holds at most 10 keys." })
  .refine((value) => Buffer.byteLength(JSON.stringify(value)) <= 1024, {
    error: "Metadata is at most 1 KB once serialized as JSON.",
  });

const Id = z.uuid({ error: "Expected a UUID." });
const notSupported = (what: string) => z.null({ error: `${what} is not supported yet.` }).optional();

const SeatAssignFields = z.object({
  subscription_id: Id.nullish(),
  order_id: Id.nullish(),
  email: EmailAddress.nullish(),
  external_customer_id: z.string().min(1).max(255).nullish(),
  customer_id: Id.nullish(),
  metadata: SeatMetadata.nullish(),
  // Sent as false by SDK 0.49.0; only the merchant door may claim on the customer's behalf.
  immediate_claim: z.boolean().nullish(),
  checkout_id: notSupported("Assigning a seat from a checkout"),
  member_id: Id.nullish(),
  external_member_id: z.string().min(1).max(255).nullish(),
});

// Polar's SeatAssign.validate_recipient for member ids (a model validator there: loc ["body"],
// "Value error, …"). The older rule (exactly one of email, customer_id, external_customer_id)
// stays the service's 400, as this API has always answered it.
export const SeatAssignBody = SeatAssignFields.superRefine((body, ctx) => {
  const members = (body.member_id != null ? 1 : 0) + (body.external_member_id != null ? 1 : 0);
  if (!members) return;
  const refuse = (message: string) => ctx.addIssue({ code: "custom", path: [], message: `Value error, ${message}`, input: body });
  if (body.customer_id != null || body.external_customer_id != null) refuse("Cannot combine external_customer_id/customer_id with external_member_id/member_id");
  else if (members > 1) refuse("Cannot provide both external_member_id and member_id");
  else if (body.member_id != null && body.email != null) refuse("Cannot combine member_id with email");
});
export type SeatAssignInput = z.infer<typeof SeatAssignBody>;

export const ListSeatsQuery = z.object({
  subscription_id: Id.optional(),
  order_id: Id.optional(),
});
export type ListSeatsInput = z.infer<typeof ListSeatsQuery>;

export const SeatIdParams = z.object({ seat_id: Id });

// Any limit of at least 1 is accepted and clamped to 100 by the service, as Polar does.
// page and limit bounded as on every list (lib/paging.ts): an offset past PostgreSQL's
// integer was a 500.
export const PaginationQuery = z.object(PagingQuery);

// Long enough for any token we issue, short enough that nobody hashes a megabyte.
const InvitationToken = z.string().min(1).max(256);

export const ClaimTokenParams = z.object({ invitation_token: InvitationToken });
export const SeatClaimBody = z.object({ invitation_token: InvitationToken });

/**
 * The portal's assign form: an email, and metadata written one `key: value` per line
 * (numbers and true/false are read as such), checked against the API's limits.
 */
export const AssignSeatForm = z.object({
  email: EmailAddress,
  metadata: z
    .string()
    .max(2000, "Metadata is at most 1 KB.")
    .optional()
    .transform((text, ctx) => {
      if (hasUnsafeText(text ?? "")) {
        ctx.addIssue({ code: "custom", message: "Text may not contain NUL characters or unpaired surrogates." });
        return z.NEVER;
      }
      const entries: [string, string | number | boolean][] = [];
      const unreadable: number[] = [];
      for (const [index, raw] of (text ?? "").split(/\r?\n/).entries()) {
        const line = raw.trim();
        if (!line) continue;
        const match = /^([^:=]+)[:=](.*)$/.exec(line);
        if (!match) {
          unreadable.push(index + 1);
          continue;
        }
        const value = match[2]!.trim();
        const typed = value === "true" ? true : value === "false" ? false : value !== "" && Number.isFinite(Number(value)) ? Number(value) : value;
        entries.push([match[1]!.trim(), typed]);
      }
      // Every line that needs fixing, not only the first.
      if (unreadable.length) {
        const lines = unreadable.length === 1 ? `Line ${unreadable[0]}` : `Lines ${unreadable.slice(0, -1).join(", ")} and ${unreadable.at(-1)}`;
        ctx.addIssue({ code: "custom", message: `${lines}: write each as key: value.` });
        return z.NEVER;
      }
      return entries.length ? Object.fromEntries(entries) : undefined;
    })
    .pipe(SeatMetadata.optional()),
});

/** A seat row's form in the portal: the organization travels with it, as the page's path does. */
export const SeatIdForm = z.object({ org: z.string().min(1).max(100), seat_id: Id });

export const ContainerForm = z.object({
  kind: z.enum(["subscription", "order"]),
  id: Id,
});

export const SignInForm = z.object({ email: EmailAddress });

export const ClaimForm = z.object({ token: InvitationToken });

/** One row of a bulk invitation, before it is checked (the service says what is wrong with it). */
export const BulkSeatRow = z.object({
  email: z.unknown(),
  metadata: z.unknown().optional(),
});

// Our extension: many invitations in one request, checked under one lock.
export const BulkSeatAssignBody = z.object({
  subscription_id: Id.nullish(),
  order_id: Id.nullish(),
  seats: z.array(BulkSeatRow).min(1, "Give at least one row.").max(1000, "At most 1,000 rows at once."),
  dry_run: z.boolean().nullish(),
});
export type BulkSeatAssignInput = z.infer<typeof BulkSeatAssignBody>;

// What a person typed into a search box, read from a page's address: at most an address long,
// and text PostgreSQL can compare (a NUL failed the seats page's query: a 500, found by an
// attacker review). A page treats a refused search as no search.
export const SearchText = z.string().trim().max(254).pipe(StorableText);

// The portal's seat table: its search, status filter and order, as the page and its CSV
// export read them from the address (an unknown value is no filter).
export const SeatTableFilter = z.object({
  q: SearchText.optional().catch(undefined),
  status: z.enum(["pending", "expired", "claimed", "revoked"]).optional().catch(undefined),
  sort: z.enum(["oldest", "newest", "email"]).optional().catch(undefined),
});

export const SEAT_EVENT_TYPES = ["assigned", "resent", "reminded", "link_shared", "claimed", "revoked", "expired"] as const;

export const SeatEventsQuery = z.object({
  subscription_id: Id.optional(),
  order_id: Id.optional(),
  ...PagingQuery,
  type: z.enum(SEAT_EVENT_TYPES).optional(),
  email: z.string().max(254).optional(),
});

/**
 * The portal's bulk form: a pasted list or a CSV file (a browser sends an empty file when
 * none was chosen). Sizes are checked here, before the file is read; the text's own bounds
 * (lines, rows) are lib/csv.ts's.
 */
const LIST_TOO_LARGE = `The list is larger than ${BULK_LIST_MAX_BYTES / 1024} KB: at most ${BULK_LIST_MAX_ROWS.toLocaleString("en-US")} rows.`;
const LIST_MISSING = "Paste addresses or choose a CSV file with an email column.";
export const BulkListForm = z.object({
  list: z.string({ error: LIST_MISSING }).max(BULK_LIST_MAX_BYTES, LIST_TOO_LARGE).nullable(),
  file: z
    .instanceof(File, { error: LIST_MISSING })
    .refine((file) => file.size <= BULK_LIST_MAX_BYTES, LIST_TOO_LARGE)
    .nullable(),
});

/** The rows a bulk check showed, sent back to confirm them. */
export const BulkRowsField = z
  .string()
  .max(BULK_ROWS_MAX_BYTES)
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: "Not JSON." });
      return z.NEVER;
    }
  })
  .pipe(z.array(z.object({ email: z.string().max(1000), metadata: z.record(z.string(), z.string()).optional() })).min(1).max(1000));

export const SubscriptionIdParams = z.object({ id: Id });

// Polar's CustomerSubscriptionUpdateSeats (extra keys forbidden there, as here); an Int32 from 1.
// The other updates of Polar's portal (plan, cancel, pause) belong to the vendor's billing here.
export const CustomerSubscriptionUpdateSeatsBody = z.strictObject({ seats: z.number().int().min(1).max(2 ** 31 - 1) });
