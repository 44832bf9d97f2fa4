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

test("without JavaScript the parts a page streams with it are drawn with the page: the overview, the activity, the Team page's activity, the seats a person holds", async ({ page, browser }) => {
  const { email, subscription } = await customerWithSubscription(3, "nojs-pages");
  const run = subscription.id.slice(0, 8);
  const invitee = `nojs-pages-${run}@example.com`;
  const teammate = `nojs-mate-${run}@example.com`;
  const inbox = mailbox();
  const seatsPath = portalPath(`/subscriptions/${subscription.id}`);
  await signIn(page, email);

  await page.goto(portalPath());
  await expect(page.getByRole("link", { name: "Manage seats of Acme Team" })).toBeVisible();
  await expect(page.getByText("Loading your subscriptions…")).toHaveCount(0);

  await page.goto(seatsPath);
  await page.getByLabel("Email address").fill(invitee);
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Invitation sent to ${invitee}` })).toBeVisible();
  await page.goto(`${seatsPath}/activity`);
  await expect(page.getByText(invitee).first()).toBeVisible();
  await expect(page.getByText("Loading the activity…")).toHaveCount(0);

  await page.goto(portalPath("/team"));
  await page.getByLabel("Email address").fill(teammate);
  await page.getByLabel("Role", { exact: true }).selectOption("member");
  await page.getByRole("button", { name: "Add to the team" }).click();
  await expect(page.getByRole("status").filter({ hasText: `${teammate} was added as Member.` })).toBeVisible();
  const activity = page.locator("#activity");
  await expect(activity.locator('[data-event-type="member_added"]').filter({ hasText: teammate })).toBeVisible();
  await expect(page.getByText("Loading the team's activity…")).toHaveCount(0);

  // The invitee, without JavaScript either, claims and lands on the seats they hold.
  const guest = await browser.newContext({ javaScriptEnabled: false });
  const guestPage = await guest.newPage();
  await guestPage.goto(linkIn((await inbox.waitForEmail(invitee)).text, "/portal/claim?token="));
  await guestPage.getByRole("button", { name: "Claim my seat" }).click();
  await expect(guestPage).toHaveURL(/\/claimed\?claimed=1$/);
  await expect(guestPage.getByRole("heading", { name: "Acme Team" })).toBeVisible();
  await expect(guestPage.getByText("Loading the subscriptions you hold a seat on…")).toHaveCount(0);
  await guest.close();
});
