/**
 * A model filter for `text` anywhere in a column, in any case, its own % and _ taken
 * literally (Prisma's `contains` hands them to LIKE as wildcards). The text is a search box's,
 * at most an address long (lib/seats/schemas.ts SearchText).
 */
export const containing = (text: string) => ({ contains: text.replace(/[\\%_]/g, (c) => `\\${c}`), mode: "insensitive" as const });
