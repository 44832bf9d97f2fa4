// npm run db:seed [-- --json]: (re)creates the demo organization `acme` with its data.
// It resets: everything of the organization `acme` is deleted and written anew (with a
// new access token, shown once); other organizations are left alone.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../lib/generated/prisma/client";
import { applyMigrations } from "../scripts/lib/migrations";
import { resolveDatabase } from "../scripts/lib/embedded-db";
import { seedDemo } from "./demo-data";

const asJson = process.argv.includes("--json");
const log = (line: string) => console.error(`db:seed: ${line}`);

const database = await resolveDatabase(asJson ? undefined : log);
const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url }) });
try {
  await applyMigrations(database.url, { log: asJson ? undefined : log });
  const result = await seedDemo(prisma);
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
