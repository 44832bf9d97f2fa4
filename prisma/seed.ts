// npm run db:seed [-- --json]: (re)creates the demo organization `acme` with its data.
// It resets: everything of the organization `acme` is deleted and written anew (with a
// new access token, shown once); other organizations are left alone.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../lib/generated/prisma/client";
import { ORGANIZATION_SCOPES } from "../lib/auth/scopes";
import { ORGANIZATION_TOKEN_PREFIX, newToken } from "../lib/auth/tokens";
import { applyMigrations } from "../scripts/lib/migrations";
import { resolveDatabase } from "../scripts/lib/embedded-db";

const asJson = process.argv.includes("--json");
const log = (line: string) => console.error(`db:seed: ${line}`);

const DAY = 24 * 3600 * 1000;

export const DEMO = {
  organization: { slug: "acme", name: "Acme" },
  customers: [
    { email: "alice@example.com", name: "Alice Anders", externalId: "demo_alice", seats: 10 },
    { email: "bob@example.com", name: "Bob Brown", externalId: "demo_bob", seats: 5 },
  ],
  order: { seats: 3 },
} as const;

async function seed(prisma: PrismaClient) {
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
      data: { ...DEMO.organization, seatBasedPricingEnabled: true },
      select: { id: true, slug: true, name: true },
    });
    const { token, hash } = newToken(ORGANIZATION_TOKEN_PREFIX);
    await tx.organizationAccessToken.create({
      data: {
        organizationId: organization.id,
        comment: "demo (npm run db:seed)",
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

const database = await resolveDatabase(asJson ? undefined : log);
const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url }) });
try {
  await applyMigrations(database.url, { log: asJson ? undefined : log });
  const result = await seed(prisma);
  if (asJson) {
    process.stdout.write(JSON.stringify(result) + "\n");
  } else {
    log(`organization ${result.organization.slug} (${result.organization.id}) reset with demo data`);
    log(`organization access token (shown once): ${result.organization_access_token}`);
    for (const customer of result.customers) log(`customer ${customer.email} (${customer.id})`);
    for (const subscription of result.subscriptions) log(`subscription ${subscription.id}: ${subscription.seats} seats, ${subscription.status}`);
    for (const order of result.orders) log(`order ${order.id}: ${order.seats} seats, ${order.status}`);
  }
} catch (error) {
  log(`failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await prisma.$disconnect();
  await database.stop();
}
