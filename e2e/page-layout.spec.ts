// Every page of the portal at a phone's width and a desktop's, in light and dark mode: nothing
// scrolls sideways at 360 px, axe finds no WCAG 2.1 A/AA violation, and a screenshot of each is
// kept at 390 px and 1440 px (.artifacts/screenshots) for a person to look at.
import type { Browser, Page } from "@playwright/test";
import { axeViolations } from "./fixtures/axe";
import { customerWithSubscription } from "./fixtures/customers";
import { expect, linkIn, mailbox, newPage, portalPath, signIn, test } from "./fixtures/portal";
import { keepScreenshot } from "./fixtures/screenshots";

/** How far the page is wider than the window (0: nothing scrolls sideways). */
const sidewaysOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

async function checkPage(page: Page, name: string, path: string, ready: (page: Page) => Promise<void>) {
  for (const width of [360, 390, 1440]) {
    await page.setViewportSize({ width, height: width < 500 ? 800 : 900 });
    for (const colorScheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme });
      // Absolute: pages of browser contexts of our own have no baseURL.
      await page.goto(path.startsWith("/") ? `${process.env.E2E_BASE_URL}${path}` : path);
      await ready(page);
      if (width === 360) {
        expect(await sidewaysOverflow(page), `${name} scrolls sideways at 360 px (${colorScheme})`).toBe(0);
        continue;
      }
      expect(await axeViolations(page), `axe on ${name} at ${width} px, ${colorScheme}`).toEqual([]);
      if (colorScheme === "light") await keepScreenshot(page, test.info(), `${name}-${width}`);
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
}

async function signedOut(browser: Browser) {
  return (await newPage(browser)).page;
}

test("every page fits a 360 px screen and passes axe in light and dark mode", async ({ page, browser }) => {
  test.setTimeout(240_000);
  const { email, subscription } = await customerWithSubscription(4, "layout");
  const run = Date.now();
  const [pending, claimed, revoked] = ["pending", "claimed", "revoked"].map((state) => `layout-${state}-${run}@example.com`);
  const seats = portalPath(`/subscriptions/${subscription.id}`);

  await signIn(page, email);
  await page.goto(seats);
  for (const invitee of [pending!, claimed!, revoked!]) {
    await page.getByLabel("Email address").fill(invitee);
    await page.getByRole("button", { name: "Send invitation" }).click();
    await expect(page.getByRole("status").filter({ hasText: `Invitation sent to ${invitee}` })).toBeVisible();
  }
  const seatId = await page.locator(`tr[data-email="${revoked}"]`).getAttribute("data-seat-id");
  const revokedRow = page.locator(`tr[data-seat-id="${seatId}"]`);
  await revokedRow.getByRole("button", { name: `Revoke the seat of ${revoked}` }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Revoke seat" }).click();
  await expect(revokedRow.getByText("Revoked", { exact: true })).toBeVisible();

  // The invitee of the claimed seat claims it in a browser of their own.
  const claimLink = linkIn((await mailbox().waitForEmail(claimed!)).text, "/portal/claim?token=");
  const holder = await signedOut(browser);
  await holder.goto(claimLink);
  await holder.getByRole("button", { name: "Claim my seat" }).click();
  await expect(holder).toHaveURL(/\/claimed\?claimed=1$/);
  const pendingLink = linkIn((await mailbox().waitForEmail(pending!)).text, "/portal/claim?token=");

  const heading = (name: string | RegExp) => async (p: Page) => {
    await expect(p.getByRole("heading", { name, level: 1 }).first()).toBeVisible();
  };
  await checkPage(page, "overview", portalPath(), heading("Your subscriptions"));
  await checkPage(page, "seats", seats, async (p) => {
    await expect(p.locator(`tr[data-email="${pending}"]`)).toBeVisible();
  });
  await checkPage(page, "bulk", `${seats}/bulk`, async (p) => {
    await expect(p.getByLabel("Addresses or CSV")).toBeVisible();
  });
  await checkPage(page, "activity", `${seats}/activity`, async (p) => {
    await expect(p.getByRole("list", { name: "Events, newest first" })).toBeVisible();
  });
  await checkPage(holder, "claimed", portalPath("/claimed"), async (p) => {
    await expect(p.getByRole("heading", { level: 1 }).first()).toBeVisible();
  });
  const stranger = await signedOut(browser);
  await checkPage(stranger, "sign-in", portalPath("/sign-in"), async (p) => {
    await expect(p.getByLabel("Email address")).toBeVisible();
  });
  await checkPage(stranger, "claim", pendingLink, async (p) => {
    await expect(p.getByRole("button", { name: "Claim my seat" })).toBeVisible();
  });
});

test("the header shows on a phone who is signed in, on one line with the organization, and marks the current page", async ({ page }) => {
  const { email, subscription } = await customerWithSubscription(2, "header");
  await signIn(page, email);
  await page.setViewportSize({ width: 390, height: 800 });
  const nav = page.getByRole("navigation", { name: "Portal" });
  const account = page.getByTestId("signed-in-as");
  await page.goto(portalPath());
  await expect(account).toBeVisible();
  await expect(account).toHaveText(email);
  // The organization's name and who is signed in share the first line.
  const [brand, who] = [await page.getByRole("link", { name: "Acme", exact: true }).boundingBox(), await account.boundingBox()];
  expect(Math.abs(brand!.y + brand!.height / 2 - (who!.y + who!.height / 2))).toBeLessThan(8);
  await expect(nav.getByRole("link", { name: "Your subscriptions" })).toHaveAttribute("aria-current", "page");
  await expect(nav.getByRole("link", { name: "Seats you hold" })).not.toHaveAttribute("aria-current");
  await page.goto(portalPath(`/subscriptions/${subscription.id}`));
  await expect(nav.getByRole("link", { name: "Your subscriptions" })).toHaveAttribute("aria-current", "true");
  await page.goto(portalPath("/claimed"));
  await expect(nav.getByRole("link", { name: "Seats you hold" })).toHaveAttribute("aria-current", "page");
  await expect(nav.getByRole("link", { name: "Your subscriptions" })).not.toHaveAttribute("aria-current");
});

test("on a phone (mobile emulation, touch) a row's actions are under its person and Revoke can be tapped and confirmed", async ({ browser }) => {
  const { email, subscription } = await customerWithSubscription(2, "phone");
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 });
  const page = await context.newPage();
  const invitee = `tapped-${Date.now()}@example.com`;
  await signIn(page, email);
  await page.goto(portalPath(`/subscriptions/${subscription.id}`));
  await page.getByLabel("Email address").fill(invitee);
  await page.getByRole("button", { name: "Send invitation" }).tap();
  await expect(page.getByRole("status").filter({ hasText: `Invitation sent to ${invitee}` })).toBeVisible();
  const row = page.locator(`tr[data-email="${invitee}"]`);
  const seatId = await row.getAttribute("data-seat-id");
  const revoke = row.getByRole("button", { name: `Revoke the seat of ${invitee}` });
  // Scrolled to, the button sits inside the screen, below the person it acts on.
  await revoke.scrollIntoViewIfNeeded();
  await expect(revoke).toBeInViewport();
  const [person, button] = await Promise.all([row.getByText(invitee, { exact: true }).boundingBox(), revoke.boundingBox()]);
  expect(button!.y).toBeGreaterThan(person!.y);
  expect(button!.x + button!.width).toBeLessThanOrEqual(390);
  await revoke.tap();
  await page.getByRole("dialog", { name: "Revoke this seat?" }).getByRole("button", { name: "Revoke seat" }).tap();
  await expect(page.locator(`[id="seat-result-${seatId}"]`)).toHaveText("Seat revoked.");
  await context.close();
});
