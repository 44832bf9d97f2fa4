// A plain member (issue 24): someone who holds a seat of a team sees the seats they hold and
// nothing of the team, whether they arrive with the session their claim opened or sign in
// later with their email. The team's pages are not found for them, as another customer's.
import type { Page } from "@playwright/test";
import { customerWithSubscription } from "./fixtures/customers";
import { expect, linkIn, mailbox, newPage, portalPath, signIn, test } from "./fixtures/portal";
import { inviteFromSeatsPage, signInLandingOn } from "./fixtures/team";

/** Every page and export of the team: each a 404 for this person. */
async function expectNoTeamPages(page: Page, seatsPage: string, label: string) {
  for (const path of [seatsPage, `${seatsPage}/bulk`, `${seatsPage}/activity`, portalPath("/team")]) {
    const response = await page.goto(path);
    expect(response?.status(), `${label}: ${path}`).toBe(404);
    await expect(page.getByRole("heading", { name: "Not found", level: 1 }), `${label}: ${path}`).toBeVisible();
  }
  for (const path of [`${seatsPage}/seats.csv`, `${seatsPage}/activity.csv`]) {
    expect((await page.request.get(path)).status(), `${label}: ${path}`).toBe(404);
  }
  await page.goto(portalPath("/claimed"));
  await expect(page.getByRole("navigation", { name: "Portal" }).getByRole("link", { name: "Team" }), label).toHaveCount(0);
}

test("a plain member (a seat holder who claimed, then signed in by email) reaches neither the seats page nor the Team page", async ({ page, browser }) => {
  const { email: owner, subscription } = await customerWithSubscription(2, "plain");
  const holder = `plain-member-${subscription.id.slice(0, 8)}@example.com`;
  const seatsPage = portalPath(`/subscriptions/${subscription.id}`);

  await signIn(page, owner);
  await page.goto(seatsPage);
  await inviteFromSeatsPage(page, holder);

  // The claim opens a session of the member: the seat they hold, as a member of the team.
  const claim = await newPage(browser);
  await claim.page.goto(linkIn((await mailbox().waitForEmail(holder)).text, "/portal/claim?token="));
  await claim.page.getByRole("button", { name: "Claim my seat" }).click();
  await expect(claim.page).toHaveURL(/\/claimed\?claimed=1$/);
  await expect(claim.page.getByTestId("signed-in-team")).toHaveText("Signed in as Member of Tess Team");
  await expectNoTeamPages(claim.page, seatsPage, "the claim's session");
  await claim.context.close();

  // Later they sign in with their email: they land on the seats they hold.
  const later = await newPage(browser);
  await signInLandingOn(later.page, holder, "/claimed");
  await expect(later.page.getByTestId("signed-in-team")).toHaveText("Signed in as Member of Tess Team");
  await expect(later.page.locator(`li[data-subscription-id="${subscription.id}"]`)).toBeVisible();
  await expectNoTeamPages(later.page, seatsPage, "signed in by email");
  // The overview has nothing of theirs to manage: it sends them back to the seats they hold.
  await later.page.goto(portalPath());
  await expect(later.page).toHaveURL(`${process.env.E2E_BASE_URL}${portalPath("/claimed")}`);
  await later.context.close();

  // The owner still reaches all of it.
  expect((await page.goto(portalPath("/team")))?.status()).toBe(200);
  await expect(page.getByRole("list", { name: "Team members" }).locator(`li[data-email="${holder}"]`).getByTestId("role")).toHaveCount(0);
  await expect(page.getByRole("list", { name: "Team members" }).locator(`li[data-email="${holder}"]`).getByLabel(`Role of ${holder}`)).toHaveValue("member");
});
