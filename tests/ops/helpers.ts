// What the ops files share: raw HTTP that reports socket errors instead of throwing, an
// in-process mail sink (optionally slow, and telling the sending instance apart by its
// MAIL_FROM), the environment of a production server, and small waiting and counting aids.
// Not a test file.
import { spawn, type ChildProcessByStdio } from "node:child_process";
import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { Readable } from "node:stream";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { startAppServer, type AppServer } from "../fixtures/app-server";
import type { CapturedEmail } from "../fixtures/mail-capture";

export const OPS_SECRET = "ops-test-secret-0123456789abcdef0123456789abcdef";
export const PUBLIC_URL = "http://portal.test";
export const FULL_SCALE = process.env.OPS_SCALE === "full";
const ROOT = path.resolve(import.meta.dirname, "../..");

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The environment of one production server on `databaseUrl`, mailing through `smtpUrl`. */
export function serverEnv(databaseUrl: string, smtpUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    SMTP_URL: smtpUrl,
    AUTH_SECRET: OPS_SECRET,
    PUBLIC_URL,
    OUTBOX_POLL_SECONDS: "1",
    DATABASE_POOL_SIZE: "10",
    WEBHOOK_ALLOW_PRIVATE_URLS: "true",
    WEBHOOK_RETRY_BASE_SECONDS: "1",
    RATE_LIMIT_ASSIGN_PER_MINUTE: "100000",
    RATE_LIMIT_RESEND_PER_CUSTOMER_PER_HOUR: "100000",
    RATE_LIMIT_INVITATIONS_PER_CUSTOMER_PER_HOUR: "100000",
    ...extra,
  };
}

export { startAppServer, type AppServer };

/** The pid of the process that serves HTTP (scripts/next-server.mjs), from its "listening" line. */
export function nextServerPid(server: AppServer): number {
  for (const line of server.logs().split("\n")) {
    if (!line.startsWith("{")) continue;
    const entry = JSON.parse(line) as { msg?: string; pid?: number };
    if (entry.msg === "listening" && typeof entry.pid === "number") return entry.pid;
  }
  throw new Error(`no "listening" line in the server's log:\n${server.logs()}`);
}

export function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The parent of a process (Linux: /proc/<pid>/stat), or null when it is gone. */
export function parentOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return null;
  }
}

/**
 * The three processes of one `npm start`: what the test spawned (tsx's CLI), its child
 * running scripts/serve.ts (the supervisor, which starts the database and forwards signals
 * to Next), and scripts/next-server.mjs (which serves HTTP).
 */
export function processesOf(server: AppServer) {
  const next = nextServerPid(server);
  return { tsx: server.process.pid!, supervisor: parentOf(next)!, next };
}

/**
 * Stops a server the way a process manager stops `npm start`'s supervisor: SIGTERM to
 * scripts/serve.ts, which forwards it to Next and then stops the database. (A signal to
 * tsx's CLI goes through tsx's own relay: see shutdown.test.ts.) Anything of the server
 * still running after `timeoutMs` is killed, so that no test leaves a server behind.
 */
export async function stopServer(server: AppServer, timeoutMs = 60_000): Promise<{ code: number | null; leftovers: number[] }> {
  const pids: number[] = [server.process.pid!];
  let supervisor: number | null = null;
  try {
    const next = nextServerPid(server);
    supervisor = parentOf(next);
    pids.push(next);
  } catch {
    // Next never started: only tsx's CLI and the supervisor may be running.
  }
  if (supervisor !== null && supervisor !== 1 && isAlive(supervisor)) {
    pids.push(supervisor);
    process.kill(supervisor, "SIGTERM");
  } else if (server.process.exitCode === null) {
    server.process.kill("SIGTERM");
  } else if (pids.length > 1 && isAlive(pids[1]!)) {
    // Next outlived its supervisor (see shutdown.test.ts): tell it directly.
    process.kill(pids[1]!, "SIGTERM");
  }
  const code = await Promise.race([exitOf(server), sleep(timeoutMs).then(() => "timeout" as const)]);
  const deadline = code === "timeout" ? 0 : Date.now() + 10_000;
  while (pids.some(isAlive) && Date.now() < deadline) await sleep(100);
  const leftovers = pids.filter(isAlive);
  for (const pid of leftovers) process.kill(pid, "SIGKILL");
  return { code: code === "timeout" ? null : code, leftovers };
}

/** Resolves with the exit code once the process has exited (at once when it already has). */
export function exitOf(server: AppServer): Promise<number | null> {
  const child = server.process;
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 30_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

// ---------------------------------------------------------------------------------------
// HTTP

export type Reply = {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** The socket error (ECONNREFUSED, ECONNRESET, …) when no response came; status is then 0. */
  error: string | null;
  /** When the request was fully written to the socket (null when it never was). */
  sentAt: number | null;
  doneAt: number;
};

export type RequestSpec = {
  method?: "GET" | "POST" | "DELETE" | "PATCH";
  path: string;
  token?: string;
  body?: unknown;
  /** Sent as application/x-www-form-urlencoded instead of `body` (Auth.js's forms). */
  form?: Record<string, string>;
  headers?: Record<string, string>;
  timeoutMs?: number;
  /** Called once the request is fully written to the socket, with the socket's local port. */
  onSent?: (localPort: number) => void;
};

/** One request on a connection of its own; never throws (a socket error is a Reply with status 0). */
export function request(baseUrl: string, spec: RequestSpec): Promise<Reply> {
  return new Promise((resolve) => {
    const body = spec.form ? new URLSearchParams(spec.form).toString() : spec.body === undefined ? undefined : JSON.stringify(spec.body);
    const headers: Record<string, string> = { ...spec.headers };
    if (spec.token) headers.authorization = `Bearer ${spec.token}`;
    if (body !== undefined) {
      headers["content-type"] ??= spec.form ? "application/x-www-form-urlencoded" : "application/json";
      headers["content-length"] = String(Buffer.byteLength(body));
    }
    let sentAt: number | null = null;
    let settled = false;
    const finish = (reply: Omit<Reply, "sentAt" | "doneAt">) => {
      if (settled) return;
      settled = true;
      resolve({ ...reply, sentAt, doneAt: Date.now() });
    };
    const req = http.request(new URL(spec.path, baseUrl), { method: spec.method ?? "GET", headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => finish({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString("utf8"), error: null }));
      res.on("error", (error: NodeJS.ErrnoException) => finish({ status: 0, headers: {}, text: "", error: error.code ?? error.message }));
    });
    req.on("finish", () => {
      sentAt = Date.now();
      spec.onSent?.(req.socket?.localPort ?? 0);
    });
    req.on("error", (error: NodeJS.ErrnoException) => finish({ status: 0, headers: {}, text: "", error: error.code ?? error.message }));
    req.setTimeout(spec.timeoutMs ?? 90_000, () => req.destroy(new Error("client timeout")));
    req.end(body);
  });
}

/**
 * How many of the connections from `clientPorts` to the server on `serverPort` hold request
 * bytes the server has not read yet (Linux: /proc/net/tcp, the server side's receive queue,
 * which also counts connections still waiting in the listen backlog). 0 means the server
 * has read, and so parsed, every one of those requests.
 */
export function unreadByServer(serverPort: number, clientPorts: number[]): number {
  const hex = (port: number) => port.toString(16).toUpperCase().padStart(4, "0");
  const wanted = new Set(clientPorts.map(hex));
  const serverSide = `:${hex(serverPort)}`;
  let read = 0;
  for (const line of readFileSync("/proc/net/tcp", "utf8").split("\n").slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 5 || !fields[1]!.endsWith(serverSide)) continue;
    const remotePort = fields[2]!.split(":")[1]!;
    if (!wanted.has(remotePort)) continue;
    const rxQueue = parseInt(fields[4]!.split(":")[1]!, 16);
    if (rxQueue === 0) read++;
  }
  return clientPorts.length - read;
}

export type JsonObject = { [key: string]: unknown };

export function jsonOf(reply: Reply): JsonObject {
  try {
    return JSON.parse(reply.text) as JsonObject;
  } catch {
    throw new Error(`not JSON (status ${reply.status}, ${reply.error ?? "no socket error"}): ${reply.text.slice(0, 300)}`);
  }
}

/** "200", "400 SeatNotAvailable", "0 ECONNRESET": what a reply amounts to, for tallies. */
export function outcome(reply: Reply): string {
  if (reply.status === 0) return `0 ${reply.error}`;
  if (reply.status < 300) return String(reply.status);
  let name = "";
  try {
    name = String((JSON.parse(reply.text) as JsonObject).error ?? "");
  } catch {
    name = "(not JSON)";
  }
  return `${reply.status} ${name}`.trim();
}

export function tally<T>(items: T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

/** Runs `tasks` with at most `concurrency` at once; results in task order. */
export async function inPool<T>(concurrency: number, tasks: (() => Promise<T>)[]): Promise<T[]> {
  const results = new Array<T>(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, tasks.length) }, async () => {
      while (next < tasks.length) {
        const index = next++;
        results[index] = await tasks[index]!();
      }
    }),
  );
  return results;
}

// ---------------------------------------------------------------------------------------
// Mail

export type SinkEmail = CapturedEmail;

export type MailSink = {
  smtpUrl: string;
  messages: SinkEmail[];
  to(address: string): SinkEmail[];
  /** Waits until `address` has `count` messages; returns them. */
  waitForEmails(address: string, count?: number, timeoutMs?: number): Promise<SinkEmail[]>;
  stop(): Promise<void>;
};

/**
 * An SMTP server in this process that keeps every message. `delayMs` holds each message
 * that long before accepting it, so that a sender is caught mid-delivery.
 */
export async function startMailSink(options: { delayMs?: number } = {}): Promise<MailSink> {
  const messages: SinkEmail[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then(async (mail) => {
          if (options.delayMs) await sleep(options.delayMs);
          messages.push({
            to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            subject: mail.subject ?? "",
            text: mail.text ?? "",
            html: typeof mail.html === "string" ? mail.html : "",
            date: mail.date ? mail.date.toISOString() : null,
            receivedAt: new Date().toISOString(),
            messageId: mail.messageId ?? "",
          });
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  smtp.on("error", () => {});
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  const port = (smtp.server.address() as AddressInfo).port;
  const to = (address: string) => messages.filter((m) => m.to.includes(address.toLowerCase()));
  return {
    smtpUrl: `smtp://127.0.0.1:${port}?ignoreTLS=true`,
    messages,
    to,
    waitForEmails: (address, count = 1, timeoutMs = 30_000) =>
      waitFor(`${count} email(s) to ${address}`, () => (to(address).length >= count ? to(address) : undefined), timeoutMs),
    async stop() {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
    },
  };
}

// ---------------------------------------------------------------------------------------
// Commands, run the way the README tells a newcomer to

export type CommandRun = { code: number | null; stdout: string; stderr: string; command: string; silent: boolean };

/**
 * `npm run <script> -- <args>` in the checkout, with only `variables` (plus PATH and HOME)
 * in its environment: nothing of this process's configuration leaks in. `silent` runs
 * `npm run --silent`, which leaves out npm's banner.
 */
export function runNpm(script: string, args: string[], variables: Record<string, string>, options: { silent?: boolean; timeoutMs?: number } = {}): Promise<CommandRun> {
  const silent = options.silent ?? false;
  const timeoutMs = options.timeoutMs ?? 120_000;
  const command = `npm run ${silent ? "--silent " : ""}${script}${args.length ? ` -- ${args.join(" ")}` : ""}`;
  return new Promise((resolve, reject) => {
    const npmArgs: string[] = ["run", ...(silent ? ["--silent"] : []), script, ...(args.length ? ["--", ...args] : [])];
    // Emptied rather than built: Next.js's types make NODE_ENV a required variable, and a
    // newcomer's shell has none.
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const name of Object.keys(env)) delete env[name];
    Object.assign(env, { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/tmp", NEXT_TELEMETRY_DISABLED: "1" }, variables);
    const child: ChildProcessByStdio<null, Readable, Readable> = spawn("npm", npmArgs, {
      cwd: ROOT,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${command} did not finish within ${timeoutMs} ms:\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, command, silent });
    });
  });
}

/**
 * What the script itself wrote on stdout: npm prints its own banner there first (a blank
 * line, `> name@version script`, `> the command`, a blank line) unless run with --silent;
 * it is checked and cut.
 */
export function scriptStdout(run: CommandRun, script: string): string {
  if (run.silent) return run.stdout;
  const banner = new RegExp(`^\\n> [^\\n]+@[^\\n]+ ${script.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\n> [^\\n]+\\n\\n`);
  const match = banner.exec(run.stdout);
  if (!match) throw new Error(`${run.command}: stdout does not start with npm's banner:\n${run.stdout}`);
  return run.stdout.slice(match[0].length);
}

/** The one JSON object a `--json` command printed: exactly one line, an object. */
export function onlyJsonObject(run: CommandRun, script: string): JsonObject {
  const context = `${run.command} → exit ${run.code}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`;
  if (run.code !== 0) throw new Error(`expected exit 0: ${context}`);
  const own = scriptStdout(run, script);
  const lines = own.split("\n").filter((line) => line !== "");
  if (lines.length !== 1 || !own.endsWith("\n")) throw new Error(`expected exactly one line of JSON on stdout: ${context}`);
  const value: unknown = JSON.parse(lines[0]!);
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error(`expected a JSON object: ${context}`);
  return value as JsonObject;
}
