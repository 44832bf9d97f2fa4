import { json, notFoundRoute } from "./responses";
import { resolveApiVersion } from "./versions";

function versionHeaders(request: Request): Record<string, string> | null {
  const version = resolveApiVersion(request.headers.get("polar-version"));
  return version ? { "polar-version": version } : null;
}

/** An unknown /v1 path, answered as FastAPI does (and 404 for an unknown version too). */
export function notFound(request: Request) {
  return notFoundRoute(versionHeaders(request) ?? {});
}

/** A method the path does not serve: FastAPI's 405 in JSON with `Allow`. An unknown version is still a 404. */
export function methodNotAllowed(request: Request, allow: string) {
  const headers = versionHeaders(request);
  if (!headers) return notFoundRoute();
  return json({ detail: "Method Not Allowed" }, 405, { ...headers, allow });
}
