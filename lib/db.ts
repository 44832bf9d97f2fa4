import "server-only";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient, type Prisma } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";
import { pendingDrains } from "@/lib/drainer";

export type Database = { prisma: PrismaClient; pool: pg.Pool };

// One pool shared by Prisma and the hand-written SQL of the hot paths, kept on globalThis
// so that dev-mode reloads do not open a new pool each time.
const holder = globalThis as unknown as { seatPortalDb?: Database };

function connect(): Database {
  const { DATABASE_URL, DATABASE_POOL_SIZE } = env();
  const pool = new pg.Pool({ connectionString: DATABASE_URL, max: DATABASE_POOL_SIZE });
  // An idle client that loses its connection must not take the process down.
  pool.on("error", () => {});
  const prisma = new PrismaClient({
    adapter: new PrismaPg(pool),
    // Assign transactions queue on the container's row lock: under a burst they wait for a
    // connection longer than Prisma's 2 s default, which would surface as a 500.
    transactionOptions: { maxWait: 20_000, timeout: 20_000 },
  });
  return { prisma, pool };
}

export function db(): Database {
  holder.seatPortalDb ??= connect();
  return holder.seatPortalDb;
}

export async function closeDb() {
  // A delivery run still waiting out its settle time would wake up to a closed pool.
  await pendingDrains();
  const current = holder.seatPortalDb;
  holder.seatPortalDb = undefined;
  if (!current) return;
  await current.prisma.$disconnect();
  await current.pool.end().catch(() => {});
}

/** What a query runs on: the client, or the transaction it is part of. */
export type Tx = Prisma.TransactionClient;

/**
 * Hand-written SQL (`$1`, `$2`… parameters) on the pool, in a transaction of our own, or
 * in a Prisma transaction. The seat rules take this: their hot writes hold a container's
 * row lock, and every round trip through Prisma's engine inside the lock was time another
 * assign waited.
 */
export type Sql = { rows<R>(text: string, values?: readonly unknown[]): Promise<R[]> };

export function poolSql(): Sql {
  const { pool } = db();
  return { rows: async (text, values) => (await pool.query(text, values as unknown[])).rows };
}

/** The same statements inside a Prisma transaction (for work that also needs Prisma's models). */
export function prismaSql(tx: Tx): Sql {
  return { rows: (text, values = []) => tx.$queryRawUnsafe(text, ...values) };
}

/**
 * Runs `work` in one transaction on one pooled connection: committed when it returns,
 * rolled back when it throws. Inside it, use only the `Sql` it is given (another connection
 * would wait for this one's locks, and on the embedded database for its whole transaction).
 */
export async function sqlTransaction<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
  const client = await db().pool.connect();
  let broken: Error | undefined;
  try {
    await client.query("BEGIN");
    const result = await work({ rows: async (text, values) => (await client.query(text, values as unknown[])).rows });
    await client.query("COMMIT");
    return result;
  } catch (error) {
    // A connection that cannot even roll back is not given to anyone else.
    await client.query("ROLLBACK").catch((rollbackError: Error) => (broken = rollbackError));
    throw error;
  } finally {
    client.release(broken);
  }
}
