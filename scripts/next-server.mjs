// The production server: Next.js behind a plain node:http server of ours, for what
// `next start` does not do:
// - a request id on every request (x-request-id, kept when a proxy sent a sane one), shared
//   with the app's log lines through an AsyncLocalStorage, and one JSON log line per request
//   (method, route with tokens masked, status, duration);
// - a graceful stop on SIGTERM/SIGINT (or when the supervisor that started it goes away): no
//   new connections, every request already sent is answered, the outbox and webhook senders
//   finish the rows they hold, the pool closes, then the process exits;
// - refusals Next.js would answer with a bare 500 (or an empty 400): a path that is not valid
//   percent-encoding, a method no route handler can take (501 here), and a server action
//   posted from another origin (403 here);
// - a body nobody should send before they are known: larger than the largest form on a
//   page path (413) or on Auth.js's endpoint, or of unknown length there (411), refused
//   before any of it is read;
// - closing a connection whose request was answered before its body arrived (a 413);
// - the client's address, in X-Forwarded-For, as the app reads it (lib/client-address.ts).
//   Started by scripts/lib/run-server.ts (npm start).
import http from "node:http";
import { randomUUID } from "node:crypto";
import { AsyncLocalStorage } from "node:async_hooks";
import path from "node:path";
import next from "next";
import pino from "pino";
import { acceptQueueLength } from "./lib/accept-queue.mjs";
import { SERVER_ACTION_BODY_LIMIT } from "../lib/form-limits.mjs";

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "0.0.0.0";
const dir = path.resolve(import.meta.dirname, "..");
const GRACE_MS = Number(process.env.SHUTDOWN_GRACE_SECONDS ?? 25) * 1000;
// Checked by scripts/lib/run-server.ts (lib/env.ts): a whole number from 0 to 10.
const TRUSTED_PROXY_HOPS = Number(process.env.TRUSTED_PROXY_HOPS ?? 0);

const requestContext = new AsyncLocalStorage();
globalThis[Symbol.for("seat-portal.request-context")] = requestContext;

// Logs through pino: one JSON object a line, errors on stderr and the rest on stdout, each
// request's lines from a child logger that carries its request_id (the app's own lines,
// lib/log.ts, take that child from the request's context). Asynchronous destinations: lines
// leave in batches, not one system call each (under load a write per request was a system
// call per request); what is still buffered is written out at exit.
const out = pino.destination({ dest: 1, sync: false });
const err = pino.destination({ dest: 2, sync: false });
const logger = pino(
  { base: undefined, timestamp: pino.stdTimeFunctions.isoTime, formatters: { level: (label) => ({ level: label }) } },
  pino.multistream([{ level: "info", stream: out }, { level: "error", stream: err }], { dedupe: true }),
);
globalThis[Symbol.for("seat-portal.logger")] = logger;
// A closed stdout (the terminal went away) must not turn every log line into an error loop.
out.on("error", () => {});
err.on("error", () => {});
process.on("exit", () => {
  for (const destination of [out, err]) {
    try {
      destination.flushSync();
    } catch {
      // Nowhere left to write to.
    }
  }
});

// What a response writes within one turn of the event loop leaves in one write to the
// socket. Next.js sends the headers on their own (flushHeaders), then each chunk of the
// body, then the end of a chunked body, each a system call of its own when they come in
// different microtasks: a JSON answer took three writes, a streamed page one per chunk.
// Corked until the turn ends, they go out together; a page still streams, what it renders
// in a later turn (a suspended part) leaves in that turn.
class CoalescingResponse extends http.ServerResponse {
  #held = false;

  #holdUntilTurnEnds() {
    const socket = this.socket;
    if (this.#held || !socket) return;
    this.#held = true;
    socket.cork();
    setImmediate(() => {
      this.#held = false;
      socket.uncork();
    });
  }

  flushHeaders() {
    this.#holdUntilTurnEnds();
    super.flushHeaders();
  }

  write(...args) {
    this.#holdUntilTurnEnds();
    return super.write(...args);
  }

  end(...args) {
    this.#holdUntilTurnEnds();
    return super.end(...args);
  }
}

// Tokens travel in some paths and queries (claim links, sign-in links, vendor links): a
// log line keeps the path with those segments masked, and never the query.
function routeOf(url) {
  const pathname = (url ?? "/").split("?")[0];
  return pathname.replace(/(\/customer-seats\/claim\/)[^/]+/, "$1:token");
}

const SANE_ID = /^[A-Za-z0-9._-]{8,64}$/;

function validPath(url) {
  try {
    decodeURIComponent((url ?? "/").split("?")[0]);
    return true;
  } catch {
    return false;
  }
}

// The methods Next.js routes. Any other fails before a route of ours runs: TRACE, TRACK and
// CONNECT with a 500 (a web Request cannot carry them), the rest with an empty 400.
const ROUTED_METHODS = new Set(["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"]);

// Next.js refuses a server action whose Origin is not this host, but with a 500; the same
// check (Origin's host against the forwarded host or Host) answers 403 before it. A page
// takes a POST only as a server action: from a script (a Next-Action header) or from a
// form without JavaScript (the action named in the body), so every POST outside the API
// (/v1, and /api where Auth.js checks its own CSRF token) counts as one. `Origin: null` is
// refused too: our pages send `Referrer-Policy: same-origin` (next.config.mjs), so a form
// of ours, with or without JavaScript, posts its real Origin; null comes from an opaque
// context (a sandboxed frame, a data: URL, another site's page under no-referrer, a
// redirect across origins), which is exactly where a forged post comes from.
function foreignServerAction(req) {
  if (req.method !== "POST") return false;
  const pathname = (req.url ?? "/").split("?")[0];
  if (!req.headers["next-action"] && (pathname.startsWith("/v1/") || pathname.startsWith("/api/"))) return false;
  const origin = req.headers.origin;
  if (!origin) return false;
  const host = String(req.headers["x-forwarded-host"] ?? req.headers.host ?? "").split(",")[0].trim();
  try {
    return origin === "null" || new URL(origin).host !== host;
  } catch {
    return true;
  }
}

// Auth.js's forms (sign in, sign out) are a few hundred bytes; its route checks the same.
const AUTH_BODY_LIMIT = 64 * 1024;

// What a request may send before anyone knows who sent it. A page path takes a body only as
// a server action, whose caller is known once the action runs; Next.js reads the whole body
// before that (and copies it for the proxy), so the cap is the largest form's
// (lib/form-limits.mjs). Browsers and Next.js's client declare the length of a form post:
// a body of unknown length is refused rather than counted as it arrives. The API (/v1, and
// /api other than Auth.js) caps and reads its own bodies after it knows the caller
// (lib/api/read-body.ts).
function bodyLimitOf(req) {
  const pathname = (req.url ?? "/").split("?")[0];
  if (pathname.startsWith("/api/auth/")) return AUTH_BODY_LIMIT;
  if (pathname.startsWith("/v1/") || pathname === "/v1" || pathname.startsWith("/api/")) return null;
  return SERVER_ACTION_BODY_LIMIT;
}

function bodyRefusal(req) {
  const limit = bodyLimitOf(req);
  if (limit === null) return null;
  const declared = req.headers["content-length"];
  if (declared === undefined) {
    return req.headers["transfer-encoding"] === undefined ? null : { status: 411, body: { error: "LengthRequired", detail: "A form post declares its length." } };
  }
  // Node has checked that it is a number.
  return Number(declared) > limit ? { status: 413, body: { error: "PayloadTooLarge", detail: `The request body is larger than ${limit} bytes.` } } : null;
}

// The address the client connected from, as the nearest trusted proxy saw it: each of the
// TRUSTED_PROXY_HOPS proxies in front appended the address it saw to X-Forwarded-For, so
// the client is that many entries from the end (counting the socket's address as the
// last); what a client wrote further left is not believed. It replaces the header, so the
// app reads one address it can trust.
function clientAddressOf(req) {
  const socketAddress = req.socket.remoteAddress ?? "";
  if (TRUSTED_PROXY_HOPS === 0) return socketAddress;
  const header = req.headers["x-forwarded-for"];
  const forwarded = (Array.isArray(header) ? header.join(",") : (header ?? "")).split(",").map((entry) => entry.trim());
  const chain = [...forwarded.filter(Boolean), socketAddress];
  return chain[Math.max(0, chain.length - 1 - TRUSTED_PROXY_HOPS)];
}

// After an answer sent while its request's body is still arriving (the API's 413 on a
// chunked upload): the route reads and throws away up to a budget of the rest after the
// answer (lib/api/read-body.ts), so a body a little over the cap ends and the kept-alive
// connection serves the next request. A body still unfinished a moment later is not waited
// for: Node would keep the connection until its request timeout (5 minutes). Not at once,
// either: a client still sending would fail on its next write before it read the answer.
const UNREAD_BODY_LINGER_MS = 2_000;

function closeAfterUnreadBody(req, socket) {
  const timer = setTimeout(() => {
    if (!req.complete) socket.destroy();
  }, UNREAD_BODY_LINGER_MS);
  timer.unref();
  req.once("end", () => clearTimeout(timer));
}

function refuse(res, status, body) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

const app = next({ dev: false, dir, hostname: "localhost", port });
const handle = app.getRequestHandler();
await app.prepare();

let active = 0;
let stopping = false;
let lastRequestAt = 0;
// After the last answer, how long a kept-alive connection may still deliver a request the
// client had already sent before it is closed.
const QUIET_MS = 500;

const server = http.createServer({ ServerResponse: CoalescingResponse }, (req, res) => {
  const incoming = req.headers["x-request-id"];
  const requestId = typeof incoming === "string" && SANE_ID.test(incoming) ? incoming : randomUUID();
  const started = process.hrtime.bigint();
  const requestLog = logger.child({ request_id: requestId });
  active++;
  // Kept: a route that cancels a body it will not read detaches the request from its socket.
  const socket = req.socket;
  res.setHeader("x-request-id", requestId);
  if (stopping) res.setHeader("connection", "close");
  res.on("close", () => {
    active--;
    if (res.writableFinished && !req.complete) closeAfterUnreadBody(req, socket);
    requestLog[res.statusCode >= 500 ? "error" : "info"]({
      method: req.method,
      route: routeOf(req.url),
      status: res.statusCode,
      duration_ms: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
    }, "request");
  });
  lastRequestAt = Date.now();
  if (!validPath(req.url)) return refuse(res, 404, { detail: "Not Found" });
  if (!ROUTED_METHODS.has(req.method)) return refuse(res, 501, { detail: "Not Implemented" });
  if (foreignServerAction(req)) return refuse(res, 403, { error: "NotPermitted", detail: "This form was posted from another site." });
  const tooLarge = bodyRefusal(req);
  if (tooLarge) {
    // The body is not read: the connection closes after the answer instead of draining it.
    res.setHeader("connection", "close");
    return refuse(res, tooLarge.status, tooLarge.body);
  }
  req.headers["x-forwarded-for"] = clientAddressOf(req);
  requestContext.run({ requestId, logger: requestLog }, () => {
    handle(req, res).catch((error) => {
      requestLog.error({ error: String(error?.stack ?? error) }, "unhandled error");
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: "InternalServerError", detail: "Something went wrong on our side. Try again." }));
    });
  });
});
server.keepAliveTimeout = 65_000;
let accepted = 0;
server.on("connection", () => void accepted++);
server.listen(port, host, () => logger.info({ port, pid: process.pid }, "listening"));

// Connections the kernel completed before the signal (clients that sent their request while
// this process was busy) are accepted before the listener closes: closing first would reset
// them. Those that arrive after the signal are not waited for.
async function acceptWhatIsQueued() {
  const queued = acceptQueueLength(port);
  if (queued === null) return new Promise((resolve) => setTimeout(resolve, 25));
  const target = accepted + queued;
  const deadline = Date.now() + 5_000;
  while (accepted < target && acceptQueueLength(port) > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function stop(signal) {
  if (stopping) return;
  stopping = true;
  await acceptWhatIsQueued();
  // No new connections; open ones still deliver what their clients sent (each answer says
  // `Connection: close`), and are closed once nothing has come for a moment.
  server.close();
  logger.info({ signal, in_flight: active }, "stopping");
  const deadline = Date.now() + GRACE_MS;
  while ((active > 0 || Date.now() - lastRequestAt < QUIET_MS) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  if (active > 0) logger.warn({ in_flight: active }, "grace period over with requests in flight");
  server.closeIdleConnections();
  const shutdown = globalThis[Symbol.for("seat-portal.shutdown")];
  try {
    if (typeof shutdown === "function") await shutdown();
  } catch (error) {
    logger.error({ error: String(error) }, "shutdown step failed");
  }
  server.closeAllConnections();
  logger.info({ signal }, "stopped");
  process.exit(0);
}

process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));
// The supervisor (npm start) talks to us over IPC: if it is gone, nobody will stop us, so stop.
process.on("disconnect", () => void stop("supervisor gone"));
// A closed stdout (the terminal went away) must not turn every log line into an error loop.
process.stdout.on("error", () => {});
process.stderr.on("error", () => {});
