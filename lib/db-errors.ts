/**
 * The unique index a write ran into, or null. PostgreSQL's 23505 names the index: `pg`
 * reports it as `constraint`; Prisma as P2002 (or P2010 for raw SQL) with the driver's cause.
 */
export function violatedUniqueIndex(error: unknown): string | null {
  const direct = error as { code?: unknown; constraint?: unknown } | null;
  if (direct?.code === "23505") return typeof direct.constraint === "string" ? direct.constraint : "";
  const meta = (error as { meta?: { driverAdapterError?: { cause?: { kind?: string; originalCode?: string; constraint?: { index?: string } } } } })?.meta;
  const cause = meta?.driverAdapterError?.cause;
  if (!cause || (cause.kind !== "UniqueConstraintViolation" && cause.originalCode !== "23505")) return null;
  return cause.constraint?.index ?? "";
}
