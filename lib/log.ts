// Structured logs: one JSON object a line in production, readable text in development.
// Every line written while a request is handled carries its request id (set by the
// production server, scripts/next-server.mjs, through a shared AsyncLocalStorage).
import type { AsyncLocalStorage } from "node:async_hooks";

type RequestContext = { requestId: string };
type Level = "info" | "warn" | "error";

const CONTEXT_KEY = Symbol.for("seat-portal.request-context");
// The production server's line buffers (one write per turn of the event loop); elsewhere
// (development, tests, serverless) each line is written at once.
const LINES_KEY = Symbol.for("seat-portal.log-lines");

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
  const buffered = (globalThis as Record<symbol, ((level: Level, line: string) => void) | undefined>)[LINES_KEY];
  if (buffered) buffered(level, line + "\n");
  else (level === "error" ? process.stderr : process.stdout).write(line + "\n");
}
