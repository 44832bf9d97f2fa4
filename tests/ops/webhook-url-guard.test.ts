// The SSRF guard of webhook URLs on a production server with the rules on (no
// WEBHOOK_ALLOW_PRIVATE_URLS): creating or moving an endpoint to a URL that is not https or
// does not resolve to a public address is Polar's 422 on body.url, nothing changes; and an
// endpoint whose stored URL points inside (saved before the rules applied, or a name that
// now resolves to loopback) gets no connection at delivery, only a failed attempt saying
// why. Every other suite runs with the rules lifted, which is how they deliver to receivers
// on 127.0.0.1 (lifting is thereby covered there).
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, db } from "@/lib/db";
import { seal } from "@/lib/seal";
import { createOrganization, createOrganizationToken, uniqueEmail } from "../fixtures/factories";
import { createPostgresDatabase, type TestDatabase } from "../fixtures/test-database";
import { OPS_SECRET, jsonOf, request, serverEnv, startAppServer, startMailSink, stopServer, waitFor, type AppServer, type MailSink } from "./helpers";

const ENDPOINTS = "/v1/webhooks/endpoints";

let database: TestDatabase;
let mail: MailSink;
let server: AppServer;
let token: string;
let organizationId: string;
// Stands in for an internal service on this host: every connection that reaches it is counted.
let internal: net.Server;
let internalPort = 0;
let connections = 0;

beforeAll(async () => {
  database = await createPostgresDatabase();
  process.env.DATABASE_URL = database.url;
  mail = await startMailSink();
  internal = net.createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => internal.listen(0, "127.0.0.1", resolve));
  internalPort = (internal.address() as net.AddressInfo).port;
  server = await startAppServer(serverEnv(database.url, mail.smtpUrl, { WEBHOOK_ALLOW_PRIVATE_URLS: "false" }));
  const organization = await createOrganization();
  organizationId = organization.id;
  token = (await createOrganizationToken(organization.id)).token;
});

afterAll(async () => {
  if (server && server.process.exitCode === null) await stopServer(server);
  await new Promise<void>((resolve) => (internal ? internal.close(() => resolve()) : resolve()));
  await closeDb();
  await mail?.stop();
  await database?.drop();
});

const endpointBody = (url: string) => ({ url, format: "raw", events: ["order.paid"] });
const endpointsOfOrganization = () => db().prisma.webhookEndpoint.findMany({ where: { organizationId }, select: { id: true, url: true }, orderBy: { id: "asc" } });

/** Polar's 422 for a refused URL: one item on body.url carrying the URL and the reason. */
function expectRefusedUrl(reply: { status: number; text: string }, url: string, msg: string) {
  expect(reply.status, reply.text).toBe(422);
  expect(JSON.parse(reply.text)).toEqual({ error: "PolarRequestValidationError", detail: [{ type: "value_error", loc: ["body", "url"], msg, input: url }] });
}

const NOT_HTTPS = "The webhook URL must use https.";
const NOT_PUBLIC = "The webhook URL must resolve to a public address.";

const REFUSED: { name: string; url: string; msg: string }[] = [
  { name: "http to loopback", url: "http://127.0.0.1:9/hooks", msg: NOT_HTTPS },
  { name: "http to a public address", url: "http://93.184.215.14/hooks", msg: NOT_HTTPS },
  { name: "IPv4 loopback", url: "https://127.0.0.1/hooks", msg: NOT_PUBLIC },
  { name: "loopback spelled as a number", url: "https://2130706433/hooks", msg: NOT_PUBLIC },
  { name: "localhost (a name resolving to loopback)", url: "https://localhost/hooks", msg: NOT_PUBLIC },
  { name: "IPv6 loopback", url: "https://[::1]/hooks", msg: NOT_PUBLIC },
  { name: "IPv4-mapped loopback", url: "https://[::ffff:127.0.0.1]/hooks", msg: NOT_PUBLIC },
  { name: "the cloud metadata address", url: "https://169.254.169.254/latest/meta-data/", msg: NOT_PUBLIC },
  { name: "RFC 1918", url: "https://10.0.0.1/hooks", msg: NOT_PUBLIC },
  { name: "carrier-grade NAT", url: "https://100.64.0.1/hooks", msg: NOT_PUBLIC },
  { name: "unique-local IPv6", url: "https://[fd00::1]/hooks", msg: NOT_PUBLIC },
  { name: "IPv6 link-local", url: "https://[fe80::1]/hooks", msg: NOT_PUBLIC },
  { name: "0.0.0.0", url: "https://0.0.0.0/hooks", msg: NOT_PUBLIC },
  { name: "multicast", url: "https://224.0.0.1/hooks", msg: NOT_PUBLIC },
  { name: "IPv4-translated loopback", url: "https://[::ffff:0:7f00:1]/hooks", msg: NOT_PUBLIC },
  { name: "6to4 wrapping loopback", url: "https://[2002:7f00:1::1]/hooks", msg: NOT_PUBLIC },
  // The same answer as a private address: no probing which internal names exist.
  { name: "a name that does not resolve", url: "https://nowhere.invalid/hooks", msg: NOT_PUBLIC },
];

describe("POST /v1/webhooks/endpoints with the rules on", () => {
  it.each(REFUSED)("refuses $name ($url) with a 422 on body.url, nothing created", async ({ url, msg }) => {
    const before = await endpointsOfOrganization();
    expectRefusedUrl(await request(server.url, { method: "POST", path: ENDPOINTS, token, body: endpointBody(url) }), url, msg);
    expect(await endpointsOfOrganization()).toEqual(before);
  });

  it.each(["https://93.184.215.14/hooks", "https://[2606:4700:4700::1111]/hooks"])("accepts a public address: %s", async (url) => {
    const reply = await request(server.url, { method: "POST", path: ENDPOINTS, token, body: endpointBody(url) });
    expect(reply.status, reply.text).toBe(201);
    expect(jsonOf(reply)).toMatchObject({ url, enabled: true });
  });
});

describe("PATCH /v1/webhooks/endpoints/{id} with the rules on", () => {
  let endpointId: string;
  const publicUrl = "https://93.184.215.14/moved";
  beforeAll(async () => {
    const reply = await request(server.url, { method: "POST", path: ENDPOINTS, token, body: endpointBody("https://93.184.215.14/before") });
    expect(reply.status, reply.text).toBe(201);
    endpointId = jsonOf(reply).id as string;
  });

  it.each(REFUSED)("refuses moving it to $name ($url) with a 422 on body.url, the endpoint unchanged", async ({ url, msg }) => {
    const before = await db().prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: endpointId } });
    expectRefusedUrl(await request(server.url, { method: "PATCH", path: `${ENDPOINTS}/${endpointId}`, token, body: { url } }), url, msg);
    expect(await db().prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: endpointId } })).toEqual(before);
  });

  it("moves it to a public address", async () => {
    const reply = await request(server.url, { method: "PATCH", path: `${ENDPOINTS}/${endpointId}`, token, body: { url: publicUrl } });
    expect(reply.status, reply.text).toBe(200);
    expect((await db().prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: endpointId } })).url).toBe(publicUrl);
  });
});

describe("delivery with the rules on", () => {
  it("connects to no private address a stored URL names, IP literal or name, and logs each refusal", async () => {
    const stored = [
      { url: `https://127.0.0.1:${internalPort}/hooks`, response: "refused to connect to 127.0.0.1: not a public address" },
      { url: `https://0.0.0.0:${internalPort}/hooks`, response: "refused to connect to 0.0.0.0: not a public address" },
      { url: `https://[::ffff:127.0.0.1]:${internalPort}/hooks`, response: "refused to connect to ::ffff:7f00:1: not a public address" },
      { url: `https://localhost:${internalPort}/hooks`, response: /^refused to connect to (127\.0\.0\.1|::1): not a public address$/ },
      { url: `http://127.0.0.1:${internalPort}/hooks`, response: "refused: the URL is not https" },
    ];
    // Written straight to the table: the API would refuse each of them now.
    const endpoints: { id: string }[] = [];
    for (const { url } of stored) {
      endpoints.push(
        await db().prisma.webhookEndpoint.create({
          data: { organizationId, url, format: "raw", events: ["customer.created"], secretSealed: seal("polar_whs_stored", OPS_SECRET, "webhook-secret"), secretHint: "polar_whs_…ored" },
          select: { id: true },
        }),
      );
    }
    const created = await request(server.url, { method: "POST", path: "/v1/customers", token, body: { email: uniqueEmail("guarded") } });
    expect(created.status, created.text).toBe(201);

    const ids = endpoints.map((endpoint) => endpoint.id);
    const deliveries = await waitFor("one attempt per stored endpoint", async () => {
      const rows = await db().prisma.webhookDelivery.findMany({ where: { endpointId: { in: ids } }, select: { endpointId: true, succeeded: true, httpCode: true, response: true } });
      return ids.every((id) => rows.some((row) => row.endpointId === id)) ? rows : undefined;
    });
    for (const [index, { url, response }] of stored.entries()) {
      const attempt = deliveries.find((row) => row.endpointId === ids[index])!;
      expect(attempt, url).toMatchObject({ succeeded: false, httpCode: null });
      expect(attempt.response, url).toEqual(typeof response === "string" ? response : expect.stringMatching(response));
    }
    expect(connections, "connections that reached the internal service").toBe(0);
    const events = await db().prisma.webhookEvent.findMany({ where: { endpointId: { in: ids } }, select: { status: true, attempts: true } });
    expect(events).toHaveLength(stored.length);
    for (const event of events) expect(event.status, "refused, then retried later like any failure").toBe("pending");
  });
});
