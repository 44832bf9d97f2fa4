import { notFound } from "@/lib/api/fallbacks";

// Any other /v1 path answers as FastAPI does, in JSON, so an SDK never parses an HTML page.
export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
