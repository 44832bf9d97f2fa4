// npm test: the whole suite, in the order that fails fastest: lint, types, unit, the seat
// service on PostgreSQL and on PGlite, a production build, the API through Polar's SDKs,
// reliability and security, operations, and the browser journeys.
// `npm test -- api e2e` runs only the named steps.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import net from "node:net";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const bin = (name) => path.join(root, "node_modules/.bin", name);

// Steps with the same `together` run at the same time, their output shown as each ends. They
// wait on their servers and databases more than they compute, and each has its own (database,
// server, ports). Measured on 2 cores: the service on PostgreSQL and on PGlite took 86 s and
// 96 s side by side against 84.5 s and 94.5 s one after the other; the API directly and
// through PgBouncer 150 s and 151 s against 114.5 s and 114.6 s (2026-12-08). Reliability
// beside operations (237 s and 182 s against 149.1 s and 151.6 s) was tried and taken back:
// both start many servers on ports found free, and in one run the embedded database of
// operations lost its port to the other suite between finding it and listening on it.
const steps = [
  { id: "lint", title: "ESLint", cmd: [bin("eslint"), "--max-warnings", "0", "."], together: "static" },
  { id: "types", title: "TypeScript (tsc --noEmit)", cmd: [bin("tsc"), "--noEmit"], together: "static" },
  { id: "unit", title: "unit tests", cmd: [bin("vitest"), "run", "--project", "unit"] },
  { id: "db", title: "seat service on PostgreSQL", cmd: [bin("vitest"), "run", "--project", "db"], env: { TEST_DB: "postgres" }, together: "service" },
  { id: "pglite", title: "seat service on the embedded PGlite", cmd: [bin("vitest"), "run", "--project", "db"], env: { TEST_DB: "pglite" }, together: "service" },
  { id: "build", title: "production build (next build)", cmd: [bin("next"), "build"] },
  { id: "api", title: "API through Polar's SDKs 0.49.0 and 1.x", cmd: [bin("vitest"), "run", "--project", "api"], together: "api" },
  // The same suite with PgBouncer in transaction mode between the server and PostgreSQL, as a
  // pooled Neon or Supabase URL does on Vercel: nothing may lean on a session's state.
  { id: "pgbouncer", title: "API through PgBouncer in transaction mode", cmd: [bin("vitest"), "run", "--project", "api"], env: { API_DATABASE: "pgbouncer" }, together: "api" },
  { id: "reliability", title: "reliability and security (races, authorization, fuzzing, secrets, limits)", cmd: [bin("vitest"), "run", "--project", "reliability"] },
  { id: "ops", title: "operations (configuration, health, logs, graceful stop, two instances)", cmd: [bin("vitest"), "run", "--project", "ops"] },
  { id: "e2e", title: "browser journeys (Playwright, Chromium)", cmd: [bin("playwright"), "test"], when: () => existsSync(path.join(root, "playwright.config.ts")) },
];

const wanted = process.argv.slice(2);
const selected = steps.filter((s) => (wanted.length === 0 || wanted.includes(s.id)) && (!s.when || s.when()));

function postgresReachable(url) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 5432) });
    socket.setTimeout(2000);
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => (socket.destroy(), resolve(false)));
  });
}

const postgresUrl = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
if (selected.some((s) => ["db", "api", "pgbouncer", "reliability", "ops", "e2e"].includes(s.id)) && !(await postgresReachable(postgresUrl))) {
  console.error(`npm test: PostgreSQL does not answer at ${postgresUrl}.`);
  console.error("Start it (on Debian: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start),");
  console.error("or point TEST_POSTGRES_URL at a local server the tests may create databases on.");
  process.exit(1);
}

/** Runs a step; `quiet` keeps its output until it ends (for steps that run side by side). */
function runStep(step, quiet) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(step.cmd[0], step.cmd.slice(1), {
      cwd: root,
      stdio: quiet ? ["ignore", "pipe", "pipe"] : "inherit",
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...(quiet ? { FORCE_COLOR: "1" } : {}), ...step.env },
    });
    const output = [];
    child.stdout?.on("data", (chunk) => output.push(chunk));
    child.stderr?.on("data", (chunk) => output.push(chunk));
    child.on("error", (error) => output.push(Buffer.from(`${error.message}\n`)));
    child.on("close", (code) => resolve({ step, ok: code === 0, seconds: ((Date.now() - t0) / 1000).toFixed(1), output: Buffer.concat(output) }));
  });
}

// The selected steps in order, those run together as one group.
const groups = [];
for (const step of selected) {
  const last = groups.at(-1);
  if (step.together && last?.[0].together === step.together) last.push(step);
  else groups.push([step]);
}

const results = [];
const started = Date.now();
let index = 0;
for (const group of groups) {
  const together = group.length > 1;
  for (const step of group) console.log(`\n━━ [${++index}/${selected.length}] ${step.title}${together ? " (side by side with the next: its output when it ends)" : ""}`);
  const done = await Promise.all(group.map((step) => runStep(step, together)));
  for (const result of done) {
    if (together) {
      console.log(`\n━━ ${result.step.title}:`);
      process.stdout.write(result.output);
    }
    results.push(result);
    console.log(`━━ ${result.ok ? "✔" : "✘"} ${result.step.title} (${result.seconds} s)`);
  }
  if (done.some((result) => !result.ok)) break;
}

console.log("\nSummary");
for (const { step, ok, seconds } of results) console.log(`  ${ok ? "✔" : "✘"} ${step.title.padEnd(48)} ${seconds.padStart(6)} s`);
const failed = results.some((r) => !r.ok);
console.log(`${failed ? "FAILED" : "All passed"} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exit(failed ? 1 : 0);
