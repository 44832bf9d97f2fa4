import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import { json, noContent } from "./responses";

// Idempotency-Key on writes: the first answer to a key is kept for 24 hours and given again,
// with `Idempotent-Replayed: true`, to any retry with the same key and the same request, so a
// retried assign or revoke does its work once. Keys belong to the caller that sent them.

const TTL_HOURS = 24;
const WAIT_MS = 30_000;
const KEY = /^[\x21-\x7e]{1,255}$/;

type StoredAnswer = { state: string; request_hash: string; response_status: number | null; response_body: string | null };

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
  const { pool } = db();
  const inserted = await pool.query(
    `INSERT INTO idempotency_keys (id, owner, key, request_hash, expires_at)
     VALUES ($1, $2, $3, $4, now() + make_interval(hours => $5))
     ON CONFLICT (owner, key) DO NOTHING
     RETURNING id`,
    [randomUUID(), owner, key, fingerprint, TTL_HOURS],
  );
  if (inserted.rowCount === 1) {
    const id = inserted.rows[0].id as string;
    let response: Response;
    try {
      response = await work();
    } catch (error) {
      await pool.query(`DELETE FROM idempotency_keys WHERE id = $1`, [id]);
      throw error;
    }
    // A failure of ours, or a rate limit, is not the answer to the request: let a retry run.
    if (response.status >= 500 || response.status === 429) {
      await pool.query(`DELETE FROM idempotency_keys WHERE id = $1`, [id]);
      return response;
    }
    await pool.query(`UPDATE idempotency_keys SET state = 'done', response_status = $2, response_body = $3 WHERE id = $1`, [id, response.status, await response.clone().text()]);
    return response;
  }

  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const { rows } = await pool.query<StoredAnswer>(
      `SELECT state, request_hash, response_status, response_body FROM idempotency_keys WHERE owner = $1 AND key = $2 AND expires_at > now()`,
      [owner, key],
    );
    const stored = rows[0];
    if (!stored) {
      // It expired, or the first attempt failed and let go of it: this request goes ahead.
      await pool.query(`DELETE FROM idempotency_keys WHERE owner = $1 AND key = $2 AND expires_at <= now()`, [owner, key]);
      return idempotent(owner, key, fingerprint, headers, work);
    }
    if (stored.request_hash !== fingerprint) return mismatch(headers);
    if (stored.state === "done") {
      const replayHeaders: Record<string, string> = { ...headers, "idempotent-replayed": "true" };
      if (stored.response_status === 204) return noContent(replayHeaders);
      return new Response(stored.response_body, { status: stored.response_status!, headers: { "content-type": "application/json", ...replayHeaders } });
    }
    if (Date.now() > deadline) {
      return json({ error: "IdempotencyKeyInProgress", detail: "A request with this Idempotency-Key is still running. Retry later." }, 409, headers);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Forgets the answers older than a day (run by the background worker). */
export async function forgetExpiredIdempotencyKeys() {
  await db().pool.query(`DELETE FROM idempotency_keys WHERE expires_at < now()`);
}
