// The Team page with JavaScript turned off: every form posts to its server action as a plain
// HTML form and the page that comes back shows the result; removing and handing over ask
// first as a step of the page (a GET), not a dialog.
import { customerWithSubscription } from "./fixtures/customers";
import { database, expect, portalPath, signIn, test } from "./fixtures/portal";
import { keepScreenshot } from "./fixtures/screenshots";
import { inviteFromSeatsPage } from "./fixtures/team";

test.use({ javaScriptEnabled: false });

test("without JavaScript an owner adds a member, changes a role, removes a member after a confirmation step and hands the ownership over", async ({ page }, testInfo) => {
  const { email: owner, customer, subscription } = await customerWithSubscription(3, "nojs-team");
  const run = subscription.id.slice(0, 8);
  const manager = `nojs-manager-${run}@example.com`;
  const holder = `nojs-holder-${run}@example.com`;
  const member = (email: string) => database().member.findFirst({ where: { customerId: customer.id, emailKey: email } });

  await signIn(page, owner);
  await page.goto(portalPath(`/subscriptions/${subscription.id}`));
  await inviteFromSeatsPage(page, holder);
  await page.goto(portalPath("/team"));
  const members = page.getByRole("list", { name: "Team members" });

  // Add: a refused address first (the field says why and keeps what was typed), then a good one.
  await page.getByLabel("Email address").fill("not-an-address");
  await page.getByRole("button", { name: "Add to the team" }).click();
  await expect(page.getByText("Enter a valid email address.")).toBeVisible();
  await expect(page.getByLabel("Email address")).toHaveValue("not-an-address");
  await page.getByLabel("Email address").fill(manager);
  await page.getByLabel("Role", { exact: true }).selectOption("member");
  await page.getByRole("button", { name: "Add to the team" }).click();
  await expect(page.getByRole("status").filter({ hasText: `${manager} was added as Member.` })).toBeVisible();
  expect((await member(manager))?.role).toBe("member");

  // Change a role with the row's select and button.
  const managerRow = members.locator(`li[data-email="${manager}"]`);
  await managerRow.getByLabel(`Role of ${manager}`).selectOption("billing_manager");
  await managerRow.getByRole("button", { name: `Change role of ${manager}` }).click();
  await expect(page.getByRole("status").filter({ hasText: `${manager} is now Billing manager.` })).toBeVisible();
  expect((await member(manager))?.role).toBe("billing_manager");

  // Remove asks first, as a step of the page; Cancel leaves the member as they were.
  const holderMember = await member(holder);
  await members.getByRole("button", { name: `Remove ${holder}` }).click();
  const confirmation = page.getByRole("region", { name: "Remove this member?" });
  await expect(confirmation).toContainText(holder);
  expect(new URL(page.url()).searchParams.get("remove")).toBe(holderMember!.id);
  await confirmation.getByRole("link", { name: "Cancel" }).click();
  await expect(page.getByRole("region", { name: "Remove this member?" })).toHaveCount(0);
  expect((await member(holder))?.deletedAt).toBeNull();

  await members.getByRole("button", { name: `Remove ${holder}` }).click();
  await keepScreenshot(page, testInfo, "team-nojs-remove-step");
  await page.getByRole("region", { name: "Remove this member?" }).getByRole("button", { name: "Remove from the team" }).click();
  await expect(page.getByRole("status").filter({ hasText: `${holder} was removed from the team.` })).toBeVisible();
  expect(new URL(page.url()).searchParams.has("remove"), "the answer is the Team page, not the confirmation").toBe(false);
  expect((await database().member.findUniqueOrThrow({ where: { id: holderMember!.id } })).deletedAt).not.toBeNull();
  expect((await database().customerSeat.findFirstOrThrow({ where: { subscriptionId: subscription.id } })).status).toBe("revoked");
  await expect(members.locator(`li[data-email="${holder}"]`)).toHaveCount(0);

  // Hand the ownership over, confirmed as a step of the page.
  await managerRow.getByRole("button", { name: `Make owner ${manager}` }).click();
  const handOver = page.getByRole("region", { name: "Hand over the ownership?" });
  await expect(handOver).toContainText(manager);
  await handOver.getByRole("button", { name: "Make them the owner" }).click();
  await expect(page.getByRole("status").filter({ hasText: `${manager} is now the owner of the team.` })).toBeVisible();
  expect((await member(manager))?.role).toBe("owner");
  expect((await member(owner))?.role).toBe("billing_manager");
  await keepScreenshot(page, testInfo, "team-nojs-after-hand-over");
});
