// Issue 10, item 1: `npm start` (scripts/serve.ts start) checks every variable before it
// starts anything; a missing or malformed one stops it with exit code 1 and one line on
// stderr naming the variable and what it should look like, with no stack trace. In
// production a missing AUTH_SECRET stops it, and with DATABASE_URL set (a real deployment)
// so does a missing PUBLIC_URL.
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CHECKED_VARIABLES } from "@/lib/env";
import { adminQuery, createEmptyPostgresDatabase } from "../fixtures/test-database";
import { applyMigrations, readMigrations } from "../../scripts/lib/migrations";
import { OPS_SECRET, request, serverEnv, startAppServer, stopServer, waitFor, type AppServer } from "./helpers";

const ROOT = path.resolve(import.meta.dirname, "../..");
const TSX = path.join(ROOT, "node_modules/.bin/tsx");
// Nothing listens there: the check must refuse before it ever connects.
const DATABASE_URL = "postgresql://postgres@127.0.0.1:1/ops_never_reached";
const GOOD = { DATABASE_URL, AUTH_SECRET: OPS_SECRET, PUBLIC_URL: "https://portal.example.com" };

// npm start reads the checkout's .env files the way Next.js does (production mode), so a
// developer's git-ignored .env.local (the embedded database writes AUTH_SECRET there) would
// fill in a variable a case leaves unset. Such a case runs the very same start script from a
// copy of it in a folder with no .env file.
const ENV_FILES = [".env", ".env.local", ".env.production", ".env.production.local"];
const definedLocally = (name: string) =>
  ENV_FILES.some((file) => existsSync(path.join(ROOT, file)) && new RegExp(`^\\s*${name}\\s*=\\s*\\S`, "m").test(readFileSync(path.join(ROOT, file), "utf8")));

const where = (name: string) => (definedLocally(name) ? ` (run from a copy: this checkout's .env files set ${name})` : "");

const tempDirs: string[] = [];
const servers: AppServer[] = [];
const databases: string[] = [];
afterAll(async () => {
  for (const server of servers) if (server.process.exitCode === null) await stopServer(server);
  for (const name of databases) await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});


let isolatedRoot: string | null = null;
function isolatedCopy() {
  if (isolatedRoot) return isolatedRoot;
  const dir = mkdtempSync(path.join(tmpdir(), "ops-config-"));
  for (const part of ["scripts/serve.ts", "scripts/lib", "lib/env.ts", "package.json"]) {
    cpSync(path.join(ROOT, part), path.join(dir, part), { recursive: true });
  }
  symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  isolatedRoot = dir;
  return dir;
}
afterAll(() => {
  if (isolatedRoot) rmSync(isolatedRoot, { recursive: true, force: true });
});

type Run = { code: number | null; stdout: string; stderr: string; where: "checkout" | "isolated copy" };

/** `tsx scripts/serve.ts start` with exactly `variables` (plus PATH and HOME) in its environment. */
function start(variables: Record<string, string>, options: { unset?: string[]; args?: string[] } = {}): Promise<Run> {
  const isolated = (options.unset ?? []).some(definedLocally);
  const cwd = isolated ? isolatedCopy() : ROOT;
  const args = options.args ?? ["scripts/serve.ts", "start"];
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, args, {
      cwd,
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/tmp", NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", ...variables },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${args.join(" ")} did not stop within 60 s (it should refuse at once):\n${stdout}\n${stderr}`));
    }, 60_000);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, where: isolated ? "isolated copy" : "checkout" });
    });
  });
}

function without(name: string) {
  const variables: Record<string, string> = { ...GOOD };
  delete variables[name];
  return variables;
}

/** Exit 1, nothing on stdout, one line on stderr: `configuration: NAME <problem>: expected …`, no stack. */
function expectRefusal(run: Run, name: string, problem: "is not set" | "is malformed") {
  const context = `(${run.where}) exit ${run.code}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`;
  expect(run.code, context).toBe(1);
  expect(run.stdout, context).toBe("");
  const lines = run.stderr.split("\n").filter((line) => line.trim() !== "");
  expect(lines, context).toHaveLength(1);
  expect(lines[0], context).toMatch(new RegExp(`^configuration: ${name} ${problem}: expected \\S.{5,}$`));
  expect(run.stderr, context).not.toMatch(/^\s+at /m);
  expect(run.stderr, context).not.toMatch(/Error:|ZodError|node:internal/);
  return lines[0]!;
}

describe.concurrent("a production start refuses a bad configuration with one line naming the variable", () => {
  it("a port another program listens on → one line saying so and how to choose another, before anything is started or written", async () => {
    const other = createServer();
    await new Promise<void>((resolve) => other.listen(0, "0.0.0.0", resolve));
    const port = (other.address() as AddressInfo).port;
    try {
      const run = await start({ ...GOOD, PORT: String(port) });
      const context = `exit ${run.code}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`;
      expect(run.code, context).toBe(1);
      expect(run.stdout, context).toBe("");
      expect(run.stderr.split("\n").filter((line) => line.trim() !== ""), context).toEqual([
        `port ${port} is in use: another program listens there. Stop it, or choose another port: PORT=3100 npm start`,
      ]);
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });

  it("DATABASE_URL=mysql://x → DATABASE_URL is malformed: expected a postgresql:// connection string, with an example", async () => {
    const line = expectRefusal(await start({ ...GOOD, DATABASE_URL: "mysql://x" }), "DATABASE_URL", "is malformed");
    expect(line).toBe("configuration: DATABASE_URL is malformed: expected a postgresql:// connection string, such as postgresql://user:password@host:5432/seats");
  });

  it(`production with DATABASE_URL set and no AUTH_SECRET → AUTH_SECRET is not set${where("AUTH_SECRET")}`, async () => {
    const run = await start(without("AUTH_SECRET"), { unset: ["AUTH_SECRET"] });
    const line = expectRefusal(run, "AUTH_SECRET", "is not set");
    expect(line).toBe("configuration: AUTH_SECRET is not set: expected at least 32 random characters (openssl rand -base64 32)");
  });

  it("an empty AUTH_SECRET counts as not set; a short one is malformed", async () => {
    const empty = expectRefusal(await start({ ...GOOD, AUTH_SECRET: "" }), "AUTH_SECRET", "is not set");
    expect(empty).toContain("32");
    const short = expectRefusal(await start({ ...GOOD, AUTH_SECRET: "too-short" }), "AUTH_SECRET", "is malformed");
    expect(short).toContain("32");
    expect(short).not.toContain("too-short");
  });

  it(`production with DATABASE_URL set and no PUBLIC_URL → PUBLIC_URL is not set${where("PUBLIC_URL")}`, async () => {
    const run = await start(without("PUBLIC_URL"), { unset: ["PUBLIC_URL"] });
    const line = expectRefusal(run, "PUBLIC_URL", "is not set");
    expect(line).toBe("configuration: PUBLIC_URL is not set: expected the portal's public address, such as https://portal.example.com");
  });

  it("PUBLIC_URL and SMTP_URL of the wrong scheme are malformed, with an example of the right one", async () => {
    expect(expectRefusal(await start({ ...GOOD, PUBLIC_URL: "ftp://portal.example.com" }), "PUBLIC_URL", "is malformed")).toContain("https://");
    expect(expectRefusal(await start({ ...GOOD, SMTP_URL: "http://mail.example.com" }), "SMTP_URL", "is malformed")).toContain("smtp://");
  });

  it.each([
    ["RATE_LIMIT_ASSIGN_PER_MINUTE", "abc"],
    ["DATABASE_POOL_SIZE", "0"],
    ["OUTBOX_POLL_SECONDS", "-1"],
    ["INVITATION_TTL_HOURS", "abc"],
    ["WEBHOOK_ALLOW_PRIVATE_URLS", "yes"],
  ])("%s=%s → exit 1, one line naming it, no stack trace", async (name, value) => {
    expectRefusal(await start({ ...GOOD, [name]: value }), name, "is malformed");
  });
});

describe.concurrent("the refusal says what the value should look like, in words", () => {
  // The line must be readable by the person fixing the deployment: one "expected", then a
  // description, not a validator's message glued behind it ("expected expected number,
  // received NaN", "expected Too small: …").
  it.each([
    ["RATE_LIMIT_ASSIGN_PER_MINUTE", "abc"],
    ["RATE_LIMIT_ASSIGN_PER_MINUTE", "1.5"],
    ["DATABASE_POOL_SIZE", "0"],
    ["WEBHOOK_ALLOW_PRIVATE_URLS", "yes"],
  ])("%s=%s", async (name, value) => {
    const line = expectRefusal(await start({ ...GOOD, [name]: value }), name, "is malformed");
    const description = line.slice(line.indexOf(": expected ") + ": expected ".length);
    expect(description, line).not.toMatch(/\bexpected\b|Too small|Too big|Invalid (input|option)|received/i);
  });
});

describe.concurrent("the start scripts' own variables are checked too, before anything starts", () => {
  // Read by scripts/lib/run-server.ts, scripts/next-server.mjs and scripts/lib/embedded-db.ts
  // rather than the app: PORT=abc used to end in a stack trace, MIGRATE_ON_START=yes counted
  // as true and SHUTDOWN_GRACE_SECONDS=abc became a grace of NaN.
  it.each([
    ["PORT", "abc", "a TCP port from 1 to 65535, such as 3000"],
    ["PORT", "70000", "a TCP port from 1 to 65535, such as 3000"],
    ["HOST", "not a host", "an address or host name to listen on, such as 0.0.0.0, 127.0.0.1 or ::"],
    ["SHUTDOWN_GRACE_SECONDS", "abc", "a number of seconds from 0 to 3600, such as 25"],
    ["MIGRATE_ON_START", "yes", "true or false"],
    ["EMBEDDED_DB_PORT", "abc", "a TCP port from 1 to 65535, such as 54329"],
    ["EMBEDDED_DB_DIR", " data/pglite", "a folder for the embedded database, such as data/pglite"],
  ])("%s=%s → exit 1, one line naming it: expected %s", async (name, value, expected) => {
    const line = expectRefusal(await start({ ...GOOD, [name]: value }), name, "is malformed");
    expect(line).toBe(`configuration: ${name} is malformed: expected ${expected}`);
  });

  it("npm run dev refuses the same way (MIGRATE_ON_START=yes)", async () => {
    const run = await start({ ...GOOD, MIGRATE_ON_START: "yes" }, { args: ["scripts/serve.ts", "dev"] });
    expect(expectRefusal(run, "MIGRATE_ON_START", "is malformed")).toBe("configuration: MIGRATE_ON_START is malformed: expected true or false");
  });

  it("on the embedded database, PORT=abc is reported as PORT (not as the PUBLIC_URL made from it), and no database is started", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "ops-config-embedded-"));
    tempDirs.push(root);
    const dir = path.join(root, "data");
    const variables: Record<string, string> = { AUTH_SECRET: OPS_SECRET, PORT: "abc", EMBEDDED_DB_DIR: dir, EMBEDDED_DB_PORT: "54399" };
    const line = expectRefusal(await start(variables), "PORT", "is malformed");
    expect(line).toBe("configuration: PORT is malformed: expected a TCP port from 1 to 65535, such as 3000");
    expect(existsSync(dir)).toBe(false);
    expect(existsSync(`${dir}.lock`)).toBe(false);
  });

  it("the command-line scripts refuse a bad EMBEDDED_DB_PORT or EMBEDDED_DB_DIR with the same one line (npm run db:migrate)", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "ops-config-migrate-"));
    tempDirs.push(root);
    const port = expectRefusal(await start({ EMBEDDED_DB_DIR: path.join(root, "data"), EMBEDDED_DB_PORT: "abc" }, { args: ["scripts/migrate.ts"] }), "EMBEDDED_DB_PORT", "is malformed");
    expect(port).toBe("configuration: EMBEDDED_DB_PORT is malformed: expected a TCP port from 1 to 65535, such as 54329");
    expectRefusal(await start({ EMBEDDED_DB_DIR: ` ${path.join(root, "data")}` }, { args: ["scripts/migrate.ts"] }), "EMBEDDED_DB_DIR", "is malformed");
    expect(existsSync(path.join(root, "data"))).toBe(false);
  });
});

describe("the checked values are the ones the server uses", () => {
  it("MIGRATE_ON_START=0 means false: nothing is migrated; unset (or empty) means true, with an empty SHUTDOWN_GRACE_SECONDS and HOST=127.0.0.1", async () => {
    const { name, url } = await createEmptyPostgresDatabase("seats_ops");
    databases.push(name);
    // One migration behind, so that readiness can name what is pending.
    const migrations = await readMigrations();
    const newest = migrations.at(-1)!.name;
    await applyMigrations(url, { migrations: migrations.slice(0, -1) });
    const env = serverEnv(url, "smtp://127.0.0.1:1?ignoreTLS=true");

    const untouched = await startAppServer({ ...env, MIGRATE_ON_START: "0" });
    servers.push(untouched);
    expect(untouched.logs()).not.toContain("applying");
    const stale = await request(untouched.url, { path: "/api/health/ready" });
    expect(stale.status, stale.text).toBe(503);
    expect((JSON.parse(stale.text) as { migrations: { pending: string[] } }).migrations.pending).toEqual([newest]);
    expect((await stopServer(untouched)).code, untouched.logs()).toBe(0);

    const migrated = await startAppServer({ ...env, MIGRATE_ON_START: "", SHUTDOWN_GRACE_SECONDS: "", HOST: "127.0.0.1" });
    servers.push(migrated);
    expect(migrated.logs()).toContain(`applying ${newest}`);
    const ready = await waitFor("readiness", async () => {
      const reply = await request(migrated.url, { path: "/api/health/ready" });
      return reply.status === 200 ? reply : undefined;
    }, 10_000);
    expect(ready.status).toBe(200);
    expect((await stopServer(migrated)).code, migrated.logs()).toBe(0);
  });
});

describe(".env.example", () => {
  // Every variable read anywhere in the portal's code, or checked by lib/env.ts.
  const SOURCES = ["lib", "scripts", "app", "prisma", "instrumentation.ts", "instrumentation-node.ts", "proxy.ts", "next.config.mjs", "prisma.config.ts"];
  // Set by the start scripts or by Next.js: named in .env.example, never assigned there.
  const SET_FOR_YOU = ["NODE_ENV", "EMBEDDED_DATABASE", "NEXT_RUNTIME"];

  function readVariables() {
    const names = new Set<string>(CHECKED_VARIABLES);
    const visit = (file: string) => {
      if (!existsSync(file)) return;
      if (statSync(file).isDirectory()) {
        if (path.basename(file) === "generated") return;
        for (const entry of readdirSync(file)) visit(path.join(file, entry));
        return;
      }
      if (!/\.(ts|tsx|mjs|js)$/.test(file)) return;
      for (const match of readFileSync(file, "utf8").matchAll(/process\.env(?:\.([A-Z][A-Z0-9_]*)|\[\s*["']([A-Z][A-Z0-9_]*)["']\s*\])/g)) names.add(match[1] ?? match[2]!);
    };
    for (const source of SOURCES) visit(path.join(ROOT, source));
    return [...names].sort();
  }

  const example = readFileSync(path.join(ROOT, ".env.example"), "utf8");
  const paragraphs = example.split(/\n\s*\n/);
  const assignment = (name: string) => new RegExp(`^#?\\s*${name}=`, "m");

  it("lists every variable the code reads, each as a NAME= line (or, if set for you, by name)", () => {
    const variables = readVariables();
    expect(variables).toEqual(expect.arrayContaining(["DATABASE_URL", "PORT", "RATE_LIMIT_BULK_PER_MINUTE", "MIGRATE_ON_START", "EMBEDDED_DB_PORT"]));
    const missing = variables.filter((name) => (SET_FOR_YOU.includes(name) ? !new RegExp(`\\b${name}\\b`).test(example) : !assignment(name).test(example)));
    expect(missing, `missing from .env.example: ${missing.join(", ")}`).toEqual([]);
    for (const name of SET_FOR_YOU) expect(example, name).not.toMatch(assignment(name));
  });

  it("comments every variable: each NAME= line sits in a paragraph that says what it is", () => {
    const bare = paragraphs
      .filter((paragraph) => /^#?\s*[A-Z][A-Z0-9_]*=/m.test(paragraph))
      .filter((paragraph) => !paragraph.split("\n").some((line) => /^#\s+\S/.test(line) && !/^#\s*[A-Z][A-Z0-9_]*=/.test(line)));
    expect(bare, `paragraphs without a comment:\n${bare.join("\n---\n")}`).toEqual([]);
  });
});
