// The merchant webhook endpoints (organization tokens, scopes webhooks:read|write): create
// (the secret is returned once), list, get, update (disable), delete, list deliveries and
// redeliver, through SDK 0.49.0 (zod-validated) and SDK 1.x at 2026-10 (checked against
// 0.49.0's schemas). This server runs with WEBHOOK_ALLOW_PRIVATE_URLS=true, so receivers on
// http://127.0.0.1 are accepted.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateEvent } from "@polar-sh/sdk/webhooks";
import { WebhookEndpoint$inboundSchema } from "@polar-sh/sdk/models/components/webhookendpoint.js";
import { ListResourceWebhookEndpoint$inboundSchema } from "@polar-sh/sdk/models/components/listresourcewebhookendpoint.js";
import { ListResourceWebhookDelivery$inboundSchema } from "@polar-sh/sdk/models/components/listresourcewebhookdelivery.js";
import { db } from "@/lib/db";
import { sdk049, sdk1 } from "../fixtures/clients";
import { uniqueEmail } from "../fixtures/factories";
import { WebhookReceiver } from "../fixtures/webhook-receiver";
import { expectSdk1Error, randomUuid, send, type ErrorCase, type JsonObject } from "./helpers";
import { BOGUS_ID, NOT_FOUND, accessCases, eventually, expect049Failure, expectCase, expectWire049, invalid, merchantOrg, ok, sleep, type MerchantOrg } from "./merchant-helpers";

const ENDPOINTS = "/v1/webhooks/endpoints";
const DELIVERIES = "/v1/webhooks/deliveries";

type Two = { org: MerchantOrg; other: MerchantOrg };
async function twoOrgs(): Promise<Two> {
  const [org, other] = await Promise.all([merchantOrg("webhooks"), merchantOrg("webhooks")]);
  return { org, other };
}

/** The hint that stands in for a secret after its creation: prefix, an ellipsis, its last 4 characters. */
const hintOf = (secret: string) => `polar_whs_…${secret.slice(-4)}`;

const endpointBody = (url = "http://127.0.0.1:9/webhooks", events: string[] = ["customer.created"]) => ({ url, format: "raw", events });
const createEndpoint = (token: string, body: Record<string, unknown> = endpointBody()) => ok({ method: "POST", path: ENDPOINTS, token, body }, 201);

/** Creates a customer through the API: a `customer.created` event for every subscribed endpoint. */
const touch = (token: string) => ok({ method: "POST", path: "/v1/customers", token, body: { email: uniqueEmail("hook") } }, 201);

const ofEndpoint = (receiver: WebhookReceiver, email: string) => receiver.received.filter((r) => ((JSON.parse(r.body) as { data: JsonObject }).data.email as string) === email);

describe("POST /v1/webhooks/endpoints (create)", () => {
  let c: Two;
  beforeAll(async () => {
    c = await twoOrgs();
  });
  const post = (c: Two, body: Record<string, unknown>) => ({ method: "POST" as const, path: ENDPOINTS, token: c.org.token, body });
  const cases: ErrorCase<Two>[] = [
    ...accessCases<Two>((c) => c.org, (_c, token) => ({ method: "POST", path: ENDPOINTS, token: token ?? undefined, body: endpointBody() }), "write", { tokenStates: true }),
    { name: "no url", request: (c) => post(c, { format: "raw", events: [] }), expected: invalid(["body", "url"]) },
    { name: "a url that is not a URL", request: (c) => post(c, endpointBody("not a url")), expected: invalid(["body", "url"]) },
    { name: "an ftp:// url", request: (c) => post(c, endpointBody("ftp://127.0.0.1/hooks")), expected: invalid(["body", "url"]) },
    { name: "a javascript: url", request: (c) => post(c, endpointBody("javascript:alert(1)")), expected: invalid(["body", "url"]) },
    { name: "no format", request: (c) => post(c, { url: "http://127.0.0.1:9/x", events: [] }), expected: invalid(["body", "format"]) },
    { name: "a chat format (slack)", request: (c) => post(c, { ...endpointBody(), format: "slack" }), expected: invalid(["body", "format"]) },
    { name: "no events", request: (c) => post(c, { url: "http://127.0.0.1:9/x", format: "raw" }), expected: invalid(["body", "events"]) },
    { name: "an unknown event type", request: (c) => post(c, endpointBody(undefined, ["customer.created", "seat.exploded"])), expected: invalid(["body", "events", 1]) },
    { name: "events that is not a list", request: (c) => post(c, { ...endpointBody(), events: "customer.created" }), expected: invalid(["body", "events"]) },
  ];
  it.concurrent.each(cases)("error: $name → $expected.status $expected.error, nothing created", async (row) => {
    const before = await db().prisma.webhookEndpoint.count({ where: { organizationId: c.org.organization.id } });
    await expectCase(c, row);
    expect(await db().prisma.webhookEndpoint.count({ where: { organizationId: c.org.organization.id } })).toBe(before);
  });

  it("creates through SDK 0.49.0 (201): the full secret here, only a hint afterwards", async () => {
    const created = await sdk049(c.org.token).webhooks.createWebhookEndpoint({
      url: "http://127.0.0.1:9/hooks",
      format: "raw",
      name: "CRM sync",
      events: ["customer.created", "customer_seat.claimed"],
    });
    expect(created).toMatchObject({ url: "http://127.0.0.1:9/hooks", format: "raw", name: "CRM sync", enabled: true, organizationId: c.org.organization.id });
    expect(created.events).toEqual(["customer.created", "customer_seat.claimed"]);
    expect(created.secret).toMatch(/^polar_whs_[A-Za-z0-9_-]{40,}$/);
    const again = await sdk049(c.org.token).webhooks.getWebhookEndpoint({ id: created.id });
    expect(again.secret).toBe(hintOf(created.secret));
    const listed = await sdk049(c.org.token).webhooks.listWebhookEndpoints({});
    expect(listed.result.items.find((endpoint) => endpoint.id === created.id)?.secret).toBe(hintOf(created.secret));
    const updated = await sdk049(c.org.token).webhooks.updateWebhookEndpoint({ id: created.id, webhookEndpointUpdate: { name: "renamed" } });
    expect(updated.secret).toBe(hintOf(created.secret));
    // The secret is stored sealed, never in clear.
    const row = await db().prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: created.id } });
    expect(JSON.stringify(row)).not.toContain(created.secret.slice("polar_whs_".length));
  });

  it("creates through SDK 1.x (2026-10) with every key 0.49.0 requires", async () => {
    const created = await sdk1(c.org.token).webhooks.createWebhookEndpoint({ url: "http://127.0.0.1:9/one", format: "raw", events: ["order.paid"] });
    expectWire049(WebhookEndpoint$inboundSchema, created, "SDK 1.x webhooks.createWebhookEndpoint");
    expect(created).toMatchObject({ url: "http://127.0.0.1:9/one", events: ["order.paid"], enabled: true, name: null });
    expect(created.secret).toMatch(/^polar_whs_/);
    expect((await sdk1(c.org.token).webhooks.getWebhookEndpoint(created.id)).secret).toBe(hintOf(created.secret));
    await expectSdk1Error(sdk1(c.org.token).webhooks.createWebhookEndpoint({ url: "ftp://example.com", format: "raw", events: [] }), {
      ...invalid(["body", "url"]),
      className: "HTTPValidationError",
    });
    await expect049Failure(sdk049(c.org.token).webhooks.createWebhookEndpoint({ url: "http://127.0.0.1:9/x", format: "discord", events: [] }), invalid(["body", "format"]));
  });

  it("organization_id of another organization in the body → 422 (Polar refuses organization_id with an organization token), nothing created", async () => {
    const url = `http://127.0.0.1:9/${randomUuid()}`;
    const response = await send({ method: "POST", path: ENDPOINTS, token: c.org.token, body: { ...endpointBody(url), organization_id: c.other.organization.id } });
    const text = await response.text();
    expect(await db().prisma.webhookEndpoint.count({ where: { url, organizationId: c.other.organization.id } }), "never in the other organization").toBe(0);
    expect(response.status, text).toBe(422);
    expect(await db().prisma.webhookEndpoint.count({ where: { url } }), "no endpoint anywhere").toBe(0);
    const detail = (JSON.parse(text) as JsonObject).detail as JsonObject[];
    expect(detail.some((item) => (item.loc as string[]).at(-1) === "organization_id"), text).toBe(true);
  });
});

describe("GET /v1/webhooks/endpoints and /{id} (list, get)", () => {
  type C = Two & { mine: JsonObject[]; foreign: JsonObject };
  let c: C;
  beforeAll(async () => {
    const orgs = await twoOrgs();
    const mine = [await createEndpoint(orgs.org.token), await createEndpoint(orgs.org.token), await createEndpoint(orgs.org.token)];
    c = { ...orgs, mine, foreign: await createEndpoint(orgs.other.token) };
  });
  const get = (c: C, id: string, token: string | null = c.org.token) => ({ path: `${ENDPOINTS}/${id}`, token: token ?? undefined });
  const list = (c: C, query: string, token: string | null = c.org.token) => ({ path: `${ENDPOINTS}?${query}`, token: token ?? undefined });
  const cases: ErrorCase<C>[] = [
    ...accessCases<C>((c) => c.org, (c, token) => get(c, c.mine[0]!.id as string, token), "read").map((row) => ({ ...row, name: `get: ${row.name}` })),
    ...accessCases<C>((c) => c.org, (c, token) => list(c, "", token), "read").map((row) => ({ ...row, name: `list: ${row.name}` })),
    { name: "get: another organization's endpoint", request: (c) => get(c, c.foreign.id as string), expected: NOT_FOUND },
    { name: "get: a malformed id", request: (c) => get(c, BOGUS_ID), expected: invalid(["path", "id"]) },
    { name: "get: an unknown id", request: (c) => get(c, randomUuid()), expected: NOT_FOUND },
    { name: "list: page 0", request: (c) => list(c, "page=0"), expected: invalid(["query", "page"]) },
  ];
  it.concurrent.each(cases)("error: $name → $expected.status $expected.error", (row) => expectCase(c, row));

  it("pages through the organization's endpoints only, each with its secret's hint", async () => {
    const first = await ok(list(c, "limit=2&page=1"));
    const second = await ok(list(c, "limit=2&page=2"));
    expect(first.pagination).toEqual({ total_count: 3, max_page: 2 });
    const items = [...(first.items as JsonObject[]), ...(second.items as JsonObject[])];
    expect(items.map((item) => item.id).sort()).toEqual(c.mine.map((endpoint) => endpoint.id).sort());
    for (const item of items) {
      const created = c.mine.find((endpoint) => endpoint.id === item.id)!;
      expect(item.secret).toBe(hintOf(created.secret as string));
    }
  });

  it("gets and lists through both SDKs", async () => {
    const one = await sdk049(c.org.token).webhooks.getWebhookEndpoint({ id: c.mine[1]!.id as string });
    expect(one).toMatchObject({ id: c.mine[1]!.id, secret: hintOf(c.mine[1]!.secret as string) });
    const page = await sdk049(c.org.token).webhooks.listWebhookEndpoints({ limit: 10 });
    expect(page.result.pagination).toEqual({ totalCount: 3, maxPage: 1 });
    const fresh = await sdk1(c.org.token).webhooks.listWebhookEndpoints({ limit: 2, page: 2 });
    expectWire049(ListResourceWebhookEndpoint$inboundSchema, fresh, "SDK 1.x webhooks.listWebhookEndpoints");
    expect(fresh.items).toHaveLength(1);
    expectWire049(WebhookEndpoint$inboundSchema, await sdk1(c.org.token).webhooks.getWebhookEndpoint(c.mine[0]!.id as string), "SDK 1.x webhooks.getWebhookEndpoint");
    await expect049Failure(sdk049(c.org.token).webhooks.getWebhookEndpoint({ id: c.foreign.id as string }), { ...NOT_FOUND, className: "ResourceNotFound" });
    await expectSdk1Error(sdk1(c.org.token).webhooks.getWebhookEndpoint(c.foreign.id as string), { ...NOT_FOUND, className: "ResourceNotFound" });
  });
});

describe("PATCH /v1/webhooks/endpoints/{id} (update)", () => {
  type C = Two & { endpoint: JsonObject; foreign: JsonObject };
  const enabled = new WebhookReceiver();
  const disabled = new WebhookReceiver();
  let c: C;
  beforeAll(async () => {
    await enabled.start();
    await disabled.start();
    const orgs = await twoOrgs();
    c = { ...orgs, endpoint: await createEndpoint(orgs.org.token), foreign: await createEndpoint(orgs.other.token) };
  });
  afterAll(async () => {
    await enabled.stop();
    await disabled.stop();
  });
  const patch = (c: C, body: unknown, id = c.endpoint.id as string, token: string | null = c.org.token) => ({ method: "PATCH" as const, path: `${ENDPOINTS}/${id}`, token: token ?? undefined, body });
  const cases: ErrorCase<C>[] = [
    ...accessCases<C>((c) => c.org, (c, token) => patch(c, { enabled: false }, c.endpoint.id as string, token), "write"),
    { name: "another organization's endpoint", request: (c) => patch(c, { url: "http://127.0.0.1:9/stolen" }, c.foreign.id as string), expected: NOT_FOUND },
    { name: "a malformed id", request: (c) => patch(c, { enabled: false }, BOGUS_ID), expected: invalid(["path", "id"]) },
    { name: "an unknown id", request: (c) => patch(c, { enabled: false }, randomUuid()), expected: NOT_FOUND },
    { name: "a url that is not a URL", request: (c) => patch(c, { url: "nope" }), expected: invalid(["body", "url"]) },
    { name: "an unknown event type", request: (c) => patch(c, { events: ["nothing.happened"] }), expected: invalid(["body", "events", 0]) },
    { name: "enabled that is not a boolean", request: (c) => patch(c, { enabled: "no" }), expected: invalid(["body", "enabled"]) },
    { name: "a chat format", request: (c) => patch(c, { format: "discord" }), expected: invalid(["body", "format"]) },
  ];
  it.concurrent.each(cases)("error: $name → $expected.status $expected.error, both endpoints unchanged", async (row) => {
    const select = { url: true, events: true, enabled: true, format: true, name: true, modifiedAt: true };
    const before = await db().prisma.webhookEndpoint.findMany({ where: { id: { in: [c.endpoint.id as string, c.foreign.id as string] } }, select, orderBy: { id: "asc" } });
    await expectCase(c, row);
    expect(await db().prisma.webhookEndpoint.findMany({ where: { id: { in: [c.endpoint.id as string, c.foreign.id as string] } }, select, orderBy: { id: "asc" } })).toEqual(before);
  });

  it("updates through both SDKs; a disabled endpoint receives nothing while an enabled one does", async () => {
    const org = await merchantOrg("webhooks");
    const on = await createEndpoint(org.token, endpointBody(enabled.url));
    const off = await createEndpoint(org.token, endpointBody("http://127.0.0.1:9/before"));
    const moved = await sdk049(org.token).webhooks.updateWebhookEndpoint({
      id: off.id as string,
      webhookEndpointUpdate: { url: disabled.url, events: ["customer.created", "customer.updated"], name: "soon off" },
    });
    expect(moved).toMatchObject({ url: disabled.url, events: ["customer.created", "customer.updated"], name: "soon off", enabled: true });
    const turnedOff = await sdk1(org.token).webhooks.updateWebhookEndpoint(off.id as string, { enabled: false });
    expectWire049(WebhookEndpoint$inboundSchema, turnedOff, "SDK 1.x webhooks.updateWebhookEndpoint");
    expect(turnedOff).toMatchObject({ enabled: false, url: disabled.url });

    const customer = await touch(org.token);
    await enabled.waitFor(() => ofEndpoint(enabled, customer.email as string).length === 1);
    expect(validateEvent(enabled.received.at(-1)!.body, enabled.received.at(-1)!.headers, on.secret as string).type).toBe("customer.created");
    await sleep(500);
    expect(disabled.received).toEqual([]);
    expect((await ok({ path: `${DELIVERIES}?endpoint_id=${off.id}`, token: org.token })).pagination).toEqual({ total_count: 0, max_page: 0 });

    // Enabled again, it receives what happens next.
    await ok({ method: "PATCH", path: `${ENDPOINTS}/${off.id}`, token: org.token, body: { enabled: true } });
    const next = await touch(org.token);
    await disabled.waitFor(() => ofEndpoint(disabled, next.email as string).length === 1);
    expect(ofEndpoint(disabled, customer.email as string)).toEqual([]);
    await expect049Failure(sdk049(org.token).webhooks.updateWebhookEndpoint({ id: c.foreign.id as string, webhookEndpointUpdate: { enabled: false } }), {
      ...NOT_FOUND,
      className: "ResourceNotFound",
    });
    expect((await db().prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: c.foreign.id as string } })).enabled).toBe(true);
  });
});

describe("DELETE /v1/webhooks/endpoints/{id} (delete)", () => {
  type C = Two & { endpoint: JsonObject; foreign: JsonObject };
  let c: C;
  beforeAll(async () => {
    const orgs = await twoOrgs();
    c = { ...orgs, endpoint: await createEndpoint(orgs.org.token), foreign: await createEndpoint(orgs.other.token) };
  });
  const del = (c: C, id: string, token: string | null = c.org.token) => ({ method: "DELETE" as const, path: `${ENDPOINTS}/${id}`, token: token ?? undefined });
  const cases: ErrorCase<C>[] = [
    ...accessCases<C>((c) => c.org, (c, token) => del(c, c.endpoint.id as string, token), "write"),
    { name: "another organization's endpoint", request: (c) => del(c, c.foreign.id as string), expected: NOT_FOUND },
    { name: "a malformed id", request: (c) => del(c, BOGUS_ID), expected: invalid(["path", "id"]) },
    { name: "an unknown id", request: (c) => del(c, randomUuid()), expected: NOT_FOUND },
  ];
  it.concurrent.each(cases)("error: $name → $expected.status $expected.error, both endpoints still there", async (row) => {
    await expectCase(c, row);
    expect(await db().prisma.webhookEndpoint.count({ where: { id: { in: [c.endpoint.id as string, c.foreign.id as string] } } })).toBe(2);
  });

  it("deletes through SDK 0.49.0 (204), then it is 404; and through SDK 1.x", async () => {
    const doomed = await createEndpoint(c.org.token);
    await expect(sdk049(c.org.token).webhooks.deleteWebhookEndpoint({ id: doomed.id as string })).resolves.toBeUndefined();
    await expect049Failure(sdk049(c.org.token).webhooks.getWebhookEndpoint({ id: doomed.id as string }), { ...NOT_FOUND, className: "ResourceNotFound" });
    await expect049Failure(sdk049(c.org.token).webhooks.deleteWebhookEndpoint({ id: doomed.id as string }), { ...NOT_FOUND, className: "ResourceNotFound" });
    const raw = await send(del(c, (await createEndpoint(c.org.token)).id as string));
    expect(raw.status).toBe(204);
    expect(await raw.text()).toBe("");
    const other = await createEndpoint(c.org.token);
    await expect(sdk1(c.org.token).webhooks.deleteWebhookEndpoint(other.id as string)).resolves.toBeUndefined();
    await expectSdk1Error(sdk1(c.org.token).webhooks.getWebhookEndpoint(other.id as string), { ...NOT_FOUND, className: "ResourceNotFound" });
    await expectSdk1Error(sdk1(c.org.token).webhooks.deleteWebhookEndpoint(c.foreign.id as string), { ...NOT_FOUND, className: "ResourceNotFound" });
  });
});

describe("GET /v1/webhooks/deliveries and POST /v1/webhooks/events/{id}/redeliver", () => {
  type C = Two & { good: JsonObject; bad: JsonObject; email: string; eventId: string; foreignEventId: string };
  const up = new WebhookReceiver();
  const failing = new WebhookReceiver();
  const foreignReceiver = new WebhookReceiver();
  let c: C;
  beforeAll(async () => {
    await up.start();
    failing.status = 500;
    await failing.start();
    await foreignReceiver.start();
    const orgs = await twoOrgs();
    const good = await createEndpoint(orgs.org.token, endpointBody(up.url));
    const bad = await createEndpoint(orgs.org.token, endpointBody(failing.url));
    await createEndpoint(orgs.other.token, endpointBody(foreignReceiver.url));
    const customer = await touch(orgs.org.token);
    const foreignCustomer = await touch(orgs.other.token);
    await up.waitFor(() => ofEndpoint(up, customer.email as string).length === 1);
    await foreignReceiver.waitFor(() => ofEndpoint(foreignReceiver, foreignCustomer.email as string).length === 1);
    // The failing endpoint's first attempt is logged.
    await eventually(
      () => db().prisma.webhookDelivery.count({ where: { endpointId: bad.id as string, succeeded: false } }),
      (count) => count >= 1,
    );
    c = {
      ...orgs,
      good,
      bad,
      email: customer.email as string,
      eventId: ofEndpoint(up, customer.email as string)[0]!.headers["webhook-id"]!,
      foreignEventId: ofEndpoint(foreignReceiver, foreignCustomer.email as string)[0]!.headers["webhook-id"]!,
    };
    // The receiver has it before the sender marks it delivered: the cases below compare the
    // foreign event's row before and after each refused request, so it must be settled first
    // (under load the mark landed between the two reads).
    await eventually(
      () => db().prisma.webhookEvent.findUniqueOrThrow({ where: { id: c.foreignEventId }, select: { status: true } }),
      (event) => event.status === "succeeded",
    );
  });
  afterAll(async () => {
    await up.stop();
    await failing.stop();
    await foreignReceiver.stop();
  });
  const list = (c: C, query: string, token: string | null = c.org.token) => ({ path: `${DELIVERIES}?${query}`, token: token ?? undefined });
  const redeliver = (c: C, id: string, token: string | null = c.org.token) => ({ method: "POST" as const, path: `/v1/webhooks/events/${id}/redeliver`, token: token ?? undefined });
  const cases: ErrorCase<C>[] = [
    ...accessCases<C>((c) => c.org, (c, token) => list(c, "", token), "read").map((row) => ({ ...row, name: `deliveries: ${row.name}` })),
    { name: "deliveries: a malformed endpoint_id", request: (c) => list(c, `endpoint_id=${BOGUS_ID}`), expected: invalid(["query", "endpoint_id", 0]) },
    { name: "deliveries: succeeded that is not a boolean", request: (c) => list(c, "succeeded=perhaps"), expected: invalid(["query", "succeeded"]) },
    ...accessCases<C>((c) => c.org, (c, token) => redeliver(c, c.foreignEventId, token), "write").map((row) => ({ ...row, name: `redeliver: ${row.name}` })),
    { name: "redeliver: another organization's event", request: (c) => redeliver(c, c.foreignEventId), expected: NOT_FOUND },
    { name: "redeliver: a malformed id", request: (c) => redeliver(c, BOGUS_ID), expected: invalid(["path", "id"]) },
    { name: "redeliver: an unknown event", request: (c) => redeliver(c, randomUuid()), expected: NOT_FOUND },
  ];
  it.concurrent.each(cases)("error: $name → $expected.status $expected.error", async (row) => {
    const foreignBefore = await db().prisma.webhookEvent.findUniqueOrThrow({ where: { id: c.foreignEventId } });
    await expectCase(c, row);
    expect(await db().prisma.webhookEvent.findUniqueOrThrow({ where: { id: c.foreignEventId } })).toEqual(foreignBefore);
  });

  it("lists deliveries by endpoint and outcome, never another organization's", async () => {
    const good = await ok(list(c, `endpoint_id=${c.good.id}`));
    expect(good.pagination).toMatchObject({ total_count: 1 });
    const delivery = (good.items as JsonObject[])[0]!;
    expect(delivery).toMatchObject({ succeeded: true, http_code: 204 });
    expect(delivery.webhook_event).toMatchObject({ id: c.eventId, type: "customer.created", succeeded: true, skipped: false });
    expect(JSON.parse((delivery.webhook_event as JsonObject).payload as string)).toMatchObject({ type: "customer.created", data: { email: c.email } });

    const failed = await ok(list(c, `endpoint_id=${c.bad.id}&succeeded=false`));
    expect((failed.pagination as JsonObject).total_count).toBeGreaterThanOrEqual(1);
    for (const item of failed.items as JsonObject[]) expect(item).toMatchObject({ succeeded: false, http_code: 500 });
    expect(await ok(list(c, `endpoint_id=${c.bad.id}&succeeded=true`))).toEqual({ items: [], pagination: { total_count: 0, max_page: 0 } });
    expect(await ok(list(c, `endpoint_id=${c.good.id}&succeeded=false`))).toEqual({ items: [], pagination: { total_count: 0, max_page: 0 } });
    const foreignEndpoint = (await db().prisma.webhookEvent.findUniqueOrThrow({ where: { id: c.foreignEventId } })).endpointId;
    expect(await ok(list(c, `endpoint_id=${foreignEndpoint}`))).toEqual({ items: [], pagination: { total_count: 0, max_page: 0 } });
    const all = await ok(list(c, "limit=100"));
    expect((all.items as JsonObject[]).some((item) => (item.webhook_event as JsonObject).id === c.foreignEventId)).toBe(false);
  });

  it("lists deliveries through SDK 0.49.0 and SDK 1.x (2026-10)", async () => {
    const page = await sdk049(c.org.token).webhooks.listWebhookDeliveries({ endpointId: c.good.id as string, succeeded: true });
    expect(page.result.items).toHaveLength(1);
    expect(page.result.items[0]!.webhookEvent).toMatchObject({ id: c.eventId, type: "customer.created" });
    const failed = await sdk049(c.org.token).webhooks.listWebhookDeliveries({ endpointId: c.bad.id as string, succeeded: false });
    expect(failed.result.pagination.totalCount).toBeGreaterThanOrEqual(1);
    const fresh = await sdk1(c.org.token).webhooks.listWebhookDeliveries({ endpoint_id: c.good.id as string });
    expectWire049(ListResourceWebhookDelivery$inboundSchema, fresh, "SDK 1.x webhooks.listWebhookDeliveries");
    expect(fresh.items.map((item) => item.webhook_event.id)).toEqual([c.eventId]);
  });

  it("redelivers through SDK 0.49.0 (202): the same event id arrives a second time, signed, and the log holds both attempts", async () => {
    await expect(sdk049(c.org.token).webhooks.redeliverWebhookEvent({ id: c.eventId })).resolves.toBeDefined();
    await up.waitFor(() => up.received.filter((r) => r.headers["webhook-id"] === c.eventId).length === 2);
    const [first, second] = up.received.filter((r) => r.headers["webhook-id"] === c.eventId);
    expect(second!.body).toBe(first!.body);
    expect(validateEvent(second!.body, second!.headers, c.good.secret as string).type).toBe("customer.created");
    const log = await eventually(
      () => ok(list(c, `endpoint_id=${c.good.id}`)),
      (page) => (page.pagination as JsonObject).total_count === 2,
    );
    expect((log.items as JsonObject[]).map((item) => (item.webhook_event as JsonObject).id)).toEqual([c.eventId, c.eventId]);

    const raw = await send(redeliver(c, c.eventId));
    expect(raw.status).toBe(202);
    await up.waitFor(() => up.received.filter((r) => r.headers["webhook-id"] === c.eventId).length === 3);
    await expect(sdk1(c.org.token).webhooks.redeliverWebhookEvent(c.eventId)).resolves.toBeDefined();
    await up.waitFor(() => up.received.filter((r) => r.headers["webhook-id"] === c.eventId).length === 4);
    await expect049Failure(sdk049(c.org.token).webhooks.redeliverWebhookEvent({ id: c.foreignEventId }), { ...NOT_FOUND, className: "ResourceNotFound" });
    expect(foreignReceiver.received.filter((r) => r.headers["webhook-id"] === c.foreignEventId)).toHaveLength(1);
  });
});

describe("retries of a failing endpoint (the schedule of lib/webhooks/retry-schedule.ts, applied by the delivery loop)", () => {
  const failing = new WebhookReceiver();
  let endpoint: JsonObject;
  beforeAll(async () => {
    failing.status = 500;
    await failing.start();
    const org = await merchantOrg("webhooks");
    endpoint = await createEndpoint(org.token, endpointBody(failing.url, ["order.paid"]));
  });
  afterAll(() => failing.stop());

  const eventOf = (id: string) => db().prisma.webhookEvent.findUniqueOrThrow({ where: { id } });
  const attemptsOf = (id: string) =>
    db().prisma.webhookDelivery.findMany({ where: { webhookEventId: id }, select: { succeeded: true, httpCode: true }, orderBy: { createdAt: "asc" } });
  /** The event once the attempt that brought it to `attempts` has been recorded (its lease released). */
  const settledAt = (id: string, attempts: number) => eventually(() => eventOf(id), (row) => row.attempts === attempts && row.lockedUntil === null);

  it("waits 2^10 × the base after the 11th failure, and gives the event up after the 12th", async () => {
    // An event that already failed 10 times (this server retries from a 1 s base): the
    // poller's next attempt is its 11th.
    const payload = JSON.stringify({ type: "order.paid", timestamp: new Date().toISOString(), data: {} });
    const { id } = await db().prisma.webhookEvent.create({ data: { endpointId: endpoint.id as string, type: "order.paid", payload, attempts: 10 }, select: { id: true } });

    const eleventh = await settledAt(id, 11);
    expect(eleventh.status).toBe("pending");
    const waitSeconds = (eleventh.nextAttemptAt.getTime() - eleventh.modifiedAt!.getTime()) / 1000;
    expect(waitSeconds, "1 s × 2^10, spread by ±20%").toBeGreaterThanOrEqual(819);
    expect(waitSeconds).toBeLessThanOrEqual(1229);
    expect(await attemptsOf(id)).toEqual([{ succeeded: false, httpCode: 500 }]);

    // Due again at once: the 12th attempt is the last.
    await db().prisma.$executeRaw`UPDATE webhook_events SET next_attempt_at = now() WHERE id = ${id}::uuid`;
    const twelfth = await settledAt(id, 12);
    expect(twelfth).toMatchObject({ status: "failed", lastHttpCode: 500, skipped: false });
    expect(await attemptsOf(id)).toEqual([
      { succeeded: false, httpCode: 500 },
      { succeeded: false, httpCode: 500 },
    ]);

    // Given up: still due, the poller runs every second, and nothing more is tried.
    await sleep(2500);
    expect(await eventOf(id)).toMatchObject({ status: "failed", attempts: 12 });
    expect(await attemptsOf(id)).toHaveLength(2);
  });
});
