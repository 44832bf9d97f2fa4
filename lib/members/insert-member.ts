import "server-only";
import { toMemberRow, type MemberRole, type MemberRow } from "@/lib/rows/member";
import type { Tx } from "./queries";

/**
 * Inserts a member unless a live member already has its address, its external id, or (for
 * an owner) the team already has an owner: null then, and the caller reads what is there.
 * A failed insert would abort the caller's transaction, so the unique indexes answer here.
 */
export async function insertMemberIfAbsent(
  tx: Tx,
  data: { customerId: string; email: string; name: string | null; externalId: string | null; role: MemberRole; createdAt: Date },
): Promise<MemberRow | null> {
  // Raw for the ON CONFLICT DO NOTHING on the partial unique indexes of live members (address, external id, one owner).
  const [row] = await tx.$queryRaw<{ id: string; created_at: Date; modified_at: Date | null; customer_id: string; email: string; name: string | null; external_id: string | null; role: string }[]>`
    INSERT INTO members (id, customer_id, email, email_key, name, external_id, role, created_at)
    VALUES (gen_random_uuid(), ${data.customerId}::uuid, ${data.email}, ${data.email.toLowerCase()}, ${data.name}, ${data.externalId}, ${data.role}, ${data.createdAt}::timestamptz)
    ON CONFLICT DO NOTHING
    RETURNING id, created_at, modified_at, customer_id, email, name, external_id, role`;
  if (!row) return null;
  return toMemberRow({ id: row.id, createdAt: row.created_at, modifiedAt: row.modified_at, customerId: row.customer_id, email: row.email, name: row.name, externalId: row.external_id, role: row.role });
}
