import "server-only";
import { waitUntil } from "@vercel/functions";
import type { NextApiRequest, NextApiResponse } from "next";
import { pendingBackgroundWork } from "@/lib/background";
import { methodNotAllowed, notFound } from "./fallbacks";
import type { ApiRequest, ApiResponse } from "./http";
import type { ApiHandler } from "./route";

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
const METHODS: readonly Method[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/** What every API route module exports as `config`: we read (and cap) bodies ourselves, and a 10,000-seat list is over Next's 4 MB warning. */
export type ApiRouteConfig = { api: { bodyParser: false; responseLimit: false } };

// The /v1 API is served by Pages Router API routes (pages/api/v1/…, reached through the
// rewrites in next.config.mjs): Node's request and response, no web streams. Measured on
// this app, an App Router route handler cost about 0.7 ms more CPU per request before any
// work of ours, which at the seat list's size is a third of its whole cost
// (docs/performance.md).

function header(request: NextApiRequest, name: string): string | null {
  const value = request.headers[name];
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(", ") : value;
}

function toApiRequest(request: NextApiRequest): ApiRequest {
  const url = request.url ?? "/";
  const at = url.indexOf("?");
  const method = request.method ?? "GET";
  return {
    method,
    pathname: at === -1 ? url : url.slice(0, at),
    search: new URLSearchParams(at === -1 ? "" : url.slice(at + 1)),
    header: (name) => header(request, name),
    params: request.query,
    body: method === "GET" || method === "HEAD" ? null : request.iterator({ destroyOnReturn: false }),
  };
}

function send(response: NextApiResponse, answer: ApiResponse, withBody: boolean) {
  response.statusCode = answer.status;
  for (const [name, value] of Object.entries(answer.headers)) response.setHeader(name, value);
  if (answer.body !== null && withBody) response.end(answer.body);
  else response.end();
}

const UNREAD_BODY_BUDGET = 1024 * 1024;
const UNREAD_BODY_LINGER_MS = 2_000;

/**
 * After a 413 on a body still arriving (chunked, no length): Node throws an unread body away
 * only when nobody began reading it, so without this the connection would wait for the rest
 * until Node's request timeout (5 minutes). The rest is read and thrown away up to a budget
 * (a body a little over the cap ends and the kept-alive connection serves the next request);
 * past it, reading stops and the connection is closed a moment after the answer, not at
 * once: a client still sending would fail on its next write before it read the 413.
 */
function releaseUnreadBody(request: NextApiRequest) {
  const socket = request.socket;
  let discarded = 0;
  const close = setTimeout(() => socket.destroy(), UNREAD_BODY_LINGER_MS);
  close.unref();
  request.on("data", (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > UNREAD_BODY_BUDGET) request.pause();
  });
  request.once("end", () => clearTimeout(close));
  request.resume();
}

/**
 * One API path: its methods' handlers, as the default export of a Pages Router API route.
 * HEAD is GET without the body and OPTIONS names the methods (as App Router routes did);
 * any other method is FastAPI's 405.
 */
export function apiEndpoint(handlers: Partial<Record<Method, ApiHandler>>) {
  const served = METHODS.filter((method) => handlers[method]);
  const allow = served.join(", ");
  const options = { status: 204, headers: { allow: [...served, ...(handlers.GET ? ["HEAD"] : []), "OPTIONS"].join(", ") }, body: null };
  return async function endpoint(request: NextApiRequest, response: NextApiResponse) {
    const apiRequest = toApiRequest(request);
    const withBody = apiRequest.method !== "HEAD";
    // The API's address is /v1 (rewritten here); pages/api/v1 itself is not a second one.
    if (!apiRequest.pathname.startsWith("/v1")) {
      send(response, notFound(apiRequest), withBody);
      return;
    }
    if (apiRequest.method === "OPTIONS") {
      send(response, options, false);
      return;
    }
    const method = withBody ? (apiRequest.method as Method) : "GET";
    const handler = handlers[method];
    const answer = handler ? await handler(apiRequest) : served.length ? methodNotAllowed(apiRequest, allow) : notFound(apiRequest);
    send(response, answer, withBody);
    if (answer.status === 413 && !request.complete) releaseUnreadBody(request);
    // Emails and webhooks queued by a write are sent right after it: a serverless host is
    // asked to keep the function alive until they are (a long-running server keeps going anyway).
    if (method !== "GET") waitUntil(pendingBackgroundWork());
  };
}

/** Every path that is no route, and every method on it: FastAPI's JSON 404. */
export const unknownPath = apiEndpoint({});
