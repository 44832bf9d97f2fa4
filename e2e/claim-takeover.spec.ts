// The security review's takeover, in the browser: a billing customer gives a seat to an
// existing customer, has the portal hand them the link, and opens it. Before, claiming it
// signed them in as the invitee for a week. Now a shared link asks the invited address to
// prove itself by an email sign-in, and a claim opens only the member's view of the seats it
// holds, which ends with the seat.
import type { Page } from "@playwright/test";
import { newToken } from "../lib/auth/tokens";
import { customerWithSubscription } from "./fixtures/customers";
import { database, expect, linkIn, mailbox, newPage, portalPath, signIn, test } from "./fixtures/portal";
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
  // Signed out, and sent to sign in on the way back to the seats it held.
  await expect(holder).toHaveURL(new RegExp(`${portalPath("/sign-in")}\\?next=${encodeURIComponent(portalPath("/claimed"))}$`));
  await context.close();
});

test("a claim's browser session lives only while its seat is claimed, even when a revoke won the race against it", async ({ page, browser }) => {
  const bob = await customerWithSubscription(2, "bob");
  const dana = `dana-${bob.subscription.id.slice(0, 8)}@example.com`;
  await signIn(page, bob.email);
  await invite(page, bob.subscription.id, dana);
  const { context, page: holder } = await newPage(browser);
  await holder.goto(linkIn((await mailbox().waitForEmail(dana)).text, "/portal/claim?token="));
  await holder.getByRole("button", { name: "Claim my seat" }).click();
  await expect(holder).toHaveURL(new RegExp(`${portalPath("/claimed")}\\?claimed=1$`));
  // As if the revoke had committed before the claim wrote its browser session: the seat is
  // revoked, the session row is still there.
  await database().customerSeat.updateMany({ where: { subscriptionId: bob.subscription.id, email: dana }, data: { status: "revoked", revokedAt: new Date() } });
  await holder.goto(portalPath("/claimed"));
  // Signed out, and sent to sign in on the way back to the seats it held.
  await expect(holder).toHaveURL(new RegExp(`${portalPath("/sign-in")}\\?next=${encodeURIComponent(portalPath("/claimed"))}$`));
  await context.close();
});

test("a vendor's portal link opens that customer's session, whatever address the customer or another one has later", async ({ page }) => {
  const vicky = await customerWithSubscription(2, "vicky");
  const { token, hash } = newToken("polar_cst_");
  await database().customerSession.create({ data: { customerId: vicky.customer.id, tokenHash: hash, expiresAt: new Date(Date.now() + 3600_000) } });
  await page.goto(`${portalPath()}?customer_session_token=${token}`);
  await expect(page.locator(`a[href$="/subscriptions/${vicky.subscription.id}"]`).first()).toBeVisible();
  // The vendor changes vicky's address, and another customer is created with her old one.
  const moved = `moved-${vicky.email}`;
  await database().customer.update({ where: { id: vicky.customer.id }, data: { email: moved, emailKey: moved } });
  const other = await database().customer.create({ data: { organizationId: vicky.customer.organizationId, email: vicky.email, emailKey: vicky.email } });
  const { organizationId, productId, currentPeriodStart, currentPeriodEnd } = vicky.subscription;
  const theirs = await database().subscription.create({
    data: { organizationId, productId, currentPeriodStart, currentPeriodEnd, customerId: other.id, status: "active", seats: 4, amount: 4800 },
  });
  await page.reload();
  await expect(page.locator(`a[href$="/subscriptions/${vicky.subscription.id}"]`).first()).toBeVisible();
  await expect(page.locator(`a[href$="/subscriptions/${theirs.id}"]`)).toHaveCount(0);
  expect((await page.goto(portalPath(`/subscriptions/${theirs.id}`)))?.status()).toBe(404);
});
