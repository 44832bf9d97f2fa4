// Bad input (issue 4, property 3): property-based fuzzing of every API route with
// fast-check (random JSON, wrong types, unicode and control characters in emails and
// metadata, ids that are not UUIDs, odd headers), then, one by one, the classes of input
// found to break it, and bodies over the size cap. The property: no 5xx, and every
// refusal in a documented shape. FUZZ_SEED replays a run; RELIABILITY_SCALE=full sends
// three times as many requests.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordFigures } from "./fixtures/figures";
import { errorName, pool, refusalShapeProblem, request, tally, type HttpRequest, type Json, type JsonObject, type Reply } from "./fixtures/http";
import { scaled } from "./fixtures/scale";
import { startStack, type Stack } from "./fixtures/stack";
import { createOrganizationToken, createTenant, uniqueEmail, type Database, type Tenant } from "./fixtures/world";

const SEATS = "/v1/customer-portal/seats";
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const CONCURRENCY = 16;
// Per route; the sum is the run's size (at least 10,000 at either scale).
const SIZE = Number(process.env.FUZZ_SIZE ?? scaled(1, 3));
const ALLOWED = new Set([200, 201, 400, 401, 403, 404, 405, 413, 422, 429]);

// Its own server: the thousands of invitations a run queues would hold up the shared
// server's outbox for the files after it. Their mail is accepted and dropped.
let stack: Stack;
let db: Database;
let tenants: { tenant: Tenant; seatId: string }[];
let organizationToken: string;
// One organization token per tenant, for the merchant API.
let organizationTokens: string[];

beforeAll(async () => {
  // Webhook endpoints may point at this machine (a closed port: deliveries fail, offline).
  stack = await startStack({ mail: "discard", kill: true, env: { WEBHOOK_ALLOW_PRIVATE_URLS: "true" } });
  db = stack.db;
  tenants = [];
  // Subscriptions with room to spare, so that a fuzzed body that passes validation
  // reaches the database write (where metadata is stored) rather than "no seat free".
  // Eight billing customers: the assign limit (100 a minute each) leaves room for deep paths.
  for (let i = 0; i < 8; i++) {
    const tenant = await createTenant(db.prisma, { seats: 100_000, orderSeats: 100_000 });
    const seat = await request(stack.url, { method: "POST", path: SEATS, token: tenant.ownerToken, body: { subscription_id: tenant.subscription.id, email: uniqueEmail("fuzz") } });
    expect(seat.status, seat.text).toBe(200);
    tenants.push({ tenant, seatId: (seat.json as JsonObject).id as string });
  }
  organizationTokens = [];
  for (const { tenant } of tenants) organizationTokens.push((await createOrganizationToken(db.prisma, tenant.organization.id)).token);
  organizationToken = organizationTokens[0]!;
});

afterAll(async () => {
  await stack?.stop();
});

const strange = fc.constantFrom(
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\u0007\u001b[31m",
  "\r\n",
  "\u202e\u0645\u0631\u062d\u0628\u0627",
  "\ufeff",
  "\ud800",
  "\udfff",
  "💥🧨",
  "Ω≈ç√∫",
  "'; DROP TABLE customers; --",
  "<script>alert(1)</script>",
  "../../etc/passwd",
  "%00",
  "${jndi:ldap://x}",
  "null",
  "NaN",
  "-1",
  "1e309",
);
const text = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 3, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary-ascii", maxLength: 40 }) },
  { weight: 3, arbitrary: strange },
  { weight: 1, arbitrary: fc.string({ minLength: 300, maxLength: 3000 }) },
);
const anyJson: fc.Arbitrary<Json> = fc.jsonValue({ maxDepth: 4 }) as fc.Arbitrary<Json>;
const wrongType: fc.Arbitrary<Json> = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }));

/** An address the API accepts (fc.emailAddress() also makes RFC 5322 ones that it refuses). */
const plainEmail = fc.tuple(fc.stringMatching(/^[a-z0-9][a-z0-9._+-]{0,15}[a-z0-9]$/), fc.constantFrom("example.com", "Example.ORG", "mail.example.net")).map(([local, domain]) =>
  `${local.replace(/\.{2,}/g, ".")}@${domain}`,
);

const emailish: fc.Arbitrary<Json> = fc.oneof(
  { weight: 2, arbitrary: plainEmail },
  { weight: 4, arbitrary: fc.emailAddress() },
  { weight: 2, arbitrary: fc.tuple(fc.emailAddress(), text, fc.nat(30)).map(([email, insert, at]) => email.slice(0, at) + insert + email.slice(at)) },
  { weight: 1, arbitrary: fc.tuple(fc.string({ unit: "grapheme", minLength: 1, maxLength: 12 }), fc.string({ unit: "grapheme", minLength: 1, maxLength: 12 })).map(([a, b]) => `${a}@${b}.example`) },
  { weight: 1, arbitrary: fc.string({ minLength: 250, maxLength: 400 }).map((local) => `${local}@example.com`) },
  { weight: 1, arbitrary: text },
  { weight: 1, arbitrary: wrongType },
);
// Short keys and values, so that most dictionaries fit Polar's limits and reach the database.
const shortText = fc.oneof(fc.string({ unit: "binary-ascii", maxLength: 12 }), fc.string({ unit: "grapheme", maxLength: 12 }), fc.string({ unit: "binary", maxLength: 12 }), strange);
const metadataish: fc.Arbitrary<Json> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.dictionary(shortText, fc.oneof(shortText, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean()), { minKeys: 1, maxKeys: 4 }) as fc.Arbitrary<Json>,
  },
  { weight: 1, arbitrary: fc.dictionary(text, fc.oneof(text, fc.integer(), fc.boolean()), { maxKeys: 12 }) as fc.Arbitrary<Json> },
  { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), anyJson, { maxKeys: 4 }) as fc.Arbitrary<Json> },
  { weight: 1, arbitrary: fc.oneof(text, wrongType, anyJson) },
);

/** An id field: mostly one of the caller's own (to reach deep paths), else anything. */
const idish = (own: () => string): fc.Arbitrary<Json> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constant(null).map(() => own()) },
    { weight: 2, arbitrary: fc.uuid() },
    { weight: 1, arbitrary: fc.uuid().map((id) => id.toUpperCase()) },
    { weight: 2, arbitrary: text },
    { weight: 1, arbitrary: wrongType },
  );

const optionalRecord = <T extends Record<string, fc.Arbitrary<Json>>>(fields: T) =>
  fc.tuple(fc.record(fields, { requiredKeys: [] }), fc.dictionary(fc.string({ maxLength: 12 }), anyJson, { maxKeys: 2 })).map(
    ([known, extra]) => ({ ...extra, ...known }) as Json,
  );

/**
 * A request body that is valid but for one or two fields: most of them get past the
 * schema into the service and the database, where a bad value does its damage.
 */
const mutated = (valid: fc.Arbitrary<Record<string, Json>>, fields: Record<string, fc.Arbitrary<Json>>): fc.Arbitrary<Json> =>
  fc
    .tuple(
      valid,
      fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 5, arbitrary: fc.constant(1) }, { weight: 2, arbitrary: fc.constant(2) }).chain((n) =>
        fc.shuffledSubarray(Object.keys(fields), { minLength: n, maxLength: n }),
      ),
      fc.subarray(["drop"], { maxLength: 1 }),
    )
    .chain(([base, keys, drop]) =>
      fc.tuple(...keys.map((key) => fields[key]!)).map((values) => {
        const body: Record<string, Json> = { ...base };
        keys.forEach((key, i) => (body[key] = values[i]!));
        if (drop.length && keys.length === 0) delete body[Object.keys(body)[0]!];
        return body as Json;
      }),
    );

type Body = { body?: Json; rawBody?: string; bytes?: Uint8Array<ArrayBuffer> };
const rawBodies: fc.Arbitrary<Body> = fc.oneof(
  fc.string({ maxLength: 200 }).map((rawBody) => ({ rawBody })),
  anyJson.map((value) => ({ rawBody: JSON.stringify(value).slice(0, -1) })),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => ({ bytes })),
  fc.constantFrom<Body>({ rawBody: "" }, { rawBody: "   " }, { rawBody: "null" }, { rawBody: "[]" }, { rawBody: "{}" }, { rawBody: '{"a":1,"a":2}' }, { rawBody: "\ufeff{}" }),
  fc.integer({ min: 60_000, max: 70_000 }).map((size) => ({ rawBody: JSON.stringify({ email: "x".repeat(size) }) })),
);
const bodyOf = (structured: fc.Arbitrary<Json>): fc.Arbitrary<Body> =>
  fc.oneof({ weight: 6, arbitrary: structured.map((body) => ({ body })) }, { weight: 2, arbitrary: anyJson.map((body) => ({ body })) }, { weight: 2, arbitrary: rawBodies });

const contentType = fc.oneof(
  { weight: 8, arbitrary: fc.constant("application/json") },
  { weight: 1, arbitrary: fc.constantFrom("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=latin1", "") },
);

/** Headers every route gets now and then: a wrong or odd Polar-Version, a junk Authorization, an odd request id. */
const headerNoise: fc.Arbitrary<Record<string, string>> = fc.oneof(
  { weight: 8, arbitrary: fc.constant({}) },
  {
    weight: 2,
    arbitrary: fc.record(
      {
        "polar-version": fc.oneof(fc.constantFrom("2026-04", "2026-10", "2027-01", "2026-4", "9999-99", ""), fc.string({ maxLength: 12 })),
        "x-request-id": fc.string({ maxLength: 100 }),
        accept: fc.constantFrom("*/*", "text/html", "application/xml"),
      },
      { requiredKeys: [] },
    ) as fc.Arbitrary<Record<string, string>>,
  },
);

/** A path segment: the caller's own seat, a random UUID, or any text, always validly percent-encoded. */
const segment = (own: () => string): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constant(null).map(() => own()) },
    { weight: 2, arbitrary: fc.uuid() },
    { weight: 4, arbitrary: text.map((value) => encodeSegment(value)) },
    { weight: 1, arbitrary: fc.constantFrom("%2F", "%252F", "a%2Fb", ".%2E", "%20", "~", "undefined", "0", "-1", "1e9") },
  );

function encodeSegment(value: string) {
  try {
    return encodeURIComponent(value) || "x";
  } catch {
    // A lone surrogate has no UTF-8; its bytes are sent encoded as they are (see below).
    return encodeURIComponent(value.replace(/[\ud800-\udfff]/g, "?")) || "x";
  }
}

const queryOf = (fields: Record<string, fc.Arbitrary<Json>>) =>
  fc.tuple(fc.record(fields, { requiredKeys: [] }), fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 20 }), { maxKeys: 2 })).map(([known, extra]) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries({ ...extra, ...known })) params.append(key, typeof value === "string" ? value : JSON.stringify(value));
    return params.size ? `?${params.toString()}` : "";
  });

type Fuzzed = HttpRequest & { route: string };
type Method = NonNullable<HttpRequest["method"]>;

// Methods a route does not serve (405 with Allow) and paths that are no route (404).
const UNSERVED: [Method, string][] = [
  ...(["PUT", "PATCH", "DELETE"] as const).map((m): [Method, string] => [m, SEATS]),
  ...(["POST", "PUT", "PATCH", "DELETE"] as const).map((m): [Method, string] => [m, `${SEATS}/subscriptions`]),
  ...(["GET", "PUT", "PATCH", "DELETE"] as const).map((m): [Method, string] => [m, "/v1/customer-seats/claim"]),
  ...(["GET", "PUT", "PATCH", "DELETE"] as const).map((m): [Method, string] => [m, "/v1/customer-sessions/"]),
  ...(["GET", "POST", "PUT", "PATCH", "DELETE"] as const).flatMap((m): [Method, string][] => [
    [m, "/v1/customer-portal"],
    [m, "/v1/customer-seats/claim/x/y"],
    [m, "/v1/nothing"],
  ]),
];

const tenantIndex = fc.nat(7);
/** Sometimes an Idempotency-Key (the routes that honor one replay or refuse by it). */
const idempotencyKey: fc.Arbitrary<Record<string, string>> = fc.oneof(
  { weight: 8, arbitrary: fc.constant({}) },
  { weight: 2, arbitrary: fc.oneof(fc.string({ minLength: 1, maxLength: 20 }), fc.constantFrom("", " ", "x".repeat(300), "key-1")).map((value) => ({ "idempotency-key": value })) },
);
const credential = (ownerToken: () => string) =>
  fc.oneof(
    { weight: 9, arbitrary: fc.constant(null).map(() => ({ token: ownerToken() })) },
    { weight: 1, arbitrary: fc.constantFrom({ authorization: "Bearer undefined" }, { authorization: "Bearer polar_cst_" }, { authorization: "Basic eDp5" }, { token: "polar_oat_x" }) },
  );

/** Every route, with inputs drawn for it. */
function routes(): Record<string, { count: number; arbitrary: fc.Arbitrary<Fuzzed> }> {
  const t = (i: number) => tenants[i]!.tenant;
  const own = (i: number) => ({
    subscription: () => t(i).subscription.id,
    order: () => t(i).order.id,
    seat: () => tenants[i]!.seatId,
    token: () => t(i).ownerToken,
  });
  const assignBody = (i: number) =>
    mutated(
      fc.oneof(
        { weight: 3, arbitrary: plainEmail.map((email) => ({ subscription_id: own(i).subscription(), email })) },
        { weight: 1, arbitrary: plainEmail.map((email) => ({ order_id: own(i).order(), email })) },
      ),
      {
      subscription_id: idish(own(i).subscription),
      order_id: fc.oneof(idish(own(i).order), fc.constant(null)),
      email: emailish,
      customer_id: idish(() => t(i).owner.id),
      external_customer_id: fc.oneof(text, wrongType),
      metadata: metadataish,
      immediate_claim: fc.oneof(fc.boolean(), wrongType),
      member_id: fc.oneof(fc.constant(null), text),
      external_member_id: fc.oneof(fc.constant(null), text),
      checkout_id: fc.oneof(fc.constant(null), fc.uuid(), text),
      },
    );
  return {
    "GET seats": {
      count: 800 * SIZE,
      arbitrary: fc
        .tuple(tenantIndex, headerNoise)
        .chain(([i, headers]) =>
          fc.tuple(queryOf({ subscription_id: idish(own(i).subscription), order_id: idish(own(i).order) }), credential(own(i).token)).map(([query, auth]) => ({ route: "GET seats", path: `${SEATS}${query}`, headers, ...auth })),
        ),
    },
    "POST seats": {
      count: 2500 * SIZE,
      arbitrary: fc
        .tuple(tenantIndex, headerNoise, contentType)
        .chain(([i, headers, type]) =>
          fc.tuple(bodyOf(assignBody(i)), credential(own(i).token)).map(([body, auth]): Fuzzed => ({ route: "POST seats", method: "POST", path: SEATS, headers: { ...headers, "content-type": type }, ...body, ...auth })),
        ),
    },
    "DELETE seats/{id}": {
      count: 700 * SIZE,
      arbitrary: fc
        .tuple(tenantIndex, headerNoise)
        .chain(([i, headers]) => fc.tuple(segment(own(i).seat), credential(own(i).token)).map(([id, auth]): Fuzzed => ({ route: "DELETE seats/{id}", method: "DELETE", path: `${SEATS}/${id}`, headers, ...auth }))),
    },
    "POST seats/{id}/resend": {
      count: 700 * SIZE,
      arbitrary: fc
        .tuple(tenantIndex, headerNoise, fc.option(rawBodies, { nil: undefined }))
        .chain(([i, headers, body]) =>
          fc.tuple(segment(own(i).seat), credential(own(i).token)).map(([id, auth]): Fuzzed => ({ route: "POST seats/{id}/resend", method: "POST", path: `${SEATS}/${id}/resend`, headers, ...(body ?? {}), ...auth })),
        ),
    },
    "GET seats/subscriptions": {
      count: 600 * SIZE,
      arbitrary: fc
        .tuple(tenantIndex, headerNoise)
        .chain(([i, headers]) => {
          const number = fc.oneof(fc.integer({ min: -5, max: 200 }).map(String), fc.constantFrom("0", "1.5", "1e3", "1e400", "0x10", " 2", "99999999999999999999", "NaN", "-0", ""), text);
          return fc.tuple(queryOf({ page: number, limit: number }), credential(own(i).token)).map(([query, auth]): Fuzzed => ({ route: "GET seats/subscriptions", path: `${SEATS}/subscriptions${query}`, headers, ...auth }));
        }),
    },
    "GET customer-seats/claim/{token}": {
      count: 600 * SIZE,
      arbitrary: fc
        .tuple(headerNoise, fc.oneof(segment(() => "polar_unknown"), fc.string({ minLength: 200, maxLength: 400 }).map(encodeSegment)))
        .map(([headers, token]): Fuzzed => ({ route: "GET customer-seats/claim/{token}", path: `/v1/customer-seats/claim/${token}`, headers, authorization: "Bearer undefined" })),
    },
    "POST customer-seats/claim": {
      count: 700 * SIZE,
      arbitrary: fc
        .tuple(
          headerNoise,
          contentType,
          bodyOf(mutated(fc.string({ minLength: 43, maxLength: 43 }).map((token) => ({ invitation_token: token })), { invitation_token: fc.oneof(text, wrongType, fc.string({ minLength: 250, maxLength: 300 })), extra: anyJson })),
        )
        .map(([headers, type, body]): Fuzzed => ({ route: "POST customer-seats/claim", method: "POST", path: "/v1/customer-seats/claim", headers: { ...headers, "content-type": type }, ...body })),
    },
    "POST customer-sessions/": {
      count: 700 * SIZE,
      arbitrary: fc
        .tuple(headerNoise, contentType, fc.boolean())
        .chain(([headers, type, slash]) =>
          fc
            .tuple(
              bodyOf(
                fc.oneof(
                  optionalRecord({
                    customer_id: idish(() => t(0).owner.id),
                    external_customer_id: fc.oneof(fc.constant(null).map(() => t(0).owner.externalId), text, wrongType),
                    customer_external_id: fc.oneof(text, wrongType),
                    return_url: fc.oneof(fc.webUrl(), text, wrongType),
                    member_id: fc.oneof(fc.constant(null), text),
                  }),
                  mutated(
                    fc.constantFrom(0, 1, 2).map((k): Record<string, Json> => (k === 0 ? { customer_id: t(0).owner.id } : { external_customer_id: k === 1 ? t(0).owner.externalId! : "no-such-customer" })),
                    {
                      external_customer_id: fc.oneof(text, wrongType),
                      customer_external_id: fc.oneof(text, wrongType),
                      return_url: fc.oneof(fc.webUrl(), text, wrongType),
                      member_id: fc.oneof(fc.constant(null), text),
                    },
                  ),
                ),
              ),
              credential(() => organizationToken),
            )
            .map(([body, auth]): Fuzzed => ({ route: "POST customer-sessions/", method: "POST", path: `/v1/customer-sessions${slash ? "/" : ""}`, headers: { ...headers, "content-type": type }, ...body, ...auth })),
        ),
    },
    "portal extensions (bulk, events)": {
      count: 400 * SIZE,
      arbitrary: fc.tuple(tenantIndex, headerNoise, contentType, fc.boolean()).chain(([i, headers, type, bulk]) =>
        bulk
          ? fc
              .tuple(
                bodyOf(
                  mutated(
                    fc.array(fc.oneof(plainEmail.map((email) => ({ email }) as Json), anyJson), { minLength: 1, maxLength: 5 }).map((seats) => ({ subscription_id: own(i).subscription(), seats })),
                    { seats: fc.oneof(anyJson, fc.array(fc.record({ email: emailish, metadata: metadataish }, { requiredKeys: [] }) as fc.Arbitrary<Json>, { maxLength: 5 })), dry_run: fc.oneof(fc.boolean(), wrongType), order_id: idish(own(i).order), subscription_id: idish(own(i).subscription) },
                  ),
                ),
                credential(own(i).token),
                idempotencyKey,
              )
              .map(([body, auth, key]): Fuzzed => ({ route: "POST seats/bulk", method: "POST", path: `${SEATS}/bulk`, headers: { ...headers, ...key, "content-type": type }, ...body, ...auth }))
          : fc
              .tuple(queryOf({ subscription_id: idish(own(i).subscription), order_id: idish(own(i).order), page: fc.oneof(fc.nat(5).map(String), text), limit: fc.oneof(fc.nat(200).map(String), text), type: fc.oneof(fc.constantFrom("assigned", "resent", "claimed", "revoked"), text) }), credential(own(i).token))
              .map(([query, auth]): Fuzzed => ({ route: "GET seats/events", path: `${SEATS}/events${query}`, headers, ...auth })),
      ),
    },
    "merchant API": {
      count: 2000 * SIZE,
      arbitrary: fc.tuple(tenantIndex, headerNoise, contentType, idempotencyKey).chain(([i, headers, type, key]) => {
        const t0 = t(i);
        const auth = credential(() => organizationTokens[i]!);
        const body = (route: string, method: Method, path: string, valid: fc.Arbitrary<Record<string, Json>>, fields: Record<string, fc.Arbitrary<Json>>) =>
          fc.tuple(bodyOf(mutated(valid, fields)), auth).map(([b, a]): Fuzzed => ({ route, method, path, headers: { ...headers, ...key, "content-type": type }, ...b, ...a }));
        const get = (route: string, path: fc.Arbitrary<string>) => fc.tuple(path, auth).map(([p, a]): Fuzzed => ({ route, path: p, headers, ...a }));
        const list = (route: string, path: string, fields: Record<string, fc.Arbitrary<Json>>) => get(route, queryOf({ page: fc.oneof(fc.nat(5).map(String), text), limit: fc.oneof(fc.nat(200).map(String), text), ...fields }).map((q) => `${path}${q}`));
        const customerFields = { name: text, external_id: fc.oneof(text, wrongType), metadata: metadataish, billing_address: anyJson, tax_id: text, locale: text, type: text, organization_id: idish(() => t0.organization.id), owner: anyJson, email: emailish };
        const seatFields = { email: emailish, customer_id: idish(() => t0.other.id), external_customer_id: fc.oneof(text, wrongType), metadata: metadataish, immediate_claim: fc.oneof(fc.boolean(), wrongType), subscription_id: idish(() => t0.subscription.id), order_id: idish(() => t0.order.id) };
        return fc.oneof(
          list("GET /v1/customers", "/v1/customers", { email: text, query: text, organization_id: idish(() => t0.organization.id) }),
          body("POST /v1/customers", "POST", "/v1/customers", plainEmail.map((email) => ({ email })), customerFields),
          get("GET /v1/customers/{id}", segment(() => t0.other.id).map((id) => `/v1/customers/${id}`)),
          segment(() => t0.other.id).chain((id) => body("PATCH /v1/customers/{id}", "PATCH", `/v1/customers/${id}`, fc.constant({ name: "Fuzzed name" }), customerFields)),
          fc.tuple(fc.oneof(fc.uuid(), text.map(encodeSegment)), auth).map(([id, a]): Fuzzed => ({ route: "DELETE /v1/customers/{id}", method: "DELETE", path: `/v1/customers/${id}`, headers, ...a })),
          get("GET /v1/customers/external/{id}", segment(() => t0.other.externalId!).map((id) => `/v1/customers/external/${id}`)),
          list("GET /v1/subscriptions", "/v1/subscriptions", { product_id: idish(() => t0.product.id), customer_id: idish(() => t0.owner.id), external_customer_id: text, active: text, cancel_at_period_end: text }),
          body("POST /v1/subscriptions", "POST", "/v1/subscriptions", fc.integer({ min: 1, max: 20 }).map((seats) => ({ product_id: t0.product.id, customer_id: t0.other.id, seats })), {
            seats: fc.oneof(fc.integer(), wrongType),
            external_customer_id: fc.oneof(text, wrongType),
            customer_id: idish(() => t0.owner.id),
            product_id: idish(() => t0.oneTime.id),
            metadata: metadataish,
          }),
          get("GET /v1/subscriptions/{id}", segment(() => t0.otherSubscription.id).map((id) => `/v1/subscriptions/${id}`)),
          segment(() => t0.otherSubscription.id).chain((id) =>
            body("PATCH /v1/subscriptions/{id}", "PATCH", `/v1/subscriptions/${id}`, fc.oneof(fc.integer({ min: 1, max: 20 }).map((seats) => ({ seats }) as Record<string, Json>), fc.constant({ metadata: { fuzz: true } } as Record<string, Json>)), {
              seats: fc.oneof(fc.integer(), wrongType),
              cancel_at_period_end: fc.oneof(fc.boolean(), wrongType),
              revoke: anyJson,
              metadata: metadataish,
              proration_behavior: text,
              customer_cancellation_reason: text,
            }),
          ),
          list("GET /v1/orders", "/v1/orders", { customer_id: idish(() => t0.owner.id), product_id: idish(() => t0.oneTime.id) }),
          body("POST /v1/orders", "POST", "/v1/orders", fc.integer({ min: 1, max: 20 }).map((seats) => ({ customer_id: t0.other.id, product_id: t0.oneTime.id, seats })), {
            seats: fc.oneof(fc.integer(), wrongType),
            amount: fc.oneof(fc.integer(), wrongType),
            currency: text,
            description: text,
            metadata: metadataish,
            organization_id: idish(() => t0.organization.id),
          }),
          get("GET /v1/orders/{id}", segment(() => t0.order.id).map((id) => `/v1/orders/${id}`)),
          list("GET /v1/products", "/v1/products", { query: text, is_archived: text, is_recurring: text, id: idish(() => t0.product.id) }),
          body(
            "POST /v1/products",
            "POST",
            "/v1/products",
            fc.constant({ name: "Fuzzed product", prices: [{ amount_type: "seat_based", price_currency: "usd", seat_tiers: { tiers: [{ min_seats: 1, max_seats: null, price_per_seat: 500 }] } }] }),
            { name: text, description: text, visibility: text, recurring_interval: text, recurring_interval_count: fc.oneof(fc.integer(), wrongType), prices: anyJson, metadata: metadataish, medias: anyJson },
          ),
          get("GET /v1/products/{id}", segment(() => t0.product.id).map((id) => `/v1/products/${id}`)),
          segment(() => t0.oneTime.id).chain((id) => body("PATCH /v1/products/{id}", "PATCH", `/v1/products/${id}`, fc.constant({ description: "Fuzzed" }), { name: text, description: text, visibility: text, is_archived: anyJson, prices: anyJson, metadata: metadataish })),
          list("GET /v1/customer-seats", "/v1/customer-seats", { subscription_id: idish(() => t0.subscription.id), order_id: idish(() => t0.order.id) }),
          body("POST /v1/customer-seats", "POST", "/v1/customer-seats", plainEmail.map((email) => ({ subscription_id: t0.subscription.id, email })), seatFields),
          fc.tuple(segment(own(i).seat), auth).map(([id, a]): Fuzzed => ({ route: "DELETE /v1/customer-seats/{id}", method: "DELETE", path: `/v1/customer-seats/${id}`, headers: { ...headers, ...key }, ...a })),
          fc.tuple(segment(own(i).seat), auth).map(([id, a]): Fuzzed => ({ route: "POST /v1/customer-seats/{id}/resend", method: "POST", path: `/v1/customer-seats/${id}/resend`, headers: { ...headers, ...key }, ...a })),
          list("GET /v1/webhooks/endpoints", "/v1/webhooks/endpoints", { organization_id: idish(() => t0.organization.id) }),
          body("POST /v1/webhooks/endpoints", "POST", "/v1/webhooks/endpoints", fc.constant({ url: "http://127.0.0.1:9/fuzz", format: "raw", events: ["customer_seat.assigned"] }), {
            url: fc.oneof(fc.webUrl(), text, wrongType),
            name: text,
            format: text,
            events: fc.oneof(fc.array(text, { maxLength: 3 }), anyJson),
            organization_id: idish(() => t0.organization.id),
          }),
          get("GET /v1/webhooks/endpoints/{id}", segment(() => crypto.randomUUID()).map((id) => `/v1/webhooks/endpoints/${id}`)),
          segment(() => crypto.randomUUID()).chain((id) => body("PATCH /v1/webhooks/endpoints/{id}", "PATCH", `/v1/webhooks/endpoints/${id}`, fc.constant({ enabled: false }), { url: text, events: anyJson, enabled: anyJson, name: text })),
          list("GET /v1/webhooks/deliveries", "/v1/webhooks/deliveries", { endpoint_id: idish(() => crypto.randomUUID()), succeeded: text, event_type: text, start_timestamp: text, end_timestamp: text, http_code_class: text, query: text }),
          fc.tuple(segment(() => crypto.randomUUID()), auth).map(([id, a]): Fuzzed => ({ route: "POST /v1/webhooks/events/{id}/redeliver", method: "POST", path: `/v1/webhooks/events/${id}/redeliver`, headers, ...a })),
        );
      }),
    },
    "other methods": {
      count: 300 * SIZE,
      arbitrary: fc.tuple(fc.constantFrom(...UNSERVED), anyJson).map(([[method, path], body]): Fuzzed => ({
        route: "other methods",
        method,
        path,
        ...(method === "GET" || method === "DELETE" ? {} : { body }),
      })),
    },
  };
}

type Failure = { route: string; signature: string; request: string; reply: string };

function describeRequest(req: Fuzzed) {
  const body = req.bytes ? `<${req.bytes.length} bytes>` : (req.rawBody ?? (req.body === undefined ? "" : JSON.stringify(req.body)));
  return `${req.method ?? "GET"} ${req.path} ${JSON.stringify(req.headers ?? {})} ${body.length > 300 ? `${body.slice(0, 300)}…(${body.length})` : body}`;
}

function check(req: Fuzzed, reply: Reply): Failure | null {
  let problem: string | null = null;
  if (reply.status === 0) problem = `no answer (${reply.text})`;
  else if (reply.status >= 500) problem = `${reply.status}`;
  else if (!ALLOWED.has(reply.status) || (req.route === "other methods" && reply.status !== 404 && reply.status !== 405)) problem = `unexpected ${reply.status}`;
  else problem = refusalShapeProblem(reply);
  if (!problem) return null;
  return { route: req.route, signature: `${req.route}: ${problem} ${reply.status >= 400 ? errorName(reply) : ""}`.trim(), request: describeRequest(req), reply: `${reply.status} ${reply.text.slice(0, 200)}` };
}

const totals: { requests: number; statuses: Record<string, number>; seconds: number; failures: number } = { requests: 0, statuses: {}, seconds: 0, failures: 0 };

describe("fuzzing every route (the seed is in the figures; FUZZ_SEED replays it)", () => {
  // The routes' own table: built lazily, once beforeAll has made the tenants.
  const names = [
    "GET seats",
    "POST seats",
    "DELETE seats/{id}",
    "POST seats/{id}/resend",
    "GET seats/subscriptions",
    "GET customer-seats/claim/{token}",
    "POST customer-seats/claim",
    "POST customer-sessions/",
    "portal extensions (bulk, events)",
    "merchant API",
    "other methods",
  ];

  it.each(names)("%s: no 5xx, every refusal in a documented shape", async (name) => {
    const route = routes()[name]!;
    const requests = fc.sample(route.arbitrary, { numRuns: route.count, seed: SEED + names.indexOf(name) });
    const started = performance.now();
    // A connection the server drops is a failure too (status 0), not the end of the run.
    const replies = await pool(requests, CONCURRENCY, (req) =>
      request(stack.url, req).catch((error: Error): Reply => ({ status: 0, headers: new Headers(), text: `${error.message}: ${String((error.cause as Error)?.message ?? "")}`, json: undefined, ms: 0 })),
    );
    const seconds = (performance.now() - started) / 1000;
    const failures = requests.map((req, i) => check(req, replies[i]!)).filter((f): f is Failure => f !== null);
    const statuses = tally(replies, (r) => r.status);
    totals.requests += requests.length;
    totals.seconds += seconds;
    totals.failures += failures.length;
    for (const [status, n] of Object.entries(statuses)) totals.statuses[status] = (totals.statuses[status] ?? 0) + n;

    // The smallest example of each kind of failure, to read and to replay.
    const bySignature = new Map<string, Failure[]>();
    for (const failure of failures) bySignature.set(failure.signature, [...(bySignature.get(failure.signature) ?? []), failure]);
    const classes = [...bySignature.entries()].map(([signature, list]) => ({
      signature,
      count: list.length,
      smallest: list.sort((a, b) => a.request.length - b.request.length).slice(0, 2).map((f) => `${f.request} → ${f.reply}`),
    }));
    recordFigures(`fuzz: ${name}`, { seed: SEED + names.indexOf(name), requests: requests.length, statuses, seconds: Number(seconds.toFixed(1)), failures: failures.length, classes });
    expect(classes).toEqual([]);
  }, scaled(120_000, 600_000));

  it("sends at least 10,000 requests in all", () => {
    recordFigures("fuzz: total", { seed: SEED, ...totals, seconds: Number(totals.seconds.toFixed(1)) });
    expect(totals.requests).toBeGreaterThanOrEqual(10_000);
  });
});

describe("inputs found to break the server: refused with 422 (or answered), never a 500", () => {
  const token = () => tenants[0]!.tenant.ownerToken;
  const subscription = () => tenants[0]!.tenant.subscription.id;

  /** A 422 whose detail names a field at or under `loc` (the refusal may point inside it). */
  async function expect422(req: HttpRequest, loc?: (string | number)[]) {
    const reply = await request(stack.url, req);
    expect(`${reply.status} ${errorName(reply)}`, reply.text.slice(0, 300)).toBe("422 RequestValidationError");
    expect(refusalShapeProblem(reply)).toBeNull();
    if (loc) {
      const locs = ((reply.json as JsonObject).detail as JsonObject[]).map((item) => item.loc as (string | number)[]);
      expect(locs.map((found) => found.slice(0, loc.length)), JSON.stringify(locs)).toContainEqual(loc);
    }
  }

  it.each([
    ["a NUL in a metadata value", { k: "a\u0000b" }],
    ["a NUL in a metadata key", { "k\u0000": "v" }],
  ])("%s", async (_name, metadata) => {
    await expect422({ method: "POST", path: SEATS, token: token(), body: { subscription_id: subscription(), email: uniqueEmail("nul"), metadata } }, ["body", "metadata"]);
  });

  it("a lone surrogate in a metadata value (\\ud800 in the JSON)", async () => {
    await expect422(
      { method: "POST", path: SEATS, token: token(), rawBody: `{"subscription_id":"${subscription()}","email":"${uniqueEmail("surrogate")}","metadata":{"k":"\\ud800"}}` },
      ["body", "metadata"],
    );
  });

  it("a NUL in external_customer_id", async () => {
    await expect422({ method: "POST", path: SEATS, token: token(), body: { subscription_id: subscription(), external_customer_id: "ext\u0000" } }, ["body", "external_customer_id"]);
  });

  it("a NUL in external_customer_id of POST /v1/customer-sessions/", async () => {
    await expect422({ method: "POST", path: "/v1/customer-sessions/", token: organizationToken, body: { external_customer_id: "ext\u0000" } });
  });

  it.each([
    ["POST /v1/customers", "/v1/customers", () => ({ email: uniqueEmail("nul"), metadata: { k: "a\u0000b" } })],
    ["POST /v1/customers (external_id)", "/v1/customers", () => ({ email: uniqueEmail("nul"), external_id: "ext\u0000" })],
    ["POST /v1/subscriptions", "/v1/subscriptions", () => ({ product_id: tenants[0]!.tenant.product.id, customer_id: tenants[0]!.tenant.other.id, seats: 2, metadata: { k: "a\u0000b" } })],
    ["POST /v1/orders", "/v1/orders", () => ({ product_id: tenants[0]!.tenant.oneTime.id, customer_id: tenants[0]!.tenant.other.id, seats: 2, metadata: { k: "a\u0000b" } })],
  ])("a NUL in the body of %s", async (_name, path, body) => {
    await expect422({ method: "POST", path, token: organizationToken, body: body() });
  });

  const lookups: [string, string, number[]][] = [
    ["a NUL in the search of GET /v1/customers", "/v1/customers?query=a%00b", [200, 422]],
    ["a NUL in the email filter of GET /v1/customers", "/v1/customers?email=a%00b%40example.com", [200, 422]],
    ["a NUL in the external id of GET /v1/customers/external/{id}", "/v1/customers/external/a%00b", [404, 422]],
  ];
  it.each(lookups)("%s → an answer, never a 500", async (_name, path, allowed) => {
    const reply = await request(stack.url, { path, token: organizationToken });
    expect(allowed, `${reply.status} ${reply.text.slice(0, 200)}`).toContain(reply.status);
    expect(refusalShapeProblem(reply)).toBeNull();
  });

  it("unicode and control characters in emails: 422 on the email field", async () => {
    for (const email of ["a\u0000b@example.com", "a\u0007@example.com", "δοκιμή@παράδειγμα.δοκιμή", "user@exa\u202emple.com", "a@b", `${"x".repeat(250)}@example.com`]) {
      await expect422({ method: "POST", path: SEATS, token: token(), body: { subscription_id: subscription(), email } }, ["body", "email"]);
    }
  });

  it.each([
    ["an array nested 20,000 deep", "[".repeat(20_000) + "]".repeat(20_000)],
    ["an object nested 10,000 deep in metadata", `{"email":"deep@example.com","metadata":${'{"a":'.repeat(10_000)}1${"}".repeat(10_000)}}`],
  ])("deeply nested JSON: %s", async (_name, rawBody) => {
    await expect422({ method: "POST", path: SEATS, token: token(), rawBody });
  });
});

describe("path ids that are not UUIDs, whatever their bytes", () => {
  it.each([
    ["a lone %", "%"],
    ["a truncated escape", "%E0%A4%A"],
    ["a non-hex escape", "%zz"],
    ["an encoded lone surrogate (invalid UTF-8)", "%ED%A0%80"],
    ["an overlong encoding of /", "%C0%AF"],
    ["an encoded NUL", "%00"],
  ])("%s → 404 or 422 in JSON, never 500", async (_name, segment) => {
    const token = tenants[0]!.tenant.ownerToken;
    for (const req of [
      { method: "DELETE" as const, path: `${SEATS}/${segment}`, token },
      { method: "POST" as const, path: `${SEATS}/${segment}/resend`, token },
      { path: `/v1/customer-seats/claim/${segment}` },
    ]) {
      const reply = await request(stack.url, req);
      expect([404, 422], `${req.method ?? "GET"} ${req.path}: ${reply.status} ${reply.headers.get("content-type")} ${reply.text.slice(0, 100)}`).toContain(reply.status);
      expect(refusalShapeProblem(reply), req.path).toBeNull();
    }
  });
});

describe("huge bodies", () => {
  const limit = 64 * 1024;
  const posts = () => [
    { path: SEATS, token: tenants[0]!.tenant.ownerToken },
    { path: "/v1/customer-seats/claim" },
    { path: "/v1/customer-sessions/", token: organizationToken },
  ];

  it("a body over the 64 KiB cap → 413 PayloadTooLarge on every route that reads one, and nothing is written", async () => {
    const seatsBefore = await db.prisma.customerSeat.count();
    for (const target of posts()) {
      for (const size of [limit + 1, 1024 * 1024, 8 * 1024 * 1024]) {
        const rawBody = JSON.stringify({ email: "big@example.com", invitation_token: "x", pad: "x".repeat(size) });
        const reply = await request(stack.url, { method: "POST", ...target, rawBody });
        expect(`${reply.status} ${errorName(reply)}`, `${target.path} with ${size} bytes`).toBe("413 PayloadTooLarge");
        expect(refusalShapeProblem(reply)).toBeNull();
      }
    }
    expect(await db.prisma.customerSeat.count()).toBe(seatsBefore);
  });

  it("a streamed body without Content-Length is cut off at the cap (413), not read to its end", async () => {
    for (const target of posts()) {
      let sent = 0;
      const chunk = new TextEncoder().encode("x".repeat(16 * 1024));
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"pad":"'));
        },
        pull(controller) {
          // 32 MiB if nobody stops reading.
          if (sent >= 32 * 1024 * 1024) return controller.close();
          sent += chunk.byteLength;
          controller.enqueue(chunk);
        },
      });
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (target.token) headers.authorization = `Bearer ${target.token}`;
      const response = await fetch(`${stack.url}${target.path}`, { method: "POST", headers, body, duplex: "half" } as RequestInit);
      const text = await response.text();
      expect(`${response.status} ${(JSON.parse(text) as JsonObject).error}`, target.path).toBe("413 PayloadTooLarge");
      expect(sent, `${target.path}: bytes the client got to send`).toBeLessThan(16 * 1024 * 1024);
    }
  });

  it("a body just under the cap is read and validated (422 or 200), not refused for its size", async () => {
    const pad = "x".repeat(limit - 200);
    const reply = await request(stack.url, { method: "POST", path: "/v1/customer-seats/claim", rawBody: JSON.stringify({ invitation_token: "nope", pad }) });
    expect(`${reply.status} ${errorName(reply)}`).toBe("400 InvalidInvitationToken");
  });

  it("a declared Content-Length over the cap is refused before the body is read", async () => {
    const { status, text } = await rawPost("/v1/customer-seats/claim", 10 * 1024 * 1024, "{}");
    expect(status, text).toBe(413);
    expect((JSON.parse(text) as JsonObject).error).toBe("PayloadTooLarge");
  });
});

/** POSTs `body` while declaring `declared` bytes, then waits for the answer without sending the rest. */
async function rawPost(path: string, declared: number, body: string): Promise<{ status: number; text: string }> {
  const net = await import("node:net");
  const url = new URL(stack.url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(url.port), url.hostname, () => {
      socket.write(`POST ${path} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\nContent-Length: ${declared}\r\nConnection: close\r\n\r\n${body}`);
    });
    let data = "";
    socket.setTimeout(10_000, () => {
      socket.destroy();
      reject(new Error(`no answer before the body was complete: ${data}`));
    });
    socket.on("data", (chunk) => {
      data += chunk.toString();
      const end = data.indexOf("\r\n\r\n");
      if (end < 0) return;
      const status = Number(/^HTTP\/1\.1 (\d+)/.exec(data)?.[1]);
      const head = data.slice(0, end);
      const rest = data.slice(end + 4);
      const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? NaN);
      const chunked = /transfer-encoding: chunked/i.test(head);
      if (Number.isFinite(length) && Buffer.byteLength(rest) >= length) {
        socket.destroy();
        resolve({ status, text: rest.slice(0, length) });
      } else if (chunked && rest.includes("\r\n0\r\n")) {
        socket.destroy();
        resolve({ status, text: rest.split("\r\n").filter((_, i) => i % 2 === 1).join("") });
      }
    });
    socket.on("error", reject);
  });
}
