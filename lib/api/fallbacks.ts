import { json, notFoundRoute } from "./responses";
import { resolveApiVersion } from "./versions";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof METHODS)[number];

function versionHeaders(request: Request): Record<string, string> | null {
  const version = resolveApiVersion(request.headers.get("polar-version"));
  return version ? { "polar-version": version } : null;
}

/** An unknown /v1 path, answered as FastAPI does (and 404 for an unknown version too). */
export function notFound(request: Request) {
  return notFoundRoute(versionHeaders(request) ?? {});
}

/**
 * Handlers for the methods a route does not serve: FastAPI's 405 in JSON with `Allow`,
 * where Next.js would answer with an empty body. An unknown version is still a 404.
 */
export function otherMethods(...served: Method[]): Record<Method, (request: Request) => Response> {
  const allow = served.join(", ");
  const handler = (request: Request) => {
    const headers = versionHeaders(request);
    if (!headers) return notFoundRoute();
    return json({ detail: "Method Not Allowed" }, 405, { ...headers, allow });
  };
  return Object.fromEntries(METHODS.map((method) => [method, handler])) as Record<Method, (request: Request) => Response>;
}
