// Loading states and the paged "seats you hold" page.
//
// A page's data is held back by locking the table it reads, in the test database, for as
// long as the test wants to look at the placeholder: the page must show its skeleton (busy,
// labelled) around what it already knows, then the data once the lock goes. The checks that
// decide a status (signed in? whose container?) run before anything streams, so another
// customer's container stays a real 404 even while its data would be loading.
import { randomUUID } from "node:crypto";
import type { Page } from "@playwright/test";
import { newToken } from "../lib/auth/tokens";
import { database, demo, expect, portalPath, test } from "./fixtures/portal";
import { keepScreenshot } from "./fixtures/screenshots";

/** Runs `look` while `tables` are locked against every reader; the lock goes when it returns. */
async function whileLocked(tables: string[], look: () => Promise<void>) {
  await database().$transaction(
    async (tx) => {
      await tx.$executeRawUnsafe(`LOCK TABLE ${tables.join(", ")} IN ACCESS EXCLUSIVE MODE`);
      await look();
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
}

/** Signs a customer in as a vendor's portal link does (no email, no sign-in rate limit spent). */
/** Signs in by a vendor's link, which lands on the overview, or, for someone who only holds seats, on the seats they hold. */
async function signInAs(page: Page, customer: { id: string; email: string }, landing = portalPath()) {
  const { token, hash } = newToken("polar_cst_");
  await database().customerSession.create({ data: { customerId: customer.id, tokenHash: hash, expiresAt: new Date(Date.now() + 3600_000) } });
  await page.goto(`${portalPath()}?customer_session_token=${token}`);
  await expect(page).toHaveURL(new RegExp(`${landing}$`));
  await expect(page.getByTestId("signed-in-as")).toHaveText(customer.email);
}

const busy = (page: Page) => page.locator('[aria-busy="true"]');

/** A new customer of the demo organization holding claimed seats on `count` subscriptions of another one. */
async function holderOfSeats(count: number) {
  const { organization, subscriptions } = demo();
  const template = await database().subscription.findUniqueOrThrow({ where: { id: subscriptions[0]!.id } });
  const stamp = randomUUID().slice(0, 8);
  const make = (label: string) =>
    database().customer.create({ data: { organizationId: organization.id, email: `${label}-${stamp}@example.com`, emailKey: `${label}-${stamp}@example.com` } });
  const [holder, owner] = [await make("holder"), await make("payer")];
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const subscription = await database().subscription.create({
      data: {
        organizationId: organization.id,
        customerId: owner.id,
        productId: template.productId,
        status: "active",
        amount: 1200,
        currentPeriodStart: new Date(),
        currentPeriodEnd: new Date(Date.now() + 30 * 24 * 3600_000),
        seats: 1,
        createdAt: new Date(Date.UTC(2026, 0, 1, i)),
      },
    });
    await database().customerSeat.create({
      data: { subscriptionId: subscription.id, status: "claimed", customerId: holder.id, email: holder.email, assignedAt: new Date(), claimedAt: new Date() },
    });
    ids.push(subscription.id);
  }
  return { holder, owner, newestFirst: ids.reverse() };
}

test("the overview shows a busy placeholder while its subscriptions load, then the subscriptions", async ({ page }, testInfo) => {
  const alice = demo().customers[0]!;
  await signInAs(page, alice);
  await whileLocked(["subscriptions"], async () => {
    const response = await page.goto(portalPath(), { waitUntil: "commit" });
    expect(response?.status()).toBe(200);
    // What the page knows before its data: the heading; the list is a skeleton, busy and labelled.
    await expect(page.getByRole("heading", { name: "Your subscriptions" })).toBeVisible();
    await expect(busy(page)).toHaveCount(1);
    await expect(busy(page)).toContainText("Loading your subscriptions…");
    await expect(page.getByRole("list", { name: "Subscriptions and orders" })).toHaveCount(0);
    await keepScreenshot(page, testInfo, "overview-loading");
  });
  await expect(page.getByRole("heading", { name: "Acme Team" })).toBeVisible();
  await expect(busy(page)).toHaveCount(0);
});

test("a signed-out visitor is still redirected at once (a real redirect, not a streamed one)", async ({ request }) => {
  const response = await request.get(portalPath(), { maxRedirects: 0 });
  expect(response.status()).toBe(307);
  expect(new URL(response.headers()["location"]!, "http://x").pathname).toBe(portalPath("/sign-in"));
  const claimed = await request.get(portalPath("/claimed"), { maxRedirects: 0 });
  expect(claimed.status()).toBe(307);
});

test("the activity log streams behind a placeholder, while another customer's activity page is still a 404", async ({ page }) => {
  const [alice, bob] = demo().customers;
  const aliceSubscription = demo().subscriptions.find((s) => s.customer_id === alice!.id)!.id;
  const bobSubscription = demo().subscriptions.find((s) => s.customer_id === bob!.id)!.id;
  await signInAs(page, bob!);
  await whileLocked(["seat_events"], async () => {
    const foreign = await page.goto(portalPath(`/subscriptions/${aliceSubscription}/activity`), { waitUntil: "commit" });
    expect(foreign?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();

    const own = await page.goto(portalPath(`/subscriptions/${bobSubscription}/activity`), { waitUntil: "commit" });
    expect(own?.status()).toBe(200);
    await expect(page.getByRole("search", { name: "Filter the activity" })).toBeVisible();
    await expect(busy(page)).toContainText("Loading the activity…");
  });
  await expect(busy(page)).toHaveCount(0);
  await expect(page.getByRole("list", { name: "Events, newest first" }).or(page.getByRole("heading", { name: "Nothing yet" }))).toBeVisible();
});

test("the claim page shows a placeholder card while it checks the link (in the system's dark mode) to a browser that runs scripts", async ({ browser }, testInfo) => {
  const context = await browser.newContext({ colorScheme: "dark" });
  // Been here before: the time zone cookie our script writes says this browser runs scripts.
  await context.addCookies([{ name: "tz", value: "Europe/Paris", url: process.env.E2E_BASE_URL! }]);
  const guest = { context, page: await context.newPage() };
  await whileLocked(["customer_seats"], async () => {
    const response = await guest.page.goto(portalPath("/claim?token=nothing-like-a-real-token"), { waitUntil: "commit" });
    expect(response?.status()).toBe(200);
    await expect(busy(guest.page)).toContainText("Checking your invitation…");
    await keepScreenshot(guest.page, testInfo, "claim-loading");
  });
  await expect(guest.page.getByRole("heading", { name: "This link does not work" })).toBeVisible();
  await expect(busy(guest.page)).toHaveCount(0);
  await guest.context.close();

  // A first visit, and a browser without JavaScript, get the page whole once the link is
  // checked: a placeholder would stay for good where no script replaces it.
  const plain = await browser.newContext({ javaScriptEnabled: false });
  const page = await plain.newPage();
  let opening: Promise<unknown> = Promise.resolve();
  await whileLocked(["customer_seats"], async () => {
    opening = page.goto(portalPath("/claim?token=nothing-like-a-real-token"));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  });
  await opening;
  await expect(page.getByRole("heading", { name: "This link does not work" })).toBeVisible();
  await expect(busy(page)).toHaveCount(0);
  await plain.close();
});

test("seats you hold are paged on the server, 20 to a page, with the total, a page control and ?page= in the address", async ({ page }, testInfo) => {
  const { holder, newestFirst } = await holderOfSeats(21);
  await signInAs(page, holder, portalPath("/claimed"));
  const cards = page.getByRole("list", { name: "Subscriptions you hold a seat on" }).getByRole("listitem");
  // The count can be in the document before its boundary is revealed (React streams it in
  // hidden, then swaps it in), so the cards are read until the shown list settles.
  const shown = () => cards.evaluateAll((items) => items.map((item) => item.getAttribute("data-subscription-id")));

  await page.goto(portalPath("/claimed"));
  await expect(page.getByTestId("claimed-count")).toHaveText("1–20 of 21 subscriptions");
  await expect.poll(shown).toEqual(newestFirst.slice(0, 20));
  const pages = page.getByRole("navigation", { name: "Pages" });
  await expect(pages.getByText("Page 1 of 2")).toBeVisible();
  await keepScreenshot(page, testInfo, "claimed-paged");

  await pages.getByRole("link", { name: "Next" }).click();
  await expect(page).toHaveURL(new RegExp(`${portalPath("/claimed")}\\?page=2$`));
  await expect(page.getByTestId("claimed-count")).toHaveText("21–21 of 21 subscriptions");
  await expect.poll(shown).toEqual(newestFirst.slice(20));
  await expect(pages.getByText("Page 2 of 2")).toBeVisible();

  await pages.getByRole("link", { name: "Previous" }).click();
  await expect(page).toHaveURL(new RegExp(`${portalPath("/claimed")}$`));
  await expect(page.getByTestId("claimed-count")).toHaveText("1–20 of 21 subscriptions");

  // Addressable: a typed or old page number lands on a real page.
  await page.goto(portalPath("/claimed?page=99"));
  await expect(page.getByTestId("claimed-count")).toHaveText("21–21 of 21 subscriptions");
  await page.goto(portalPath("/claimed?page=nope"));
  await expect(page.getByTestId("claimed-count")).toHaveText("1–20 of 21 subscriptions");

  // While a page loads, its placeholder stands in for it.
  await whileLocked(["subscriptions"], async () => {
    await page.goto(portalPath("/claimed?page=2"), { waitUntil: "commit" });
    await expect(page.getByRole("heading", { name: "Seats you hold" })).toBeVisible();
    await expect(busy(page)).toContainText("Loading the subscriptions you hold a seat on…");
  });
  await expect(page.getByTestId("claimed-count")).toHaveText("21–21 of 21 subscriptions");
});

test("one claimed subscription shows its count and no page control", async ({ page }) => {
  const { holder } = await holderOfSeats(1);
  await signInAs(page, holder, portalPath("/claimed"));
  await page.goto(portalPath("/claimed"));
  await expect(page.getByTestId("claimed-count")).toHaveText("1 subscription");
  await expect(page.getByRole("navigation", { name: "Pages" })).toHaveCount(0);
});
