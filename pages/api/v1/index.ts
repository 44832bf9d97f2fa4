import { unknownPath, type ApiRouteConfig } from "@/lib/api/endpoint";

export default unknownPath;

export const config: ApiRouteConfig = { api: { bodyParser: false, responseLimit: false } };
