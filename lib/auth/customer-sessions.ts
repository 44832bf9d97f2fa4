import "server-only";
import { db, type Tx } from "@/lib/db";
import { env } from "@/lib/env";
import { RequestValidationFailure } from "@/lib/errors";
import { CUSTOMER_SELECT } from "@/lib/rows/merchant";
import type { OrganizationActor } from "./actor";
import { CUSTOMER_SESSION_PREFIX, hashToken, newToken } from "./tokens";

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
  input: { customer_id?: string | null; external_customer_id?: string | null; return_url?: string | null },
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
  const session = await createSessionForCustomer(prisma, { customerId: customer.id, returnUrl: input.return_url ?? null });
  const { organization, ...customerRow } = customer;
  const portalUrl = `${env().PUBLIC_URL}/${encodeURIComponent(organization.slug)}/portal?customer_session_token=${encodeURIComponent(session.token)}`;
  return { session, customer: customerRow, customerPortalUrl: portalUrl };
}

/**
 * Trades a customer session token from a vendor's portal link for a browser session: the
 * token works once here (it sat in an address bar), and the browser session ends when the
 * token would have.
 */
export async function exchangeCustomerSessionToken(token: string, organizationId: string) {
  const { prisma } = db();
  const now = new Date();
  const { count } = await prisma.customerSession.updateMany({
    where: { tokenHash: hashToken(token), revokedAt: null, expiresAt: { gt: now }, customer: { organizationId, deletedAt: null } },
    data: { revokedAt: now, modifiedAt: now },
  });
  if (count !== 1) return null;
  return prisma.customerSession.findUniqueOrThrow({
    where: { tokenHash: hashToken(token) },
    select: { expiresAt: true, customer: { select: { id: true, email: true } } },
  });
}
