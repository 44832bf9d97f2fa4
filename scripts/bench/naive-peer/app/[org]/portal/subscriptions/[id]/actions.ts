"use server";

import { randomBytes } from "node:crypto";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { prisma } from "../../../../../db";
import { sha256 } from "../../../../../naive/auth";
import { portalCustomer } from "../../../../../naive/viewer";

const SeatForm = z.object({ org: z.string(), seat_id: z.uuid() });

export async function resendSeatAction(formData: FormData) {
  const form = SeatForm.parse(Object.fromEntries(formData));
  const customer = await portalCustomer(form.org);
  // A new link replaces the old one (the peer sends no email: it has no mailer).
  const token = randomBytes(32).toString("base64url");
  await prisma.customerSeat.updateMany({
    where: { id: form.seat_id, status: "pending", subscription: { customerId: customer.id } },
    data: { invitationTokenHash: sha256(token), invitationTokenExpiresAt: new Date(Date.now() + 7 * 24 * 3600_000), modifiedAt: new Date() },
  });
  revalidatePath(`/${form.org}/portal`, "layout");
}

export async function revokeSeatAction(formData: FormData) {
  const form = SeatForm.parse(Object.fromEntries(formData));
  const customer = await portalCustomer(form.org);
  const now = new Date();
  await prisma.customerSeat.updateMany({
    where: { id: form.seat_id, status: { not: "revoked" }, subscription: { customerId: customer.id } },
    data: { status: "revoked", revokedAt: now, modifiedAt: now, customerId: null, email: null, memberId: null },
  });
  revalidatePath(`/${form.org}/portal`, "layout");
}
