import { DomainError, RequestValidationFailure, TooManyRequests, Unauthorized } from "@/lib/errors";
import type { ValidationItem } from "./validation-error";

/** A body already written as JSON text (a hot list serialized without JSON.stringify). */
export class JsonText {
  constructor(readonly text: string) {}
}

export function json(body: unknown, status: number, headers: Record<string, string> = {}): Response {
  return new Response(body instanceof JsonText ? body.text : JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

export const noContent = (headers: Record<string, string> = {}) => new Response(null, { status: 204, headers });

/** FastAPI's request-validation 422, under Polar's error name. */
export function validationError(items: ValidationItem[], headers: Record<string, string> = {}) {
  return json({ error: "RequestValidationError", detail: items }, 422, headers);
}

/** Polar's `{error, detail}` for an expected failure, with the headers its status calls for. */
export function domainError(error: DomainError, headers: Record<string, string> = {}) {
  if (error instanceof RequestValidationFailure) {
    return json(
      { error: error.code, detail: [{ type: "value_error", loc: error.loc, msg: error.message, input: error.input }] },
      422,
      headers,
    );
  }
  const extra: Record<string, string> = { ...headers };
  if (error instanceof Unauthorized) extra["www-authenticate"] = 'Bearer realm="seat-portal"';
  if (error instanceof TooManyRequests) extra["retry-after"] = String(error.retryAfterSeconds);
  return json({ error: error.code, detail: error.message }, error.status, extra);
}

export const notFoundRoute = (headers: Record<string, string> = {}) => json({ detail: "Not Found" }, 404, headers);
