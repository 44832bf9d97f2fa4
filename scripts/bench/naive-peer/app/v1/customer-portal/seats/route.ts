// The naive peer's seats list and assign: what the Next.js and Prisma docs teach on a first pass.
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { Prisma } from "@/lib/generated/prisma/client";
import { prisma } from "../../../../db";
import { customerFromRequest, error, sha256, unauthorized } from "../../../../naive/auth";
import { LIVE, seatSelect, toCustomerSeat } from "../../../../naive/wire";

const ListQuery = z.object({ subscription_id: z.uuid() });

export async function GET(request: Request) {
  const customer = await customerFromRequest(request);
  if (!customer) return unauthorized();
  const query = ListQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) return Response.json({ detail: query.error.issues }, { status: 422 });
  const subscriptionId = query.data.subscription_id;

  const subscription = await prisma.subscription.findFirst({
    where: { id: subscriptionId, customerId: customer.id },
    select: { seats: true, organization: { select: { seatBasedPricingEnabled: true } } },
  });
  if (!subscription) return error(404, "ResourceNotFound", "Subscription or order not found.");
  if (!subscription.organization.seatBasedPricingEnabled) return error(403, "FeatureNotEnabled", "Seat-based pricing is not enabled.");

  const [seats, live] = await Promise.all([
    prisma.customerSeat.findMany({ where: { subscriptionId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: seatSelect }),
    prisma.customerSeat.count({ where: { subscriptionId, status: { in: LIVE } } }),
  ]);
  const total = subscription.seats ?? 0;
  return Response.json({ seats: seats.map(toCustomerSeat), available_seats: Math.max(0, total - live), total_seats: total });
}

const AssignBody = z.object({ subscription_id: z.uuid(), email: z.email().max(254) });
const INVITATION_TTL_MS = 7 * 24 * 3600_000;

export async function POST(request: Request) {
  const customer = await customerFromRequest(request);
  if (!customer) return unauthorized();
  const body = AssignBody.safeParse(await request.json().catch(() => null));
  if (!body.success) return Response.json({ detail: body.error.issues }, { status: 422 });
  const { subscription_id: subscriptionId, email } = body.data;
  const token = randomBytes(32).toString("base64url");

  try {
    return await prisma.$transaction(async (tx) => {
      // Locks the subscription so that two assigns cannot both take its last free seat.
      const [container] = await tx.$queryRaw<{ seats: number | null; status: string; organization_id: string }[]>`
        SELECT seats, status, organization_id FROM subscriptions
         WHERE id = ${subscriptionId}::uuid AND customer_id = ${customer.id}::uuid FOR UPDATE`;
      if (!container) return error(404, "ResourceNotFound", "Subscription or order not found.");
      if (container.status !== "active" && container.status !== "trialing") return error(400, "SeatNotAvailable", "The subscription is not active.");

      const emailKey = email.toLowerCase();
      const holder =
        (await tx.customer.findFirst({ where: { organizationId: container.organization_id, emailKey, deletedAt: null }, select: { id: true } })) ??
        (await tx.customer.create({ data: { organizationId: container.organization_id, email, emailKey }, select: { id: true } }));
      // The person joins the team of the customer who pays for the seat (the caller).
      const member =
        (await tx.member.findFirst({ where: { customerId: customer.id, emailKey, deletedAt: null }, select: { id: true } })) ??
        (await tx.member.create({ data: { customerId: customer.id, email, emailKey, role: "member" }, select: { id: true } }));
      const live = await tx.customerSeat.count({ where: { subscriptionId, status: { in: LIVE } } });
      if (live >= (container.seats ?? 0)) return error(400, "SeatNotAvailable", "No seat is free.");

      const now = new Date();
      const seat = await tx.customerSeat.create({
        data: {
          subscriptionId,
          customerId: holder.id,
          memberId: member.id,
          email,
          status: "pending",
          invitationTokenHash: sha256(token),
          invitationTokenExpiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
          assignedAt: now,
          createdAt: now,
          seatMetadata: {},
        },
        select: seatSelect,
      });
      return Response.json(toCustomerSeat(seat));
    });
  } catch (e) {
    // The unique index on a subscription's live holders.
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") return error(400, "SeatAlreadyAssigned", "This person already has a seat.");
    throw e;
  }
}
