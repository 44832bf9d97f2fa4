import { notFound } from "next/navigation";
import { z } from "zod";
import { prisma } from "../../../../../db";
import { LIVE } from "../../../../../naive/wire";
import { portalCustomer } from "../../../../../naive/viewer";
import { resendSeatAction, revokeSeatAction } from "./actions";

const PAGE_SIZE = 100;
const date = (value: Date | null) => (value ? value.toISOString().slice(0, 10) : "—");

export default async function SubscriptionSeatsPage({ params }: { params: Promise<{ org: string; id: string }> }) {
  const { org, id } = await params;
  const customer = await portalCustomer(org);
  if (!z.uuid().safeParse(id).success) notFound();
  const subscription = await prisma.subscription.findFirst({
    where: { id, customerId: customer.id },
    select: { seats: true, product: { select: { name: true } } },
  });
  if (!subscription) notFound();

  const [live, seats] = await Promise.all([
    prisma.customerSeat.count({ where: { subscriptionId: id, status: { in: LIVE } } }),
    prisma.customerSeat.findMany({
      where: { subscriptionId: id },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: PAGE_SIZE,
      select: { id: true, status: true, email: true, assignedAt: true, claimedAt: true },
    }),
  ]);
  const total = subscription.seats ?? 0;

  return (
    <main>
      <h1>{subscription.product.name}</h1>
      <p>{`${Math.max(0, total - live)} of ${total} seats available`}</p>
      <table>
        <thead>
          <tr>
            <th>Person</th>
            <th>Status</th>
            <th>Invited</th>
            <th>Claimed</th>
            <th>Actions</th>
          </tr>
        </thead>
        <tbody>
          {seats.map((seat) => (
            <tr key={seat.id} data-seat-id={seat.id}>
              <td>{seat.email ?? "Free (revoked)"}</td>
              <td>{seat.status}</td>
              <td>{date(seat.assignedAt)}</td>
              <td>{date(seat.claimedAt)}</td>
              <td>
                {seat.status === "pending" ? (
                  <form action={resendSeatAction}>
                    <input type="hidden" name="org" value={org} />
                    <input type="hidden" name="seat_id" value={seat.id} />
                    <button type="submit">Resend</button>
                  </form>
                ) : null}
                {seat.status !== "revoked" ? (
                  <form action={revokeSeatAction}>
                    <input type="hidden" name="org" value={org} />
                    <input type="hidden" name="seat_id" value={seat.id} />
                    <button type="submit">Revoke</button>
                  </form>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}
