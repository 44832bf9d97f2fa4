// The portal with demo data on the embedded database, in development mode (so the dev
// mailbox shows the emails), and a banner saying where to go.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../lib/generated/prisma/client";
import { demoExists, mintDemoCustomerSession, mintDemoOrganizationToken, seedDemo, DEMO } from "../prisma/demo-data";
import { runServer } from "./lib/run-server";

const log = (line: string) => console.error(`[demo] ${line}`);
const port = process.env.PORT ?? "3000";
let banner: string[] = [];

await runServer({
  mode: "dev",
  command: "npm run demo",
  port,
  log,
  async beforeStart(databaseUrl) {
    const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
    try {
      if (!(await demoExists(prisma))) {
        log("writing the demo data (organization acme)");
        await seedDemo(prisma);
      }
      const organizationToken = await mintDemoOrganizationToken(prisma);
      const session = await mintDemoCustomerSession(prisma);
      const base = process.env.PUBLIC_URL ?? `http://localhost:${port}`;
      banner = [
        "",
        "  The seat portal is running, with demo data on the embedded database (data/pglite).",
        "",
        `  Portal            ${base}/${DEMO.organization.slug}/portal`,
        `  Sign in as        ${session.email}  (the sign-in link appears in the dev mailbox)`,
        `  Dev mailbox       ${base}/dev/mailbox`,
        "",
        "  Try the API (this customer session token is valid for 24 hours):",
        `    curl -H "Authorization: Bearer ${session.token}" \\`,
        `      "${base}/v1/customer-portal/seats?subscription_id=${session.subscriptionId}"`,
        "",
        `  Organization access token (merchant API, valid 30 days): ${organizationToken}`,
        "",
        "  Stop with Ctrl-C. `npm run db:seed` resets the demo organization.",
        "",
      ];
    } finally {
      await prisma.$disconnect();
    }
  },
  onReady() {
    console.log(banner.join("\n"));
  },
});
