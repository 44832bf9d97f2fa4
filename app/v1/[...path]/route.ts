import { notFoundRoute } from "@/lib/api/responses";
import { resolveApiVersion } from "@/lib/api/versions";

// Any other /v1 path answers as FastAPI does, in JSON, so an SDK never parses an HTML page.
function notFound(request: Request) {
  const version = resolveApiVersion(request.headers.get("polar-version"));
  return notFoundRoute(version ? { "polar-version": version } : {});
}

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
