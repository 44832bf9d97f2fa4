import "server-only";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient, type Prisma } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";
import { pendingDrains } from "@/lib/drainer";

/**
 * The one way to the database: the Prisma client. Typed model calls by default;
 * `tx.$queryRaw` tagged templates only for a row lock, an ON CONFLICT, or a measured hot
 * path, each with a comment saying which. Transactions are Prisma's interactive ones.
 */
export type Database = { prisma: PrismaClient };

// The client and the pool under its driver adapter, kept on globalThis so that dev-mode
// reloads do not open a new pool each time. The pool is the adapter's alone: nothing else
// queries it.
const holder = globalThis as unknown as { seatPortalDb?: Database & { pool: pg.Pool } };

/**
 * A connection that runs its statements one after the other itself. Inside an interactive
 * transaction Prisma's adapter sends the reads of several relations at once on the
 * transaction's one connection (prisma/orm#29468, #29979, open); pg queues them, but warns
 * once per process that pg@9 will refuse it, and the warning lands in the JSON logs. Callback
 * and submittable calls (the pool's own) keep pg's path.
 */
class OneStatementAtATime extends pg.Client {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(config?: string | pg.ClientConfig) {
    super(config);
    const query = super.query.bind(this) as (...args: unknown[]) => unknown;
    (this as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const first = args[0] as { submit?: unknown } | null;
      if (typeof args.at(-1) === "function" || (typeof first === "object" && first !== null && typeof first.submit === "function")) return query(...args);
      const run = this.tail.then(() => query(...args));
      this.tail = run.catch(() => {});
      return run;
    };
  }
}

function connect() {
  const { DATABASE_URL, DATABASE_POOL_SIZE } = env();
  const pool = new pg.Pool({ connectionString: DATABASE_URL, max: DATABASE_POOL_SIZE, Client: OneStatementAtATime });
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
  return { prisma: holder.seatPortalDb.prisma };
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

/** What a query runs on: the client, or the interactive transaction it is part of. */
export type Tx = Prisma.TransactionClient;
