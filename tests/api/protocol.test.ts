// What every route shares: the Polar-Version header, JSON everywhere, 404 for unknown
// paths and versions, body parsing failures as 422/413 (never 500), and the wire shape of
// CustomerSeat (every nullable key present, timestamps with a Z).
import http from "node:http";
import { describe, expect, it } from "vitest";
import { baseUrl } from "../fixtures/clients";
import { createOrganizationToken, uniqueEmail } from "../fixtures/factories";
import {
  CLAIMED,
  CUSTOMER_SEAT_KEYS,
  ISO_Z,
  SEATS,
  SEAT_CLAIM_INFO_KEYS,
  assignAndClaim,
  assignRaw,
  expectErrorResponse,
  invitationToken,
  jsonOf,
  portalWorld,
  send,
  type Json,
  type JsonObject,
  type RawRequest,
} from "./helpers";

const NOT_FOUND = '{"detail":"Not Found"}';

async function expectPlainNotFound(response: Response, label: string) {
  const text = await response.text();
  expect(response.status, `${label}: ${text}`).toBe(404);
  expect(response.headers.get("content-type"), label).toMatch(/^application\/json/);
  expect(text, label).toBe(NOT_FOUND);
}

/** A signed-in owner and one request of each kind of route, all expected to succeed. */
async function routes() {
  const world = await portalWorld();
  const { token: orgToken } = await createOrganizationToken(world.organization.id);
  const email = uniqueEmail("protocol");
  const seat = await assignRaw(world.ownerToken, { subscription_id: world.subscription.id, email });
  const invitation = await invitationToken(email);
  return { world, orgToken, seat, invitation };
}

describe("Polar-Version", () => {
  it("missing → 2026-04 on every response: success, error and unknown path", async () => {
    const { world } = await routes();
    const responses = [
      await send({ path: `${SEATS}?subscription_id=${world.subscription.id}`, token: world.ownerToken }),
      await send({ path: `${SEATS}?subscription_id=${world.subscription.id}` }),
      await send({ method: "POST", path: SEATS, token: world.ownerToken, rawBody: "{" }),
      await send({ path: "/v1/no-such-thing" }),
    ];
    expect(responses.map((r) => r.status)).toEqual([200, 401, 422, 404]);
    for (const response of responses) expect(response.headers.get("polar-version"), response.url).toBe("2026-04");
  });

  it.each(["2026-04", "2026-10", "2027-01"])("%s is accepted and echoed", async (version) => {
    const { world, invitation } = await routes();
    const headers = { "polar-version": version };
    const responses = [
      await send({ path: `${SEATS}?subscription_id=${world.subscription.id}`, token: world.ownerToken, headers }),
      await send({ path: `/v1/customer-seats/claim/${invitation}`, headers }),
      await send({ path: CLAIMED, token: world.ownerToken, headers }),
      await send({ path: SEATS, headers }),
      await send({ path: "/v1/no-such-thing", headers }),
    ];
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 401, 404]);
    for (const response of responses) expect(response.headers.get("polar-version"), response.url).toBe(version);
  });

  it.each(["1999-01", "garbage", "2026-01", "2026-4"])("%s → 404 {\"detail\":\"Not Found\"} on real routes and unknown paths", async (version) => {
    const { world, orgToken, seat, invitation } = await routes();
    const headers = { "polar-version": version };
    const requests: RawRequest[] = [
      { path: `${SEATS}?subscription_id=${world.subscription.id}`, token: world.ownerToken, headers },
      { method: "POST", path: SEATS, token: world.ownerToken, headers, body: { subscription_id: world.subscription.id, email: uniqueEmail() } },
      { method: "DELETE", path: `${SEATS}/${seat.id}`, token: world.ownerToken, headers },
      { method: "POST", path: `${SEATS}/${seat.id}/resend`, token: world.ownerToken, headers },
      { path: `${CLAIMED}?page=1&limit=10`, token: world.ownerToken, headers },
      { path: `/v1/customer-seats/claim/${invitation}`, headers },
      { method: "POST", path: "/v1/customer-seats/claim", headers, body: { invitation_token: invitation } },
      { method: "POST", path: "/v1/customer-sessions/", token: orgToken, headers, body: { customer_id: world.owner.id } },
      { path: SEATS, headers },
      { path: "/v1/no-such-thing", headers },
      { method: "POST", path: "/v1/customer-portal/nothing/here", headers, body: {} },
    ];
    for (const request of requests) await expectPlainNotFound(await send(request), `${request.method ?? "GET"} ${request.path}`);
    // Nothing happened behind the 404s.
    const list = (await jsonOf(await send({ path: `${SEATS}?subscription_id=${world.subscription.id}`, token: world.ownerToken }))) as JsonObject;
    expect(list.seats as JsonObject[]).toHaveLength(1);
    expect((list.seats as JsonObject[])[0]).toMatchObject({ id: seat.id, status: "pending" });
    expect((await send({ path: `/v1/customer-seats/claim/${invitation}` })).status).toBe(200);
  });

  it("an unsupported version is a 404 on every path, even with a method the route does not serve", async () => {
    const headers = { "polar-version": "1999-01" };
    await expectPlainNotFound(await send({ method: "PUT", path: SEATS, headers, body: {} }), "PUT seats");
    await expectPlainNotFound(await send({ path: "/v1/customer-sessions/", headers }), "GET customer-sessions");
  });
});

describe("JSON everywhere", () => {
  it.each(["/v1/no-such-thing", "/v1/customer-portal", "/v1/customer-portal/seats/a/b/c", "/v1/customer-seats/claim/a/b"])(
    "unknown path %s → 404 JSON for every method",
    async (path) => {
      for (const method of ["GET", "POST", "DELETE", "PATCH", "PUT"] as const) {
        const response = await send({ method, path, ...(method === "GET" || method === "DELETE" ? {} : { body: {} }) });
        await expectPlainNotFound(response, `${method} ${path}`);
        expect(response.headers.get("polar-version")).toBe("2026-04");
      }
    },
  );

  it("the bare /v1/ root is an unknown path too → 404 JSON", async () => {
    await expectPlainNotFound(await send({ path: "/v1/" }), "GET /v1/");
  });

  it("the API has one address: /api/v1/… is not a second one (404)", async () => {
    const { world } = await routes();
    for (const path of [`/api${SEATS}?subscription_id=${world.subscription.id}`, "/api/v1/customer-sessions", "/api/v1/no-such-thing"]) {
      expect((await send({ path, token: world.ownerToken })).status, `GET ${path}`).toBe(404);
    }
    // The same request at /v1 is served.
    expect((await send({ path: `${SEATS}?subscription_id=${world.subscription.id}`, token: world.ownerToken })).status).toBe(200);
  });

  it("every query key reaches the route, even one named like a path parameter of Next's rewrite", async () => {
    const { world } = await routes();
    // A NUL is refused wherever it is, so the answer shows whether `path` was seen.
    for (const key of ["path", "page"]) {
      const response = await send({ path: `${SEATS}?subscription_id=${world.subscription.id}&${key}=%00`, token: world.ownerToken });
      expect(response.status, key).toBe(422);
      expect(((await response.json()) as { detail: { loc: string[] }[] }).detail[0]!.loc, key).toEqual(["query", key]);
    }
  });

  it("HEAD is GET without a body; OPTIONS names the methods", async () => {
    const { world } = await routes();
    const path = `${SEATS}?subscription_id=${world.subscription.id}`;
    const get = await send({ path, token: world.ownerToken });
    const head = await send({ method: "HEAD", path, token: world.ownerToken });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-type")).toBe(get.headers.get("content-type"));
    expect(await head.text()).toBe("");
    const options = await send({ method: "OPTIONS", path: SEATS });
    expect(options.status).toBe(204);
    expect(options.headers.get("allow")).toBe("GET, POST, HEAD, OPTIONS");
  });

  it("a method the route does not serve → 405 with a JSON body (never an empty body)", async () => {
    const { world } = await routes();
    const requests: RawRequest[] = [
      { method: "PUT", path: SEATS, token: world.ownerToken, body: {} },
      { method: "GET", path: "/v1/customer-sessions/" },
      { method: "GET", path: "/v1/customer-seats/claim" },
      { method: "GET", path: `${SEATS}/${world.subscription.id}/resend`, token: world.ownerToken },
    ];
    for (const request of requests) {
      const response = await send(request);
      const label = `${request.method} ${request.path}`;
      expect.soft(response.status, label).toBe(405);
      expect.soft(response.headers.get("content-type"), label).toMatch(/^application\/json/);
      expect.soft((await response.text()).length, `${label}: empty body`).toBeGreaterThan(0);
    }
  });

  it("every answer of the API is application/json with a JSON body", async () => {
    const { world, orgToken, seat, invitation } = await routes();
    const requests: { request: RawRequest; status: number }[] = [
      { request: { path: `${SEATS}?subscription_id=${world.subscription.id}`, token: world.ownerToken }, status: 200 },
      { request: { method: "POST", path: `${SEATS}/${seat.id}/resend`, token: world.ownerToken }, status: 200 },
      { request: { path: CLAIMED, token: world.ownerToken }, status: 200 },
      { request: { path: `${CLAIMED}?limit=5`, token: world.ownerToken }, status: 200 },
      { request: { method: "POST", path: "/v1/customer-sessions/", token: orgToken, body: { customer_id: world.owner.id } }, status: 201 },
      { request: { path: SEATS, token: world.ownerToken }, status: 400 },
      { request: { method: "POST", path: "/v1/customer-seats/claim", body: { invitation_token: invitation.slice(1) } }, status: 400 },
      { request: { path: `${SEATS}?subscription_id=${world.subscription.id}` }, status: 401 },
      { request: { method: "POST", path: "/v1/customer-sessions", token: world.ownerToken, body: { customer_id: world.owner.id } }, status: 401 },
      { request: { path: `${SEATS}?subscription_id=${world.otherSubscription.id}`, token: world.ownerToken }, status: 404 },
      { request: { path: `/v1/customer-seats/claim/${invitation.slice(1)}` }, status: 404 },
      { request: { method: "DELETE", path: `${SEATS}/not-a-uuid`, token: world.ownerToken }, status: 422 },
      { request: { method: "POST", path: SEATS, token: world.ownerToken, rawBody: "x".repeat(100 * 1024) }, status: 413 },
      { request: { method: "DELETE", path: `${SEATS}/${seat.id}`, token: world.ownerToken }, status: 200 },
    ];
    for (const { request, status } of requests) {
      const response = await send(request);
      const label = `${request.method ?? "GET"} ${request.path}`;
      expect(response.status, label).toBe(status);
      expect(response.headers.get("content-type"), label).toMatch(/^application\/json/);
      await jsonOf(response);
    }
  });
});

describe("request bodies", () => {
  type Target = { name: string; request: (c: Awaited<ReturnType<typeof routes>>, body: { rawBody?: string; body?: unknown }) => RawRequest };
  const targets: Target[] = [
    { name: "assign_seat", request: (c, body) => ({ method: "POST", path: SEATS, token: c.world.ownerToken, ...body }) },
    { name: "claim", request: (_c, body) => ({ method: "POST", path: "/v1/customer-seats/claim", ...body }) },
    { name: "customer session", request: (c, body) => ({ method: "POST", path: "/v1/customer-sessions/", token: c.orgToken, ...body }) },
  ];

  it.each(targets)("$name: malformed JSON → 422 json_invalid", async ({ request }) => {
    const c = await routes();
    for (const rawBody of ['{"email": "a@b.co",', "{'single': 'quotes'}", "nope"]) {
      const body = await expectErrorResponse(await send(request(c, { rawBody })), { status: 422, error: "RequestValidationError" });
      expect((body.detail as JsonObject[])[0]!.type, rawBody).toBe("json_invalid");
    }
  });

  it.each(targets)("$name: empty body → 422", async ({ request }) => {
    const c = await routes();
    const response = await send({ ...request(c, {}), headers: { "content-type": "application/json" } });
    await expectErrorResponse(response, { status: 422, error: "RequestValidationError" });
  });

  it.each(targets)("$name: a JSON array, string, number, boolean or null body → 422", async ({ request }) => {
    const c = await routes();
    for (const rawBody of ["[]", '[{"email":"a@b.co"}]', '"text"', "42", "true", "null"]) {
      const response = await send(request(c, { rawBody }));
      const text = await response.clone().text();
      expect(response.status, `${rawBody}: ${text}`).toBe(422);
      await expectErrorResponse(response, { status: 422, error: "RequestValidationError" });
    }
  });

  it.each(targets)("$name: a 100 KB body → 413, never 500, and the server keeps serving", async ({ request }) => {
    const c = await routes();
    const padded = JSON.stringify({ email: uniqueEmail(), invitation_token: "x", customer_id: c.world.owner.id, padding: "p".repeat(100 * 1024) });
    const response = await send(request(c, { rawBody: padded }));
    const text = await response.text();
    expect(response.status, text).toBe(413);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const body = JSON.parse(text) as JsonObject;
    expect(Object.keys(body).sort()).toEqual(["detail", "error"]);
    expect(typeof body.error).toBe("string");
    expect(typeof body.detail).toBe("string");

    // Streamed (chunked, no Content-Length), on a connection of its own: cut off as well.
    const target = request(c, {});
    const streamed = await rawHttp(target.path, { token: target.token, chunks: 100, agent: false });
    expect(streamed.status, streamed.body).toBe(413);
    expect(streamed.headers["content-type"]).toMatch(/^application\/json/);
    JSON.parse(streamed.body);

    expect((await send({ path: `${SEATS}?subscription_id=${c.world.subscription.id}`, token: c.world.ownerToken })).status).toBe(200);
  });

  it("after a 413 on a chunked body, the kept-alive connection still serves the next request", async () => {
    const c = await routes();
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const refused = await rawHttp(SEATS, { token: c.world.ownerToken, chunks: 100, agent });
      expect(refused.status).toBe(413);
      const next = await rawHttp(`${SEATS}?subscription_id=${c.world.subscription.id}`, { method: "GET", token: c.world.ownerToken, agent, timeoutMs: 3000 });
      expect(next.status, next.body).toBe(200);
    } finally {
      agent.destroy();
    }
  });

  it("after a 413 on a chunked body of megabytes, the connection is let go within seconds, not kept waiting for the rest", async () => {
    const c = await routes();
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      // 8 MiB: past what the server throws away, so its only connection stays busy with the
      // upload until the server closes it (Node alone would wait 5 minutes).
      const refused = await rawHttp(SEATS, { token: c.world.ownerToken, chunks: 8192, agent, timeoutMs: 5000 });
      expect(refused.status).toBe(413);
      const next = await rawHttp(`${SEATS}?subscription_id=${c.world.subscription.id}`, { method: "GET", token: c.world.ownerToken, agent, timeoutMs: 8000 });
      expect(next.status, next.body).toBe(200);
    } finally {
      agent.destroy();
    }
  });
});

/**
 * A request through node:http: with `chunks`, a POST body of that many KiB sent chunked
 * (no Content-Length); `agent` picks the connection (false: a fresh one, closed after).
 */
function rawHttp(
  path: string,
  options: { method?: string; token?: string; chunks?: number; agent: http.Agent | false; timeoutMs?: number },
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(new URL(path, baseUrl()), {
      method: options.method ?? "POST",
      agent: options.agent,
      headers: { "content-type": "application/json", ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) },
      timeout: options.timeoutMs ?? 10_000,
    });
    request.on("timeout", () => request.destroy(new Error(`no answer within ${options.timeoutMs ?? 10_000} ms`)));
    request.on("error", reject);
    request.on("response", (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
      response.on("error", reject);
    });
    const chunk = Buffer.alloc(1024, "a");
    for (let i = 0; i < (options.chunks ?? 0); i++) request.write(chunk);
    request.end();
  });
}

/** Every string of a payload that looks like a timestamp. */
function timestampsOf(value: Json, found: string[] = []): string[] {
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}T/.test(value)) found.push(value);
  else if (Array.isArray(value)) value.forEach((item) => timestampsOf(item, found));
  else if (value && typeof value === "object") Object.values(value).forEach((item) => timestampsOf(item, found));
  return found;
}

function expectCustomerSeat(seat: JsonObject, label: string) {
  expect(Object.keys(seat).sort(), label).toEqual(CUSTOMER_SEAT_KEYS);
  // A live seat names its member (a Member, every key present); a revoked one forgets it, as Polar's.
  if (seat.status === "revoked") {
    expect(seat.member_id, label).toBeNull();
    expect(seat.member, label).toBeNull();
  } else {
    const member = seat.member as JsonObject;
    expect(Object.keys(member).sort(), label).toEqual(["created_at", "customer_id", "email", "external_id", "id", "modified_at", "name", "role"]);
    expect(member.id, label).toBe(seat.member_id);
    expect(member.created_at, label).toMatch(ISO_Z);
  }
  for (const key of ["created_at", "modified_at", "invitation_token_expires_at", "claimed_at", "revoked_at"]) {
    if (seat[key] !== null) expect(seat[key], `${label}.${key}`).toMatch(ISO_Z);
  }
  expect(seat.created_at, label).toMatch(ISO_Z);
}

describe("wire shape", () => {
  it("every CustomerSeat carries every nullable key and Z timestamps, in every state and on every route", async () => {
    const world = await portalWorld();
    const pending = await send({ method: "POST", path: SEATS, token: world.ownerToken, body: { subscription_id: world.subscription.id, email: uniqueEmail("p") } });
    const pendingSeat = (await jsonOf(pending)) as JsonObject;
    expectCustomerSeat(pendingSeat, "assigned");
    expect(pendingSeat).toMatchObject({ order_id: null, claimed_at: null, revoked_at: null, status: "pending" });
    expect(pendingSeat.invitation_token_expires_at).toMatch(ISO_Z);

    const resent = (await jsonOf(await send({ method: "POST", path: `${SEATS}/${pendingSeat.id}/resend`, token: world.ownerToken }))) as JsonObject;
    expectCustomerSeat(resent, "resent");
    expect(resent.modified_at).toMatch(ISO_Z);

    const { claimed } = await assignAndClaim(world.ownerToken, { subscription_id: world.subscription.id }, uniqueEmail("c"));
    expectCustomerSeat(claimed, "claimed");
    expect(claimed.claimed_at).toMatch(ISO_Z);

    const revoked = (await jsonOf(await send({ method: "DELETE", path: `${SEATS}/${pendingSeat.id}`, token: world.ownerToken }))) as JsonObject;
    expectCustomerSeat(revoked, "revoked");
    expect(revoked).toMatchObject({ customer_id: null, email: null, customer_email: null });
    expect(revoked.revoked_at).toMatch(ISO_Z);

    const onOrder = (await jsonOf(
      await send({ method: "POST", path: SEATS, token: world.ownerToken, body: { order_id: world.order.id, email: uniqueEmail("o") } }),
    )) as JsonObject;
    expectCustomerSeat(onOrder, "order seat");
    expect(onOrder.subscription_id).toBeNull();

    const list = (await jsonOf(await send({ path: `${SEATS}?subscription_id=${world.subscription.id}`, token: world.ownerToken }))) as JsonObject;
    expect(Object.keys(list).sort()).toEqual(["available_seats", "seats", "total_seats"]);
    expect(Number.isInteger(list.available_seats) && Number.isInteger(list.total_seats)).toBe(true);
    const seats = list.seats as JsonObject[];
    expect(seats).toHaveLength(2);
    seats.forEach((seat, i) => expectCustomerSeat(seat, `list[${i}]`));
  });

  it("every timestamp of every payload ends with Z (claimed subscriptions, sessions, claim info)", async () => {
    const world = await portalWorld();
    const { sessionToken } = await assignAndClaim(world.ownerToken, { subscription_id: world.subscription.id }, uniqueEmail("z"));
    const { token: orgToken } = await createOrganizationToken(world.organization.id);
    const payloads: Json[] = [
      await jsonOf(await send({ path: CLAIMED, token: sessionToken })),
      await jsonOf(await send({ path: `${CLAIMED}?page=1&limit=10`, token: sessionToken })),
      await jsonOf(await send({ method: "POST", path: "/v1/customer-sessions/", token: orgToken, body: { customer_id: world.owner.id } })),
    ];
    const timestamps = payloads.flatMap((payload) => timestampsOf(payload));
    expect(timestamps.length).toBeGreaterThan(10);
    for (const timestamp of timestamps) expect(timestamp).toMatch(ISO_Z);
    const subscription = (payloads[0] as JsonObject[])[0]!;
    for (const key of ["trial_start", "trial_end", "canceled_at", "ends_at", "ended_at", "discount_id", "checkout_id", "pending_update", "units"]) {
      expect(subscription, key).toHaveProperty(key);
    }
  });
});

describe("trailing slashes", () => {
  /** Status, content type and the shape of a body: its keys (an array: each item's keys), never its ids. */
  async function answer(response: Response) {
    const json = await jsonOf(response);
    const keys = (value: Json) => (value && typeof value === "object" && !Array.isArray(value) ? Object.keys(value).sort() : typeof value);
    return {
      status: response.status,
      contentType: response.headers.get("content-type"),
      shape: Array.isArray(json) ? { array: json.map(keys) } : keys(json),
      error: json && typeof json === "object" && !Array.isArray(json) ? (json.error ?? null) : null,
    };
  }

  it("seats/, seats/subscriptions/, seats/{id}/resend/ and customer-seats/claim/{token}/ answer as they do without the slash", async () => {
    // Seven seats: a holder, two pending seats (one for each resend), two assigns, and a fresh invitation below.
    const world = await portalWorld({ seats: 7 });
    const { sessionToken } = await assignAndClaim(world.ownerToken, { subscription_id: world.subscription.id }, uniqueEmail("slash-holder"));
    const pending = await assignRaw(world.ownerToken, { subscription_id: world.subscription.id, email: uniqueEmail("slash-pending") });
    const invitation = await invitationToken(pending.email as string);
    // A seat of its own for the resend with the slash: a second resend of one seat within a minute is refused (429).
    const pendingToo = await assignRaw(world.ownerToken, { subscription_id: world.subscription.id, email: uniqueEmail("slash-pending-too") });
    const list = `?subscription_id=${world.subscription.id}`;
    const pairs: { name: string; request: (slash: "" | "/") => RawRequest; same?: "body" }[] = [
      { name: "GET seats/", request: (slash) => ({ path: `${SEATS}${slash}${list}`, token: world.ownerToken }), same: "body" },
      { name: "GET seats/ anonymous", request: (slash) => ({ path: `${SEATS}${slash}${list}` }), same: "body" },
      { name: "GET seats/ another customer's", request: (slash) => ({ path: `${SEATS}${slash}?subscription_id=${world.otherSubscription.id}`, token: world.ownerToken }), same: "body" },
      { name: "POST seats/", request: (slash) => ({ method: "POST", path: `${SEATS}${slash}`, token: world.ownerToken, body: { subscription_id: world.subscription.id, email: uniqueEmail(`slash${slash ? "-with" : "-without"}`) } }) },
      { name: "POST seats/ with a bad body", request: (slash) => ({ method: "POST", path: `${SEATS}${slash}`, token: world.ownerToken, body: { subscription_id: world.subscription.id, email: "nope" } }), same: "body" },
      { name: "GET seats/subscriptions/", request: (slash) => ({ path: `${CLAIMED}${slash}`, token: sessionToken }), same: "body" },
      { name: "GET seats/subscriptions/?page&limit", request: (slash) => ({ path: `${CLAIMED}${slash}?page=1&limit=10`, token: sessionToken }), same: "body" },
      { name: "POST seats/{id}/resend/", request: (slash) => ({ method: "POST", path: `${SEATS}/${(slash ? pendingToo : pending).id}/resend${slash}`, token: world.ownerToken }) },
      { name: "POST seats/{id}/resend/ of an unknown seat", request: (slash) => ({ method: "POST", path: `${SEATS}/${crypto.randomUUID()}/resend${slash}`, token: world.ownerToken }), same: "body" },
      { name: "GET customer-seats/claim/{token}/ unknown", request: (slash) => ({ path: `/v1/customer-seats/claim/${invitation.slice(1)}${slash}` }), same: "body" },
    ];
    for (const pair of pairs) {
      const without = await send(pair.request(""));
      const withSlash = await send(pair.request("/"));
      if (pair.same === "body") {
        expect({ status: withSlash.status, body: await jsonOf(withSlash) }, pair.name).toEqual({ status: without.status, body: await jsonOf(without) });
      } else {
        const [a, b] = [await answer(without), await answer(withSlash)];
        expect(b, pair.name).toEqual(a);
        expect(a.status, pair.name).toBe(200);
      }
    }

    // The resends above rotated that seat's link (and their emails may arrive in any order):
    // claim info both ways on a fresh invitation of its own.
    const invitee = uniqueEmail("slash-info");
    await assignRaw(world.ownerToken, { subscription_id: world.subscription.id, email: invitee });
    const newest = await invitationToken(invitee);
    const info = await send({ path: `/v1/customer-seats/claim/${newest}` });
    const infoSlash = await send({ path: `/v1/customer-seats/claim/${newest}/` });
    expect(info.status).toBe(200);
    const infoBody = (await jsonOf(info)) as JsonObject;
    expect(Object.keys(infoBody).sort()).toEqual(SEAT_CLAIM_INFO_KEYS);
    expect({ status: infoSlash.status, body: await jsonOf(infoSlash) }).toEqual({ status: 200, body: infoBody });

    // What the 200s did, they did once each: two assigns, a resend of each pending seat.
    const seats = (await jsonOf(await send({ path: `${SEATS}${list}`, token: world.ownerToken }))) as JsonObject;
    expect((seats.seats as JsonObject[]).filter((seat) => /^slash-with(out)?-/.test(String(seat.email)))).toHaveLength(2);
  });
});
