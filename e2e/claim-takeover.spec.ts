// The security review's takeover, in the browser: a billing customer gives a seat to an
// existing customer, has the portal hand them the link, and opens it. Before, claiming it
// signed them in as the invitee for a week. Now a shared link asks the invited address to
// prove itself by an email sign-in, and a claim opens only the member's view of the seats it
// holds, which ends with the seat.
import type { Page } from "@playwright/test";
import { customerWithSubscription } from "./fixtures/customers";
import { expect, linkIn, mailbox, newPage, portalPath, signIn, test } from "./fixtures/portal";
import { keepScreenshot } from "./fixtures/screenshots";

async function invite(page: Page, subscriptionId: string, email: string) {
  await page.goto(portalPath(`/subscriptions/${subscriptionId}`));
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Invitation sent to ${email}` })).toBeVisible();
}

async function shareLink(page: Page, email: string) {
  const row = page.locator(`tr[data-email="${email}"]`);
  await row.getByRole("button", { name: `Get a link to share with ${email}` }).click();
  const dialog = page.getByRole("dialog", { name: `A link for ${email}` });
  const link = await dialog.getByTestId("shared-link").inputValue();
  await dialog.getByRole("button", { name: "Done" }).click();
  return link;
}

test("a shared link does not sign its holder in as the invited customer: the address proves itself first", async ({ page, browser }, testInfo) => {
  const bob = await customerWithSubscription(3, "bob");
  const alice = await customerWithSubscription(2, "alice");
  await signIn(page, bob.email);
  await invite(page, bob.subscription.id, alice.email);
  const link = await shareLink(page, alice.email);

  // Bob opens it, signed in as himself: no claim button, only the offer to email alice.
  await page.goto(link);
  await expect(page.getByTestId("claim-email")).toHaveText(alice.email);
  await expect(page.getByTestId("claim-proof")).toContainText(`You are signed in as ${bob.email}`);
  await expect(page.getByRole("button", { name: "Claim my seat" })).toHaveCount(0);
  await keepScreenshot(page, testInfo, "claim-shared-link-proof");
  const inbox = mailbox();
  const before = (await inbox.to(alice.email)).length;
  await page.getByRole("button", { name: `Email a sign-in link to ${alice.email}` }).click();
  await expect(page.getByRole("status").filter({ hasText: `We sent a sign-in link to ${alice.email}` })).toBeVisible();
  // Bob is still bob: alice's subscription is not his to see.
  const alicesSeats = await page.goto(portalPath(`/subscriptions/${alice.subscription.id}`));
  expect(alicesSeats?.status()).toBe(404);

  // Signed out, the same: the link alone opens nothing.
  const stranger = await newPage(browser);
  await stranger.page.goto(link);
  await expect(stranger.page.getByTestId("claim-proof")).toBeVisible();
  await expect(stranger.page.getByRole("button", { name: "Claim my seat" })).toHaveCount(0);
  await stranger.context.close();

  // Alice follows the sign-in link from her inbox: it brings her back to the claim, signed in.
  const signInMail = await inbox.waitForEmail(alice.email, { count: before + 1 });
  const { context, page: alicePage } = await newPage(browser);
  await alicePage.goto(linkIn(signInMail.text, "/api/auth/callback/nodemailer"));
  await expect(alicePage).toHaveURL(/\/portal\/claim\?token=/);
  await alicePage.getByRole("button", { name: "Claim my seat" }).click();
  await expect(alicePage).toHaveURL(new RegExp(`${portalPath("/claimed")}\\?claimed=1$`));
  await expect(alicePage.locator(`[data-subscription-id="${bob.subscription.id}"]`)).toBeVisible();
  // Her own account is hers, as before.
  expect((await alicePage.goto(portalPath(`/subscriptions/${alice.subscription.id}`)))?.status()).toBe(200);
  await context.close();
});

test("a mailed link opens the member's view only, and that session ends with the seat", async ({ page, browser }, testInfo) => {
  const bob = await customerWithSubscription(3, "bob");
  const carol = await customerWithSubscription(2, "carol");
  await signIn(page, bob.email);
  await invite(page, bob.subscription.id, carol.email);
  const invitation = await mailbox().waitForEmail(carol.email);

  const { context, page: holder } = await newPage(browser);
  await holder.goto(linkIn(invitation.text, "/portal/claim?token="));
  await holder.getByRole("button", { name: "Claim my seat" }).click();
  await expect(holder).toHaveURL(new RegExp(`${portalPath("/claimed")}\\?claimed=1$`));
  await expect(holder.locator(`[data-subscription-id="${bob.subscription.id}"]`)).toBeVisible();
  await keepScreenshot(holder, testInfo, "claimed-member-view");
  // Nothing of carol's billing account: the overview leads to the seats she holds, her own
  // subscription's page is not found.
  await holder.goto(portalPath());
  await expect(holder).toHaveURL(new RegExp(`${portalPath("/claimed")}$`));
  expect((await holder.goto(portalPath(`/subscriptions/${carol.subscription.id}`)))?.status()).toBe(404);

  // Bob takes the seat back: carol's browser session is gone with it.
  await page.goto(portalPath(`/subscriptions/${bob.subscription.id}`));
  const row = page.locator(`tr[data-email="${carol.email}"]`);
  await row.getByRole("button", { name: `Revoke the seat of ${carol.email}` }).click();
  await page.getByRole("dialog", { name: "Revoke this seat?" }).getByRole("button", { name: "Revoke seat" }).click();
  await expect(page.getByText("Seat revoked.")).toBeVisible();
  await holder.goto(portalPath("/claimed"));
  await expect(holder).toHaveURL(new RegExp(`${portalPath("/sign-in")}$`));
  await context.close();
});
