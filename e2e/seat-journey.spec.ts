import { customerWithSubscription } from "./fixtures/customers";
import { database, demo, expect, expectDeadLink, linkIn, mailbox, newPage, portalPath, signIn, test } from "./fixtures/portal";
import { keepScreenshot } from "./fixtures/screenshots";

test("an owner gives a seat, the invitee claims it, the owner takes it back", async ({ page, browser }, testInfo) => {
  const owner = demo().customers[0]!;
  const invitee = `journey-${Date.now()}@example.com`;
  const inbox = mailbox();

  await signIn(page, owner.email);
  await expect(page.getByRole("heading", { name: "Your subscriptions" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Acme Team" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Acme Workshop" })).toBeVisible();
  await keepScreenshot(page, testInfo, "overview");

  await page.getByRole("link", { name: "Manage seats of Acme Team" }).click();
  await expect(page.getByRole("heading", { name: "Acme Team" })).toBeVisible();
  await page.getByLabel("Email address").fill(invitee);
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Invitation sent to ${invitee}` })).toBeVisible();
  const row = page.locator(`tr[data-email="${invitee}"]`);
  await expect(row.getByText("Invited")).toBeVisible();
  const first = await inbox.waitForEmail(invitee);

  await row.getByRole("button", { name: `Resend to ${invitee}` }).click();
  await expect(row.getByText(`A new link was sent to ${invitee}.`)).toBeVisible();
  const second = await inbox.waitForEmail(invitee, { count: 2 });
  // A second resend within the minute is refused in the row, and mails nothing.
  await row.getByRole("button", { name: `Resend to ${invitee}` }).click();
  await expect(row.getByText(/An invitation was sent to this seat less than a minute ago\. You can send another in \d+ seconds?\./)).toBeVisible();
  expect(await database().seatEvent.count({ where: { email: invitee, type: "resent" } })).toBe(1);
  const claimLink = linkIn(second.text, "/portal/claim?token=");
  expect(claimLink).not.toBe(linkIn(first.text, "/portal/claim?token="));
  await keepScreenshot(page, testInfo, "seats");

  const guest = await newPage(browser);
  // The resend replaced the first link.
  await expectDeadLink(guest.page, linkIn(first.text, "/portal/claim?token="), "replaced");
  await guest.page.goto(claimLink);
  await expect(guest.page.getByRole("heading", { name: "Claim your seat on Acme Team" })).toBeVisible();
  await expect(guest.page.getByTestId("claim-email")).toHaveText(invitee);
  // Named as the invitation email names them: who gave the seat, then the vendor.
  const giver = await database().customer.findUniqueOrThrow({ where: { id: owner.id } });
  await expect(guest.page.getByTestId("claim-given-by")).toHaveText(`${giver.name ?? giver.email}, a customer of Acme`);
  await keepScreenshot(guest.page, testInfo, "claim");
  await guest.page.getByRole("button", { name: "Claim my seat" }).click();
  await expect(guest.page).toHaveURL(/\/claimed\?claimed=1$/);
  await expect(guest.page.getByRole("heading", { name: "Acme Team" })).toBeVisible();
  await keepScreenshot(guest.page, testInfo, "claimed");
  await expectDeadLink(guest.page, claimLink, "used_signed_in");

  await page.reload();
  await expect(row.getByText("Claimed")).toBeVisible();
  await row.getByRole("button", { name: `Revoke the seat of ${invitee}` }).click();
  const dialog = page.getByRole("dialog", { name: "Revoke this seat?" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Revoke seat" }).click();
  await expect(page.getByText("Seat revoked.")).toBeVisible();
  await expect(page.locator(`tr[data-email="${invitee}"]`)).toHaveCount(0);

  // The session the claim opened ended with the seat (issue 21): the guest is signed out.
  await guest.page.goto(portalPath("/claimed"));
  await expect(guest.page).toHaveURL(new RegExp(`${portalPath("/sign-in")}\\?next=${encodeURIComponent(portalPath("/claimed"))}$`));
  // Claimed, then taken back: for the link's holder the seat was withdrawn.
  await expectDeadLink(guest.page, claimLink, "revoked");
  await guest.context.close();
});

test("an expired link says it expired; the new link replaces it; a revoked invitation's link says it was withdrawn", async ({ page, browser }, testInfo) => {
  const owner = demo().customers[0]!;
  const invitee = `lapsed-${Date.now()}@example.com`;
  const inbox = mailbox();
  await signIn(page, owner.email);
  await page.goto(portalPath(`/subscriptions/${demo().subscriptions.find((s) => s.customer_id === owner.id)!.id}`));
  await page.getByLabel("Email address").fill(invitee);
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Invitation sent to ${invitee}` })).toBeVisible();
  const lapsed = linkIn((await inbox.waitForEmail(invitee)).text, "/portal/claim?token=");
  // Seven days pass: the link lapses (the database is the only clock the page reads).
  const { count } = await database().customerSeat.updateMany({ where: { email: invitee, status: "pending" }, data: { invitationTokenExpiresAt: new Date(Date.now() - 60_000) } });
  expect(count).toBe(1);

  const guest = await newPage(browser);
  await expectDeadLink(guest.page, lapsed, "expired");
  await keepScreenshot(guest.page, testInfo, "claim-expired");

  await page.reload();
  const row = page.locator(`tr[data-email="${invitee}"]`);
  await row.getByRole("button", { name: `Send a new link to ${invitee}` }).click();
  await expect(row.getByText(`A new link was sent to ${invitee}.`)).toBeVisible();
  const fresh = linkIn((await inbox.waitForEmail(invitee, { count: 2 })).text, "/portal/claim?token=");
  await expectDeadLink(guest.page, lapsed, "replaced");
  await guest.page.goto(fresh);
  await expect(guest.page.getByTestId("claim-email")).toHaveText(invitee);

  await row.getByRole("button", { name: `Revoke the seat of ${invitee}` }).click();
  await page.getByRole("dialog", { name: "Revoke this seat?" }).getByRole("button", { name: "Revoke seat" }).click();
  await expect(page.getByText("Seat revoked.")).toBeVisible();
  await expectDeadLink(guest.page, fresh, "revoked");
  await expectDeadLink(guest.page, portalPath("/claim?token=nothing-like-a-real-token"), "unknown");
  await guest.context.close();
});

test("an invalid email in the assign form shows a field error and keeps what was typed", async ({ page }) => {
  await signIn(page, demo().customers[0]!.email);
  await page.goto(portalPath(`/subscriptions/${demo().subscriptions[0]!.id}`));
  const email = page.getByLabel("Email address");
  await email.fill("not-an-email");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText("Enter a valid email address.")).toBeVisible();
  await expect(email).toHaveAttribute("aria-invalid", "true");
  await expect(email).toHaveValue("not-an-email");
});

test("another customer cannot open the first one's seats page (404)", async ({ page }) => {
  const [first, second] = demo().customers;
  await signIn(page, second!.email);
  const response = await page.goto(portalPath(`/subscriptions/${demo().subscriptions.find((s) => s.customer_id === first!.id)!.id}`));
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  const own = await page.goto(portalPath(`/subscriptions/${demo().subscriptions.find((s) => s.customer_id === second!.id)!.id}`));
  expect(own?.status()).toBe(200);
});

test("a signed-out visitor is sent to sign in, and signing out ends the session", async ({ page }) => {
  await page.goto(portalPath());
  await expect(page).toHaveURL(new RegExp(`${portalPath("/sign-in")}$`));
  await signIn(page, demo().customers[1]!.email);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(new RegExp(`${portalPath("/sign-in")}$`));
  await page.goto(portalPath());
  await expect(page).toHaveURL(new RegExp(`${portalPath("/sign-in")}$`));
});

test("the page shows the latest action's answer only: an earlier form's or row's message goes when another action starts", async ({ page }) => {
  const owner = demo().customers[0]!;
  const stamp = Date.now();
  const [first, second] = [`latest-a-${stamp}@example.com`, `latest-b-${stamp}@example.com`];
  await signIn(page, owner.email);
  await page.goto(portalPath(`/subscriptions/${demo().subscriptions.find((s) => s.customer_id === owner.id)!.id}`));
  const inviteAnswer = (email: string) => page.getByRole("status").filter({ hasText: `Invitation sent to ${email}` });
  for (const email of [first, second]) {
    await page.getByLabel("Email address").fill(email);
    await page.getByRole("button", { name: "Send invitation" }).click();
    await expect(inviteAnswer(email)).toBeVisible();
  }
  const [firstRow, secondRow] = [page.locator(`tr[data-email="${first}"]`), page.locator(`tr[data-email="${second}"]`)];

  // A row's action: the invite form's answer goes, the row's own shows.
  await firstRow.getByRole("button", { name: `Resend to ${first}` }).click();
  await expect(firstRow.getByText(`A new link was sent to ${first}.`)).toBeVisible();
  await expect(inviteAnswer(second)).toHaveCount(0);
  // The button kept the focus while it worked (a disabled button drops it to the page).
  await expect(firstRow.getByRole("button", { name: `Resend to ${first}` })).toBeFocused();

  // Another row's action: the first row's answer goes.
  await secondRow.getByRole("button", { name: `Revoke the seat of ${second}` }).click();
  await page.getByRole("dialog", { name: "Revoke this seat?" }).getByRole("button", { name: "Revoke seat" }).click();
  await expect(page.getByText("Seat revoked.")).toBeVisible();
  await expect(firstRow.getByText(`A new link was sent to ${first}.`)).toHaveCount(0);

  // The invite form again: the revoke's answer goes.
  await page.getByLabel("Email address").fill(second);
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(inviteAnswer(second)).toBeVisible();
  await expect(page.getByRole("button", { name: "Send invitation" })).toBeFocused();
  await expect(page.getByText("Seat revoked.")).toHaveCount(0);

  // Leave the seats as they were for the other tests.
  for (const email of [first, second]) {
    await page.locator(`tr[data-email="${email}"]`).getByRole("button", { name: `Revoke the seat of ${email}` }).click();
    await page.getByRole("dialog", { name: "Revoke this seat?" }).getByRole("button", { name: "Revoke seat" }).click();
    await expect(page.locator(`tr[data-email="${email}"]`)).toHaveCount(0);
  }
});

test("the invitation that takes the last seat still says it was sent, above why no more can be", async ({ page }) => {
  const { email, subscription } = await customerWithSubscription(1, "last-seat");
  const invitee = `last-${subscription.id.slice(0, 8)}@example.com`;
  await signIn(page, email);
  await page.goto(portalPath(`/subscriptions/${subscription.id}`));
  await page.getByLabel("Email address").fill(invitee);
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Invitation sent to ${invitee}` })).toBeVisible();
  await expect(page.getByText("Every seat is taken. Revoke a seat to free one.")).toBeVisible();
});
