// The vendor's first step: an organization and its access tokens.
//   npm run org:create -- --slug acme --name "Acme" [--locale en|de|fr] [--json]
//   npm run org:token -- --slug acme [--scopes a,b] [--expires-in-days 365] [--comment text] [--json]
//   npm run org:token:revoke -- <token-id> [--json]
// Tokens are printed once and stored only as their SHA-256. DATABASE_URL, or the embedded
// database when it is unset.
import { isLocale, LOCALES } from "../i18n/locales";
import { parseArgs } from "node:util";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../lib/generated/prisma/client";
import { ORGANIZATION_SCOPES } from "../lib/auth/scopes";
import { ORGANIZATION_TOKEN_PREFIX, newToken } from "../lib/auth/tokens";
import { applyMigrations } from "./lib/migrations";
import { resolveDatabase } from "./lib/embedded-db";

const [command, ...rest] = process.argv.slice(2);
const { values, positionals } = parseArgs({
  args: rest,
  allowPositionals: true,
  options: {
    slug: { type: "string" },
    name: { type: "string" },
    locale: { type: "string", default: "en" },
    scopes: { type: "string" },
    comment: { type: "string" },
    "expires-in-days": { type: "string", default: "365" },
    json: { type: "boolean", default: false },
  },
});

const log = (line: string) => console.error(line);
function fail(message: string): never {
  console.error(`error: ${message}`);
  process.exit(2);
}

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

function scopesFrom(option: string | undefined) {
  if (!option) return [...ORGANIZATION_SCOPES];
  const scopes = option.split(",").map((s) => s.trim()).filter(Boolean);
  const unknown = scopes.filter((s) => !(ORGANIZATION_SCOPES as readonly string[]).includes(s));
  if (unknown.length) fail(`unknown scope(s): ${unknown.join(", ")}; known: ${ORGANIZATION_SCOPES.join(", ")}`);
  return scopes;
}

function daysFrom(option: string) {
  const days = Number(option);
  if (!Number.isInteger(days) || days < 1 || days > 3650) fail("--expires-in-days must be a whole number of days from 1 to 3650");
  return days;
}

async function mint(prisma: PrismaClient, organizationId: string) {
  const { token, hash } = newToken(ORGANIZATION_TOKEN_PREFIX);
  const row = await prisma.organizationAccessToken.create({
    data: {
      organizationId,
      tokenHash: hash,
      scopes: scopesFrom(values.scopes),
      comment: values.comment ?? "",
      expiresAt: new Date(Date.now() + daysFrom(values["expires-in-days"]!) * 24 * 3600_000),
    },
    select: { id: true, scopes: true, expiresAt: true },
  });
  return { id: row.id, token, scopes: row.scopes, expires_at: row.expiresAt!.toISOString() };
}

function print(result: Record<string, unknown>, lines: string[]) {
  if (values.json) process.stdout.write(JSON.stringify(result) + "\n");
  else for (const line of lines) console.log(line);
}

if (!["create", "token", "revoke"].includes(command ?? "")) fail("usage: org.ts create|token|revoke …");
if (command === "create" && (!values.slug || !SLUG.test(values.slug))) fail("--slug is required: lower-case letters, digits and dashes");
if (command === "create" && !values.name?.trim()) fail("--name is required");
if (command === "create" && !isLocale(values.locale)) fail(`--locale is the portal's language for people whose browser asks for none of its own: one of ${LOCALES.join(", ")}`);
if (command === "token" && !values.slug) fail("--slug is required");
if (command === "revoke" && !/^[0-9a-f-]{36}$/i.test(positionals[0] ?? "")) fail("give the token's id (a UUID), as printed when it was made");

const database = await resolveDatabase(values.json ? undefined : log);
const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url }) });
try {
  await applyMigrations(database.url);
  if (command === "create") {
    if (await prisma.organization.findUnique({ where: { slug: values.slug! } })) fail(`an organization with the slug ${values.slug} already exists`);
    const made = await prisma.organization.create({
      data: { slug: values.slug!, name: values.name!.trim(), seatBasedPricingEnabled: true, defaultLocale: values.locale },
      select: { id: true, slug: true, name: true, defaultLocale: true },
    });
    const organization = { id: made.id, slug: made.slug, name: made.name, default_locale: made.defaultLocale };
    const token = await mint(prisma, organization.id);
    print({ organization, organization_access_token: token.token, token_id: token.id, scopes: token.scopes, expires_at: token.expires_at }, [
      `Created organization ${organization.name} (${organization.slug}, ${organization.id}) with seat-based pricing enabled; its portal speaks ${organization.default_locale} to people whose browser asks for none of its languages.`,
      ``,
      `Organization access token (shown once, keep it secret):`,
      `  ${token.token}`,
      `  id ${token.id}, expires ${token.expires_at}`,
    ]);
  } else if (command === "token") {
    const organization = await prisma.organization.findUnique({ where: { slug: values.slug! }, select: { id: true, slug: true } });
    if (!organization) fail(`no organization with the slug ${values.slug}`);
    const token = await mint(prisma, organization.id);
    print({ organization_id: organization.id, organization_access_token: token.token, token_id: token.id, scopes: token.scopes, expires_at: token.expires_at }, [
      `Organization access token for ${organization.slug} (shown once, keep it secret):`,
      `  ${token.token}`,
      `  id ${token.id}, expires ${token.expires_at}`,
    ]);
  } else {
    const { count } = await prisma.organizationAccessToken.updateMany({ where: { id: positionals[0]!, revokedAt: null }, data: { revokedAt: new Date() } });
    if (count === 0) fail(`no live token with the id ${positionals[0]}`);
    print({ revoked: positionals[0] }, [`Revoked token ${positionals[0]}.`]);
  }
} finally {
  await prisma.$disconnect();
  await database.stop();
}
