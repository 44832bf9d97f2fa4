import { describe, expect, it } from "vitest";
import { checkConfiguration, checkEmbeddedDatabaseConfiguration, checkServerConfiguration } from "@/lib/env";

const base = { DATABASE_URL: "postgresql://u@db.example.com/seats", AUTH_SECRET: "x".repeat(32), PUBLIC_URL: "https://portal.example.com", NODE_ENV: "production" };
const variables = (values: Record<string, string | undefined>) => values as NodeJS.ProcessEnv;

describe("checkConfiguration", () => {
  it.each([
    [{ DATABASE_URL: "mysql://x" }, "configuration: DATABASE_URL is malformed: expected a postgresql:// connection string, such as postgresql://user:password@host:5432/seats"],
    [{ DATABASE_URL: undefined }, "configuration: DATABASE_URL is not set: expected a postgresql:// connection string, such as postgresql://user:password@host:5432/seats"],
    [{ AUTH_SECRET: undefined }, "configuration: AUTH_SECRET is not set: expected at least 32 random characters (openssl rand -base64 32)"],
    [{ AUTH_SECRET: "short" }, "configuration: AUTH_SECRET is malformed: expected at least 32 random characters (openssl rand -base64 32)"],
    [{ PUBLIC_URL: undefined }, "configuration: PUBLIC_URL is not set: expected the portal's public address, such as https://portal.example.com"],
    [{ PUBLIC_URL: "ftp://x" }, "configuration: PUBLIC_URL is malformed: expected the portal's public address, such as https://portal.example.com"],
    [{ RATE_LIMIT_ASSIGN_PER_MINUTE: "abc" }, "configuration: RATE_LIMIT_ASSIGN_PER_MINUTE is malformed: expected a whole number from 1 to 1000000000"],
    [{ RATE_LIMIT_ASSIGN_PER_MINUTE: "0" }, "configuration: RATE_LIMIT_ASSIGN_PER_MINUTE is malformed: expected a whole number from 1 to 1000000000"],
    [{ DATABASE_POOL_SIZE: "2.5" }, "configuration: DATABASE_POOL_SIZE is malformed: expected a whole number from 1 to 200"],
    [{ WEBHOOK_ALLOW_PRIVATE_URLS: "maybe" }, "configuration: WEBHOOK_ALLOW_PRIVATE_URLS is malformed: expected true or false"],
  ])("refuses %o with one clear line", (change, line) => {
    expect(() => checkConfiguration(variables({ ...base, ...change }))).toThrow(new Error(line));
  });

  it("needs no PUBLIC_URL nor AUTH_SECRET on the embedded database in development", () => {
    const env = checkConfiguration(variables({ DATABASE_URL: "postgresql://postgres@127.0.0.1:54329/postgres", EMBEDDED_DATABASE: "true" }));
    expect(env).toMatchObject({ PUBLIC_URL: "http://localhost:3000", INVITATION_TTL_HOURS: 168 });
    expect(env.AUTH_SECRET.length).toBeGreaterThanOrEqual(32);
  });

  it("accepts a complete production configuration", () => {
    expect(checkConfiguration(variables({ ...base, PUBLIC_URL: "https://portal.example.com/" })).PUBLIC_URL).toBe("https://portal.example.com");
  });
});

describe("checkServerConfiguration (the start scripts' own variables)", () => {
  it.each([
    [{ PORT: "abc" }, "configuration: PORT is malformed: expected a TCP port from 1 to 65535, such as 3000"],
    [{ PORT: "0" }, "configuration: PORT is malformed: expected a TCP port from 1 to 65535, such as 3000"],
    [{ PORT: "65536" }, "configuration: PORT is malformed: expected a TCP port from 1 to 65535, such as 3000"],
    // Number() reads these as ports; a typo must not listen somewhere unexpected.
    [{ PORT: "0x1f" }, "configuration: PORT is malformed: expected a TCP port from 1 to 65535, such as 3000"],
    [{ PORT: "1e3" }, "configuration: PORT is malformed: expected a TCP port from 1 to 65535, such as 3000"],
    [{ PORT: " 80" }, "configuration: PORT is malformed: expected a TCP port from 1 to 65535, such as 3000"],
    [{ PORT: "3000.5" }, "configuration: PORT is malformed: expected a TCP port from 1 to 65535, such as 3000"],
    [{ HOST: "not a host" }, "configuration: HOST is malformed: expected an address or host name to listen on, such as 0.0.0.0, 127.0.0.1 or ::"],
    [{ HOST: "http://0.0.0.0" }, "configuration: HOST is malformed: expected an address or host name to listen on, such as 0.0.0.0, 127.0.0.1 or ::"],
    [{ SHUTDOWN_GRACE_SECONDS: "abc" }, "configuration: SHUTDOWN_GRACE_SECONDS is malformed: expected a number of seconds from 0 to 3600, such as 25"],
    [{ SHUTDOWN_GRACE_SECONDS: "-1" }, "configuration: SHUTDOWN_GRACE_SECONDS is malformed: expected a number of seconds from 0 to 3600, such as 25"],
    [{ SHUTDOWN_GRACE_SECONDS: "3601" }, "configuration: SHUTDOWN_GRACE_SECONDS is malformed: expected a number of seconds from 0 to 3600, such as 25"],
    [{ SHUTDOWN_GRACE_SECONDS: "25s" }, "configuration: SHUTDOWN_GRACE_SECONDS is malformed: expected a number of seconds from 0 to 3600, such as 25"],
    [{ MIGRATE_ON_START: "yes" }, "configuration: MIGRATE_ON_START is malformed: expected true or false"],
    [{ MIGRATE_ON_START: "no" }, "configuration: MIGRATE_ON_START is malformed: expected true or false"],
    [{ MIGRATE_ON_START: "False" }, "configuration: MIGRATE_ON_START is malformed: expected true or false"],
    [{ EMBEDDED_DB_DIR: " data/pglite" }, "configuration: EMBEDDED_DB_DIR is malformed: expected a folder for the embedded database, such as data/pglite"],
    [{ EMBEDDED_DB_DIR: "data/pg\u0000lite" }, "configuration: EMBEDDED_DB_DIR is malformed: expected a folder for the embedded database, such as data/pglite"],
    [{ EMBEDDED_DB_PORT: "abc" }, "configuration: EMBEDDED_DB_PORT is malformed: expected a TCP port from 1 to 65535, such as 54329"],
    [{ EMBEDDED_DB_PORT: "70000" }, "configuration: EMBEDDED_DB_PORT is malformed: expected a TCP port from 1 to 65535, such as 54329"],
    [{ TRUSTED_PROXY_HOPS: "11" }, "configuration: TRUSTED_PROXY_HOPS is malformed: expected a whole number of proxies from 0 to 10, such as 1 behind a load balancer"],
    [{ TRUSTED_PROXY_HOPS: "-1" }, "configuration: TRUSTED_PROXY_HOPS is malformed: expected a whole number of proxies from 0 to 10, such as 1 behind a load balancer"],
    [{ TRUSTED_PROXY_HOPS: "yes" }, "configuration: TRUSTED_PROXY_HOPS is malformed: expected a whole number of proxies from 0 to 10, such as 1 behind a load balancer"],
  ])("refuses %o with one clear line", (change, line) => {
    expect(() => checkServerConfiguration(variables(change))).toThrow(new Error(line));
  });

  it("fills in the defaults when unset, and when set to an empty value (an `.env` line such as PORT=)", () => {
    const defaults = { PORT: 3000, HOST: "0.0.0.0", SHUTDOWN_GRACE_SECONDS: 25, MIGRATE_ON_START: true, EMBEDDED_DB_DIR: "data/pglite", EMBEDDED_DB_PORT: 54329, TRUSTED_PROXY_HOPS: 0 };
    expect(checkServerConfiguration(variables({}))).toEqual(defaults);
    const empty = Object.fromEntries(Object.keys(defaults).map((name) => [name, ""]));
    expect(checkServerConfiguration(variables(empty))).toEqual(defaults);
  });

  it("parses what the scripts use: numbers as numbers, MIGRATE_ON_START as a boolean (false and 0 turn it off)", () => {
    expect(
      checkServerConfiguration(variables({ PORT: "8080", HOST: "127.0.0.1", SHUTDOWN_GRACE_SECONDS: "1.5", MIGRATE_ON_START: "false", EMBEDDED_DB_DIR: "/srv/seats/pglite", EMBEDDED_DB_PORT: "6543", TRUSTED_PROXY_HOPS: "2" })),
    ).toEqual({ PORT: 8080, HOST: "127.0.0.1", SHUTDOWN_GRACE_SECONDS: 1.5, MIGRATE_ON_START: false, EMBEDDED_DB_DIR: "/srv/seats/pglite", EMBEDDED_DB_PORT: 6543, TRUSTED_PROXY_HOPS: 2 });
    expect(checkServerConfiguration(variables({ MIGRATE_ON_START: "0" })).MIGRATE_ON_START).toBe(false);
    expect(checkServerConfiguration(variables({ MIGRATE_ON_START: "1" })).MIGRATE_ON_START).toBe(true);
    expect(checkServerConfiguration(variables({ MIGRATE_ON_START: "true" })).MIGRATE_ON_START).toBe(true);
    expect(checkServerConfiguration(variables({ SHUTDOWN_GRACE_SECONDS: "0" })).SHUTDOWN_GRACE_SECONDS).toBe(0);
    for (const host of ["::", "::1", "localhost", "portal-1.internal"]) expect(checkServerConfiguration(variables({ HOST: host })).HOST).toBe(host);
  });

  it("the embedded database's check reads its two variables only (db:migrate does not care about PORT)", () => {
    expect(checkEmbeddedDatabaseConfiguration(variables({ PORT: "abc", EMBEDDED_DB_PORT: "6543" }))).toEqual({ EMBEDDED_DB_DIR: "data/pglite", EMBEDDED_DB_PORT: 6543 });
    expect(() => checkEmbeddedDatabaseConfiguration(variables({ EMBEDDED_DB_PORT: "abc" }))).toThrow(
      new Error("configuration: EMBEDDED_DB_PORT is malformed: expected a TCP port from 1 to 65535, such as 54329"),
    );
  });
});
