// The framework floor: the app's statements through the same Prisma client in an App Router
// route handler, with nothing of the app around them (no zod, no API wrapper, no domain errors).
import { randomBytes } from "node:crypto";
import { prisma } from "../../../../../db";
import { customerOf, fail, seal, sha256 } from "../../../../../framework/session";
import * as sql from "../../../../../framework/sql";
import { customerSeat } from "../../../../../framework/wire";

export async function GET(request: Request) {
  const customerId = await customerOf(request);
  if (!customerId) return fail(401, "Unauthorized");
  const subscriptionId = new URL(request.url).searchParams.get("subscription_id") ?? "";
  const [row] = await prisma.$queryRaw<{ enabled: boolean; json: string }[]>(sql.listingOfSubscription(subscriptionId, customerId));
  if (!row) return fail(404, "ResourceNotFound");
  if (!row.enabled) return fail(403, "FeatureNotEnabled");
  return new Response(row.json, { headers: { "content-type": "application/json" } });
}

const INVITATION_TTL_MS = 168 * 3600_000;
const PUBLIC_URL = process.env.PUBLIC_URL ?? "http://127.0.0.1";
type Container = { organization_id: string; customer_id: string; seats: number | null; status: string; organization_slug: string; product_name: string };
type Holder = { id: string; email: string };

export async function POST(request: Request) {
  const customerId = await customerOf(request);
  if (!customerId) return fail(401, "Unauthorized");
  const { subscription_id: subscriptionId, email } = (await request.json()) as { subscription_id: string; email: string };
  const now = Date.now();
  await prisma.$queryRaw(sql.rateLimitUpsert(`framework-assign:customer:${customerId}`, 1, now + 60_000, now));

  const at = new Date();
  const seat = await prisma.$transaction(
    async (tx) => {
      const [container] = await tx.$queryRaw<Container[]>(sql.lockContainer(subscriptionId, customerId));
      if (!container) return null;
      const key = email.toLowerCase();
      const [created] = await tx.$queryRaw<Holder[]>(sql.upsertCustomer(container.organization_id, email, key));
      const holder = created ?? (await tx.$queryRaw<Holder[]>(sql.customerByEmail(container.organization_id, key)))[0]!;
      const [member] = await tx.$queryRaw<Record<string, unknown>[]>(sql.upsertMember(container.customer_id, holder.email, at));
      const [count] = await tx.$queryRaw<{ live: number; held: boolean; revoked_seat_id: string | null }[]>(sql.countLiveSeatsAndHolder(subscriptionId, holder.id));
      if (count!.held || count!.live >= (container.seats ?? 0)) return null;
      const token = randomBytes(32).toString("base64url");
      const invitation = { email: holder.email, memberId: member!.m_id as string, tokenHash: sha256(token), expiresAt: new Date(at.getTime() + INVITATION_TTL_MS), at };
      const [written] = count!.revoked_seat_id
        ? await tx.$queryRaw<Record<string, unknown>[]>(sql.reuseSeat(count!.revoked_seat_id, holder.id, invitation))
        : await tx.$queryRaw<Record<string, unknown>[]>(sql.insertSeat(subscriptionId, holder.id, invitation));
      await tx.$queryRaw(sql.insertSeatEvent(written!.id as string, subscriptionId, "assigned", email, holder.id, customerId));
      const link = `${PUBLIC_URL}/${encodeURIComponent(container.organization_slug)}/portal/claim?token=${encodeURIComponent(token)}`;
      const text = `You have been given a seat on ${container.product_name}. Claim it: ${link}`;
      await tx.$executeRaw(sql.insertOutbox("seat-invitation", email, `A seat on ${container.product_name}`, seal(JSON.stringify({ text, html: `<p>${text}</p>` }))));
      const seat = customerSeat({ ...written, ...member, customer_email: holder.email });
      await tx.$executeRaw(sql.queueWebhook("customer_seat.assigned", JSON.stringify({ type: "customer_seat.assigned", data: seat }), at, container.organization_id));
      await tx.$queryRaw(sql.rateLimitUpsert(`framework-invitationsPerCustomer:customer:${customerId}`, 1, now + 3600_000, now));
      return seat;
    },
    { maxWait: 20_000, timeout: 20_000 },
  );
  return seat ? Response.json(seat) : fail(400, "SeatNotAvailable");
}
