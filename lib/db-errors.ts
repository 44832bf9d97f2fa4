/**
 * The unique index a write ran into, or null. Prisma reports it as P2002 (or P2010 for
 * raw SQL) with the driver's cause, where PostgreSQL's 23505 names the index.
 */
export function violatedUniqueIndex(error: unknown): string | null {
  const meta = (error as { meta?: { driverAdapterError?: { cause?: { kind?: string; originalCode?: string; constraint?: { index?: string } } } } })?.meta;
  const cause = meta?.driverAdapterError?.cause;
  if (!cause || (cause.kind !== "UniqueConstraintViolation" && cause.originalCode !== "23505")) return null;
  return cause.constraint?.index ?? "";
}
