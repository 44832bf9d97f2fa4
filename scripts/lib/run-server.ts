// The database first (DATABASE_URL, or the embedded PGlite sidecar, created on first
// use), its migrations, then Next.js. Signals reach Next first; the sidecar stops after
// Next has let go of it.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";
import nextEnv from "@next/env";
import { checkConfiguration, checkServerConfiguration, type ServerEnv } from "../../lib/env";
import { applyMigrations } from "./migrations";
import { PROJECT_ROOT, resolveDatabase } from "./embedded-db";
import { ensureLocalAuthSecret } from "./local-env";

export type RunServerOptions = {
  mode: "dev" | "start";
  /** The command that ran this (npm run demo, …), for the advice when the port is taken. */
  command: string;
  port: string;
  extraArgs?: string[];
  log: (line: string) => void;
  /** Runs once the database is migrated, before Next starts. */
  beforeStart?: (databaseUrl: string) => Promise<void>;
  /** Runs once Next answers HTTP. */
  onReady?: (url: string) => void;
};

/** Until our own health answer comes (another program on the port may answer anything). */
async function waitForHealth(url: string, isAlive: () => boolean) {
  for (let i = 0; i < 600 && isAlive(); i++) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
      const body = (await response.json().catch(() => null)) as { status?: unknown } | null;
      if (response.ok && body?.status === "ok") return true;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

/**
 * Whether another program already listens where Next.js would: said before anything is
 * written or started (Next's own EADDRINUSE came after the demo's banner, and after its
 * tokens were made). Any other error is Next's to report.
 */
function portTaken(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", (error: NodeJS.ErrnoException) => resolve(error.code === "EADDRINUSE"));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(false)));
  });
}

/** Runs a check of lib/env.ts; a problem ends the process with its one line, no stack. */
function checked<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}

export async function runServer(options: RunServerOptions) {
  const { log } = options;
  // The .env files, read the way Next.js will read them, so the check below sees what it sees.
  nextEnv.loadEnvConfig(PROJECT_ROOT, options.mode === "dev", { info: () => {}, error: console.error });
  // The server's own variables come first, before anything is written or started: the
  // port is part of the default PUBLIC_URL, so a bad one would otherwise be reported as a
  // bad PUBLIC_URL, and scripts/next-server.mjs reads them raw.
  const server: ServerEnv = checked(() => checkServerConfiguration({ ...process.env, PORT: options.port }));
  const port = String(server.PORT);
  if (await portTaken(server.PORT, server.HOST)) {
    console.error(`port ${port} is in use: another program listens there. Stop it, or choose another port: PORT=${server.PORT === 3100 ? 3200 : 3100} ${options.command}`);
    process.exit(1);
  }
  const embedded = !process.env.DATABASE_URL;
  if (embedded) ensureLocalAuthSecret(log);
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    EMBEDDED_DATABASE: embedded ? "true" : "false",
    NEXT_TELEMETRY_DISABLED: "1",
    NODE_ENV: options.mode === "dev" ? "development" : "production",
    // Handed on as parsed, so that what next-server.mjs reads is what was checked (an empty
    // value, which means the default, would be a NaN or a blank address there).
    PORT: port,
    HOST: server.HOST,
    SHUTDOWN_GRACE_SECONDS: String(server.SHUTDOWN_GRACE_SECONDS),
    MIGRATE_ON_START: String(server.MIGRATE_ON_START),
    TRUSTED_PROXY_HOPS: String(server.TRUSTED_PROXY_HOPS),
  };
  // On one machine (the embedded database) links in emails default to where it listens; a
  // real deployment must say where it is reachable (lib/env.ts refuses to start without).
  if (embedded && !process.env.PUBLIC_URL) childEnv.PUBLIC_URL = `http://localhost:${port}`;
  // The app's configuration is checked before anything starts (the embedded database's
  // address is not known yet, so a stand-in takes its place).
  const app = checked(() => checkConfiguration({ ...childEnv, DATABASE_URL: process.env.DATABASE_URL ?? "postgresql://embedded@127.0.0.1:1/postgres" }));
  // Said once, where an operator reads the start: the per-message lines only say "not delivered".
  if (options.mode === "start" && !app.SMTP_URL) {
    log("warning: SMTP_URL is not set, so emails are not delivered: each is logged (recipient and subject, links masked) instead");
  }

  const database = await resolveDatabase(log);
  try {
    if (server.MIGRATE_ON_START) {
      // Past a transaction-mode pooler a migration's session lock would not hold: DIRECT_URL
      // names the database itself when DATABASE_URL is pooled.
      const applied = await applyMigrations(process.env.DIRECT_URL || database.url, { log });
      if (applied.length) log(`applied ${applied.length} migration(s)`);
    }
    await options.beforeStart?.(database.url);
  } catch (error) {
    log(`could not prepare the database: ${(error as Error).message}`);
    await database.stop();
    process.exit(1);
  }
  childEnv.DATABASE_URL = database.url;

  // Production runs our server around Next.js (request ids, JSON logs, graceful stop);
  // development runs Next's own, with hot reload.
  const args =
    options.mode === "dev"
      ? [createRequire(import.meta.url).resolve("next/dist/bin/next"), "dev", "--port", port, ...(options.extraArgs ?? [])]
      : [path.join(PROJECT_ROOT, "scripts/next-server.mjs")];
  // Production gets an IPC channel: when this supervisor dies, the server notices and stops.
  const stdio: ("inherit" | "ipc")[] = options.mode === "dev" ? ["inherit", "inherit", "inherit"] : ["inherit", "inherit", "inherit", "ipc"];
  const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, stdio, env: childEnv });
  log(`${embedded ? "embedded database" : "PostgreSQL"} ready; starting Next.js (${options.mode}) on port ${port}`);

  let stopping = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      stopping = true;
      child.kill(signal);
    });
  }
  child.on("exit", async (code, signal) => {
    await database.stop();
    process.exit(stopping ? 0 : (code ?? (signal ? 1 : 0)));
  });

  if (options.onReady) {
    const url = `http://localhost:${port}`;
    if (await waitForHealth(`${url}/api/health`, () => child.exitCode === null)) options.onReady(url);
  }
}
