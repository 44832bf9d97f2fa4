import { createCipheriv, createHash, hkdfSync, randomBytes } from "node:crypto";
import { prisma } from "../db";
import { sessionByTokenHash } from "./sql";

export const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");

/** The customer id of the request's bearer token (the app's session statement), or null. */
export async function customerOf(request: Request) {
  const token = request.headers.get("authorization")?.slice("Bearer ".length) ?? "";
  const [session] = await prisma.$queryRaw<{ customer_id: string }[]>(sessionByTokenHash(sha256(token)));
  return session?.customer_id ?? null;
}

export const fail = (status: number, error: string) => Response.json({ error, detail: error }, { status });

const sealKey = Buffer.from(hkdfSync("sha256", process.env.AUTH_SECRET ?? "bench", "seat-portal", "email-outbox", 32));

/** The outbox payload sealed as the app seals it (AES-256-GCM). */
export function seal(plaintext: string) {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", sealKey, iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return `v1.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url")}`;
}
