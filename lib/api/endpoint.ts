import "server-only";
import { after } from "next/server";
import { pendingBackgroundWork } from "@/lib/background";
import { methodNotAllowed, notFound } from "./fallbacks";
import type { ApiHandler, RouteHandlerContext } from "./route";

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
const METHODS: readonly Method[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

type RouteHandler = (request: Request, context: RouteHandlerContext) => Promise<Response>;

/** What a `route.ts` under app/v1 exports: a handler for every method Next.js routes. */
export type EndpointHandlers = Record<Method | "HEAD" | "OPTIONS", RouteHandler>;

const withoutBody = (response: Response) => new Response(null, { status: response.status, headers: response.headers });

/**
 * One API path: its methods' handlers, exported by its `route.ts` as
 * `export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiEndpoint({ … })`.
 * Every method gets a handler of ours, since Next.js would answer the others itself: a 405
 * with an empty body (the SDKs want FastAPI's JSON) and an OPTIONS that names all five.
 * HEAD is GET without the body; OPTIONS names the methods served; a path that serves none is
 * an unknown path, FastAPI's JSON 404 for every method.
 */
export function apiEndpoint(handlers: Partial<Record<Method, ApiHandler>>): EndpointHandlers {
  const served = METHODS.filter((method) => handlers[method]);
  const allow = served.join(", ");
  const options = [...served, ...(handlers.GET ? ["HEAD"] : []), "OPTIONS"].join(", ");
  const fallback: RouteHandler = async (request) => (served.length ? methodNotAllowed(request, allow) : notFound(request));
  const method = (name: Method): RouteHandler => {
    const handler = handlers[name];
    if (!handler) return fallback;
    if (name === "GET") return handler;
    return (request, context) => {
      // Emails and webhooks queued by a write are sent right after the answer; a serverless
      // host keeps the function alive until they are (a long-running server sends them anyway).
      after(pendingBackgroundWork);
      return handler(request, context);
    };
  };
  const GET = method("GET");
  return {
    GET,
    HEAD: async (request, context) => withoutBody(await GET(request, context)),
    POST: method("POST"),
    PUT: method("PUT"),
    PATCH: method("PATCH"),
    DELETE: method("DELETE"),
    OPTIONS: async (request) => (served.length ? new Response(null, { status: 204, headers: { allow: options } }) : notFound(request)),
  };
}

/** Every path that is no route, and every method on it: FastAPI's JSON 404. */
export const unknownPath = apiEndpoint({});
