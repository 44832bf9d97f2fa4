import { unknownPath, type ApiRouteConfig } from "@/lib/api/endpoint";

// Any other /v1 path answers as FastAPI does, in JSON, so an SDK never parses an HTML page.
export default unknownPath;

export const config: ApiRouteConfig = { api: { bodyParser: false, responseLimit: false } };
