import { createHash } from "node:crypto";
import { prisma } from "../db";

export const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");

export const error = (status: number, code: string, detail: string) => Response.json({ error: code, detail }, { status });

/** The customer of a `Bearer polar_cst_…` token; tokens are stored as their SHA-256. */
export async function customerFromRequest(request: Request) {
  const token = request.headers.get("authorization")?.match(/^Bearer (polar_cst_\S+)$/)?.[1];
  if (!token) return null;
  const session = await prisma.customerSession.findUnique({
    where: { tokenHash: sha256(token) },
    select: { expiresAt: true, revokedAt: true, customer: { select: { id: true, deletedAt: true } } },
  });
  if (!session || session.revokedAt || session.expiresAt <= new Date() || session.customer.deletedAt) return null;
  return session.customer;
}

export const unauthorized = () => error(401, "Unauthorized", "The access token is invalid, expired or revoked.");
