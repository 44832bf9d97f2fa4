// Shared assertions of the API suite: Polar's error bodies, checked on raw responses and
// through both SDKs, and small request builders. Not a test file (vitest picks *.test.ts).
import { expect, inject } from "vitest";
import { SDKError } from "@polar-sh/sdk/models/errors/sdkerror.js";
import { HTTPValidationError } from "@polar-sh/sdk/models/errors/httpvalidationerror.js";
import { api } from "../fixtures/clients";
import { createCustomerSessionToken, createWorld } from "../fixtures/factories";
import { db } from "@/lib/db";
import { Mailbox, invitationTokenFrom } from "../fixtures/mailbox";

export const mailbox = () => new Mailbox(inject("mailUrl"));

/** SPEC §1: every key of CustomerSeat, nullable ones included. */
export const CUSTOMER_SEAT_KEYS = [
  "id",
  "created_at",
  "modified_at",
  "subscription_id",
  "order_id",
  "status",
  "customer_id",
  "member_id",
  "member",
  "email",
  "customer_email",
  "invitation_token_expires_at",
  "claimed_at",
  "revoked_at",
  "seat_metadata",
].sort();

export const SEAT_CLAIM_INFO_KEYS = [
  "product_name",
  "product_id",
  "organization_name",
  "organization_slug",
  "customer_email",
  "can_claim",
].sort();

export const ISO_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
export const DAY_MS = 24 * 3600_000;

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** One raw request: `token` becomes `Authorization: Bearer …`; `authorization` sets the header verbatim. */
export type RawRequest = {
  method?: "GET" | "HEAD" | "OPTIONS" | "POST" | "DELETE" | "PUT" | "PATCH";
  path: string;
  token?: string;
  authorization?: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
};

export function send(request: RawRequest): Promise<Response> {
  const headers = new Headers(request.headers);
  if (request.authorization !== undefined) headers.set("authorization", request.authorization);
  const body = request.rawBody ?? (request.body === undefined ? undefined : JSON.stringify(request.body));
  if (body !== undefined && !headers.has("content-type")) headers.set("content-type", "application/json");
  return api(request.path, { method: request.method ?? "GET", token: request.token, headers, body });
}

/** The body of a response as JSON, failing with the raw text when it is not JSON. */
export async function jsonOf(response: Response): Promise<Json> {
  const text = await response.text();
  try {
    return JSON.parse(text) as Json;
  } catch {
    throw new Error(`not JSON (status ${response.status}, content-type ${response.headers.get("content-type")}): ${text.slice(0, 300)}`);
  }
}

export type ExpectedError = {
  status: number;
  /** Polar's `error` name (RequestValidationError / PolarRequestValidationError for 422). */
  error: string;
  /** For 422: the `loc` one of the detail items must have. */
  loc?: (string | number)[];
  /** A pattern the detail (non-422) or one item's msg (422) must match. */
  message?: RegExp;
};

export type ErrorCase<C> = { name: string; request: (context: C) => RawRequest; expected: ExpectedError };

/**
 * Asserts Polar's error shape: `{"error", "detail": "<string>"}` for every non-422 error
 * (401 with `WWW-Authenticate: Bearer`), and the 422 list of `{loc, msg, type}` items.
 */
export async function expectErrorResponse(response: Response, expected: ExpectedError): Promise<JsonObject> {
  const text = await response.text();
  expect(response.status, `status of ${response.url}: ${text}`).toBe(expected.status);
  expect(response.headers.get("content-type"), text).toMatch(/^application\/json/);
  const body = JSON.parse(text) as JsonObject;
  expect(body.error, text).toBe(expected.error);
  if (expected.status === 422) {
    expect(Object.keys(body).sort()).toEqual(["detail", "error"]);
    const items = body.detail as JsonObject[];
    expect(Array.isArray(items) && items.length > 0, text).toBe(true);
    for (const item of items) {
      expect(Array.isArray(item.loc), text).toBe(true);
      expect(typeof item.msg, text).toBe("string");
      expect(typeof item.type, text).toBe("string");
    }
    if (expected.loc) expect(items.map((item) => item.loc), text).toContainEqual(expected.loc);
    if (expected.message) expect(items.some((item) => expected.message!.test(String(item.msg))), text).toBe(true);
  } else {
    expect(Object.keys(body).sort(), text).toEqual(["detail", "error"]);
    expect(typeof body.detail, text).toBe("string");
    expect((body.detail as string).length).toBeGreaterThan(0);
    if (expected.message) expect(body.detail).toMatch(expected.message);
  }
  if (expected.status === 401) expect(response.headers.get("www-authenticate")).toMatch(/^Bearer\b/);
  return body;
}

export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("the call succeeded but should have failed");
}

/** SDK 0.49.0: `SDKError` with the raw body for a 4xx other than 422, `HTTPValidationError` for 422. */
export async function expectSdk049Error(promise: Promise<unknown>, expected: ExpectedError) {
  const error = await rejectionOf(promise);
  if (expected.status === 422) {
    expect(error, String(error)).toBeInstanceOf(HTTPValidationError);
    const validation = error as HTTPValidationError;
    expect(validation.statusCode).toBe(422);
    expect(validation.detail?.length).toBeGreaterThan(0);
    expect((JSON.parse(validation.body) as JsonObject).error).toBe(expected.error);
    if (expected.loc) expect(validation.detail!.map((item) => item.loc)).toContainEqual(expected.loc);
    if (expected.message) expect(validation.detail!.some((item) => expected.message!.test(item.msg))).toBe(true);
    return validation;
  }
  expect(error, String(error)).toBeInstanceOf(SDKError);
  const failure = error as SDKError;
  expect(failure.statusCode, failure.message).toBe(expected.status);
  const body = JSON.parse(failure.body) as JsonObject;
  expect(body).toEqual({ error: expected.error, detail: expect.any(String) });
  return failure;
}

type Sdk1Failure = { name: string; statusCode: number; error: unknown };

/**
 * SDK 1.x: a `PolarClientError` subclass with `statusCode` and `error` (the parsed body for
 * mapped statuses, the raw text for the others). `className` pins the mapped class.
 */
export async function expectSdk1Error(promise: Promise<unknown>, expected: ExpectedError & { className?: string }) {
  const error = (await rejectionOf(promise)) as Sdk1Failure;
  expect(error, String(error)).toMatchObject({ statusCode: expected.status });
  if (expected.className) expect(error.name).toBe(expected.className);
  const body = (typeof error.error === "string" ? JSON.parse(error.error) : error.error) as JsonObject;
  expect(body.error).toBe(expected.error);
  if (expected.status === 422) {
    expect(Array.isArray(body.detail)).toBe(true);
    if (expected.loc) expect((body.detail as JsonObject[]).map((item) => item.loc)).toContainEqual(expected.loc);
  } else {
    expect(typeof body.detail).toBe("string");
  }
  return error;
}

/** An organization with its two billing customers signed in (bearer customer sessions). */
export async function portalWorld(options: Parameters<typeof createWorld>[0] = {}) {
  const world = await createWorld(options);
  const ownerToken = await createCustomerSessionToken(world.owner.id);
  const otherToken = await createCustomerSessionToken(world.other.id);
  return { ...world, ownerToken, otherToken };
}

export const SEATS = "/v1/customer-portal/seats";
export const CLAIMED = "/v1/customer-portal/seats/subscriptions";

/** POST /v1/customer-portal/seats, answering the parsed seat (asserting the 200). */
export async function assignRaw(token: string, body: Record<string, unknown>): Promise<JsonObject> {
  const response = await send({ method: "POST", path: SEATS, token, body });
  const json = await jsonOf(response);
  expect(response.status, JSON.stringify(json)).toBe(200);
  return json as JsonObject;
}

/** The claim token of the `count`-th invitation mailed to `email`. */
export async function invitationToken(email: string, count = 1): Promise<string> {
  return invitationTokenFrom(await mailbox().waitForEmail(email, { count }));
}

/** Assigns a seat, reads the emailed link and claims it: the holder's seat and session token. */
export async function assignAndClaim(ownerToken: string, container: Record<string, unknown>, email: string) {
  const seat = await assignRaw(ownerToken, { ...container, email });
  const token = await invitationToken(email);
  const response = await send({ method: "POST", path: "/v1/customer-seats/claim", body: { invitation_token: token } });
  const claimed = (await jsonOf(response)) as JsonObject;
  expect(response.status, JSON.stringify(claimed)).toBe(200);
  return { seat, claimed: claimed.seat as JsonObject, sessionToken: claimed.customer_session_token as string, invitation: token };
}

export const randomUuid = () => crypto.randomUUID();

/** A minute passes for a seat's resend cooldown (RESEND_COOLDOWN_SECONDS): its next resend is not refused. */
export async function lapseResendCooldown(seatId: string) {
  await db().prisma.rateLimitBucket.updateMany({ where: { key: { startsWith: `resendCooldown:${seatId} ` } }, data: { expire: 0n } });
}
