// Points the server modules of this worker at the run's database and mail capture before
// any of them reads its configuration.
import { afterAll, inject } from "vitest";
import { assertLoopback } from "../fixtures/test-database";

const databaseUrl = inject("databaseUrl");
assertLoopback(databaseUrl);
process.env.DATABASE_URL = databaseUrl;
process.env.SMTP_URL = inject("smtpUrl");
process.env.AUTH_SECRET ??= "test-secret-0123456789abcdef0123456789abcdef";
process.env.PUBLIC_URL = "http://portal.test";
process.env.DATABASE_POOL_SIZE ??= "20";

// Deliveries scheduled by a file's last steps (the outbox waits a few ms before it leases)
// end with that file, not after the run's database is gone.
afterAll(async () => {
  const { pendingDrains } = await import("@/lib/drainer");
  await pendingDrains();
});
