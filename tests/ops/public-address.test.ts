// Issue 21, item 5: every redirect stays on the public address. The production server hands
// Next.js every request as http://localhost:<PORT>; a Location built from the request's URL
// sent the browser there, where the session cookie just set (for the host it asked) is not
// sent, and it saw the sign-in page. Followed here as a browser would (each Location
// resolved against the address it came from, cookies kept per host): the vendor's
// customer_portal_url, a spent one, and the email sign-in link, on a server whose
// PUBLIC_URL is not localhost (http://127.0.0.1:<port>), and on one behind a proxy
// (Host and X-Forwarded-Host of the real domain, X-Forwarded-Proto https).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { mintDemoOrganizationToken, seedDemo } from "../../prisma/demo-data";
import { freePort } from "../fixtures/app-server";
import { createPostgresDatabase, type TestDatabase } from "../fixtures/test-database";
import { jsonOf, request, serverEnv, startAppServer, startMailSink, stopServer, type AppServer, type MailSink } from "./helpers";

const PROXIED_PUBLIC_URL = "https://portal.example.com";

let database: TestDatabase;
let prisma: PrismaClient;
let mail: MailSink;
let demo: Awaited<ReturnType<typeof seedDemo>>;
let organizationToken: string;
// Reached at its own address, which is its PUBLIC_URL: http://127.0.0.1:<port>.
let direct: AppServer;
// Reached through a proxy for https://portal.example.com (its PUBLIC_URL).
let proxied: AppServer;

beforeAll(async () => {
  database = await createPostgresDatabase();
  prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url }) });
  demo = await seedDemo(prisma);
  organizationToken = await mintDemoOrganizationToken(prisma);
  mail = await startMailSink();
  const port = await freePort();
  [direct, proxied] = await Promise.all([
    startAppServer(serverEnv(database.url, mail.smtpUrl, { PUBLIC_URL: `http://127.0.0.1:${port}` }), { port }),
    startAppServer(serverEnv(database.url, mail.smtpUrl, { PUBLIC_URL: PROXIED_PUBLIC_URL })),
  ]);
});

afterAll(async () => {
  for (const server of [direct, proxied]) if (server && server.process.exitCode === null) await stopServer(server);
  await prisma?.$disconnect();
  await mail?.stop();
  await database?.drop();
});

/** Where a test's browser is: the address it sees, the server that answers, and what a proxy adds. */
type Site = { publicUrl: string; server: () => AppServer; proxyHeaders: (url: URL) => Record<string, string> };

const SITES: { name: string; site: Site }[] = [
  { name: "PUBLIC_URL at 127.0.0.1 (not localhost)", site: { publicUrl: "", server: () => direct, proxyHeaders: () => ({}) } },
  {
    name: "behind a proxy (Host and X-Forwarded-Host of the real domain)",
    site: {
      publicUrl: PROXIED_PUBLIC_URL,
      server: () => proxied,
      proxyHeaders: (url) => ({ host: url.host, "x-forwarded-host": url.host, "x-forwarded-proto": url.protocol.slice(0, -1), "x-forwarded-for": "203.0.113.9" }),
    },
  },
];

const publicUrlOf = (site: Site) => site.publicUrl || site.server().url;

/** A browser's cookie jar: cookies are kept for the host that set them and sent only back to it. */
class CookieJar {
  private readonly byHost = new Map<string, Map<string, string>>();

  store(url: URL, setCookie: string | string[] | undefined) {
    for (const line of setCookie === undefined ? [] : Array.isArray(setCookie) ? setCookie : [setCookie]) {
      const [pair] = line.split(";");
      const at = pair!.indexOf("=");
      const cookies = this.byHost.get(url.hostname) ?? new Map<string, string>();
      cookies.set(pair!.slice(0, at).trim(), pair!.slice(at + 1).trim());
      this.byHost.set(url.hostname, cookies);
    }
  }

  header(url: URL) {
    return [...(this.byHost.get(url.hostname) ?? new Map<string, string>())].map(([name, value]) => `${name}=${value}`).join("; ");
  }
}

type Visit = { url: string; status: number; location: string | null };

/**
 * Opens `start` as a browser would, following redirects: each Location resolved against
 * the address it came from. Every request goes to the site's server (as DNS or the proxy
 * would take it there), with the Host the browser would send.
 */
async function browse(site: Site, start: string, jar = new CookieJar(), options: { method?: "GET" | "POST"; form?: Record<string, string> } = {}) {
  const visits: Visit[] = [];
  let url = new URL(start);
  let method = options.method ?? "GET";
  let form = options.form;
  for (let hop = 0; hop < 10; hop++) {
    const reply = await request(site.server().url, {
      method,
      path: `${url.pathname}${url.search}`,
      ...(form ? { form } : {}),
      headers: { ...site.proxyHeaders(url), "sec-fetch-dest": "document", ...(jar.header(url) ? { cookie: jar.header(url) } : {}) },
    });
    jar.store(url, reply.headers["set-cookie"]);
    const location = typeof reply.headers.location === "string" ? reply.headers.location : null;
    visits.push({ url: url.href, status: reply.status, location });
    if (reply.status < 300 || reply.status >= 400 || !location) return { visits, last: reply, jar };
    url = new URL(location, url);
    method = "GET";
    form = undefined;
  }
  throw new Error(`more than 10 redirects: ${JSON.stringify(visits)}`);
}

/** Whom the portal's header says is signed in, or null on a page for a signed-out visitor. */
const signedInAs = (html: string) => /data-testid="signed-in-as"[^>]*>([^<]*)</.exec(html)?.[1] ?? null;

/** The origin of every address the browser was at. */
const originsOf = (visits: Visit[]) => visits.map((visit) => new URL(visit.url).origin);

describe.each(SITES)("$name", ({ site }) => {
  it("the vendor's customer_portal_url: every Location stays on PUBLIC_URL and the portal opens signed in", async () => {
    const customer = demo.customers[0]!;
    const created = await request(site.server().url, { method: "POST", path: "/v1/customer-sessions/", token: organizationToken, body: { customer_id: customer.id } });
    expect(created.status, created.text).toBe(201);
    const portalUrl = jsonOf(created).customer_portal_url as string;
    const publicOrigin = new URL(publicUrlOf(site)).origin;
    expect(new URL(portalUrl).origin).toBe(publicOrigin);

    const { visits, last } = await browse(site, portalUrl);
    expect(originsOf(visits), JSON.stringify(visits, null, 2)).toEqual(visits.map(() => publicOrigin));
    expect(visits.map((visit) => new URL(visit.url).pathname)).toEqual([`/${demo.organization.slug}/portal`, `/${demo.organization.slug}/portal/session`, `/${demo.organization.slug}/portal`]);
    expect(last.status).toBe(200);
    expect(signedInAs(last.text)).toBe(customer.email);
  });

  it("a spent or unknown customer_portal_url: the sign-in?link=expired redirect stays on PUBLIC_URL", async () => {
    const publicOrigin = new URL(publicUrlOf(site)).origin;
    const { visits, last } = await browse(site, `${publicOrigin}/${demo.organization.slug}/portal?customer_session_token=polar_cst_not-a-real-one`);
    expect(originsOf(visits), JSON.stringify(visits, null, 2)).toEqual(visits.map(() => publicOrigin));
    expect(new URL(visits.at(-1)!.url).pathname + new URL(visits.at(-1)!.url).search).toBe(`/${demo.organization.slug}/portal/sign-in?link=expired`);
    expect(last.status).toBe(200);
  });

  it("the email sign-in: the request's redirect, the emailed link and its landing stay on PUBLIC_URL, and the portal opens signed in", async () => {
    const customer = demo.customers[1]!;
    const publicOrigin = new URL(publicUrlOf(site)).origin;
    const jar = new CookieJar();
    const csrf = await browse(site, `${publicOrigin}/api/auth/csrf`, jar);
    const { csrfToken } = jsonOf(csrf.last) as { csrfToken: string };
    const before = mail.to(customer.email).length;
    const asked = await browse(site, `${publicOrigin}/api/auth/signin/nodemailer`, jar, {
      method: "POST",
      form: { email: customer.email, csrfToken, callbackUrl: `/${demo.organization.slug}/portal` },
    });
    expect(originsOf(asked.visits), JSON.stringify(asked.visits, null, 2)).toEqual(asked.visits.map(() => publicOrigin));

    const [message] = (await mail.waitForEmails(customer.email, before + 1)).slice(before);
    const link = /https?:\/\/\S+\/api\/auth\/callback\/nodemailer\?\S+/.exec(message!.text)?.[0];
    expect(link, message!.text).toBeDefined();
    expect(new URL(link!).origin).toBe(publicOrigin);
    expect(new URL(new URL(link!).searchParams.get("callbackUrl")!, publicOrigin).origin).toBe(publicOrigin);

    // Opened in the browser the email was read in: no cookie of the sign-in request.
    const landed = await browse(site, link!);
    expect(originsOf(landed.visits), JSON.stringify(landed.visits, null, 2)).toEqual(landed.visits.map(() => publicOrigin));
    expect(new URL(landed.visits.at(-1)!.url).pathname).toBe(`/${demo.organization.slug}/portal`);
    expect(landed.last.status).toBe(200);
    expect(signedInAs(landed.last.text)).toBe(customer.email);
  });
});

describe("a Host header names no address", () => {
  it("a sign-in requested with another site's Host and X-Forwarded-Host: the emailed link and the redirect are still on PUBLIC_URL", async () => {
    const customer = demo.customers[0]!;
    const attacker: Site = {
      publicUrl: PROXIED_PUBLIC_URL,
      server: () => proxied,
      proxyHeaders: () => ({ host: "attacker.example", "x-forwarded-host": "attacker.example", "x-forwarded-proto": "https" }),
    };
    const jar = new CookieJar();
    const csrf = await browse(attacker, "https://attacker.example/api/auth/csrf", jar);
    const { csrfToken } = jsonOf(csrf.last) as { csrfToken: string };
    const before = mail.to(customer.email).length;
    const asked = await browse(attacker, "https://attacker.example/api/auth/signin/nodemailer", jar, {
      method: "POST",
      form: { email: customer.email, csrfToken, callbackUrl: "https://attacker.example/phish" },
    });
    expect(asked.visits[0]!.location ?? "", JSON.stringify(asked.visits)).not.toContain("attacker.example");
    const [message] = (await mail.waitForEmails(customer.email, before + 1)).slice(before);
    const link = new URL(/https?:\/\/\S+\/api\/auth\/callback\/nodemailer\?\S+/.exec(message!.text)![0]);
    expect(link.origin).toBe(PROXIED_PUBLIC_URL);
    expect(new URL(link.searchParams.get("callbackUrl")!).origin).toBe(PROXIED_PUBLIC_URL);
  });
});
