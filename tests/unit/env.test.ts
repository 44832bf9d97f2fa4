import { describe, expect, it } from "vitest";
import { checkConfiguration } from "@/lib/env";

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
