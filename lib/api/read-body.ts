import type { ValidationItem } from "./validation-error";

export const DEFAULT_BODY_LIMIT = 64 * 1024;

export type BodyResult = { ok: true; value: unknown } | { ok: false; status: 413 | 422; items: ValidationItem[] };

const tooLarge = (limit: number): BodyResult => ({
  ok: false,
  status: 413,
  items: [{ type: "too_large", loc: ["body"], msg: `The request body is larger than ${limit} bytes.`, input: null }],
});

/**
 * Reads a JSON body without ever holding more than `limit` bytes: a declared length over
 * the limit is refused before reading, a body that grows past it is cut off. A body cut off
 * is left unread, not cancelled, so the 413 goes out first; `discardUnreadBody` lets go of
 * the rest after the answer.
 */
export async function readJsonBody(request: Pick<Request, "headers" | "body">, limit = DEFAULT_BODY_LIMIT): Promise<BodyResult> {
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > limit) return tooLarge(limit);
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        reader.releaseLock();
        return tooLarge(limit);
      }
      chunks.push(value);
    }
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") {
    return { ok: false, status: 422, items: [{ type: "missing", loc: ["body"], msg: "Field required", input: null }] };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return {
      ok: false,
      status: 422,
      items: [{ type: "json_invalid", loc: ["body", 0], msg: "JSON decode error", input: {} }],
    };
  }
}

export const UNREAD_BODY_BUDGET = 1024 * 1024;

/**
 * After a 413 on a body still arriving: the rest is read and thrown away up to a budget, so
 * that a body a little over the cap ends and its kept-alive connection serves the next
 * request (Node's server reads the next request only once this one's body has ended). Past
 * the budget, reading stops for good; the production server closes such a connection a
 * moment after the answer (scripts/next-server.mjs), since a route cannot reach its socket.
 */
export async function discardUnreadBody(body: ReadableStream<Uint8Array>, budget = UNREAD_BODY_BUDGET) {
  const reader = body.getReader();
  let discarded = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      discarded += value.byteLength;
      if (discarded > budget) break;
    }
    await reader.cancel();
  } catch {
    // The client went away, or the server closed the connection meanwhile: nothing to let go of.
  }
}
