// Structured logs: one JSON object a line in production, readable text in development.
// Every line written while a request is handled carries its request id (set by the
// production server, scripts/next-server.mjs, through a shared AsyncLocalStorage).
import type { AsyncLocalStorage } from "node:async_hooks";

type RequestContext = { requestId: string };
type Level = "info" | "warn" | "error";

const CONTEXT_KEY = Symbol.for("seat-portal.request-context");

function context(): RequestContext | undefined {
  const storage = (globalThis as Record<symbol, AsyncLocalStorage<RequestContext> | undefined>)[CONTEXT_KEY];
  return storage?.getStore();
}

export function currentRequestId(): string | undefined {
  return context()?.requestId;
}

export function log(level: Level, msg: string, fields: Record<string, unknown> = {}) {
  const requestId = currentRequestId();
  const entry = { time: new Date().toISOString(), level, msg, ...(requestId ? { request_id: requestId } : {}), ...fields };
  const line =
    process.env.NODE_ENV === "production"
      ? JSON.stringify(entry)
      : `${level === "info" ? "" : `${level}: `}${msg}${Object.keys(fields).length ? ` ${JSON.stringify(fields)}` : ""}${requestId ? ` [${requestId}]` : ""}`;
  (level === "error" ? process.stderr : process.stdout).write(line + "\n");
}
