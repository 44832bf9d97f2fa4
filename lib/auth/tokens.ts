// Secrets are 256 random bits, handed out once and stored only as their SHA-256.
import { createHash, randomBytes } from "node:crypto";

export const CUSTOMER_SESSION_PREFIX = "polar_cst_";
export const ORGANIZATION_TOKEN_PREFIX = "polar_oat_";
export const MEMBER_SESSION_PREFIX = "polar_mst_";

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function newToken(prefix = ""): { token: string; hash: string } {
  const token = prefix + randomBytes(32).toString("base64url");
  return { token, hash: hashToken(token) };
}
