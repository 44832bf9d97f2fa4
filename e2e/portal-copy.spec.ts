import { customerWithSubscription } from "./fixtures/customers";
import { expect, linkIn, mailbox, newPage, portalPath, signIn, test } from "./fixtures/portal";

// Words and focus: each message said once, where it belongs, in the words the rest of the
// portal uses; after a revoke the keyboard is not thrown back to the top of the page.

test("the invite form says what is wrong once, beside the field, and puts the focus there", async ({ page }) => {
  const { email, subscription } = await customerWithSubscription(3, "copy");
  const taken = `taken-${Date.now()}@example.com`;
  await signIn(page, email);
  await page.goto(portalPath(`/subscriptions/${subscription.id}`));
  const address = page.getByLabel("Email address");
  const form = page.getByRole("form", { name: "Invite someone to a seat" });

  await address.fill(taken);
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(form.getByRole("status")).toHaveText(`Invitation sent to ${taken}.`);

  await address.fill(taken);
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(form.getByText(`${taken} already holds a seat here.`)).toBeVisible();
  await expect(form.getByRole("status")).toHaveText("");
  await expect(form.getByText("Check the highlighted fields")).toHaveCount(0);
  await expect(address).toBeFocused();
  await expect(address).toHaveAttribute("aria-invalid", "true");

  // Every metadata line that needs fixing is named, not only the first.
  await address.fill(`other-${Date.now()}@example.com`);
  await page.getByText("Add metadata (optional)").click();
  await page.getByLabel(/Metadata, one/).fill("team design\nrole: editor\nlevel senior");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(form.getByText("Lines 1 and 3: write each as key: value.")).toBeVisible();
  await expect(page.getByLabel(/Metadata, one/)).toBeFocused();
});

test("after a revoke the focus is on the row's result; the activity log says invited and names a claimer once", async ({ page, browser }) => {
  const { email, subscription } = await customerWithSubscription(3, "focus");
  const invitee = `claimer-${Date.now()}@example.com`;
  const seats = portalPath(`/subscriptions/${subscription.id}`);
  await signIn(page, email);
  await page.goto(seats);
  await page.getByLabel("Email address").fill(invitee);
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Invitation sent to ${invitee}` })).toBeVisible();
  const guest = await newPage(browser);
  await guest.page.goto(linkIn((await mailbox().waitForEmail(invitee)).text, "/portal/claim?token="));
  await guest.page.getByRole("button", { name: "Claim my seat" }).click();
  await expect(guest.page).toHaveURL(/\/claimed\?claimed=1$/);
  await guest.context.close();

  await page.reload();
  const row = page.locator(`tr[data-email="${invitee}"]`);
  const seatId = await row.getAttribute("data-seat-id");
  await row.getByRole("button", { name: `Revoke the seat of ${invitee}` }).click();
  await page.getByRole("dialog", { name: "Revoke this seat?" }).getByRole("button", { name: "Revoke seat" }).click();
  const result = page.locator(`[id="seat-result-${seatId}"]`);
  await expect(result).toHaveText("Seat revoked.");
  await expect(result).toBeFocused();

  await page.goto(`${seats}/activity`);
  const filter = page.getByLabel("What");
  await expect(filter.locator("option")).toHaveText(["Everything", "Invited", "New link sent", "Reminded", "Link shared", "Claimed", "Revoked", "Link lapsed"]);
  await expect(page.locator('li[data-event-type="claimed"] > span').first()).toHaveText(`${invitee} claimed their seat`);
});
