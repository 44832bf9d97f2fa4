import "server-only";
import { db } from "@/lib/db";

// The answers lib/api/idempotency.ts keeps for a day are forgotten here, by the background
// worker: lib/api hands its after-response work to lib/background, so the worker's chores
// cannot live in lib/api without the two importing each other.

/** Forgets the answers older than a day (run by the background worker). */
export async function forgetExpiredIdempotencyKeys() {
  await db().prisma.idempotencyKey.deleteMany({ where: { expiresAt: { lt: new Date() } } });
}
