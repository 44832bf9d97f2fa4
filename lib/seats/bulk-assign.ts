import "server-only";
import { BadRequest } from "@/lib/errors";
import { scheduleDelivery } from "@/lib/email/outbox";
import { consumeRateLimit } from "@/lib/rate-limit";
import { scheduleWebhookDelivery } from "@/lib/webhooks/deliver";
import { limitKeyOf, type SeatManager } from "./actor";
import { giveSeat, lockContainerForAssignment } from "./assign-seat";
import { containerRefOf } from "./container";
import { spendInvitationBudget } from "./invitation-budget";
import { countLiveSeats, findCustomerByEmail, findLiveSeatOfCustomer, findOrCreateCustomerByEmail, findOrCreateMember, seatTransaction } from "./queries";
import { EmailAddress, SeatMetadata, type BulkSeatAssignInput } from "./schemas";
import type { SeatRow } from "./types";

export type BulkOutcome = "assigned" | "already_assigned" | "invalid" | "duplicate" | "no_capacity";

export type BulkRowResult = { email: string; outcome: BulkOutcome; seat: SeatRow | null; detail: string | null };

export type BulkResult = { results: BulkRowResult[]; assigned: number; dryRun: boolean };

type BulkRun = BulkResult & { webhooks: number };

// Thrown to roll a dry run back once it has found out what would happen.
class DryRunRollback extends Error {
  constructor(readonly result: BulkRun) {
    super("dry run");
  }
}

/** The detail of a row a dry run would assign (its `seat` is null). */
const DRY_RUN_ASSIGNED = "Would be assigned: this was a dry run, nothing was changed.";

const asText = (value: unknown) => (typeof value === "string" ? value : value == null ? "" : JSON.stringify(value));

/**
 * Invites many people at once. Every row is judged in order — invalid, duplicate in the
 * list, already holding a seat, over capacity, or assigned — with capacity counted once
 * under the container's lock, so a batch can never exceed the seats. A dry run does all of
 * it and rolls back, so its answer is exactly what confirming would do (unless the seats
 * change in between).
 */
export async function bulkAssignSeats(actor: SeatManager, input: BulkSeatAssignInput): Promise<BulkResult> {
  if (input.subscription_id != null && input.order_id != null) throw new BadRequest("Give either subscription_id or order_id, not both.");
  const ref = containerRefOf(input);
  const dryRun = input.dry_run === true;
  await consumeRateLimit("bulk", limitKeyOf(actor));
  let outcome: BulkRun;
  try {
    outcome = await seatTransaction(
      async (tx) => {
        const container = await lockContainerForAssignment(tx, actor, ref);
        let free = container.seats - (await countLiveSeats(tx, ref));
        const seen = new Set<string>();
        const results: BulkRowResult[] = [];
        let webhooks = 0;
        const now = new Date();
        for (const row of input.seats) {
          const email = EmailAddress.safeParse(row.email);
          if (!email.success) {
            results.push({ email: asText(row.email), outcome: "invalid", seat: null, detail: email.error.issues[0]!.message });
            continue;
          }
          const metadata = row.metadata == null ? { success: true as const, data: undefined } : SeatMetadata.safeParse(row.metadata);
          if (!metadata.success) {
            results.push({ email: email.data, outcome: "invalid", seat: null, detail: `Metadata: ${metadata.error.issues[0]!.message}` });
            continue;
          }
          const key = email.data.toLowerCase();
          if (seen.has(key)) {
            results.push({ email: email.data, outcome: "duplicate", seat: null, detail: "This address is already higher in the list." });
            continue;
          }
          seen.add(key);
          // Looked up, not created: a row that gets no seat must leave no customer behind
          // (rows over capacity once filled the vendor's customer list and took addresses
          // the vendor's own POST /v1/customers would then be refused).
          const known = await findCustomerByEmail(tx, container.organizationId, email.data);
          if (known && (await findLiveSeatOfCustomer(tx, ref, known.id))) {
            results.push({ email: email.data, outcome: "already_assigned", seat: null, detail: "This person already holds a seat here." });
            continue;
          }
          if (free <= 0) {
            results.push({ email: email.data, outcome: "no_capacity", seat: null, detail: "No seat is left for this row." });
            continue;
          }
          const customer = known ?? (await findOrCreateCustomerByEmail(tx, container.organizationId, email.data));
          const member = await findOrCreateMember(tx, container.billingCustomerId, customer.email, now);
          const given = await giveSeat(tx, actor, container, { ...customer, member }, { metadata: metadata.data, now });
          free--;
          webhooks += given.webhooks;
          // A dry run's seat is rolled back with everything else: its id would name a seat
          // that never exists (and a reused row's would look like a real assignment).
          results.push(
            dryRun
              ? { email: email.data, outcome: "assigned", seat: null, detail: DRY_RUN_ASSIGNED }
              : { email: email.data, outcome: "assigned", seat: given.row, detail: null },
          );
        }
        const result: BulkRun = { results, assigned: results.filter((r) => r.outcome === "assigned").length, dryRun, webhooks };
        // Every assigned row mails an invitation. Spent in a dry run too, which rolls it back:
        // its answer is then a 429 exactly when confirming would be one.
        await spendInvitationBudget(tx, actor, container.billingCustomerId, result.assigned);
        if (dryRun) throw new DryRunRollback(result);
        return result;
      },
      // A full list (1,000 rows, each a few statements under the container's lock) outlasts the
      // client's 20 s default on a loaded machine; other assigns of the container wait meanwhile.
      { timeout: 120_000 },
    );
  } catch (error) {
    if (error instanceof DryRunRollback) return { results: error.result.results, assigned: error.result.assigned, dryRun };
    throw error;
  }
  if (outcome.assigned) void scheduleDelivery();
  if (outcome.webhooks) void scheduleWebhookDelivery();
  return { results: outcome.results, assigned: outcome.assigned, dryRun };
}
