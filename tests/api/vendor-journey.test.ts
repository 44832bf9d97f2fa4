// The vendor's door, end to end with Polar's SDK: an organization made by the CLI loads a
// customer, a seat-based product and a subscription, grows it to 5 seats, hands the customer
// a portal session, and learns from signed webhooks when seats are assigned, claimed and
// revoked; the seat count cannot drop below the seats in use.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { Polar } from "@polar-sh/sdk";
import { validateEvent } from "@polar-sh/sdk/webhooks";
import { webhooks as webhooks1 } from "polar-sdk-1/2026-10";
import { SDKError } from "@polar-sh/sdk/models/errors/sdkerror.js";
import { sdk1 } from "../fixtures/clients";
import { Mailbox, invitationTokenFrom } from "../fixtures/mailbox";
import { WebhookReceiver } from "../fixtures/webhook-receiver";

const ROOT = path.resolve(import.meta.dirname, "../..");

function orgCreate(slug: string) {
  const output = execFileSync(process.execPath, [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), "scripts/org.ts", "create", "--slug", slug, "--name", "Vendor Journey", "--json"], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: inject("databaseUrl") },
    encoding: "utf8",
  });
  return JSON.parse(output.trim().split("\n").pop()!) as { organization: { id: string; slug: string }; organization_access_token: string };
}

describe("a vendor's journey through the merchant API", () => {
  const receiver = new WebhookReceiver();
  const mailbox = new Mailbox(inject("mailUrl"));
  let vendor: ReturnType<typeof orgCreate>;
  let polar: Polar;

  beforeAll(async () => {
    await receiver.start();
    vendor = orgCreate(`journey-${Date.now()}`);
    polar = new Polar({ serverURL: inject("baseUrl"), accessToken: vendor.organization_access_token });
  });
  afterAll(() => receiver.stop());

  it("assigns, claims and revokes with signed webhooks, and keeps the seat count above the seats in use", async () => {
    const endpoint = await polar.webhooks.createWebhookEndpoint({
      url: receiver.url,
      format: "raw",
      events: ["customer_seat.assigned", "customer_seat.claimed", "customer_seat.revoked", "subscription.updated"],
    });
    expect(endpoint.secret).toMatch(/^polar_whs_/);
    const again = await polar.webhooks.getWebhookEndpoint({ id: endpoint.id });
    expect(again.secret).not.toBe(endpoint.secret);

    const customer = await polar.customers.create({ email: `billing-${Date.now()}@example.com`, name: "Bea Billing", externalId: `crm-${Date.now()}` });
    const product = await polar.products.create({
      name: "Journey Team",
      recurringInterval: "month",
      prices: [{ amountType: "seat_based", seatTiers: { tiers: [{ minSeats: 1, maxSeats: null, pricePerSeat: 900 }] } }],
    });
    expect(product.prices[0]).toMatchObject({ amountType: "seat_based" });
    const subscription = await polar.subscriptions.create({ productId: product.id, customerId: customer.id });
    expect(subscription.seats).toBe(1);

    const grown = await polar.subscriptions.update({ id: subscription.id, subscriptionUpdate: { seats: 5 } });
    expect(grown).toMatchObject({ seats: 5, amount: 4500 });
    await receiver.waitFor((types) => types.includes("subscription.updated"));

    const session = await polar.customerSessions.create({ customerId: customer.id });
    const teammate = `teammate-${Date.now()}@example.com`;
    const seat = await polar.customerPortal.seats.assignSeat({ customerSession: session.token }, { subscriptionId: subscription.id, email: teammate });
    const token = invitationTokenFrom(await mailbox.waitForEmail(teammate));
    await polar.customerSeats.claimSeat({ invitationToken: token });
    await receiver.waitFor((types) => types.includes("customer_seat.claimed"));

    // Down to the one seat in use: allowed, and then no seat is free.
    expect((await polar.subscriptions.update({ id: subscription.id, subscriptionUpdate: { seats: 1 } })).seats).toBe(1);
    const second = await polar.customerSeats.assignSeat({ subscriptionId: subscription.id, email: `second-${Date.now()}@example.com` }).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(SDKError);
    expect((second as SDKError).statusCode).toBe(400);
    expect((second as SDKError).body).toContain("SeatNotAvailable");
    // Two seats in use (one claimed at once by the vendor); below that: refused, nothing changes.
    await polar.subscriptions.update({ id: subscription.id, subscriptionUpdate: { seats: 3 } });
    await polar.customerSeats.assignSeat({ subscriptionId: subscription.id, email: `second-${Date.now()}@example.com`, immediateClaim: true });
    const tooLow = await fetch(`${inject("baseUrl")}/v1/subscriptions/${subscription.id}`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${vendor.organization_access_token}`, "content-type": "application/json" },
      body: JSON.stringify({ seats: 1 }),
    });
    expect(tooLow.status).toBe(400);
    expect(await tooLow.json()).toMatchObject({ error: "SeatsAlreadyAssigned" });
    expect((await polar.subscriptions.get({ id: subscription.id })).seats).toBe(3);

    await polar.customerSeats.revokeSeat({ seatId: seat.id });
    await receiver.waitFor((types) => types.includes("customer_seat.revoked"));
    const decreased = await polar.subscriptions.update({ id: subscription.id, subscriptionUpdate: { seats: 1 } });
    expect(decreased.seats).toBe(1);

    // Every webhook verifies with both SDK generations; the seat ones came in order: the
    // teammate's seat assigned, claimed, then revoked, the second seat claimed at once
    // before that revocation.
    const seatEvents = receiver.received
      .map((r) => JSON.parse(r.body) as { type: string; data: { id: string } })
      .filter((event) => event.type.startsWith("customer_seat."));
    expect(seatEvents.map((event) => event.type)).toEqual(["customer_seat.assigned", "customer_seat.claimed", "customer_seat.claimed", "customer_seat.revoked"]);
    expect(seatEvents.filter((event) => event.data.id === seat.id).map((event) => event.type)).toEqual([
      "customer_seat.assigned",
      "customer_seat.claimed",
      "customer_seat.revoked",
    ]);
    for (const { body, headers } of receiver.received) {
      const event = validateEvent(body, headers, endpoint.secret);
      expect(event.type).toBe(JSON.parse(body).type);
      expect((await webhooks1.validateEvent(body, headers, endpoint.secret)).type).toBe(event.type);
    }
    const assigned = JSON.parse(receiver.received.find((r) => JSON.parse(r.body).type === "customer_seat.assigned")!.body);
    expect(assigned.data).toMatchObject({ id: seat.id, status: "pending", email: teammate });
    const revoked = JSON.parse(receiver.received.find((r) => JSON.parse(r.body).type === "customer_seat.revoked")!.body);
    expect(revoked.data).toMatchObject({ id: seat.id, status: "revoked", customer_id: null, email: null });

    // A tampered body does not verify.
    const first = receiver.received[0]!;
    expect(() => validateEvent(first.body.replace("}", ', "x": 1}'), first.headers, endpoint.secret)).toThrow();
    expect(() => validateEvent(first.body, first.headers, "polar_whs_wrong")).toThrow();

    // The delivery log holds every attempt, and SDK 1.x reads the same objects.
    const deliveries = await polar.webhooks.listWebhookDeliveries({ endpointId: endpoint.id });
    expect(deliveries.result.items.length).toBe(receiver.received.length);
    expect(deliveries.result.items.every((d) => d.succeeded)).toBe(true);
    const fresh = sdk1(vendor.organization_access_token);
    expect((await fresh.subscriptions.get(subscription.id)).seats).toBe(1);
  });

  it("loses nothing while the receiver is down: attempts are logged, and it arrives once the receiver is back", async () => {
    const down = new WebhookReceiver();
    await down.start();
    const port = down.port;
    await down.stop();
    const endpoint = await polar.webhooks.createWebhookEndpoint({ url: `http://127.0.0.1:${port}/webhooks`, format: "raw", events: ["customer.created"] });
    await polar.customers.create({ email: `while-down-${Date.now()}@example.com` });
    const deadline = Date.now() + 15_000;
    let failed = 0;
    while (failed < 1 && Date.now() < deadline) {
      failed = (await polar.webhooks.listWebhookDeliveries({ endpointId: endpoint.id, succeeded: false })).result.pagination.totalCount;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(failed).toBeGreaterThanOrEqual(1);
    const back = new WebhookReceiver();
    await back.start(port);
    try {
      await back.waitFor((types) => types.includes("customer.created"), 30_000);
      expect(back.received).toHaveLength(1);
      expect(validateEvent(back.received[0]!.body, back.received[0]!.headers, endpoint.secret).type).toBe("customer.created");
    } finally {
      await back.stop();
    }
  }, 60_000);
});
