// The production server: Next.js behind a plain node:http server of ours, for what
// `next start` does not do:
// - a request id on every request (x-request-id, kept when a proxy sent a sane one), shared
//   with the app's log lines through an AsyncLocalStorage, and one JSON log line per request
//   (method, route with tokens masked, status, duration);
// - a graceful stop on SIGTERM/SIGINT: no new requests, in-flight ones finish, the outbox
//   and webhook senders finish the rows they hold, the pool closes, then the process exits.
//   Started by scripts/lib/run-server.ts (npm start).
import http from "node:http";
import { randomUUID } from "node:crypto";
import { AsyncLocalStorage } from "node:async_hooks";
import path from "node:path";
import next from "next";

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "0.0.0.0";
const dir = path.resolve(import.meta.dirname, "..");
const GRACE_MS = Number(process.env.SHUTDOWN_GRACE_SECONDS ?? 25) * 1000;

const requestContext = new AsyncLocalStorage();
globalThis[Symbol.for("seat-portal.request-context")] = requestContext;

function logLine(level, msg, fields = {}) {
  const line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields });
  (level === "error" ? process.stderr : process.stdout).write(line + "\n");
}

// Tokens travel in some paths and queries (claim links, sign-in links, vendor links): a
// log line keeps the path with those segments masked, and never the query.
function routeOf(url) {
  const pathname = (url ?? "/").split("?")[0];
  return pathname.replace(/(\/customer-seats\/claim\/)[^/]+/, "$1:token");
}

const SANE_ID = /^[A-Za-z0-9._-]{8,64}$/;

const app = next({ dev: false, dir, hostname: "localhost", port });
const handle = app.getRequestHandler();
await app.prepare();

let active = 0;
let stopping = false;

const server = http.createServer((req, res) => {
  const incoming = req.headers["x-request-id"];
  const requestId = typeof incoming === "string" && SANE_ID.test(incoming) ? incoming : randomUUID();
  const started = process.hrtime.bigint();
  active++;
  res.setHeader("x-request-id", requestId);
  if (stopping) res.setHeader("connection", "close");
  res.on("close", () => {
    active--;
    logLine(res.statusCode >= 500 ? "error" : "info", "request", {
      request_id: requestId,
      method: req.method,
      route: routeOf(req.url),
      status: res.statusCode,
      duration_ms: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
    });
  });
  requestContext.run({ requestId }, () => {
    handle(req, res).catch((error) => {
      logLine("error", "unhandled error", { request_id: requestId, error: String(error?.stack ?? error) });
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: "InternalServerError", detail: "Something went wrong on our side. Try again." }));
    });
  });
});
server.keepAliveTimeout = 65_000;
server.listen(port, host, () => logLine("info", "listening", { port, pid: process.pid }));

async function stop(signal) {
  if (stopping) return;
  stopping = true;
  logLine("info", "stopping", { signal, in_flight: active });
  server.close();
  server.closeIdleConnections();
  const deadline = Date.now() + GRACE_MS;
  while (active > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
  if (active > 0) logLine("warn", "grace period over with requests in flight", { in_flight: active });
  const shutdown = globalThis[Symbol.for("seat-portal.shutdown")];
  try {
    if (typeof shutdown === "function") await shutdown();
  } catch (error) {
    logLine("error", "shutdown step failed", { error: String(error) });
  }
  server.closeAllConnections();
  logLine("info", "stopped", { signal });
  process.exit(0);
}

process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));
