import "server-only";
import { createHash } from "node:crypto";
import { db } from "@/lib/db";
import { violatedUniqueIndex } from "@/lib/db-errors";
import { json, noContent } from "./responses";

// Idempotency-Key on writes: the first answer to a key is kept for 24 hours and given again,
// with `Idempotent-Replayed: true`, to any retry with the same key and the same request, so a
// retried assign or revoke does its work once. Keys belong to the caller that sent them.
// The background worker forgets expired answers (lib/idempotency-keys.ts).

const TTL_HOURS = 24;
const WAIT_MS = 30_000;
const KEY = /^[\x21-\x7e]{1,255}$/;

const mismatch = (headers: Record<string, string>) =>
  json(
    {
      error: "PolarRequestValidationError",
      detail: [{ type: "value_error", loc: ["header", "idempotency-key"], msg: "This Idempotency-Key was already used with another request.", input: null }],
    },
    422,
    headers,
  );

export function invalidIdempotencyKey(value: string | null) {
  return value !== null && !KEY.test(value);
}

export function requestFingerprint(method: string, pathname: string, body: unknown) {
  return createHash("sha256")
    .update(`${method} ${pathname}\n${body === undefined ? "" : JSON.stringify(body)}`)
    .digest("hex");
}

/**
 * Runs `work` once per (owner, key). A concurrent retry waits for the first to finish and
 * then gets its answer; an answer of 5xx or 429 (or a crash) is not kept, so the request can
 * be retried for real.
 */
export async function idempotent(
  owner: string,
  key: string,
  fingerprint: string,
  headers: Record<string, string>,
  work: () => Promise<Response>,
): Promise<Response> {
  const { prisma } = db();
  // A concurrent retry with the same key meets the first at the unique index and waits below.
  const inserted = await prisma.idempotencyKey
    .create({ data: { owner, key, requestHash: fingerprint, expiresAt: new Date(Date.now() + TTL_HOURS * 3600_000) }, select: { id: true } })
    .catch((error: unknown) => {
      if (violatedUniqueIndex(error) === null) throw error;
      return null;
    });
  if (inserted) {
    const { id } = inserted;
    let response: Response;
    try {
      response = await work();
    } catch (error) {
      await prisma.idempotencyKey.deleteMany({ where: { id } });
      throw error;
    }
    // A failure of ours, or a rate limit, is not the answer to the request: let a retry run.
    if (response.status >= 500 || response.status === 429) {
      await prisma.idempotencyKey.deleteMany({ where: { id } });
      return response;
    }
    await prisma.idempotencyKey.updateMany({ where: { id }, data: { state: "done", responseStatus: response.status, responseBody: await response.clone().text() } });
    return response;
  }

  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const stored = await prisma.idempotencyKey.findFirst({
      where: { owner, key, expiresAt: { gt: new Date() } },
      select: { state: true, requestHash: true, responseStatus: true, responseBody: true },
    });
    if (!stored) {
      // It expired, or the first attempt failed and let go of it: this request goes ahead.
      await prisma.idempotencyKey.deleteMany({ where: { owner, key, expiresAt: { lte: new Date() } } });
      return idempotent(owner, key, fingerprint, headers, work);
    }
    if (stored.requestHash !== fingerprint) return mismatch(headers);
    if (stored.state === "done") {
      const replayHeaders: Record<string, string> = { ...headers, "idempotent-replayed": "true" };
      if (stored.responseStatus === 204) return noContent(replayHeaders);
      return new Response(stored.responseBody, { status: stored.responseStatus!, headers: { "content-type": "application/json", ...replayHeaders } });
    }
    if (Date.now() > deadline) {
      return json({ error: "IdempotencyKeyInProgress", detail: "A request with this Idempotency-Key is still running. Retry later." }, 409, headers);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
