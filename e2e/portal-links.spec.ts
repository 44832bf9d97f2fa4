import { demo, expect, portalPath, test, database } from "./fixtures/portal";
import { newToken } from "../lib/auth/tokens";
import { keepScreenshot } from "./fixtures/screenshots";

test("a vendor's customer_portal_url signs the customer in once and leaves the address bar clean", async ({ page, request }) => {
  const { organization, customers } = demo();
  const token = await createSessionToken(customers[1]!.id);
  await page.goto(`/${organization.slug}/portal?customer_session_token=${token}`);
  await expect(page).toHaveURL(new RegExp(`${portalPath()}$`));
  await expect(page.getByTestId("signed-in-as")).toHaveText(customers[1]!.email);
  // The token worked once: it no longer opens a session, in the browser or on the API.
  const again = await request.get(`/${organization.slug}/portal/session?customer_session_token=${token}`, { maxRedirects: 0 });
  expect(again.status()).toBe(303);
  expect(again.headers()["location"]).toContain("/sign-in?link=expired");
});

test("dead invitation links say what happened", async ({ page }) => {
  await page.goto(portalPath("/claim?token=nothing-like-a-real-token"));
  await expect(page.getByRole("heading", { name: "This link does not work" })).toBeVisible();
  await page.goto(portalPath("/claim"));
  await expect(page.getByRole("heading", { name: "This link does not work" })).toBeVisible();
});

test("the seats page is usable at a phone's width, in the system's dark mode", async ({ browser }, testInfo) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, colorScheme: "dark" });
  const page = await context.newPage();
  const { signIn } = await import("./fixtures/portal");
  await signIn(page, demo().customers[0]!.email);
  await page.goto(portalPath(`/subscriptions/${demo().subscriptions[0]!.id}`));
  await expect(page.getByRole("button", { name: "Send invitation" })).toBeInViewport();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  // Dark mode follows the system: the page background is dark.
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const [r, g, b] = background.match(/[\d.]+/g)!.map(Number);
  expect(r! + g! + b!).toBeLessThan(120);
  await keepScreenshot(page, testInfo, "seats-phone-dark");
  await context.close();
});

async function createSessionToken(customerId: string) {
  const { token, hash } = newToken("polar_cst_");
  await database().customerSession.create({ data: { customerId, tokenHash: hash, expiresAt: new Date(Date.now() + 3600_000) } });
  return token;
}
