// The demo organization `acme`: what `npm run db:seed` and `npm run demo` write.
import type { PrismaClient } from "../lib/generated/prisma/client";
import { CUSTOMER_SESSION_PREFIX, ORGANIZATION_TOKEN_PREFIX, newToken } from "../lib/auth/tokens";
import { ORGANIZATION_SCOPES } from "../lib/auth/scopes";

const DAY = 24 * 3600 * 1000;
const DEMO_TOKEN_COMMENT = "demo";

export const DEMO = {
  organization: { slug: "acme", name: "Acme" },
  customers: [
    { email: "alice@example.com", name: "Alice Anders", externalId: "demo_alice", seats: 10 },
    { email: "bob@example.com", name: "Bob Brown", externalId: "demo_bob", seats: 5 },
  ],
  order: { seats: 3 },
} as const;

/** Deletes the organization `acme` with everything in it, and writes the demo data anew. */
export async function seedDemo(prisma: PrismaClient) {
  const now = new Date();
  return prisma.$transaction(async (tx) => {
    const old = await tx.organization.findUnique({ where: { slug: DEMO.organization.slug }, select: { id: true } });
    if (old) {
      const scope = { organizationId: old.id };
      await tx.customerSeat.deleteMany({ where: { OR: [{ subscription: scope }, { order: scope }] } });
      await tx.subscription.deleteMany({ where: scope });
      await tx.order.deleteMany({ where: scope });
      await tx.product.deleteMany({ where: scope });
      await tx.customer.deleteMany({ where: scope });
      await tx.organization.delete({ where: { id: old.id } });
    }
    const organization = await tx.organization.create({
      // Customers may change their seat counts in the demo, so that the portal shows it (off by default elsewhere).
      data: { ...DEMO.organization, seatBasedPricingEnabled: true, customerPortalUpdateSeats: true },
      select: { id: true, slug: true, name: true },
    });
    const { token, hash } = newToken(ORGANIZATION_TOKEN_PREFIX);
    await tx.organizationAccessToken.create({
      data: {
        organizationId: organization.id,
        comment: DEMO_TOKEN_COMMENT,
        tokenHash: hash,
        scopes: [...ORGANIZATION_SCOPES],
        expiresAt: new Date(now.getTime() + 365 * DAY),
      },
    });
    const pricePerSeat = 1200;
    const team = await tx.product.create({
      data: {
        organizationId: organization.id,
        name: "Acme Team",
        description: "The Acme workspace for teams, billed per seat.",
        recurringInterval: "month",
        recurringIntervalCount: 1,
        prices: { create: { seatTiers: [{ min_seats: 1, max_seats: null, price_per_seat: pricePerSeat }] } },
      },
      select: { id: true },
    });
    const workshop = await tx.product.create({
      data: {
        organizationId: organization.id,
        name: "Acme Workshop",
        description: "A one-day onboarding workshop, one seat per attendee.",
        prices: { create: { seatTiers: [{ min_seats: 1, max_seats: 20, price_per_seat: 9900 }] } },
      },
      select: { id: true },
    });
    const customers = [];
    const subscriptions = [];
    for (const demo of DEMO.customers) {
      const customer = await tx.customer.create({
        data: {
          organizationId: organization.id,
          email: demo.email,
          emailKey: demo.email.toLowerCase(),
          emailVerified: true,
          name: demo.name,
          externalId: demo.externalId,
        },
        select: { id: true, email: true, externalId: true },
      });
      customers.push({ id: customer.id, email: customer.email, external_id: customer.externalId });
      // Each buys seats below, which makes it a team with its owner (Polar's member model).
      await tx.member.create({
        data: { customerId: customer.id, email: demo.email, emailKey: demo.email.toLowerCase(), name: demo.name, externalId: demo.externalId, role: "owner" },
        select: { id: true },
      });
      const subscription = await tx.subscription.create({
        data: {
          organizationId: organization.id,
          customerId: customer.id,
          productId: team.id,
          status: "active",
          amount: demo.seats * pricePerSeat,
          currentPeriodStart: now,
          currentPeriodEnd: new Date(now.getTime() + 30 * DAY),
          startedAt: now,
          seats: demo.seats,
        },
        select: { id: true, customerId: true, productId: true, seats: true, status: true },
      });
      subscriptions.push({
        id: subscription.id,
        customer_id: subscription.customerId,
        product_id: subscription.productId,
        seats: subscription.seats,
        status: subscription.status,
      });
    }
    const order = await tx.order.create({
      data: {
        organizationId: organization.id,
        customerId: customers[0]!.id,
        productId: workshop.id,
        status: "paid",
        totalAmount: DEMO.order.seats * 9900,
        seats: DEMO.order.seats,
      },
      select: { id: true, customerId: true, productId: true, seats: true, status: true },
    });
    return {
      organization,
      organization_access_token: token,
      customers,
      subscriptions,
      orders: [{ id: order.id, customer_id: order.customerId, product_id: order.productId, seats: order.seats, status: order.status }],
    };
  });
}


export async function demoExists(prisma: PrismaClient) {
  return (await prisma.organization.count({ where: { slug: DEMO.organization.slug } })) > 0;
}

/** A fresh organization token for the demo; earlier demo tokens are revoked. */
export async function mintDemoOrganizationToken(prisma: PrismaClient) {
  const organization = await prisma.organization.findUniqueOrThrow({ where: { slug: DEMO.organization.slug } });
  const { token, hash } = newToken(ORGANIZATION_TOKEN_PREFIX);
  await prisma.organizationAccessToken.updateMany({
    where: { organizationId: organization.id, comment: DEMO_TOKEN_COMMENT, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  await prisma.organizationAccessToken.create({
    data: {
      organizationId: organization.id,
      comment: DEMO_TOKEN_COMMENT,
      tokenHash: hash,
      scopes: [...ORGANIZATION_SCOPES],
      expiresAt: new Date(Date.now() + 30 * DAY),
    },
  });
  return token;
}

/** A customer session for the first demo customer, valid for a day, and their first subscription. */
export async function mintDemoCustomerSession(prisma: PrismaClient) {
  const customer = await prisma.customer.findFirstOrThrow({
    where: { organization: { slug: DEMO.organization.slug }, emailKey: DEMO.customers[0].email },
    select: { id: true, email: true, subscriptions: { select: { id: true }, orderBy: { createdAt: "asc" }, take: 1 } },
  });
  const { token, hash } = newToken(CUSTOMER_SESSION_PREFIX);
  await prisma.customerSession.create({
    data: { customerId: customer.id, tokenHash: hash, expiresAt: new Date(Date.now() + DAY) },
  });
  return { token, email: customer.email, subscriptionId: customer.subscriptions[0]?.id ?? null };
}
