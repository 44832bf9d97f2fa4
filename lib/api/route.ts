import "server-only";
import { randomUUID } from "node:crypto";
import { after } from "next/server";
import type { z } from "zod";
import { actorFromAuthorization } from "@/lib/auth/bearer";
import { actingForTeam, hasAnyScope, memberManagesTeam, type Actor, type CustomerActor, type MemberActor, type OrganizationActor } from "@/lib/auth/actor";
import type { Scope } from "@/lib/auth/scopes";
import { DomainError, NotPermitted, ResourceNotFound, Unauthorized } from "@/lib/errors";
import { discardUnreadBody, readJsonBody, DEFAULT_BODY_LIMIT } from "./read-body";
import { idempotent, invalidIdempotencyKey, requestFingerprint } from "./idempotency";
import { domainError, json, noContent, notFoundRoute, validationError } from "./responses";
import { toValidationItems, unsafeInput, type InputSource } from "./validation-error";
import { resolveApiVersion, type ApiVersion } from "./versions";
import { currentRequestId, log } from "@/lib/log";

// "customer": the billing customer's portal routes (a member passes only as described by
// `members`); "holder": what the caller itself holds, as a customer or as a member.
type AuthKind = "customer" | "holder" | "organization" | "public";
type ActorFor<K extends AuthKind> = K extends "customer"
  ? CustomerActor
  : K extends "holder"
    ? CustomerActor | MemberActor
    : K extends "organization"
      ? OrganizationActor
      : null;

type Schema = z.ZodType;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export type RouteSpec<K extends AuthKind, P, Q, B> = {
  auth: K;
  /** Any one of these scopes lets the caller in. */
  scopes?: readonly Scope[];
  params?: P;
  query?: Q;
  body?: B;
  bodyLimit?: number;
  /**
   * Who of a team's members may use a "customer" route, acting for the billing customer:
   * "admins" (the default: owners and billing managers, as Polar's portal writes) or "all"
   * (a read of the team, as Polar's list_seats). Anyone else is 403 NotPermitted.
   */
  members?: "admins" | "all";
  /**
   * What a member without the role is told (Polar's words differ by route): the billing
   * check's by default (seats, subscriptions), the role check's on the members routes.
   */
  roleRefusal?: string;
  /** Honors an Idempotency-Key header (assign, bulk, resend, revoke). */
  idempotent?: boolean;
  /** The success status: 200 unless Polar answers otherwise (201 for a created session). */
  status?: number;
};

export type RouteContext<K extends AuthKind, P, Q, B> = {
  actor: ActorFor<K>;
  params: Out<P>;
  query: Out<Q>;
  body: Out<B>;
  version: ApiVersion;
  request: Request;
};

/** What Next.js hands a route handler besides the request: its dynamic segments. */
export type RouteParams = Record<string, string | string[] | undefined>;
export type RouteHandlerContext = { params: Promise<RouteParams> };

/** One method of one API path, as an App Router route handler. */
export type ApiHandler = (request: Request, context: RouteHandlerContext) => Promise<Response>;

const BILLING_REFUSAL = "Only owners and billing managers can access billing features.";

function requireKind(actor: Actor, kind: AuthKind, members: "admins" | "all", roleRefusal: string): CustomerActor | MemberActor | OrganizationActor | null {
  if (kind === "public") return null;
  if (kind === "holder" && (actor.kind === "customer" || actor.kind === "member")) return actor;
  if (kind === "customer" && actor.kind === "member") {
    // The session a claim opened reads what it holds and nothing of the team's: to it, the
    // team's subscriptions, orders and seats do not exist, as to any other customer.
    if (actor.seatId !== null) throw new ResourceNotFound();
    // Another member session reaches the team's routes only as its role allows; the scope
    // check that follows still applies to what it acts as.
    if (members === "all" || memberManagesTeam(actor)) return { ...actingForTeam(actor), scopes: actor.scopes };
    throw new NotPermitted(roleRefusal);
  }
  // A token of the other kind is as good as none here (Polar falls back to anonymous).
  if (actor.kind !== kind) throw new Unauthorized();
  return actor;
}

/**
 * The query string as an object: a repeated key becomes a list, as FastAPI reads it. Built
 * in a Map: on a plain object, `?__proto__=…` would read and set the object's prototype.
 */
function queryObject(params: URLSearchParams) {
  const query = new Map<string, string | string[]>();
  for (const [key, value] of params) {
    const existing = query.get(key);
    query.set(key, existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value]);
  }
  return Object.fromEntries(query);
}

function parse(source: InputSource, schema: Schema | undefined, input: unknown) {
  if (!schema) return { ok: true as const, value: undefined };
  const unsafe = unsafeInput(input, source);
  if (unsafe) return { ok: false as const, items: [unsafe] };
  const result = schema.safeParse(input);
  return result.success
    ? { ok: true as const, value: result.data }
    : { ok: false as const, items: toValidationItems(source, result.error, input) };
}

/**
 * The one wrapper of every API route, in a fixed order: API version, caller, scope, body
 * (size-capped), path/query/body validation, handler, wire response. Expected failures
 * become Polar's `{error, detail}`; anything else is logged with a request id and answered
 * with a generic 500, never with its message.
 */
export function apiRoute<K extends AuthKind, P extends Schema | undefined = undefined, Q extends Schema | undefined = undefined, B extends Schema | undefined = undefined>(
  spec: RouteSpec<K, P, Q, B>,
  handler: (context: RouteContext<K, P, Q, B>) => Promise<unknown>,
): ApiHandler {
  return async function route(request: Request, context: RouteHandlerContext): Promise<Response> {
    // The production server gives each request an id (and logs it); elsewhere make one.
    const requestId = currentRequestId() ?? randomUUID();
    const version = resolveApiVersion(request.headers.get("polar-version"));
    if (!version) return notFoundRoute({ "x-request-id": requestId });
    const headers = { "polar-version": version, "x-request-id": requestId };
    try {
      // Public routes ignore Authorization entirely: SDK 1.x sends `Bearer undefined` there.
      const actor = spec.auth === "public" ? null : requireKind(await actorFromAuthorization(request.headers.get("authorization")), spec.auth, spec.members ?? "admins", spec.roleRefusal ?? BILLING_REFUSAL);
      if (actor && spec.scopes && !hasAnyScope(actor, spec.scopes)) throw new NotPermitted();

      const params = parse("path", spec.params, spec.params ? await context.params : undefined);
      if (!params.ok) return validationError(params.items, headers);
      const url = new URL(request.url);
      const query = parse("query", spec.query, spec.query ? queryObject(url.searchParams) : undefined);
      if (!query.ok) return validationError(query.items, headers);
      let body: unknown = undefined;
      if (spec.body) {
        const read = await readJsonBody(request, spec.bodyLimit ?? DEFAULT_BODY_LIMIT);
        if (!read.ok && read.status === 413) {
          const unread = request.body;
          if (unread) after(() => discardUnreadBody(unread));
          return json({ error: "PayloadTooLarge", detail: read.items[0]!.msg }, 413, headers);
        }
        if (!read.ok) return validationError(read.items, headers);
        const parsed = parse("body", spec.body, read.value);
        if (!parsed.ok) return validationError(parsed.items, headers);
        body = parsed.value;
      }

      const run = async () => {
        try {
          const result = await handler({
            actor: actor as ActorFor<K>,
            params: params.value as Out<P>,
            query: query.value as Out<Q>,
            body: body as Out<B>,
            version,
            request,
          });
          const status = spec.status ?? 200;
          return status === 204 ? noContent(headers) : json(result, status, headers);
        } catch (error) {
          if (error instanceof DomainError) return domainError(error, headers);
          throw error;
        }
      };
      const key = request.headers.get("idempotency-key");
      if (!spec.idempotent || key === null || !actor) return await run();
      if (invalidIdempotencyKey(key)) {
        return validationError([{ type: "string_pattern_mismatch", loc: ["header", "idempotency-key"], msg: "An Idempotency-Key is 1 to 255 printable ASCII characters.", input: key }], headers);
      }
      // Per person: a team's admins acting for it keep keys of their own.
      const owner =
        actor.kind === "organization" ? `token:${actor.tokenId}` : actor.kind === "member" || actor.memberId ? `member:${actor.memberId}` : `customer:${actor.customerId}`;
      return await idempotent(owner, key, requestFingerprint(request.method, url.pathname, body), headers, run);
    } catch (error) {
      if (error instanceof DomainError) return domainError(error, headers);
      log("error", "unhandled error in an API route", { request_id: requestId, method: request.method, error: String((error as Error)?.stack ?? error) });
      return json({ error: "InternalServerError", detail: "Something went wrong on our side. Try again." }, 500, headers);
    }
  };
}
