import { randomUUID } from "node:crypto";
import { customerWithSubscription } from "./fixtures/customers";
import { expect, portalPath, signIn, test, database } from "./fixtures/portal";
import { keepScreenshot } from "./fixtures/screenshots";


test("bulk invite: a 50-row CSV is checked row by row, then the valid rows are invited", async ({ page }, testInfo) => {
  const { email, subscription } = await customerWithSubscription(40);
  const run = randomUUID().slice(0, 6);
  const valid = Array.from({ length: 45 }, (_, i) => `bulk-${run}-${i}@example.com`);
  const rows = [...valid.slice(0, 20), "not-an-email", `bulk-${run}-3@EXAMPLE.com`, "also@bad", ...valid.slice(20), `bulk-${run}-10@example.com`, "@nope"];
  expect(rows).toHaveLength(50);
  const csv = ["email,team", ...rows.map((address, i) => `${address},${i % 2 ? "design" : "research"}`)].join("\n");

  await signIn(page, email);
  await page.goto(portalPath(`/subscriptions/${subscription.id}/bulk`));
  // A template to start from: an email column, and columns that become metadata.
  const template = await page.request.get((await page.getByRole("link", { name: "Download a CSV template" }).getAttribute("href"))!);
  expect(template.ok()).toBe(true);
  expect((await template.text()).split("\n")[0]).toBe("email,team,role");
  await page.getByLabel("Or a CSV file").setInputFiles({ name: "team.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: "Check the list" }).click();
  const preview = page.getByRole("table", { name: "What each row will do" });
  await expect(preview).toBeVisible();
  await expect(preview.locator('tr[data-outcome="assigned"]')).toHaveCount(40);
  await expect(preview.locator('tr[data-outcome="invalid"]')).toHaveCount(3);
  await expect(preview.locator('tr[data-outcome="duplicate"]')).toHaveCount(2);
  await expect(preview.locator('tr[data-outcome="no_capacity"]')).toHaveCount(5);
  const summary = page.getByRole("status").filter({ hasText: "Checked 50 rows" });
  await expect(summary).toBeVisible();
  // Not all good news: ten rows will not be invited, and the summary is amber, not green.
  await expect(summary).toHaveClass(/text-amber-800/);
  // The chosen file is still the one named beside the preview it produced.
  await expect(page.getByLabel("Or a CSV file")).toHaveValue(/team\.csv$/);
  expect(await database().customerSeat.count({ where: { subscriptionId: subscription.id } })).toBe(0);
  await keepScreenshot(page, testInfo, "bulk-preview");

  await page.getByRole("button", { name: "Invite 40 people" }).click();
  await expect(page.getByRole("table", { name: "Results" }).locator('tr[data-outcome="assigned"]')).toHaveCount(40);
  expect(await database().customerSeat.count({ where: { subscriptionId: subscription.id, status: "pending" } })).toBe(40);
  const metadata = await database().customerSeat.findFirstOrThrow({ where: { subscriptionId: subscription.id, email: valid[0] } });
  expect(metadata.seatMetadata).toEqual({ team: "research" });
});

test("bulk invite: a changed list drops its preview, and a confirmation sends only the rows that were checked", async ({ page }) => {
  const { email, subscription } = await customerWithSubscription(5);
  const run = randomUUID().slice(0, 6);
  const [stale, fresh, edited, forged] = ["stale1", "fresh2", "edited3", "forged4"].map((name) => `${name}-${run}@example.com`);
  const seatOf = (address: string) => database().customerSeat.findFirst({ where: { subscriptionId: subscription.id, email: address } });
  const list = page.getByLabel("Addresses or CSV");
  const check = page.getByRole("button", { name: "Check the list" });
  const preview = page.getByRole("table", { name: "What each row will do" });
  const confirm = page.getByRole("button", { name: "Invite 1 person" });

  await signIn(page, email);
  await page.goto(portalPath(`/subscriptions/${subscription.id}/bulk`));
  await list.fill(stale!);
  await check.click();
  await expect(preview).toContainText(stale!);
  // Start over: the checked list goes with the box's text.
  await page.getByRole("button", { name: "Start over" }).click();
  await expect(preview).toBeHidden();
  await expect(confirm).toBeHidden();
  await expect(page.getByRole("status").filter({ hasText: "Checked" })).toBeHidden();
  await list.fill(fresh!);
  await check.click();
  await expect(preview).toContainText(fresh!);
  await expect(page.getByRole("status").filter({ hasText: "Checked 1 row: 1 to invite." })).toHaveClass(/text-emerald-700/);
  await confirm.click();
  await expect(page.getByRole("table", { name: "Results" })).toContainText(fresh!);
  expect(await seatOf(fresh!)).not.toBeNull();
  expect(await seatOf(stale!)).toBeNull();

  // Editing the box after a check drops the preview too.
  await list.fill(edited!);
  await check.click();
  await expect(preview).toContainText(edited!);
  await list.press("End");
  await list.pressSequentially("x");
  await expect(preview).toBeHidden();
  await expect(confirm).toBeHidden();

  // Rows made up in the page (not the dry run's) are refused by the server.
  await list.fill(edited!);
  await check.click();
  await expect(preview).toContainText(edited!);
  await page.locator('input[name="rows"]').evaluate((input, address) => {
    (input as HTMLInputElement).value = JSON.stringify([{ email: address }]);
  }, forged!);
  await confirm.click();
  await expect(page.getByRole("status").filter({ hasText: "This list is not the one that was checked" })).toBeVisible();
  expect(await seatOf(forged!)).toBeNull();
  expect(await seatOf(edited!)).toBeNull();
});

test("the seats table searches, filters and exports; the activity log shows who did what", async ({ page }, testInfo) => {
  const { email, subscription } = await customerWithSubscription(10);
  await signIn(page, email);
  const seatsPage = portalPath(`/subscriptions/${subscription.id}`);
  await page.goto(seatsPage);
  for (const name of ["ana", "bob", "cleo"]) {
    await page.getByLabel("Email address").fill(`${name}-${subscription.id.slice(0, 6)}@example.com`);
    await page.getByRole("button", { name: "Send invitation" }).click();
    await expect(page.getByRole("status").filter({ hasText: `Invitation sent to ${name}-` })).toBeVisible();
  }
  const bob = `bob-${subscription.id.slice(0, 6)}@example.com`;
  await page.locator(`tr[data-email="${bob}"]`).getByRole("button", { name: `Revoke the seat of ${bob}` }).click();
  await page.getByRole("dialog", { name: "Revoke this seat?" }).getByRole("button", { name: "Revoke seat" }).click();
  await expect(page.getByText("Seat revoked.")).toBeVisible();

  await page.getByLabel("Email or metadata contains").fill("CLEO");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/q=CLEO/);
  await expect(page.locator("tbody tr")).toHaveCount(1);
  await expect(page.locator("tbody tr").first()).toHaveAttribute("data-email", /^cleo-/);
  await page.goto(`${seatsPage}?status=revoked`);
  await expect(page.locator("tbody tr")).toHaveCount(1);
  await expect(page.getByText("Free (revoked)")).toBeVisible();
  // The revoked row still says whose it was, and the search finds it by that person.
  await expect(page.locator("tbody tr").first().getByTestId("former-email")).toHaveText(`was ${bob}`);
  await page.goto(`${seatsPage}?status=revoked&q=BOB-`);
  await expect(page.locator("tbody tr")).toHaveCount(1);
  await expect(page.locator("tbody tr").first().getByTestId("former-email")).toHaveText(`was ${bob}`);
  await page.goto(`${seatsPage}?q=BOB-`);
  await expect(page.locator("tbody tr")).toHaveCount(1);

  const download = await page.request.get(`${seatsPage}/seats.csv?sort=email`);
  expect(download.headers()["content-type"]).toContain("text/csv");
  const lines = (await download.text()).trim().split("\n");
  expect(lines[0]).toBe("email,status,invited_at,claimed_at,revoked_at,link_expires_at,metadata");
  // A revoked row names the person it was for (seats without a holder sort last).
  expect(lines.slice(1).map((line) => line.split(",")[0])).toEqual([`ana-${subscription.id.slice(0, 6)}@example.com`, `cleo-${subscription.id.slice(0, 6)}@example.com`, bob]);

  await page.goto(`${seatsPage}/activity`);
  const events = page.getByRole("list", { name: "Events, newest first" }).getByRole("listitem");
  await expect(events).toHaveCount(4);
  await expect(events.first()).toContainText(`revoked the seat of ${bob}`);
  await expect(events.first()).toContainText(email);
  await page.getByLabel("What").selectOption("assigned");
  await page.getByLabel("Person (email contains)").fill("ana-");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(events).toHaveCount(1);
  await keepScreenshot(page, testInfo, "activity");
  const activity = await page.request.get(`${seatsPage}/activity.csv`);
  expect((await activity.text()).trim().split("\n")).toHaveLength(5);
});

test("a lapsed invitation shows as expired with a one-click new link, and a link can be shared by hand", async ({ page, browser }) => {
  const { email, subscription } = await customerWithSubscription(3);
  await signIn(page, email);
  const seatsPage = portalPath(`/subscriptions/${subscription.id}`);
  await page.goto(seatsPage);
  const invitee = `late-${subscription.id.slice(0, 6)}@example.com`;
  await page.getByLabel("Email address").fill(invitee);
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Invitation sent to ${invitee}` })).toBeVisible();
  await database().customerSeat.updateMany({ where: { subscriptionId: subscription.id }, data: { invitationTokenExpiresAt: new Date(Date.now() - 60_000) } });
  await page.reload();
  const row = page.locator(`tr[data-email="${invitee}"]`);
  await expect(row.getByText("Link expired", { exact: true })).toBeVisible();
  await row.getByRole("button", { name: `Send a new link to ${invitee}` }).click();
  await expect(row.getByText(`A new link was sent to ${invitee}.`)).toBeVisible();
  await expect(row.getByText("Invited")).toBeVisible();

  await row.getByRole("button", { name: `Get a link to share with ${invitee}` }).click();
  const dialog = page.getByRole("dialog", { name: `A link for ${invitee}` });
  await expect(dialog).toBeVisible();
  const link = await dialog.getByTestId("shared-link").inputValue();
  expect(link).toContain("/portal/claim?token=");
  await dialog.getByRole("button", { name: "Done" }).click();
  const guest = await browser.newContext();
  const guestPage = await guest.newPage();
  await guestPage.goto(link);
  await expect(guestPage.getByTestId("claim-email")).toHaveText(invitee);
  await guest.close();
});
