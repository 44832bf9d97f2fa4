import { customerWithSubscription } from "./fixtures/customers";
import { expect, portalPath, signIn, test } from "./fixtures/portal";
import { keepScreenshot } from "./fixtures/screenshots";

// What a seat row tells: when, on the reader's own clock, and what the vendor or the CSV
// said about the person (team, role), findable by search.

test.use({ timezoneId: "Asia/Tokyo" });

test("times are on the reader's clock (UTC on hover), and a seat's metadata shows in its row and is searchable", async ({ page }, testInfo) => {
  const { email, subscription } = await customerWithSubscription(3, "clock");
  const seats = portalPath(`/subscriptions/${subscription.id}`);
  const invitee = `meta-${Date.now()}@example.com`;
  await signIn(page, email);
  await page.goto(seats);
  await page.getByLabel("Email address").fill(invitee);
  await page.getByText("Add metadata (optional)").click();
  await page.getByLabel(/Metadata, one/).fill("team: Platform\nrole: Lead engineer");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Invitation sent to ${invitee}` })).toBeVisible();

  const row = page.locator(`tr[data-email="${invitee}"]`);
  const expiry = row.getByTestId("link-note").locator("time");
  // Tokyo is UTC+9 all year: the text names the reader's zone, the title says UTC.
  await expect(expiry).toHaveText(/GMT\+9$/);
  await expect(expiry).toHaveAttribute("title", /UTC$/);
  await expect(expiry).toHaveAttribute("datetime", /Z$/);
  await expect(row.getByTestId("seat-details").getByRole("listitem")).toHaveText(["role: Lead engineer", "team: Platform"]);
  await keepScreenshot(page, testInfo, "seats-with-metadata");

  await page.getByLabel("Email or metadata contains").fill("platform");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.locator("tr[data-seat-id]")).toHaveCount(1);
  await expect(row).toBeVisible();

  await page.goto(`${seats}/activity`);
  await expect(page.locator("li[data-event-type] time").first()).toHaveText(/GMT\+9$/);
});
