// Structured logs through pino: one JSON object a line in production, readable text in
// development. Every line written while a request is handled carries its request id: the
// production server (scripts/next-server.mjs) keeps each request's child logger in a shared
// AsyncLocalStorage, and its root logger on globalThis, so the app's lines and the server's
// leave through one logger in order.
import type { AsyncLocalStorage } from "node:async_hooks";
import pino, { type Logger } from "pino";

type RequestContext = { requestId: string; logger?: Logger };
type Level = "info" | "warn" | "error";

const CONTEXT_KEY = Symbol.for("seat-portal.request-context");
const LOGGER_KEY = Symbol.for("seat-portal.logger");

function context(): RequestContext | undefined {
  const storage = (globalThis as Record<symbol, AsyncLocalStorage<RequestContext> | undefined>)[CONTEXT_KEY];
  return storage?.getStore();
}

export function currentRequestId(): string | undefined {
  return context()?.requestId;
}

// Development reads a log in a terminal: "warn: msg {fields} [request id]", as before pino.
function readableLine(line: string) {
  const { level, msg, time: _time, request_id: requestId, ...fields } = JSON.parse(line) as Record<string, unknown>;
  const rest = Object.keys(fields).length ? ` ${JSON.stringify(fields)}` : "";
  return `${level === "info" ? "" : `${String(level)}: `}${String(msg)}${rest}${requestId ? ` [${String(requestId)}]` : ""}\n`;
}

// Where there is no production server (development, tests, serverless hosts): a logger of
// this module's own, writing each line at once (a serverless function may be frozen right
// after its answer).
function ownLogger(): Logger {
  const production = process.env.NODE_ENV === "production";
  const stream = (target: NodeJS.WriteStream) => ({ write: (line: string) => void target.write(production ? line : readableLine(line)) });
  return pino(
    { base: undefined, timestamp: pino.stdTimeFunctions.isoTime, formatters: { level: (label) => ({ level: label }) } },
    pino.multistream([{ level: "info", stream: stream(process.stdout) }, { level: "error", stream: stream(process.stderr) }], { dedupe: true }),
  );
}

function rootLogger(): Logger {
  const holder = globalThis as Record<symbol, Logger | undefined>;
  holder[LOGGER_KEY] ??= ownLogger();
  return holder[LOGGER_KEY];
}

export function log(level: Level, msg: string, fields: Record<string, unknown> = {}) {
  const current = context();
  const logger = current?.logger ?? (current ? rootLogger().child({ request_id: current.requestId }) : rootLogger());
  logger[level](fields, msg);
}
