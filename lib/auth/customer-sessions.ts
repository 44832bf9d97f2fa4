import "server-only";
import { db, type Tx } from "@/lib/db";
import { env } from "@/lib/env";
import { RequestValidationFailure } from "@/lib/errors";
import { CUSTOMER_SELECT } from "@/lib/rows/merchant";
import type { OrganizationActor } from "./actor";
import { createMemberSession } from "./member-sessions";
import { CUSTOMER_SESSION_PREFIX, MEMBER_SESSION_PREFIX, hashToken, newToken } from "./tokens";

/** Opens a customer session; the token is returned here once and stored only hashed. */
export async function createSessionForCustomer(
  tx: Tx,
  args: { customerId: string; seatId?: string | null; returnUrl?: string | null; now?: Date },
) {
  const now = args.now ?? new Date();
  const { token, hash } = newToken(CUSTOMER_SESSION_PREFIX);
  const session = await tx.customerSession.create({
    data: {
      customerId: args.customerId,
      tokenHash: hash,
      createdAt: now,
      expiresAt: new Date(now.getTime() + env().CUSTOMER_SESSION_TTL_MINUTES * 60_000),
      returnUrl: args.returnUrl ?? null,
      seatId: args.seatId ?? null,
    },
    select: { id: true, createdAt: true, modifiedAt: true, expiresAt: true, returnUrl: true, customerId: true },
  });
  return { ...session, token };
}

/** The merchant's door into the portal: a session for one of its customers, with the portal link. */
export async function createCustomerSession(
  actor: OrganizationActor,
  input: { customer_id?: string | null; external_customer_id?: string | null; return_url?: string | null; member_id?: string | null; external_member_id?: string | null },
) {
  const { prisma } = db();
  const by = input.customer_id ? { id: input.customer_id } : { externalId: input.external_customer_id! };
  const customer = await prisma.customer.findFirst({
    where: { organizationId: actor.organizationId, deletedAt: null, ...by },
    select: { ...CUSTOMER_SELECT, organization: { select: { slug: true } } },
  });
  if (!customer) {
    // Polar answers an unknown customer here with a 422 on the field that named it.
    const field = input.customer_id ? "customer_id" : "external_customer_id";
    throw new RequestValidationFailure(["body", field], "Customer does not exist.", input.customer_id ?? input.external_customer_id);
  }
  const { organization, ...customerRow } = customer;
  const session = input.member_id || input.external_member_id ? await openMemberSession(customer.id, input) : await createSessionForCustomer(prisma, { customerId: customer.id, returnUrl: input.return_url ?? null });
  const portalUrl = `${env().PUBLIC_URL}/${encodeURIComponent(organization.slug)}/portal?customer_session_token=${encodeURIComponent(session.token)}`;
  return { session, customer: customerRow, customerPortalUrl: portalUrl };
}

/**
 * A member session (polar_mst_) for a member of the customer's team, named by id or by the
 * vendor's external id (Polar's _resolve_member; an unknown member is a 422 on the field).
 */
async function openMemberSession(customerId: string, input: { member_id?: string | null; external_member_id?: string | null; return_url?: string | null }) {
  const { prisma } = db();
  const field = input.member_id ? "member_id" : "external_member_id";
  const member = await prisma.member.findFirst({
    where: { customerId, deletedAt: null, ...(input.member_id ? { id: input.member_id } : { externalId: input.external_member_id! }) },
    select: { id: true },
  });
  if (!member) throw new RequestValidationFailure(["body", field], "Member does not exist for this customer.", input.member_id ?? input.external_member_id);
  const session = await createMemberSession(prisma, { memberId: member.id, seatId: null, now: new Date(), returnUrl: input.return_url ?? null });
  return { ...session, customerId };
}

/**
 * Trades a customer session token from a vendor's portal link for a browser session: the
 * token works once here (it sat in an address bar), and the browser session ends when the
 * token would have.
 */
export async function exchangeCustomerSessionToken(token: string, organizationId: string) {
  const { prisma } = db();
  const now = new Date();
  if (token.startsWith(MEMBER_SESSION_PREFIX)) return exchangeMemberSessionToken(token, organizationId, now);
  const { count } = await prisma.customerSession.updateMany({
    where: { tokenHash: hashToken(token), revokedAt: null, expiresAt: { gt: now }, customer: { organizationId, deletedAt: null } },
    data: { revokedAt: now, modifiedAt: now },
  });
  if (count !== 1) return null;
  const session = await prisma.customerSession.findUniqueOrThrow({
    where: { tokenHash: hashToken(token) },
    select: { expiresAt: true, customer: { select: { id: true, email: true } } },
  });
  return { ...session, member: null };
}

/**
 * The same for a vendor's member session link: the browser session is that member's (not
 * a claim's: it reads and, as its role allows, manages the team), ending when the token would.
 */
async function exchangeMemberSessionToken(token: string, organizationId: string, now: Date) {
  const { prisma } = db();
  const { count } = await prisma.memberSession.updateMany({
    where: { tokenHash: hashToken(token), revokedAt: null, seatId: null, expiresAt: { gt: now }, member: { deletedAt: null, customer: { organizationId, deletedAt: null } } },
    data: { revokedAt: now, modifiedAt: now },
  });
  if (count !== 1) return null;
  const session = await prisma.memberSession.findUniqueOrThrow({
    where: { tokenHash: hashToken(token) },
    select: { expiresAt: true, member: { select: { id: true, email: true, customer: { select: { id: true, email: true } } } } },
  });
  return { expiresAt: session.expiresAt, customer: session.member.customer, member: { id: session.member.id, email: session.member.email } };
}
