import { unknownPath } from "@/lib/api/endpoint";

// Any other /v1 path answers as FastAPI does, in JSON, so an SDK never parses an HTML page.
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = unknownPath;

export const dynamic = "force-dynamic";
