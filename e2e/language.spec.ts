import { randomUUID } from "node:crypto";
import { customerWithSubscription } from "./fixtures/customers";
import { database, expect, portalPath, signIn, test } from "./fixtures/portal";
import { axeViolations } from "./fixtures/axe";
import { keepScreenshot } from "./fixtures/screenshots";

// The portal speaks the reader's language: the one they chose (kept), else their browser's,
// else the organization's default.

test("a person switches the seats page to German and works in it", async ({ page }, testInfo) => {
  const { email, subscription } = await customerWithSubscription(3, "sprache");
  const invitee = `kollegin-${Date.now()}@example.com`;
  await signIn(page, email);
  await page.goto(portalPath(`/subscriptions/${subscription.id}`));
  await page.getByLabel("Language").selectOption("de");
  await page.getByRole("button", { name: "Change" }).click();

  await expect(page.locator("html")).toHaveAttribute("lang", "de");
  await expect(page).toHaveURL(new RegExp(`${portalPath(`/subscriptions/${subscription.id}`)}$`));
  await expect(page.getByTestId("seat-availability")).toHaveText("3 von 3 Plätzen frei");
  await expect(page.getByRole("heading", { name: "Jemanden einladen" })).toBeVisible();
  await page.getByLabel("E-Mail-Adresse").fill(invitee);
  await page.getByRole("button", { name: "Einladung senden" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Einladung an ${invitee} gesendet.` })).toBeVisible();

  const row = page.locator(`tr[data-email="${invitee}"]`);
  await expect(row.getByText("Eingeladen", { exact: true })).toBeVisible();
  // Dates in German too ("14.12.2026, 15:23"), still with UTC in their title.
  await expect(row.getByTestId("link-note").locator("time")).toHaveText(/^\d{1,2}\.\d{1,2}\.\d{4}, \d{2}:\d{2}/);
  await expect(page.getByTestId("seat-availability")).toHaveText("2 von 3 Plätzen frei");
  await keepScreenshot(page, testInfo, "seats-german");
  // Longer German words break nothing: no sideways scroll on a phone, and axe is clean.
  expect(await axeViolations(page), "axe on the German seats page").toEqual([]);
  await page.setViewportSize({ width: 360, height: 800 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  await keepScreenshot(page, testInfo, "seats-german-360");
  await page.setViewportSize({ width: 1280, height: 720 });
  const seatId = await row.getAttribute("data-seat-id");
  await row.getByRole("button", { name: `Entziehen (Platz von ${invitee})` }).click();
  const dialog = page.getByRole("dialog", { name: "Diesen Platz entziehen?" });
  await dialog.getByRole("button", { name: "Platz entziehen" }).click();
  // The row is the revoked seat's now (it has forgotten its email).
  await expect(page.locator(`tr[data-seat-id="${seatId}"]`).getByText("Platz entzogen.")).toBeVisible();

  // The choice is kept: the next page is German too, and so is the header.
  await page.goto(portalPath());
  await expect(page.getByRole("navigation", { name: "Portal" }).getByRole("link", { name: "Ihre Plätze" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Abmelden" })).toBeVisible();
});

test("a browser that asks for German gets German; one that asks for none of ours gets the organization's default", async ({ browser }) => {
  const german = await browser.newContext({ locale: "de-DE" });
  const page = await german.newPage();
  await page.goto(portalPath("/sign-in"));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Bei Acme anmelden");
  await expect(page.locator("html")).toHaveAttribute("lang", "de");
  // The start page, whose message holds a literal {organization}.
  await page.goto("/");
  await expect(page.getByRole("main")).toContainText("Öffnen Sie das Portal Ihrer Organisation unter /{organization}/portal");
  await german.close();

  const slug = `maison-${randomUUID().slice(0, 8)}`;
  await database().organization.create({ data: { name: "Maison", slug, defaultLocale: "fr" } });
  const japanese = await browser.newContext({ locale: "ja-JP" });
  const other = await japanese.newPage();
  await other.goto(`/${slug}/portal/sign-in`);
  await expect(other.getByRole("heading", { level: 1 })).toHaveText("Se connecter à Maison");
  await japanese.close();
});
