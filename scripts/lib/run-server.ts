// The database first (DATABASE_URL, or the embedded PGlite sidecar, created on first
// use), its migrations, then Next.js. Signals reach Next first; the sidecar stops after
// Next has let go of it.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { applyMigrations } from "./migrations";
import { PROJECT_ROOT, resolveDatabase } from "./embedded-db";
import { ensureLocalAuthSecret } from "./local-env";

export type RunServerOptions = {
  mode: "dev" | "start";
  port: string;
  extraArgs?: string[];
  log: (line: string) => void;
  /** Runs once the database is migrated, before Next starts. */
  beforeStart?: (databaseUrl: string) => Promise<void>;
  /** Runs once Next answers HTTP. */
  onReady?: (url: string) => void;
};

async function waitForHttp(url: string, isAlive: () => boolean) {
  for (let i = 0; i < 600 && isAlive(); i++) {
    try {
      await fetch(url, { signal: AbortSignal.timeout(5000) });
      return true;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  return false;
}

export async function runServer(options: RunServerOptions) {
  const { log } = options;
  const embedded = !process.env.DATABASE_URL;
  if (embedded) ensureLocalAuthSecret(log);
  const database = await resolveDatabase(log);
  try {
    if (process.env.MIGRATE_ON_START !== "false") {
      const applied = await applyMigrations(database.url, { log });
      if (applied.length) log(`applied ${applied.length} migration(s)`);
    }
    await options.beforeStart?.(database.url);
  } catch (error) {
    log(`could not prepare the database: ${(error as Error).message}`);
    await database.stop();
    process.exit(1);
  }

  const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
  const child = spawn(process.execPath, [nextBin, options.mode, "--port", options.port, ...(options.extraArgs ?? [])], {
    cwd: PROJECT_ROOT,
    stdio: "inherit",
    env: {
      ...process.env,
      DATABASE_URL: database.url,
      EMBEDDED_DATABASE: embedded ? "true" : "false",
      // Links in emails must reach this server: default to where it listens.
      PUBLIC_URL: process.env.PUBLIC_URL ?? `http://localhost:${options.port}`,
      NEXT_TELEMETRY_DISABLED: "1",
    },
  });
  log(`${embedded ? "embedded database" : "PostgreSQL"} ready; starting Next.js (${options.mode}) on port ${options.port}`);

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
    const url = `http://localhost:${options.port}`;
    if (await waitForHttp(`${url}/api/health`, () => child.exitCode === null)) options.onReady(url);
  }
}
