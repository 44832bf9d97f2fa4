// The vendor's bootstrap (scripts/org.ts), run as the README says: `npm run org:create`,
// `npm run org:token` for another token (scopes, expiry) and `npm run org:token:revoke`.
// A minted token works on the merchant API within its scopes and is stored only as its
// SHA-256; a revoked one stops working at once, on a server already running. The same on
// the embedded database (DATABASE_URL unset, EMBEDDED_DB_DIR a temporary folder), where the
// commands share the sidecar of a running `npm start` instead of opening the folder twice.
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ORGANIZATION_SCOPES } from "@/lib/auth/scopes";
import { freePort } from "../fixtures/app-server";
import { adminQuery, createEmptyPostgresDatabase } from "../fixtures/test-database";
import { startEmbeddedDatabase } from "../../scripts/lib/embedded-db";
import {
  jsonOf,
  onlyJsonObject,
  request,
  runNpm,
  scriptStdout,
  serverEnv,
  startAppServer,
  startMailSink,
  stopServer,
  type AppServer,
  type CommandRun,
  type MailSink,
} from "./helpers";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DAY_MS = 24 * 3600 * 1000;
const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");

let mail: MailSink;
const servers: AppServer[] = [];
const databases: string[] = [];
const tempDirs: string[] = [];

beforeAll(async () => {
  mail = await startMailSink();
});

afterAll(async () => {
  for (const server of servers) if (server.process.exitCode === null) await stopServer(server);
  await mail?.stop();
  for (const name of databases) await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});


/** A database of its own, not migrated: the commands migrate what they are pointed at. */
async function emptyDatabase() {
  const { name, url } = await createEmptyPostgresDatabase("seats_ops");
  databases.push(name);
  return url;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

/** A refusal of the CLI: exit 2, nothing on stdout but npm's banner, one `error: …` line. */
function expectCliError(run: CommandRun, script: string, pattern: RegExp) {
  const context = `${run.command} → exit ${run.code}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`;
  expect(run.code, context).toBe(2);
  expect(scriptStdout(run, script), context).toBe("");
  const own = run.stderr.split("\n").filter((line) => line.trim() !== "" && !line.startsWith("npm "));
  expect(own, context).toHaveLength(1);
  expect(own[0], context).toMatch(pattern);
}

type Created = { organization: { id: string; slug: string; name: string; default_locale: string }; organization_access_token: string; token_id: string; scopes: string[]; expires_at: string };
type Minted = { organization_id: string; organization_access_token: string; token_id: string; scopes: string[]; expires_at: string };

type TokenFields = Pick<Minted, "organization_access_token" | "token_id" | "scopes" | "expires_at">;

function expectToken(result: TokenFields, scopes: readonly string[], days: number) {
  expect(result.organization_access_token).toMatch(/^polar_oat_[A-Za-z0-9_-]{43}$/);
  expect(result.token_id).toMatch(UUID);
  expect(result.scopes).toEqual(scopes);
  const expires = Date.parse(result.expires_at);
  expect(Math.abs(expires - (Date.now() + days * DAY_MS))).toBeLessThan(10 * 60_000);
}

/** The token's row, as the API resolves it (lib/auth/bearer.ts): by the SHA-256 of the token. */
async function tokenRow(url: string, token: string) {
  const rows = await query<{ id: string; organization_id: string; scopes: string[]; revoked_at: Date | null; expires_at: Date }>(
    url,
    `SELECT id, organization_id, scopes, revoked_at, expires_at FROM organization_access_tokens WHERE token_hash = $1`,
    [sha256(token)],
  );
  return rows[0] ?? null;
}

/** No column of any token row holds the token itself. */
async function expectNoRawToken(url: string, token: string) {
  const rows = await query<{ row: string }>(url, `SELECT row_to_json(t)::text AS row FROM organization_access_tokens t`);
  expect(rows.length).toBeGreaterThan(0);
  for (const { row } of rows) expect(row).not.toContain(token);
}

const customers = (server: AppServer, token: string) => request(server.url, { path: "/v1/customers", token });
const products = (server: AppServer, token: string) => request(server.url, { path: "/v1/products", token });

describe("on PostgreSQL (DATABASE_URL set)", () => {
  let url: string;
  let server: AppServer;
  let created: Created;
  let minted: Minted;
  const slug = `cli-${randomBytes(4).toString("hex")}`;

  beforeAll(async () => {
    url = await emptyDatabase();
    created = onlyJsonObject(await runNpm("org:create", ["--slug", slug, "--name", "CLI Vendor", "--locale", "de", "--json"], { DATABASE_URL: url }), "org:create") as Created;
    server = await startAppServer(serverEnv(url, mail.smtpUrl));
    servers.push(server);
  });

  it("org:create --json makes the organization (its portal's default language too) and its first token, with every scope, for 365 days", async () => {
    expect(created.organization).toEqual({ id: expect.stringMatching(UUID), slug, name: "CLI Vendor", default_locale: "de" });
    expectToken(created, ORGANIZATION_SCOPES, 365);
    const [organization] = await query<{ seat_based_pricing_enabled: boolean }>(url, `SELECT seat_based_pricing_enabled FROM organizations WHERE id = $1`, [created.organization.id]);
    expect(organization).toEqual({ seat_based_pricing_enabled: true });
    expect((await customers(server, created.organization_access_token)).status).toBe(200);
  });

  it("org:token --scopes --expires-in-days --json mints another token: hashed in the database, working on the API within its scopes", async () => {
    minted = onlyJsonObject(
      await runNpm("org:token", ["--slug", slug, "--scopes", "customers:read,customer_sessions:write", "--expires-in-days", "7", "--comment", "crm-sync", "--json"], { DATABASE_URL: url }),
      "org:token",
    ) as Minted;
    expect(minted.organization_id).toBe(created.organization.id);
    expectToken(minted, ["customers:read", "customer_sessions:write"], 7);
    expect(minted.organization_access_token).not.toBe(created.organization_access_token);

    const row = await tokenRow(url, minted.organization_access_token);
    expect(row).toMatchObject({ id: minted.token_id, organization_id: created.organization.id, scopes: ["customers:read", "customer_sessions:write"], revoked_at: null });
    await expectNoRawToken(url, minted.organization_access_token);

    // In scope: the organization's customers. Out of scope: its products (403, not 401).
    const listed = await customers(server, minted.organization_access_token);
    expect(listed.status, listed.text).toBe(200);
    expect(jsonOf(listed)).toHaveProperty("items");
    const refused = await products(server, minted.organization_access_token);
    expect(refused.status, refused.text).toBe(403);
    expect(jsonOf(refused).error).toBe("NotPermitted");
  });

  it("without --json it prints the token once, for a person", async () => {
    const run = await runNpm("org:token", ["--slug", slug], { DATABASE_URL: url });
    expect(run.code, run.stderr).toBe(0);
    const token = /^\s+(polar_oat_\S+)$/m.exec(scriptStdout(run, "org:token"))?.[1];
    expect(token, run.stdout).toBeDefined();
    expect(run.stdout).toMatch(/shown once/);
    expect((await customers(server, token!)).status).toBe(200);
  });

  it("org:token:revoke makes the token stop working at once on the running server; the other tokens keep working", async () => {
    expect((await customers(server, minted.organization_access_token)).status).toBe(200);
    const revoked = onlyJsonObject(await runNpm("org:token:revoke", [minted.token_id, "--json"], { DATABASE_URL: url }), "org:token:revoke");
    expect(revoked).toEqual({ revoked: minted.token_id });
    const refused = await customers(server, minted.organization_access_token);
    expect(refused.status, refused.text).toBe(401);
    expect(jsonOf(refused).error).toBe("Unauthorized");
    expect((await tokenRow(url, minted.organization_access_token))?.revoked_at).toBeInstanceOf(Date);
    expect((await products(server, created.organization_access_token)).status).toBe(200);

    // A second revocation finds no live token.
    expectCliError(await runNpm("org:token:revoke", [minted.token_id], { DATABASE_URL: url }), "org:token:revoke", /^error: no live token with the id /);
  });

  it("refuses what it cannot do with one `error:` line and exit 2", async () => {
    expectCliError(await runNpm("org:create", ["--slug", slug, "--name", "Again"], { DATABASE_URL: url }), "org:create", /^error: an organization with the slug .+ already exists$/);
    expectCliError(await runNpm("org:token", ["--slug", "no-such-org"], { DATABASE_URL: url }), "org:token", /^error: no organization with the slug no-such-org$/);
    expectCliError(await runNpm("org:token", ["--slug", slug, "--scopes", "everything:write"], { DATABASE_URL: url }), "org:token", /^error: unknown scope\(s\): everything:write; known: /);
    expectCliError(await runNpm("org:token", ["--slug", slug, "--expires-in-days", "0"], { DATABASE_URL: url }), "org:token", /^error: --expires-in-days must be a whole number/);
    expectCliError(await runNpm("org:token:revoke", ["not-a-uuid"], { DATABASE_URL: url }), "org:token:revoke", /^error: give the token's id/);
  });
});

describe("on the embedded database (DATABASE_URL unset)", () => {
  let root: string;
  let dir: string;
  let variables: Record<string, string>;
  let created: Created;
  let minted: Minted;
  const slug = `cli-embedded-${randomBytes(4).toString("hex")}`;

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), "ops-org-cli-"));
    tempDirs.push(root);
    dir = path.join(root, "data");
    variables = { EMBEDDED_DB_DIR: dir, EMBEDDED_DB_PORT: String(await freePort()) };
  });

  it("org:create and org:token create the embedded database in EMBEDDED_DB_DIR, migrate it, and stop its sidecar again", async () => {
    created = onlyJsonObject(await runNpm("org:create", ["--slug", slug, "--name", "Embedded Vendor", "--json"], variables), "org:create") as Created;
    expect(created.organization).toMatchObject({ slug, name: "Embedded Vendor" });
    expectToken(created, ORGANIZATION_SCOPES, 365);
    expect(existsSync(dir)).toBe(true);
    expect(existsSync(`${dir}.lock`)).toBe(false);

    minted = onlyJsonObject(await runNpm("org:token", ["--slug", slug, "--scopes", "customers:read", "--json"], variables), "org:token") as Minted;
    expect(minted.organization_id).toBe(created.organization.id);
    expectToken(minted, ["customers:read"], 365);
    expect(existsSync(`${dir}.lock`)).toBe(false);

    // Opened again, the folder holds both tokens, as hashes only.
    const database = await startEmbeddedDatabase({ dir, port: Number(variables.EMBEDDED_DB_PORT) });
    try {
      expect(await tokenRow(database.url, created.organization_access_token)).toMatchObject({ id: created.token_id, organization_id: created.organization.id, revoked_at: null });
      expect(await tokenRow(database.url, minted.organization_access_token)).toMatchObject({ id: minted.token_id, scopes: ["customers:read"], revoked_at: null });
      await expectNoRawToken(database.url, minted.organization_access_token);
    } finally {
      await database.stop();
    }
  });

  it("the minted token works on `npm start` over that folder; org:token:revoke, sharing the running sidecar, makes it stop", async () => {
    const env = serverEnv("", mail.smtpUrl, { ...variables, DATABASE_POOL_SIZE: "5" });
    delete env.DATABASE_URL;
    const server = await startAppServer(env);
    servers.push(server);
    expect(server.logs()).toContain("embedded database ready");

    expect((await customers(server, minted.organization_access_token)).status).toBe(200);
    expect((await products(server, minted.organization_access_token)).status).toBe(403);

    const revoked = onlyJsonObject(await runNpm("org:token:revoke", [minted.token_id, "--json"], variables), "org:token:revoke");
    expect(revoked).toEqual({ revoked: minted.token_id });
    expect((await customers(server, minted.organization_access_token)).status).toBe(401);
    expect((await customers(server, created.organization_access_token)).status).toBe(200);
    // The command left the server's sidecar running.
    expect(existsSync(`${dir}.lock`)).toBe(true);
    expect((await request(server.url, { path: "/api/health/ready" })).status).toBe(200);

    expect((await stopServer(server)).code, server.logs()).toBe(0);
    expect(existsSync(`${dir}.lock`)).toBe(false);
  });
});
