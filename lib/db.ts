import "server-only";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient, type Prisma } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";

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
  const current = holder.seatPortalDb;
  holder.seatPortalDb = undefined;
  if (!current) return;
  await current.prisma.$disconnect();
  await current.pool.end().catch(() => {});
}

/** What a query runs on: the client, or the transaction it is part of. */
export type Tx = Prisma.TransactionClient;
