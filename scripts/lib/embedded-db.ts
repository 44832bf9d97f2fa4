// Starts (or finds) the embedded PGlite sidecar and hands back its connection string.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { checkEmbeddedDatabaseConfiguration } from "../../lib/env";

export const PROJECT_ROOT = path.resolve(import.meta.dirname, "../..");
const SERVER_SCRIPT = path.join(PROJECT_ROOT, "scripts/embedded-db-server.mjs");

export type EmbeddedDatabase = { url: string; reused: boolean; stop(): Promise<void> };

/** EMBEDDED_DB_DIR and EMBEDDED_DB_PORT, checked (lib/env.ts); throws one line for a bad value. */
export function embeddedSettings() {
  const { EMBEDDED_DB_DIR, EMBEDDED_DB_PORT } = checkEmbeddedDatabaseConfiguration(process.env);
  return { dir: path.resolve(PROJECT_ROOT, EMBEDDED_DB_DIR), port: EMBEDDED_DB_PORT };
}

export function embeddedDataDir() {
  return embeddedSettings().dir;
}

function urlFor(port: number) {
  return `postgresql://postgres@127.0.0.1:${port}/postgres`;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

function runningOwner(dir: string): { pid: number; port: number } | null {
  const lockPath = `${dir}.lock`;
  if (!existsSync(lockPath)) return null;
  try {
    const owner = JSON.parse(readFileSync(lockPath, "utf8")) as { pid: number; port: number };
    process.kill(owner.pid, 0);
    return owner;
  } catch {
    return null;
  }
}

/**
 * The embedded database for this checkout. A sidecar already serving the data folder
 * (say, under a running `npm start`) is shared; otherwise one is started, and `stop()`
 * stops it again.
 */
export async function startEmbeddedDatabase(options: { dir?: string; port?: number; log?: (line: string) => void } = {}) {
  const dir = options.dir ?? embeddedSettings().dir;
  const port = options.port ?? embeddedSettings().port;
  const log = options.log ?? (() => {});
  const owner = runningOwner(dir);
  if (owner && (await canConnect(owner.port))) {
    return { url: urlFor(owner.port), reused: true, stop: async () => {} } satisfies EmbeddedDatabase;
  }
  log(`starting the embedded database (PGlite) in ${path.relative(process.cwd(), dir) || dir} on port ${port}`);
  const child = spawn(process.execPath, [SERVER_SCRIPT, "--dir", dir, "--port", String(port)], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error("the embedded database did not start within 60 s")), 60_000);
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(`ready ${port}`)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the embedded database exited with code ${code} before it was ready`));
    });
  });
  child.stdout!.resume();
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    url: urlFor(port),
    reused: false,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      await exited;
    },
  } satisfies EmbeddedDatabase;
}

/**
 * DATABASE_URL when it is set, else the embedded database. The command-line scripts
 * (db:migrate, db:seed, org:*) call this first, before anything else could report a bad
 * EMBEDDED_DB_DIR or EMBEDDED_DB_PORT: such a value ends the script here with its one
 * line and exit code 1, as `npm start` does, instead of a stack trace from deep inside.
 */
export async function resolveDatabase(log?: (line: string) => void): Promise<EmbeddedDatabase> {
  const url = process.env.DATABASE_URL;
  if (url) return { url, reused: true, stop: async () => {} };
  let settings: ReturnType<typeof embeddedSettings>;
  try {
    settings = embeddedSettings();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  return startEmbeddedDatabase({ ...settings, log });
}
