// The seats page with JavaScript turned off: every form posts to its server action as a
// plain HTML form, and the page that comes back shows the result. The order asks for server
// actions on forms that work before (or without) hydration.
import { customerWithSubscription } from "./fixtures/customers";
import { database, expect, linkIn, mailbox, portalPath, signIn, test } from "./fixtures/portal";
import { keepScreenshot } from "./fixtures/screenshots";

test.use({ javaScriptEnabled: false });

test("without JavaScript an owner signs in, invites, resends, shares a link and revokes (after a confirmation step)", async ({ page, browser }, testInfo) => {
  const { email, subscription } = await customerWithSubscription(5, "nojs");
  const invitee = `nojs-invitee-${subscription.id.slice(0, 8)}@example.com`;
  const inbox = mailbox();
  const seatsPage = portalPath(`/subscriptions/${subscription.id}`);
  const seat = () => database().customerSeat.findFirstOrThrow({ where: { subscriptionId: subscription.id, email: invitee } });

  // The sign-in form posts without JavaScript; the emailed link is followed as a link.
  await signIn(page, email);
  await page.goto(seatsPage);

  await page.getByLabel("Email address").fill(invitee);
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Invitation sent to ${invitee}` })).toBeVisible();
  const invited = await seat();
  expect(invited.status).toBe("pending");
  const first = await inbox.waitForEmail(invitee);
  const row = page.locator(`tr[data-email="${invitee}"]`);

  await row.getByRole("button", { name: `Resend to ${invitee}` }).click();
  await expect(page.getByRole("status").filter({ hasText: `A new link was sent to ${invitee}.` })).toBeVisible();
  const resent = await seat();
  expect(resent.invitationTokenHash, "the resend rotated the link").not.toBe(invited.invitationTokenHash);
  const second = await inbox.waitForEmail(invitee, { count: 2 });
  expect(linkIn(second.text, "/portal/claim?token=")).not.toBe(linkIn(first.text, "/portal/claim?token="));

  await row.getByRole("button", { name: `Get a link to share with ${invitee}` }).click();
  const shared = page.getByRole("region", { name: `A link for ${invitee}` });
  await expect(shared).toBeVisible();
  const link = await shared.getByTestId("shared-link").inputValue();
  expect(link).toContain("/portal/claim?token=");
  // A secret shown once: never in the address bar (nor anywhere a URL is kept).
  expect(page.url()).not.toContain("token=");
  const sharedSeat = await seat();
  expect(sharedSeat.invitationTokenHash, "sharing made a new link").not.toBe(resent.invitationTokenHash);
  expect(sharedSeat.invitationDelivery).toBe("shared");
  const guest = await browser.newContext();
  const guestPage = await guest.newPage();
  await guestPage.goto(link);
  await expect(guestPage.getByTestId("claim-email")).toHaveText(invitee);
  await guest.close();
  await shared.getByRole("link", { name: "Done" }).click();
  await expect(page.getByTestId("shared-link")).toHaveCount(0);

  // Revoke asks first, as a page of its own; Cancel leaves the seat as it was.
  await row.getByRole("button", { name: `Revoke the seat of ${invitee}` }).click();
  const confirmation = page.getByRole("region", { name: "Revoke this seat?" });
  await expect(confirmation).toBeVisible();
  await expect(confirmation).toContainText(invitee);
  expect(new URL(page.url()).searchParams.get("confirm")).toBe(invited.id);
  await confirmation.getByRole("link", { name: "Cancel" }).click();
  await expect(page.getByRole("region", { name: "Revoke this seat?" })).toHaveCount(0);
  expect((await seat()).status).toBe("pending");

  await row.getByRole("button", { name: `Revoke the seat of ${invitee}` }).click();
  await keepScreenshot(page, testInfo, "nojs-revoke-confirmation");
  await page.getByRole("region", { name: "Revoke this seat?" }).getByRole("button", { name: "Revoke seat" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Seat revoked." })).toBeVisible();
  expect(new URL(page.url()).searchParams.has("confirm"), "the answer is the seats page, not the confirmation").toBe(false);
  const revoked = await database().customerSeat.findUniqueOrThrow({ where: { id: invited.id } });
  expect(revoked.status).toBe("revoked");
  await expect(page.locator(`tr[data-email="${invitee}"]`)).toHaveCount(0);
  await keepScreenshot(page, testInfo, "nojs-seats-after-revoke");
});
