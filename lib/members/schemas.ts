// The inputs of the member operations (Polar's member schemas), shared by the API and the portal's forms.
import { z } from "zod";
import { PagingQuery, Paging } from "@/lib/paging";
import { repeated } from "@/lib/query-params";
import { EmailAddress, StorableText } from "@/lib/seats/schemas";

/** Polar's _RoleCheck refusal on the portal's members routes (a plain member). */
export const MEMBER_ROLE_REFUSAL = "Insufficient role for this operation";

const Role = z.enum(["owner", "billing_manager", "member"], { error: "Expected 'owner', 'billing_manager' or 'member'." });
const Id = z.uuid({ error: "Expected a UUID." });

// Polar's MemberNameInput: at most 256 characters, an empty name is no name.
const MemberName = StorableText.pipe(z.string().max(256)).transform((name) => (name.trim() === "" ? null : name));
const ExternalId = StorableText.pipe(z.string().max(255)).transform((id) => (id === "" ? null : id));

/** CustomerPortalMemberCreate: the role defaults to member; owner is refused by the service with Polar's message. */
export const PortalMemberCreateBody = z.object({
  email: EmailAddress,
  name: MemberName.nullish(),
  role: Role.default("member"),
});
export type PortalMemberCreate = z.infer<typeof PortalMemberCreateBody>;

export const PortalMemberUpdateBody = z.object({
  name: MemberName.nullish(),
  role: Role.nullish(),
});
export type PortalMemberUpdate = z.infer<typeof PortalMemberUpdateBody>;

export const MemberIdParams = z.object({ id: Id });
export const PortalMembersQuery = z.object(PagingQuery);

/** MemberCreateFromCustomer: the customer comes from the path; ownership is only ever handed over. */
export const MemberCreateFromCustomerBody = z.object({
  email: EmailAddress,
  name: MemberName.nullish(),
  external_id: ExternalId.nullish(),
  role: z.enum(["member", "billing_manager"], { error: "Expected 'member' or 'billing_manager'." }).default("member"),
});
export type MemberCreateFromCustomer = z.infer<typeof MemberCreateFromCustomerBody>;

/** MemberCreate (Polar's deprecated POST /v1/members): the customer in the body. */
export const MemberCreateBody = MemberCreateFromCustomerBody.extend({ customer_id: Id });

export const MemberUpdateBody = z.object({
  name: MemberName.nullish(),
  email: EmailAddress.nullish(),
  role: Role.nullish(),
});
export type MemberUpdate = z.infer<typeof MemberUpdateBody>;

const ExternalCustomerId = StorableText.pipe(z.string().min(1).max(255));

export const MembersListQuery = z.object({
  ...Paging,
  // Polar's MemberSortProperty (created_at, either way): the service refuses any other in Polar's words.
  sorting: repeated(StorableText.pipe(z.string().max(64))),
  // Polar reads it as text and answers a malformed id with 404 (the service does the same).
  customer_id: StorableText.pipe(z.string().max(64)).optional(),
  external_customer_id: ExternalCustomerId.optional(),
  role: Role.optional(),
});

/** The customer a by-external-id route of /v1/members names (exactly one of its ids: the service checks, with Polar's words). */
export const MemberCustomerQuery = z.object({
  customer_id: Id.optional(),
  external_customer_id: ExternalCustomerId.optional(),
});

export const CustomerIdParams = z.object({ id: Id });
export const CustomerMemberParams = z.object({ id: Id, member_id: Id });
export const ExternalCustomerParams = z.object({ external_id: ExternalCustomerId });
export const ExternalMemberParams = z.object({ external_id: ExternalCustomerId });
export const ExternalCustomerMemberParams = z.object({ external_id: ExternalCustomerId, member_external_id: ExternalCustomerId });
