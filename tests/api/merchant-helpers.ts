// Shared pieces of the merchant API suite (organization tokens): an organization with tokens
// of every scope shape, the access rows every endpoint's table opens with, the error
// assertions for SDK 0.49.0's typed errors, and the wire check of SDK 1.x results against
// 0.49.0's zod schemas. Not a test file (vitest picks *.test.ts).
import { expect } from "vitest";
import { PolarError } from "@polar-sh/sdk/models/errors/polarerror.js";
import { HTTPValidationError } from "@polar-sh/sdk/models/errors/httpvalidationerror.js";
import { ResponseValidationError } from "@polar-sh/sdk/models/errors/responsevalidationerror.js";
import { ORGANIZATION_SCOPES } from "@/lib/auth/scopes";
import { createCustomer, createCustomerSessionToken, createOrganization, createOrganizationToken } from "../fixtures/factories";
import { expectErrorResponse, jsonOf, rejectionOf, send, type ErrorCase, type ExpectedError, type JsonObject, type RawRequest } from "./helpers";

export type Resource = "customers" | "products" | "subscriptions" | "orders" | "customer_seats" | "webhooks";

/** An organization and its tokens (every scope; read-only, write-only and none on `resource`; expired; revoked) and a customer session of one of its customers. */
export async function merchantOrg(resource: Resource) {
  const organization = await createOrganization();
  const mint = async (options: Parameters<typeof createOrganizationToken>[1]) => (await createOrganizationToken(organization.id, options)).token;
  const [token, readOnlyToken, writeOnlyToken, noScopeToken, expiredToken, revokedToken, member] = await Promise.all([
    mint({}),
    mint({ scopes: ORGANIZATION_SCOPES.filter((s) => s !== `${resource}:write`) }),
    mint({ scopes: ORGANIZATION_SCOPES.filter((s) => s !== `${resource}:read`) }),
    mint({ scopes: ORGANIZATION_SCOPES.filter((s) => !s.startsWith(`${resource}:`)) }),
    mint({ expiresAt: new Date(Date.now() - 60_000) }),
    mint({ revokedAt: new Date() }),
    createCustomer(organization.id),
  ]);
  const customerSession = await createCustomerSessionToken(member.id);
  return { organization, token, readOnlyToken, writeOnlyToken, noScopeToken, expiredToken, revokedToken, customerSession, resource };
}

export type MerchantOrg = Awaited<ReturnType<typeof merchantOrg>>;

export const UNAUTHORIZED: ExpectedError = { status: 401, error: "Unauthorized" };
export const NOT_PERMITTED: ExpectedError = { status: 403, error: "NotPermitted" };
export const NOT_FOUND: ExpectedError = { status: 404, error: "ResourceNotFound" };
export const invalid = (loc: (string | number)[], message?: RegExp): ExpectedError => ({ status: 422, error: "RequestValidationError", loc, ...(message ? { message } : {}) });
export const rejected = (loc: (string | number)[], message?: RegExp): ExpectedError => ({
  status: 422,
  error: "PolarRequestValidationError",
  loc,
  ...(message ? { message } : {}),
});

/**
 * The rows every merchant endpoint's table opens with: no token and a customer session
 * token → 401; a token without the endpoint's scope → 403 NotPermitted (and, for a write,
 * a token holding only the read scope). With `tokenStates`, also every other bearer that
 * never works (unknown, expired, revoked, `Bearer undefined`) → 401: they take the one
 * path every route shares, so one endpoint per file carries them. `build` gets `null` for
 * the anonymous row and must then send no token.
 */
export function accessCases<C>(
  org: (c: C) => MerchantOrg,
  build: (c: C, token: string | null) => RawRequest,
  kind: "read" | "write",
  options: { tokenStates?: boolean } = {},
): ErrorCase<C>[] {
  const cases: ErrorCase<C>[] = [
    {
      name: "anonymous (no Authorization)",
      request: (c) => {
        const request = build(c, null);
        expect(request.token, "the anonymous row sends no token").toBeUndefined();
        return request;
      },
      expected: UNAUTHORIZED,
    },
    { name: "a customer session token (polar_cst_)", request: (c) => build(c, org(c).customerSession), expected: UNAUTHORIZED },
    { name: "an organization token without the endpoint's scope", request: (c) => build(c, org(c).noScopeToken), expected: NOT_PERMITTED },
  ];
  if (kind === "write") {
    cases.push({ name: "an organization token with the read scope only", request: (c) => build(c, org(c).readOnlyToken), expected: NOT_PERMITTED });
  }
  if (options.tokenStates) {
    cases.push(
      { name: "Bearer undefined (SDK 1.x without a token)", request: (c) => ({ ...build(c, null), authorization: "Bearer undefined" }), expected: UNAUTHORIZED },
      { name: "an unknown organization token", request: (c) => build(c, `polar_oat_${"x".repeat(43)}`), expected: UNAUTHORIZED },
      { name: "an expired organization token", request: (c) => build(c, org(c).expiredToken), expected: UNAUTHORIZED },
      { name: "a revoked organization token", request: (c) => build(c, org(c).revokedToken), expected: UNAUTHORIZED },
    );
  }
  return cases;
}

/** Runs one table row: the raw response must carry exactly the expected error. */
export async function expectCase<C>(c: C, row: ErrorCase<C>): Promise<void> {
  await expectErrorResponse(await send(row.request(c)), row.expected);
}

/** A raw request that must succeed with `status`; answers the parsed JSON body. */
export async function ok(request: RawRequest, status = 200): Promise<JsonObject> {
  const response = await send(request);
  const body = await jsonOf(response);
  expect(response.status, `${request.method ?? "GET"} ${request.path}: ${JSON.stringify(body)}`).toBe(status);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  return body as JsonObject;
}

/**
 * SDK 0.49.0's failure: a PolarError subclass carrying the status and raw body. 422 is
 * `HTTPValidationError`; the other statuses are `SDKError` unless the operation maps them
 * to a typed error (`className`: e.g. ResourceNotFound on the 404 of customers.get).
 */
export async function expect049Failure(promise: Promise<unknown>, expected: ExpectedError & { className?: string }) {
  const error = await rejectionOf(promise);
  if (!(error instanceof PolarError)) throw new Error(`not a PolarError: ${String(error)}`);
  const detail = error instanceof ResponseValidationError ? error.pretty() : error.message;
  expect(error.name, detail).toBe(expected.className ?? (expected.status === 422 ? "HTTPValidationError" : "SDKError"));
  expect(error.statusCode, error.body).toBe(expected.status);
  const body = JSON.parse(error.body) as JsonObject;
  expect(body.error, error.body).toBe(expected.error);
  if (expected.status === 422) {
    expect(error).toBeInstanceOf(HTTPValidationError);
    const items = (error as HTTPValidationError).detail ?? [];
    expect(items.length).toBeGreaterThan(0);
    if (expected.loc) expect(items.map((item) => item.loc), error.body).toContainEqual(expected.loc);
  } else {
    expect(body).toEqual({ error: expected.error, detail: expect.any(String) });
  }
  return error;
}

type ZodLike<T> = { parse(value: unknown): T };

/**
 * The wire check of an SDK 1.x result (1.x validates nothing): SDK 0.49.0's inbound zod
 * schema must accept it, so every key 0.49.0 requires is present with its type.
 */
export function expectWire049<T>(schema: ZodLike<T>, value: unknown, what: string): T {
  try {
    return schema.parse(value);
  } catch (error) {
    throw new Error(`${what} is not the wire SDK 0.49.0 reads: ${String(error)}`);
  }
}

/** Polar's seat-based price input (snake_case), one unlimited tier. */
export const seatPrice = (pricePerSeat = 1000, tiers?: { min_seats: number; max_seats: number | null; price_per_seat: number }[]) => ({
  amount_type: "seat_based" as const,
  price_currency: "usd" as const,
  seat_tiers: { seat_tier_type: "volume" as const, tiers: tiers ?? [{ min_seats: 1, max_seats: null, price_per_seat: pricePerSeat }] },
});

export const BOGUS_ID = "not-a-uuid";

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `read` until `done` holds, or fails with the last value after `timeoutMs`. */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not reached in time; last value: ${JSON.stringify(value)}`);
    await sleep(100);
  }
}
