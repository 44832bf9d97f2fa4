// The Team page, the header that names the team, and the seat count form, at a phone's width
// and a desktop's, in light and dark mode: nothing scrolls sideways at 360 px, axe finds no
// WCAG 2.1 A/AA violation at 390 px, and screenshots at 390 px and 1440 px are kept
// (.artifacts/screenshots) for a person to look at.
import type { Page } from "@playwright/test";
import { axeViolations } from "./fixtures/axe";
import { customerWithSubscription } from "./fixtures/customers";
import { database, expect, portalPath, signIn, test } from "./fixtures/portal";
import { keepScreenshot } from "./fixtures/screenshots";
import { addMember, inviteFromSeatsPage, withSeatChanges } from "./fixtures/team";

const sidewaysOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** The page at 360, 390 and 1440 px, light and dark; `open` brings it to the state to look at. */
async function checkPage(page: Page, name: string, open: (page: Page) => Promise<void>) {
  for (const width of [360, 390, 1440]) {
    await page.setViewportSize({ width, height: width < 500 ? 800 : 900 });
    for (const colorScheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme });
      await open(page);
      if (width === 360) {
        expect(await sidewaysOverflow(page), `${name} scrolls sideways at 360 px (${colorScheme})`).toBe(0);
        continue;
      }
      expect(await axeViolations(page), `axe on ${name} at ${width} px, ${colorScheme}`).toEqual([]);
      await keepScreenshot(page, test.info(), `${name}-${width}-${colorScheme}`);
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
}

test("the Team page, the team's header with its switcher and the seat count form fit 360 px and pass axe in light and dark mode", async ({ page }) => {
  test.setTimeout(240_000);
  const { email: owner, customer, subscription } = await customerWithSubscription(4, "layout-team");
  const run = subscription.id.slice(0, 8);
  // A person whose name is long, beside the short ones: the rows must wrap, not widen the page.
  await addMember(customer.id, `a-rather-long-address-for-a-billing-manager-${run}@example.com`, "billing_manager", "Bartholomew Longname-Billingsworth");
  await addMember(customer.id, `mo-${run}@example.com`, "member");
  // They also manage another team: the header offers the switcher.
  const other = await customerWithSubscription(2, "layout-other");
  await database().customer.update({ where: { id: other.customer.id }, data: { name: "Another Team With A Long Name" } });
  await addMember(other.customer.id, owner, "billing_manager");

  await signIn(page, owner);
  const seatsPage = portalPath(`/subscriptions/${subscription.id}`);
  await page.goto(seatsPage);
  await inviteFromSeatsPage(page, `seat-${run}@example.com`);
  // Activity to show: a role changed.
  await page.goto(portalPath("/team"));
  const mo = page.getByRole("list", { name: "Team members" }).locator(`li[data-email="mo-${run}@example.com"]`);
  await mo.getByLabel(`Role of mo-${run}@example.com`).selectOption("billing_manager");
  await mo.getByRole("button", { name: `Change role of mo-${run}@example.com` }).click();
  await expect(page.getByRole("status").filter({ hasText: "is now Billing manager" })).toBeVisible();

  await checkPage(page, "team", async (p) => {
    await p.goto(portalPath("/team"));
    await expect(p.getByRole("list", { name: "Team events, newest first" })).toBeVisible();
  });
  // In German, whose words run longest.
  await page.context().addCookies([{ name: "NEXT_LOCALE", value: "de", domain: new URL(process.env.E2E_BASE_URL!).hostname, path: "/" }]);
  await checkPage(page, "team-de", async (p) => {
    await p.goto(portalPath("/team"));
    await expect(p.getByRole("heading", { name: "Team", level: 1 })).toBeVisible();
    await expect(p.getByTestId("signed-in-team")).toHaveText("Angemeldet als Inhaber von Tess Team");
  });
  await page.context().clearCookies({ name: "NEXT_LOCALE" });
  // The removal's confirmation as a dialog.
  await checkPage(page, "team-remove-dialog", async (p) => {
    await p.goto(portalPath("/team"));
    await p.getByRole("button", { name: `Remove mo-${run}@example.com` }).click();
    await expect(p.getByRole("dialog", { name: "Remove this member?" })).toBeVisible();
  });

  await withSeatChanges(true, async () => {
    await checkPage(page, "seat-count", async (p) => {
      await p.goto(seatsPage);
      await expect(p.getByRole("region", { name: "Number of seats" })).toBeVisible();
    });
    await checkPage(page, "seat-count-preview", async (p) => {
      await p.goto(seatsPage);
      const section = p.getByRole("region", { name: "Number of seats" });
      await section.getByLabel("New number of seats").fill("6");
      await section.getByRole("button", { name: "See the new price" }).click();
      await expect(section.getByRole("heading", { name: "Go from 4 to 6 seats?" })).toBeVisible();
    });
  });
});
