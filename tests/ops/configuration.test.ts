// Issue 10, item 1: `npm start` (scripts/serve.ts start) checks every variable before it
// starts anything; a missing or malformed one stops it with exit code 1 and one line on
// stderr naming the variable and what it should look like, with no stack trace. In
// production a missing AUTH_SECRET stops it, and with DATABASE_URL set (a real deployment)
// so does a missing PUBLIC_URL.
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { OPS_SECRET } from "./helpers";

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
function start(variables: Record<string, string>, options: { unset?: string[] } = {}): Promise<Run> {
  const isolated = (options.unset ?? []).some(definedLocally);
  const cwd = isolated ? isolatedCopy() : ROOT;
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, ["scripts/serve.ts", "start"], {
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
      reject(new Error(`serve.ts start did not stop within 60 s (it should refuse at once):\n${stdout}\n${stderr}`));
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
