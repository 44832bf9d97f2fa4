import type { ApiRequest } from "./http";
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
 * the limit is refused before reading, a body that grows past it is cut off. The body
 * should be an iterator that does not destroy its stream when it is left early (Node's
 * `readable.iterator({ destroyOnReturn: false })`): the API door answers 413 on it, then
 * lets go of the rest (lib/api/endpoint.ts).
 */
export async function readJsonBody(request: Pick<ApiRequest, "header" | "body">, limit = DEFAULT_BODY_LIMIT): Promise<BodyResult> {
  const declared = Number(request.header("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > limit) return tooLarge(limit);
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body[Symbol.asyncIterator]();
    for (;;) {
      const { done, value } = await reader.next();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        // Stop reading without destroying the body: the 413 still has to reach the client.
        await reader.return?.();
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
