// The authorization of the portal's server actions (issue 4, property 2; property 6 for the
// Origin check), in a real browser. Signed in as Bob (a demo customer), the actions are
// fed ids that are not his: Alice's seats, her subscription and her order, and a seat of
// another organization, by changing a form's hidden seat_id and by replaying the action's
// POST with another id. Each is refused with a message written for people, and the
// database is unchanged. An action POST carrying another site's Origin is refused too.
import type { Locator, Page, Request } from "@playwright/test";
import { newToken } from "../lib/auth/tokens";
import { database, demo, expect, portalPath, test } from "./fixtures/portal";

type Fixture = {
  bobSubscription: string;
  bobSeat: { id: string; email: string };
  victims: { label: string; seatId: string }[];
  containers: { label: string; kind: "subscription" | "order"; id: string }[];
};

let fixture: Fixture;
const stamp = Date.now();

/** A pending seat made straight in the database (with a live invitation hash, as an assign leaves it). */
async function pendingSeat(container: { subscriptionId?: string; orderId?: string }, organizationId: string, label: string, status: "pending" | "claimed" = "pending") {
  const email = `${label}-${stamp}@example.com`;
  const customer = await database().customer.create({ data: { organizationId, email, emailKey: email, externalId: `${label}-${stamp}` } });
  const seat = await database().customerSeat.create({
    data: {
      ...container,
      status,
      customerId: customer.id,
      email,
      invitationTokenHash: newToken().hash,
      invitationTokenExpiresAt: new Date(Date.now() + 7 * 24 * 3600_000),
      assignedAt: new Date(),
      claimedAt: status === "claimed" ? new Date() : null,
    },
  });
  return { id: seat.id, email };
}

test.beforeAll(async () => {
  const { organization, customers, subscriptions, orders } = demo();
  const [alice, bob] = customers;
  const aliceSubscription = subscriptions.find((s) => s.customer_id === alice!.id)!.id;
  const bobSubscription = subscriptions.find((s) => s.customer_id === bob!.id)!.id;
  const aliceOrder = orders.find((o) => o.customer_id === alice!.id)!.id;

  // Another organization, with a customer, a subscription and a seat of its own.
  const other = await database().organization.create({ data: { name: `Other ${stamp}`, slug: `other-${stamp}`, seatBasedPricingEnabled: true } });
  const product = await database().product.create({
    data: { organizationId: other.id, name: `Other product ${stamp}`, recurringInterval: "month", recurringIntervalCount: 1, prices: { create: { seatTiers: [{ min_seats: 1, max_seats: null, price_per_seat: 100 }] } } },
  });
  const carol = await database().customer.create({ data: { organizationId: other.id, email: `carol-${stamp}@example.com`, emailKey: `carol-${stamp}@example.com` } });
  const now = new Date();
  const otherSubscription = await database().subscription.create({
    data: { organizationId: other.id, customerId: carol.id, productId: product.id, status: "active", amount: 500, currentPeriodStart: now, currentPeriodEnd: new Date(now.getTime() + 30 * 24 * 3600_000), seats: 5 },
  });

  fixture = {
    bobSubscription,
    bobSeat: await pendingSeat({ subscriptionId: bobSubscription }, organization.id, "bob-teammate"),
    victims: [
      { label: "Alice's pending seat", seatId: (await pendingSeat({ subscriptionId: aliceSubscription }, organization.id, "alice-pending")).id },
      { label: "Alice's claimed seat", seatId: (await pendingSeat({ subscriptionId: aliceSubscription }, organization.id, "alice-claimed", "claimed")).id },
      { label: "Alice's order seat", seatId: (await pendingSeat({ orderId: aliceOrder }, organization.id, "alice-order")).id },
      { label: "another organization's seat", seatId: (await pendingSeat({ subscriptionId: otherSubscription.id }, other.id, "carol-teammate")).id },
    ],
    containers: [
      { label: "Alice's subscription", kind: "subscription", id: aliceSubscription },
      { label: "Alice's order", kind: "order", id: aliceOrder },
      { label: "another organization's subscription", kind: "subscription", id: otherSubscription.id },
    ],
  };
});

test.afterAll(async () => {
  // The rows made here leave the demo as the other specs expect it.
  const ids = [fixture.bobSeat.id, ...fixture.victims.map((v) => v.seatId)];
  await database().customerSeat.deleteMany({ where: { id: { in: ids } } });
});

/** Everything an action could change, as text: seats, their history, customers, sessions, queued mail. */
async function snapshot() {
  const rows = async (sql: string) => (await database().$queryRawUnsafe<{ row: string }[]>(sql)).map((r) => r.row).sort();
  return {
    seats: await rows(`SELECT t::text AS row FROM customer_seats t`),
    events: await rows(`SELECT t::text AS row FROM seat_events t`),
    customers: await rows(`SELECT t::text AS row FROM customers t`),
    subscriptions: await rows(`SELECT t::text AS row FROM subscriptions t`),
    orders: await rows(`SELECT t::text AS row FROM orders t`),
    // Delivery changes a row's status; what matters is that no message was queued.
    outbox: await rows(`SELECT concat_ws(' ', id, kind, recipient) AS row FROM email_outbox`),
  };
}

/** Signs Bob in the way a vendor's portal link does (no email, no sign-in rate limit spent). */
async function signInAsBob(page: Page) {
  const bob = demo().customers[1]!;
  const { token, hash } = newToken("polar_cst_");
  await database().customerSession.create({ data: { customerId: bob.id, tokenHash: hash, expiresAt: new Date(Date.now() + 3600_000) } });
  await page.goto(`${portalPath()}?customer_session_token=${token}`);
  await expect(page.getByTestId("signed-in-as")).toHaveText(bob.email);
  await page.goto(portalPath(`/subscriptions/${fixture.bobSubscription}`));
  await expect(page.locator(`tr[data-email="${fixture.bobSeat.email}"]`)).toBeVisible();
}

const isAction = (request: Request) => request.method() === "POST" && Boolean(request.headers()["next-action"]);

/** Bob's seats page, fresh: no earlier action's re-render can overwrite a changed field. */
async function freshRow(page: Page) {
  await page.goto(portalPath(`/subscriptions/${fixture.bobSubscription}`));
  await page.waitForLoadState("networkidle");
  const row = page.locator(`tr[data-email="${fixture.bobSeat.email}"]`);
  await expect(row).toBeVisible();
  return row;
}

/** Puts another id in a form's seat_id (a hidden input, or the submit button's own value), submits it, and checks the POST carried it. */
async function submitWithSeatId(page: Page, input: Locator, submit: Locator, seatId: string, label: string) {
  await input.evaluate((element, id) => ((element as HTMLInputElement | HTMLButtonElement).value = id), seatId);
  const answered = page.waitForResponse((response) => isAction(response.request()));
  await submit.click();
  const response = await answered;
  expect(response.request().postData(), `${label}: the action carried the changed id`).toContain(seatId);
  expect(response.status(), label).toBe(200);
}

test("revoking another customer's seat through a changed seat_id is refused with a readable message, and nothing changes", async ({ page }) => {
  await signInAsBob(page);
  const before = await snapshot();
  for (const victim of fixture.victims) {
    const row = await freshRow(page);
    await row.getByRole("button", { name: `Revoke the seat of ${fixture.bobSeat.email}` }).click();
    const dialog = page.getByRole("dialog", { name: "Revoke this seat?" });
    await submitWithSeatId(page, dialog.locator('input[name="seat_id"]'), dialog.getByRole("button", { name: "Revoke seat" }), victim.seatId, victim.label);
    await expect(row.getByText("Seat not found."), victim.label).toBeVisible();
  }
  expect(await snapshot()).toEqual(before);
  await expect((await freshRow(page)).getByText("Invited")).toBeVisible();
});

test("every other seat action of a row (resend, and any added since) with a changed seat_id is refused with a readable message, and nothing changes", async ({ page }) => {
  await signInAsBob(page);
  const row = await freshRow(page);
  // The row's submit buttons that carry a seat_id (each posts the page's one form of its
  // action), each named by its text.
  const rowSubmits = (target: Locator) => target.locator('button[type=submit][name="seat_id"]');
  const actions = await rowSubmits(row).evaluateAll((buttons) => buttons.map((button) => (button.textContent ?? "").trim()));
  expect(actions.length, "a pending seat can at least be resent").toBeGreaterThanOrEqual(1);
  expect(actions.some((name) => /^(Resend|Send a new link)/.test(name)), actions.join(" | ")).toBe(true);
  const before = await snapshot();
  for (const [index, action] of actions.entries()) {
    for (const victim of fixture.victims) {
      const fresh = await freshRow(page);
      const button = rowSubmits(fresh).nth(index);
      await submitWithSeatId(page, button, button, victim.seatId, `${action}: ${victim.label}`);
      await expect(fresh.locator("p[aria-live]"), `${action}: ${victim.label}`).toHaveText(/not found/i);
      await expect(page.getByRole("dialog"), "no link was shown").toHaveCount(0);
    }
  }
  expect(await snapshot()).toEqual(before);
});

test("assigning a seat on another customer's subscription or order, by replaying the action with their id, is refused with a readable message, and nothing changes", async ({ page }) => {
  await signInAsBob(page);
  const own = JSON.stringify({ kind: "subscription", id: fixture.bobSubscription });
  const before = await snapshot();
  for (const container of fixture.containers) {
    const foreign = JSON.stringify({ kind: container.kind, id: container.id });
    let replayed = false;
    await page.route(`**${portalPath(`/subscriptions/${fixture.bobSubscription}`)}`, async (route) => {
      const request = route.request();
      if (!isAction(request)) return route.continue();
      const body = request.postData() ?? "";
      replayed = body.includes(own);
      await route.continue({ postData: body.split(own).join(foreign) });
    });
    const email = `intruder-${container.kind}-${stamp}@example.com`;
    await page.getByLabel("Email address").fill(email);
    await page.getByRole("button", { name: "Send invitation", exact: true }).click();
    await expect(page.getByRole("status").filter({ hasText: "Subscription or order not found." }), container.label).toBeVisible();
    expect(replayed, `${container.label}: the action carried Bob's subscription, replaced on its way`).toBe(true);
    await expect(page.getByLabel("Email address")).toHaveValue(email);
    await page.unrouteAll({ behavior: "wait" });
    await page.reload();
  }
  expect(await snapshot()).toEqual(before);
});

test("a server action POST with another site's Origin is refused and changes nothing; the same POST from the portal works", async ({ page, baseURL }) => {
  await signInAsBob(page);
  const row = page.locator(`tr[data-email="${fixture.bobSeat.email}"]`);
  // Bob's own revoke, held back in the browser and replayed by hand.
  let captured: { url: string; headers: Record<string, string>; body: Buffer } | null = null;
  await page.route(`**${portalPath(`/subscriptions/${fixture.bobSubscription}`)}`, async (route) => {
    const request = route.request();
    if (!isAction(request)) return route.continue();
    captured = { url: request.url(), headers: await request.allHeaders(), body: request.postDataBuffer() ?? Buffer.alloc(0) };
    await route.abort();
  });
  await row.getByRole("button", { name: `Revoke the seat of ${fixture.bobSeat.email}` }).click();
  await page.getByRole("dialog", { name: "Revoke this seat?" }).getByRole("button", { name: "Revoke seat" }).click();
  await expect.poll(() => captured !== null).toBe(true);
  const held = captured!;
  const replay = (origin: string) => {
    const headers = Object.fromEntries(Object.entries(held.headers).filter(([name]) => !name.startsWith(":") && !["cookie", "content-length", "host"].includes(name)));
    return page.request.post(held.url, { headers: { ...headers, origin }, data: held.body, maxRedirects: 0 });
  };

  const before = await snapshot();
  for (const origin of ["https://evil.example", "null"]) {
    const response = await replay(origin);
    // Refused by the production server before Next.js (which would answer a bare 500).
    expect(response.status(), origin).toBe(403);
    const body = await response.text();
    expect(body, origin).toContain("NotPermitted");
    expect(body, origin).not.toContain("Seat revoked.");
    expect(await snapshot(), origin).toEqual(before);
  }
  const same = await replay(new URL(baseURL!).origin);
  expect(same.status()).toBe(200);
  expect(await same.text()).toContain("Seat revoked.");
  expect((await database().customerSeat.findUniqueOrThrow({ where: { id: fixture.bobSeat.id } })).status).toBe("revoked");
});
