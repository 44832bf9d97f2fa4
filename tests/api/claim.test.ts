// The public claim flow: the invitation email's token is the credential. Read-only claim
// info (404 for a dead link), a single-use POST claim (400 for a dead link), and the seat
// holder's session, which the owner's revoke ends.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { sdk049, sdk1 } from "../fixtures/clients";
import { shareInvitationLink } from "@/lib/seats";
import { createCustomerSessionToken, customerActor, uniqueEmail } from "../fixtures/factories";
import {
  CLAIMED,
  CUSTOMER_SEAT_KEYS,
  ISO_Z,
  SEATS,
  SEAT_CLAIM_INFO_KEYS,
  assignAndClaim,
  assignRaw,
  expectErrorResponse,
  expectSdk049Error,
  expectSdk1Error,
  invitationToken,
  jsonOf,
  portalWorld,
  send,
  type ErrorCase,
  type JsonObject,
  type RawRequest,
} from "./helpers";

const CLAIM = "/v1/customer-seats/claim";
const claimInfo = (token: string, authorization?: string): RawRequest => ({ path: `${CLAIM}/${encodeURIComponent(token)}`, authorization });
const claim = (token: unknown, authorization?: string): RawRequest => ({ method: "POST", path: CLAIM, body: { invitation_token: token }, authorization });

/** A pending seat and the token of its emailed link. */
async function invited(world: Awaited<ReturnType<typeof portalWorld>>, label = "invitee") {
  const email = uniqueEmail(label);
  const seat = await assignRaw(world.ownerToken, { subscription_id: world.subscription.id, email });
  return { email, seatId: seat.id as string, token: await invitationToken(email) };
}

describe("claim flow", () => {
  it("assign → email → claim info → claim (SDK 0.49.0) → claimed list → revoke → gone, and the seat's session answers 401", async () => {
    const world = await portalWorld();
    const email = uniqueEmail("flow");
    const assigned = await sdk049().customerPortal.seats.assignSeat({ customerSession: world.ownerToken }, { subscriptionId: world.subscription.id, email });
    const token = await invitationToken(email);

    const info = await sdk049().customerSeats.getClaimInfo({ invitationToken: token });
    expect(info).toEqual({
      productName: world.product.name,
      productId: world.product.id,
      organizationName: world.organization.name,
      organizationSlug: world.organization.slug,
      customerEmail: email,
      canClaim: true,
    });
    const infoFresh = await sdk1(undefined, "2026-04").customerSeats.getClaimInfo(token);
    expect(infoFresh).toEqual({
      product_name: world.product.name,
      product_id: world.product.id,
      organization_name: world.organization.name,
      organization_slug: world.organization.slug,
      customer_email: email,
      can_claim: true,
    });

    const claimed = await sdk049().customerSeats.claimSeat({ invitationToken: token });
    expect(claimed.seat).toMatchObject({ id: assigned.id, status: "claimed", subscriptionId: world.subscription.id, email, customerId: assigned.customerId });
    expect(claimed.seat.claimedAt).toBeInstanceOf(Date);
    expect(claimed.customerSessionToken).toMatch(/^polar_mst_/);
    const seatToken = claimed.customerSessionToken;

    const page = await sdk049().customerPortal.seats.listClaimedSubscriptions({ customerSession: seatToken }, {});
    expect(page.result.items.map((s) => s.id)).toEqual([world.subscription.id]);
    const pageFresh = await sdk1(seatToken, "2027-01").customerPortal.seats.listClaimedSubscriptions({ page: 1, limit: 10 });
    expect(pageFresh.items.map((s) => s.id)).toEqual([world.subscription.id]);
    // A session of the holder not bound to the seat, to watch the list after the revoke.
    const holderSession = await createCustomerSessionToken(assigned.customerId!);
    expect(((await jsonOf(await send({ path: CLAIMED, token: holderSession }))) as JsonObject[]).map((s) => s.id)).toEqual([world.subscription.id]);
    const owners = await sdk1(world.ownerToken).customerPortal.seats.listSeats({ subscription_id: world.subscription.id });
    expect(owners.seats.map((s) => s.status)).toEqual(["claimed"]);

    const revoked = await sdk1(world.ownerToken, "2026-10").customerPortal.seats.revokeSeat(assigned.id);
    expect(revoked).toMatchObject({ id: assigned.id, status: "revoked", customer_id: null });

    expect(await jsonOf(await send({ path: CLAIMED, token: holderSession }))).toEqual([]);
    expect(await jsonOf(await send({ path: `${CLAIMED}?page=1&limit=10`, token: holderSession }))).toEqual({
      items: [],
      pagination: { total_count: 0, max_page: 0 },
    });
    await expectErrorResponse(await send({ path: CLAIMED, token: seatToken }), { status: 401, error: "Unauthorized" });
    await expectSdk049Error(sdk049().customerPortal.seats.listClaimedSubscriptions({ customerSession: seatToken }, {}), { status: 401, error: "Unauthorized" });
    await expectSdk1Error(sdk1(seatToken).customerPortal.seats.listClaimedSubscriptions({ page: 1, limit: 10 }), {
      status: 401,
      error: "Unauthorized",
      className: "CustomerPortalSeatsListClaimedSubscriptions401Error",
    });
  });

  it("claims through SDK 1.x created without a token (it sends `Authorization: Bearer undefined`)", async () => {
    const world = await portalWorld();
    const { email, seatId, token } = await invited(world, "fresh");
    const client = sdk1(undefined, "2026-10");
    expect(await client.customerSeats.getClaimInfo(token)).toMatchObject({ customer_email: email, can_claim: true });
    const claimed = await client.customerSeats.claimSeat({ invitation_token: token });
    expect(claimed.seat).toMatchObject({ id: seatId, status: "claimed", email });
    expect(claimed.seat.claimed_at).toMatch(ISO_Z);
    expect(claimed.customer_session_token).toMatch(/^polar_mst_/);
    const page = await sdk1(claimed.customer_session_token, "2026-10").customerPortal.seats.listClaimedSubscriptions({ page: 1, limit: 10 });
    expect(page.items.map((s) => s.id)).toEqual([world.subscription.id]);
  });

  it("answers the exact wire shapes: SeatClaimInfo and CustomerSeatClaimResponse", async () => {
    const world = await portalWorld();
    const { token } = await invited(world, "shape");
    const info = await send(claimInfo(token));
    expect(info.status).toBe(200);
    expect(info.headers.get("content-type")).toMatch(/^application\/json/);
    expect(Object.keys((await jsonOf(info)) as JsonObject).sort()).toEqual(SEAT_CLAIM_INFO_KEYS);
    const claimed = await send(claim(token));
    expect(claimed.status).toBe(200);
    const body = (await jsonOf(claimed)) as JsonObject;
    expect(Object.keys(body).sort()).toEqual(["customer_session_token", "seat"]);
    expect(Object.keys(body.seat as JsonObject).sort()).toEqual(CUSTOMER_SEAT_KEYS);
    expect(JSON.stringify(body)).not.toContain(token);
  });

  it("reading the claim info is read-only: the seat stays pending however often the link is opened", async () => {
    const world = await portalWorld();
    const { seatId, token } = await invited(world, "scanner");
    for (let i = 0; i < 3; i++) expect((await send(claimInfo(token))).status).toBe(200);
    expect((await db().prisma.customerSeat.findUniqueOrThrow({ where: { id: seatId } })).status).toBe("pending");
    expect((await send(claim(token))).status).toBe(200);
  });

  it("ignores any Authorization header on both claim endpoints", async () => {
    const world = await portalWorld();
    const { token } = await invited(world, "headers");
    expect((await send(claimInfo(token, "Bearer undefined"))).status).toBe(200);
    expect((await send(claimInfo(token, `Bearer polar_cst_${"z".repeat(43)}`))).status).toBe(200);
    expect((await send(claimInfo(token, "Basic Zm9vOmJhcg=="))).status).toBe(200);
    const response = await send(claim(token, "Bearer garbage"));
    expect(response.status, JSON.stringify(await jsonOf(response.clone()))).toBe(200);
  });

  it("a claimed token is single-use", async () => {
    const world = await portalWorld();
    const { invitation, sessionToken } = await assignAndClaim(world.ownerToken, { subscription_id: world.subscription.id }, uniqueEmail("once"));
    expect(sessionToken).toMatch(/^polar_mst_/);
    await expectErrorResponse(await send(claim(invitation)), { status: 400, error: "InvalidInvitationToken" });
    await expectErrorResponse(await send(claimInfo(invitation)), { status: 404, error: "ResourceNotFound" });
    await expectSdk049Error(sdk049().customerSeats.claimSeat({ invitationToken: invitation }), { status: 400, error: "InvalidInvitationToken" });
  });

  it("10 concurrent claims of one token → exactly one 200, the rest 400 InvalidInvitationToken", async () => {
    const world = await portalWorld();
    const { seatId, token } = await invited(world, "race");
    const responses = await Promise.all(Array.from({ length: 10 }, () => send(claim(token))));
    const bodies = (await Promise.all(responses.map((r) => jsonOf(r)))) as JsonObject[];
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200), JSON.stringify(bodies)).toHaveLength(1);
    expect(statuses.filter((s) => s === 400)).toHaveLength(9);
    expect(bodies.filter((_, i) => statuses[i] === 400).every((b) => b.error === "InvalidInvitationToken")).toBe(true);
    // One claim, one session, one event.
    expect(await db().prisma.memberSession.count({ where: { seatId } })).toBe(1);
    expect(await db().prisma.seatEvent.count({ where: { seatId, type: "claimed" } })).toBe(1);
  });
});

describe("dead invitation links", () => {
  type Context = { unknown: string; used: string; revoked: string; expired: string; rotated: string };
  let c: Context;
  beforeAll(async () => {
    const world = await portalWorld();
    const used = (await assignAndClaim(world.ownerToken, { subscription_id: world.subscription.id }, uniqueEmail("used"))).invitation;
    const revoked = await invited(world, "revoked");
    expect((await send({ method: "DELETE", path: `${SEATS}/${revoked.seatId}`, token: world.ownerToken })).status).toBe(200);
    const expired = await invited(world, "expired");
    await db().prisma.customerSeat.update({ where: { id: expired.seatId }, data: { invitationTokenExpiresAt: new Date(Date.now() - 1000) } });
    const rotated = await invited(world, "rotated");
    expect((await send({ method: "POST", path: `${SEATS}/${rotated.seatId}/resend`, token: world.ownerToken })).status).toBe(200);
    c = { unknown: "this-token-was-never-issued-0123456789abcdef", used, revoked: revoked.token, expired: expired.token, rotated: rotated.token };
  });

  const kinds = ["unknown", "used", "revoked", "expired", "rotated"] as const;
  const cases: ErrorCase<Context>[] = kinds.flatMap((kind) => [
    { name: `GET claim info, ${kind} token`, request: (c: Context) => claimInfo(c[kind]), expected: { status: 404, error: "ResourceNotFound" } },
    { name: `POST claim, ${kind} token`, request: (c: Context) => claim(c[kind]), expected: { status: 400, error: "InvalidInvitationToken" } },
  ]);
  cases.push(
    { name: "POST claim, no invitation_token", request: () => ({ method: "POST", path: CLAIM, body: {} }), expected: { status: 422, error: "RequestValidationError", loc: ["body", "invitation_token"] } },
    { name: "POST claim, invitation_token is a number", request: () => claim(12345), expected: { status: 422, error: "RequestValidationError", loc: ["body", "invitation_token"] } },
    { name: "POST claim, empty invitation_token", request: () => claim(""), expected: { status: 422, error: "RequestValidationError", loc: ["body", "invitation_token"] } },
    { name: "POST claim, malformed JSON", request: () => ({ method: "POST", path: CLAIM, rawBody: "{invitation_token:" }), expected: { status: 422, error: "RequestValidationError" } },
  );

  it.each(cases)("$name → $expected.status $expected.error", async ({ request, expected }) => {
    await expectErrorResponse(await send(request(c)), expected);
  });

  it("SDK 0.49.0 raises SDKError 404 / 400 and HTTPValidationError 422", async () => {
    await expectSdk049Error(sdk049().customerSeats.getClaimInfo({ invitationToken: c.expired }), { status: 404, error: "ResourceNotFound" });
    await expectSdk049Error(sdk049().customerSeats.claimSeat({ invitationToken: c.revoked }), { status: 400, error: "InvalidInvitationToken" });
    await expectSdk049Error(sdk049().customerSeats.claimSeat({ invitationToken: "" }), {
      status: 422,
      error: "RequestValidationError",
      loc: ["body", "invitation_token"],
    });
  });

  it("SDK 1.x raises its mapped classes (GetClaimInfo404, ClaimSeat400, HTTPValidationError)", async () => {
    await expectSdk1Error(sdk1(undefined, "2026-04").customerSeats.getClaimInfo(c.used), {
      status: 404,
      error: "ResourceNotFound",
      className: "CustomerSeatsGetClaimInfo404Error",
    });
    await expectSdk1Error(sdk1(undefined, "2027-01").customerSeats.claimSeat({ invitation_token: c.rotated }), {
      status: 400,
      error: "InvalidInvitationToken",
      className: "CustomerSeatsClaimSeat400Error",
    });
    await expectSdk1Error(sdk1().customerSeats.claimSeat({ invitation_token: "" }), {
      status: 422,
      error: "RequestValidationError",
      className: "HTTPValidationError",
    });
  });
});

// The security review's takeover: bob (world.owner) gives a seat on his subscription to
// alice (world.other), an existing customer with a subscription of her own, has the portal
// hand him the link to share, and claims it. The API refuses a shared link (403: holding it
// proves nothing about alice's inbox) and changes nothing. Whoever claims the mailed link
// gets a member session of bob's team, which reads the subscription it holds a seat on and
// nothing else: alice's things and the team's containers are not found to it, it writes
// nothing, and no customer session exists for alice; on either SDK generation.
describe("a claim never yields a billing customer's powers", () => {
  async function bobClaimsAlicesSeat() {
    const world = await portalWorld();
    const alice = world.other;
    const seat = await assignRaw(world.ownerToken, { subscription_id: world.subscription.id, email: alice.email });
    expect(seat.customer_id).toBe(alice.id);
    const { claimUrl } = await shareInvitationLink(customerActor(world.owner), seat.id as string);
    return { world, alice, seat, shared: new URL(claimUrl).searchParams.get("token")! };
  }

  /** The link a resend mails to alice: what a person holding her inbox (or her forward) has. */
  async function mailedLink(world: Awaited<ReturnType<typeof portalWorld>>, seatId: string, email: string) {
    expect((await send({ method: "POST", path: `${SEATS}/${seatId}/resend`, token: world.ownerToken })).status).toBe(200);
    return invitationToken(email, 2);
  }

  it("SDK 0.49.0: the claim's session is a member session; alice's subscription, seats and writes stay out of reach", async () => {
    const { world, alice, seat, shared } = await bobClaimsAlicesSeat();
    await expectSdk049Error(sdk049().customerSeats.claimSeat({ invitationToken: shared }), { status: 403, error: "NotPermitted" });
    expect((await db().prisma.customerSeat.findUniqueOrThrow({ where: { id: seat.id as string } })).status).toBe("pending");
    expect((await sdk049().customerSeats.getClaimInfo({ invitationToken: shared })).canClaim).toBe(false);
    const claimed = await sdk049().customerSeats.claimSeat({ invitationToken: await mailedLink(world, seat.id as string, alice.email) });
    const session = claimed.customerSessionToken;
    expect(session).toMatch(/^polar_mst_[A-Za-z0-9_-]{43}$/);
    // It reads what it holds (bob's subscription), not alice's own.
    const held = await sdk049().customerPortal.seats.listClaimedSubscriptions({ memberSession: session }, {});
    expect(held.result.items.map((s) => s.id)).toEqual([world.subscription.id]);
    await expectSdk049Error(sdk049().customerPortal.seats.listSeats({ memberSession: session }, { subscriptionId: world.otherSubscription.id }), {
      status: 404,
      error: "ResourceNotFound",
    });
    await expectSdk049Error(sdk049().customerPortal.seats.listSeats({ memberSession: session }, { subscriptionId: world.subscription.id }), {
      status: 404,
      error: "ResourceNotFound",
    });
    // No write at all: not on alice's subscription, not on the team's, not its own seat.
    await expectSdk049Error(
      sdk049().customerPortal.seats.assignSeat({ memberSession: session }, { subscriptionId: world.otherSubscription.id, email: uniqueEmail("x") }),
      { status: 404, error: "ResourceNotFound" },
    );
    await expectSdk049Error(
      sdk049().customerPortal.seats.assignSeat({ memberSession: session }, { subscriptionId: world.subscription.id, email: uniqueEmail("x") }),
      { status: 404, error: "ResourceNotFound" },
    );
    await expectSdk049Error(sdk049().customerPortal.seats.revokeSeat({ memberSession: session }, { seatId: seat.id as string }), { status: 404, error: "ResourceNotFound" });
    expect((await db().prisma.customerSeat.findUniqueOrThrow({ where: { id: seat.id as string } })).status).toBe("claimed");
    // Alice's account was not touched: no new session (portalWorld made her one).
    expect(await db().prisma.customerSession.count({ where: { customerId: world.other.id } })).toBe(1);
  });

  it("SDK 1.x: the same, and the session dies with the seat", async () => {
    const { world, alice, seat, shared } = await bobClaimsAlicesSeat();
    const anonymous = sdk1(undefined, "2027-01");
    expect((await anonymous.customerSeats.getClaimInfo(shared)).can_claim).toBe(false);
    const membersBefore = await db().prisma.member.count({ where: { customerId: world.owner.id } });
    await expectSdk1Error(anonymous.customerSeats.claimSeat({ invitation_token: shared }), { status: 403, error: "NotPermitted", className: "CustomerSeatsClaimSeat403Error" });
    // The refused claim made no member and opened no session (the assign made alice a member already).
    expect(await db().prisma.member.count({ where: { customerId: world.owner.id } })).toBe(membersBefore);
    expect(await db().prisma.memberSession.count({ where: { member: { customerId: world.owner.id } } })).toBe(0);
    const claimed = await anonymous.customerSeats.claimSeat({ invitation_token: await mailedLink(world, seat.id as string, alice.email) });
    const session = claimed.customer_session_token;
    expect(session).toMatch(/^polar_mst_/);
    const member = sdk1(session, "2027-01");
    expect((await member.customerPortal.seats.listClaimedSubscriptions({ page: 1, limit: 10 })).items.map((s) => s.id)).toEqual([world.subscription.id]);
    await expectSdk1Error(member.customerPortal.seats.listSeats({ subscription_id: world.subscription.id }), {
      status: 404,
      error: "ResourceNotFound",
      className: "CustomerPortalSeatsListSeats404Error",
    });
    await expectSdk1Error(member.customerPortal.seats.listSeats({ subscription_id: world.otherSubscription.id }), {
      status: 404,
      error: "ResourceNotFound",
      className: "CustomerPortalSeatsListSeats404Error",
    });
    await expectSdk1Error(member.customerPortal.seats.assignSeat({ subscription_id: world.otherSubscription.id, email: uniqueEmail("y") }), {
      status: 404,
      error: "ResourceNotFound",
      className: "CustomerPortalSeatsAssignSeat404Error",
    });
    await expectSdk1Error(member.customerPortal.seats.revokeSeat(seat.id as string), { status: 404, error: "ResourceNotFound" });
    await sdk1(world.ownerToken).customerPortal.seats.revokeSeat(seat.id as string);
    await expectSdk1Error(member.customerPortal.seats.listClaimedSubscriptions({ page: 1, limit: 10 }), {
      status: 401,
      error: "Unauthorized",
      className: "CustomerPortalSeatsListClaimedSubscriptions401Error",
    });
  });
});
