import { prisma } from "../../../../../../db";
import { customerOf, fail } from "../../../../../../framework/session";
import * as sql from "../../../../../../framework/sql";
import { customerSeat } from "../../../../../../framework/wire";

type Locked = { id: string; status: string; subscription_id: string; customer_id: string | null; email: string | null; organization_id: string };

export async function DELETE(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const customerId = await customerOf(request);
  if (!customerId) return fail(401, "Unauthorized");
  const { id } = await params;
  const seat = await prisma.$transaction(
    async (tx) => {
      const [locked] = await tx.$queryRaw<Locked[]>(sql.lockSeatInScope(id, customerId));
      if (!locked) return null;
      if (locked.status === "revoked") return customerSeat((await tx.$queryRaw<Record<string, unknown>[]>(sql.seatById(locked.id)))[0]!);
      const at = new Date();
      await tx.$queryRaw(sql.markSeatRevoked(locked.id, at));
      await tx.$queryRaw(sql.insertSeatEvent(locked.id, locked.subscription_id, "revoked", locked.email, locked.customer_id, customerId));
      await tx.$executeRaw(sql.revokeSessionsOfSeat(locked.id, at));
      const revoked = customerSeat((await tx.$queryRaw<Record<string, unknown>[]>(sql.seatById(locked.id)))[0]!);
      await tx.$executeRaw(sql.queueWebhook("customer_seat.revoked", JSON.stringify({ type: "customer_seat.revoked", data: revoked }), at, locked.organization_id));
      return revoked;
    },
    { maxWait: 20_000, timeout: 20_000 },
  );
  return seat ? Response.json(seat) : fail(404, "ResourceNotFound");
}
