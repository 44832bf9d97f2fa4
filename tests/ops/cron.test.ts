// The cron route (GET /api/cron/outbox), the only sender where no process runs between
// requests (Vercel): it answers 401 to anyone without `Authorization: Bearer $CRON_SECRET`,
// and to everyone when CRON_SECRET is unset; with the secret it sends the emails and
// webhooks that are due. Both servers run with OUTBOX_POLL_SECONDS=0, as on Vercel, and the
// mail and the webhook are queued straight into the tables by this process, which sends
// nothing: until the cron runs, nothing else would ever deliver them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, db } from "@/lib/db";
import { enqueueEmail } from "@/lib/email/outbox";
import { seatInvitationEmail } from "@/lib/email/seat-invitation";
import { seal } from "@/lib/seal";
import { createOrganization, uniqueEmail } from "../fixtures/factories";
import { createPostgresDatabase, type TestDatabase } from "../fixtures/test-database";
import { WebhookReceiver } from "../fixtures/webhook-receiver";
import { OPS_SECRET, PUBLIC_URL, jsonOf, request, serverEnv, sleep, startAppServer, startMailSink, stopServer, type AppServer, type MailSink } from "./helpers";

const CRON = "/api/cron/outbox";
const CRON_SECRET = "cron-test-secret-0123456789abcdef";

let database: TestDatabase;
let mail: MailSink;
const receiver = new WebhookReceiver();
/** CRON_SECRET set. */
let guarded: AppServer;
/** CRON_SECRET unset: the route must stay closed. */
let closed: AppServer;

const invitee = uniqueEmail("cron-invitee");
let outboxId: string;
let eventId: string;

beforeAll(async () => {
  database = await createPostgresDatabase();
  process.env.DATABASE_URL = database.url;
  mail = await startMailSink();
  await receiver.start();
  [guarded, closed] = await Promise.all([
    startAppServer(serverEnv(database.url, mail.smtpUrl, { OUTBOX_POLL_SECONDS: "0", CRON_SECRET })),
    startAppServer(serverEnv(database.url, mail.smtpUrl, { OUTBOX_POLL_SECONDS: "0" })),
  ]);

  const invitation = seatInvitationEmail({
    to: invitee,
    claimUrl: `${PUBLIC_URL}/claim/cron-test-token`,
    productName: "Cron Team",
    organizationName: "Cron Org",
    invitedBy: null,
    expiresAt: new Date(Date.now() + 7 * 24 * 3600_000),
    locale: "en",
  });
  await db().prisma.$transaction((tx) => enqueueEmail(tx, invitation));
  outboxId = (await db().prisma.emailOutbox.findFirstOrThrow({ where: { recipient: invitee }, select: { id: true } })).id;

  const organization = await createOrganization();
  const endpoint = await db().prisma.webhookEndpoint.create({
    data: {
      organizationId: organization.id,
      url: receiver.url,
      format: "raw",
      events: ["customer.created"],
      secretSealed: seal("polar_whs_cron", OPS_SECRET, "webhook-secret"),
      secretHint: "polar_whs_…cron",
    },
    select: { id: true },
  });
  const payload = JSON.stringify({ type: "customer.created", timestamp: new Date().toISOString(), data: { email: invitee } });
  eventId = (await db().prisma.webhookEvent.create({ data: { endpointId: endpoint.id, type: "customer.created", payload }, select: { id: true } })).id;
});

afterAll(async () => {
  for (const server of [guarded, closed]) if (server && server.process.exitCode === null) await stopServer(server);
  await closeDb();
  await receiver.stop();
  await mail?.stop();
  await database?.drop();
});

const outboxRow = () => db().prisma.emailOutbox.findUniqueOrThrow({ where: { id: outboxId }, select: { status: true, attempts: true } });
const eventRow = () => db().prisma.webhookEvent.findUniqueOrThrow({ where: { id: eventId }, select: { status: true, attempts: true } });

async function expectUndelivered() {
  expect(await outboxRow()).toEqual({ status: "pending", attempts: 0 });
  expect(await eventRow()).toEqual({ status: "pending", attempts: 0 });
  expect(mail.to(invitee)).toEqual([]);
  expect(receiver.received).toEqual([]);
}

type Refusal = { name: string; server: () => AppServer; authorization: string | null };

const REFUSALS: Refusal[] = [
  { name: "no Authorization", server: () => guarded, authorization: null },
  { name: "a wrong secret of the same length", server: () => guarded, authorization: `Bearer ${"x".repeat(CRON_SECRET.length)}` },
  { name: "the secret without Bearer", server: () => guarded, authorization: CRON_SECRET },
  { name: "the secret with a lowercase scheme", server: () => guarded, authorization: `bearer ${CRON_SECRET}` },
  { name: "the secret and one character more", server: () => guarded, authorization: `Bearer ${CRON_SECRET}x` },
  { name: "the secret but its last character", server: () => guarded, authorization: `Bearer ${CRON_SECRET.slice(0, -1)}` },
  { name: "the secret as Basic credentials", server: () => guarded, authorization: `Basic ${Buffer.from(`cron:${CRON_SECRET}`).toString("base64")}` },
  { name: "CRON_SECRET unset: no Authorization", server: () => closed, authorization: null },
  { name: "CRON_SECRET unset: an empty bearer", server: () => closed, authorization: "Bearer " },
  { name: "CRON_SECRET unset: Bearer undefined", server: () => closed, authorization: "Bearer undefined" },
  { name: "CRON_SECRET unset: the other server's secret", server: () => closed, authorization: `Bearer ${CRON_SECRET}` },
];

describe("GET /api/cron/outbox", () => {
  it.each(REFUSALS)("$name → 401, nothing sent", async ({ server, authorization }) => {
    const reply = await request(server().url, { path: CRON, headers: authorization === null ? {} : { authorization } });
    expect(reply.status, reply.text).toBe(401);
    expect(jsonOf(reply)).toEqual({ error: "Unauthorized", detail: "Unauthorized" });
    await expectUndelivered();
  });

  it("queued mail and webhooks wait: with no poller, nothing but the cron sends them", async () => {
    await sleep(2000);
    await expectUndelivered();
  });

  it("the right secret → 200: the queued invitation goes out and the webhook arrives, each once", async () => {
    const reply = await request(guarded.url, { path: CRON, headers: { authorization: `Bearer ${CRON_SECRET}` } });
    expect(reply.status, reply.text).toBe(200);
    expect(reply.headers["cache-control"]).toContain("no-store");
    expect(jsonOf(reply)).toEqual({ emails: 1, webhooks: 1, reminded: 0, duration_ms: expect.any(Number) });

    // The run ends before its answer: everything is already there.
    const [message] = mail.to(invitee);
    expect(mail.to(invitee)).toHaveLength(1);
    expect(message!.subject).toBe("You are invited to Cron Team");
    expect(message!.text).toContain(`${PUBLIC_URL}/claim/cron-test-token`);
    expect(await outboxRow()).toEqual({ status: "sent", attempts: 1 });
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]!.headers["webhook-id"]).toBe(eventId);
    expect(JSON.parse(receiver.received[0]!.body)).toMatchObject({ type: "customer.created", data: { email: invitee } });
    expect(await eventRow()).toEqual({ status: "succeeded", attempts: 1 });

    const again = await request(guarded.url, { path: CRON, headers: { authorization: `Bearer ${CRON_SECRET}` } });
    expect(again.status, again.text).toBe(200);
    expect(jsonOf(again)).toMatchObject({ emails: 0, webhooks: 0 });
    expect(mail.to(invitee)).toHaveLength(1);
    expect(receiver.received).toHaveLength(1);
  });
});
