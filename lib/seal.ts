// Secrets the server must read back (queued emails carrying live links, webhook signing
// secrets) are sealed with a key derived from AUTH_SECRET and a purpose, so the database
// alone never holds a usable token.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";

const VERSION = "v1";

export type SealPurpose = "email-outbox" | "webhook-secret" | "form-value";

// Derived once per secret and purpose: every queued email is sealed and unsealed.
const keys = new Map<string, Buffer>();

function keyFrom(secret: string, purpose: SealPurpose) {
  const id = `${purpose}\u0000${secret}`;
  let key = keys.get(id);
  if (!key) keys.set(id, (key = Buffer.from(hkdfSync("sha256", secret, "seat-portal", purpose, 32))));
  return key;
}

export function seal(plaintext: string, secret: string, purpose: SealPurpose = "email-outbox"): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyFrom(secret, purpose), iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url")}`;
}

export function unseal(sealed: string, secret: string, purpose: SealPurpose = "email-outbox"): string {
  const [version, data] = sealed.split(".");
  if (version !== VERSION || !data) throw new Error("unknown payload format");
  const bytes = Buffer.from(data, "base64url");
  const decipher = createDecipheriv("aes-256-gcm", keyFrom(secret, purpose), bytes.subarray(0, 12));
  decipher.setAuthTag(bytes.subarray(12, 28));
  return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString("utf8");
}

/**
 * A value a page hands to the browser and takes back (a checked bulk list, posted again to
 * confirm it), signed so that what comes back is exactly what was handed out: an HMAC of the
 * value and its context (who it was for, what it was about), with a key of its own purpose.
 */
export function signValue(value: string, context: string, secret: string): string {
  return createHmac("sha256", keyFrom(secret, "form-value")).update(context).update("\u0000").update(value).digest("base64url");
}

export function hasValidSignature(value: string, context: string, signature: string, secret: string): boolean {
  const expected = Buffer.from(signValue(value, context, secret));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
