import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { AssignSeatForm } from "@/components/seats/assign-seat-form";
import { Pagination } from "@/components/seats/pagination";
import { SeatRowActions } from "@/components/seats/seat-row-actions";
import { SeatTable } from "@/components/seats/seat-table";
import { UsageBar } from "@/components/seats/usage-bar";
import { EmptyState } from "@/components/portal/empty-state";
import { LinkPending } from "@/components/ui/link-pending";
import { cardStyles, linkStyles } from "@/components/ui/styles";
import { requirePortalViewer } from "@/lib/auth/portal";
import { ResourceNotFound } from "@/lib/errors";
import { getSeatsPage } from "@/lib/seats";
import type { ContainerKind } from "@/lib/seats/types";
import { assignSeatAction, resendInvitationAction, revokeSeatAction } from "./actions";

const Params = z.object({ id: z.uuid() });
const PageQuery = z.coerce.number().int().min(1).max(1_000_000).catch(1);

/**
 * The seats page of one subscription or order of the signed-in customer. No Suspense
 * boundary sits above it, so another customer's container is a real 404 status.
 */
export async function ContainerSeats({ org, kind, id, pageParam }: { org: string; kind: ContainerKind; id: string; pageParam?: string }) {
  const viewer = await requirePortalViewer(org);
  const parsed = Params.safeParse({ id });
  if (!parsed.success || !viewer.actor) notFound();
  const ref = { kind, id: parsed.data.id };
  let view;
  try {
    view = await getSeatsPage(viewer.actor, ref, PageQuery.parse(pageParam ?? 1));
  } catch (error) {
    // Another customer's container is not found, exactly like one that does not exist.
    if (error instanceof ResourceNotFound) notFound();
    throw error;
  }
  const base = `/${encodeURIComponent(org)}/portal`;
  const path = `${base}/${kind === "subscription" ? "subscriptions" : "orders"}/${ref.id}`;
  const resend = resendInvitationAction.bind(null, org);
  const revoke = revokeSeatAction.bind(null, org);
  const now = new Date();
  const { counts } = view;

  return (
    <div className="space-y-6">
      <div>
        <Link href={base} className={`${linkStyles} text-sm`}>
          ← Your subscriptions
          <LinkPending />
        </Link>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight">{view.container.productName}</h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          {kind === "subscription" ? "Subscription" : "One-time order"} ·{" "}
          <span data-testid="seat-availability">
            {counts.free} of {counts.total} seats available
          </span>
        </p>
      </div>

      <section className={`${cardStyles} space-y-5 p-5`} aria-labelledby="usage-title">
        <h2 id="usage-title" className="sr-only">
          Seat usage
        </h2>
        <UsageBar counts={counts} />
        <div className="border-t border-zinc-100 pt-5 dark:border-zinc-800">
          <h2 className="mb-3 text-sm font-semibold">Invite someone</h2>
          <AssignSeatForm
            action={assignSeatAction.bind(null, org, ref)}
            disabled={
              !view.container.takesAssignments
                ? kind === "subscription"
                  ? `This subscription is ${view.container.status.replace(/_/g, " ")}, so it takes no new seats.`
                  : "This order is not paid, so its seats cannot be given out yet."
                : counts.free === 0
                  ? "Every seat is taken. Revoke a seat to free one."
                  : null
            }
          />
        </div>
      </section>

      <section className={cardStyles} aria-labelledby="seats-title">
        <div className="flex items-baseline justify-between px-4 pt-4">
          <h2 id="seats-title" className="text-sm font-semibold">
            Seats
          </h2>
          {counts.expired > 0 ? (
            <p className="text-xs text-orange-700 dark:text-orange-300">
              {counts.expired} invitation{counts.expired === 1 ? " has" : "s have"} expired: resend to send a new link.
            </p>
          ) : null}
        </div>
        {view.seats.length === 0 ? (
          <div className="p-4">
            <EmptyState title="No one has a seat yet">Invite a teammate above: they get an email with a link to claim their seat.</EmptyState>
          </div>
        ) : (
          <SeatTable
            seats={view.seats}
            now={now}
            actions={(seat) => (
              // Rendered for revoked rows too, so the result of the revoke stays on screen.
              <SeatRowActions
                seatId={seat.id}
                email={seat.email ?? ""}
                canResend={seat.status === "pending"}
                canRevoke={seat.status !== "revoked"}
                resendAction={resend}
                revokeAction={revoke}
              />
            )}
          />
        )}
        <Pagination page={view.page} pageCount={view.pageCount} href={(page) => `${path}?page=${page}`} />
      </section>
    </div>
  );
}
