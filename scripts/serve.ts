// npm start / npm run dev: the database first (DATABASE_URL, or the embedded PGlite
// sidecar, created on first use), its migrations, then Next.js. Signals reach Next first;
// the sidecar stops after Next has let go of it.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { applyMigrations } from "./lib/migrations";
import { PROJECT_ROOT, resolveDatabase } from "./lib/embedded-db";
import { ensureLocalAuthSecret } from "./lib/local-env";

const mode = process.argv[2] === "dev" ? "dev" : "start";
const log = (line: string) => console.error(`[seat-portal] ${line}`);
const port = process.env.PORT ?? "3000";

const embedded = !process.env.DATABASE_URL;
if (embedded) ensureLocalAuthSecret(log);
const database = await resolveDatabase(log);
try {
  if (process.env.MIGRATE_ON_START !== "false") {
    const applied = await applyMigrations(database.url, { log });
    if (applied.length) log(`applied ${applied.length} migration(s)`);
  }
} catch (error) {
  log(`could not migrate the database: ${(error as Error).message}`);
  await database.stop();
  process.exit(1);
}

const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
const child = spawn(process.execPath, [nextBin, mode, "--port", port, ...process.argv.slice(3)], {
  cwd: PROJECT_ROOT,
  stdio: "inherit",
  env: {
    ...process.env,
    DATABASE_URL: database.url,
    EMBEDDED_DATABASE: embedded ? "true" : "false",
    NEXT_TELEMETRY_DISABLED: "1",
  },
});
log(`${embedded ? "embedded database" : "PostgreSQL"} ready; starting Next.js (${mode}) on port ${port}`);

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
