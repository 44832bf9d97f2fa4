import { z } from "zod";
import { prisma } from "../../../../../db";
import { customerFromRequest, error, unauthorized } from "../../../../../naive/auth";
import { seatSelect, toCustomerSeat } from "../../../../../naive/wire";

export async function DELETE(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const customer = await customerFromRequest(request);
  if (!customer) return unauthorized();
  const id = z.uuid().safeParse((await params).id);
  if (!id.success) return Response.json({ detail: id.error.issues }, { status: 422 });

  const seat = await prisma.customerSeat.findFirst({ where: { id: id.data, subscription: { customerId: customer.id } }, select: { id: true } });
  if (!seat) return error(404, "ResourceNotFound", "Seat not found.");
  const now = new Date();
  const revoked = await prisma.customerSeat.update({
    where: { id: seat.id },
    data: { status: "revoked", revokedAt: now, modifiedAt: now, customerId: null, email: null, memberId: null },
    select: seatSelect,
  });
  return Response.json(toCustomerSeat(revoked));
}
