import { customerWithSubscription } from "./fixtures/customers";
import { demo, expect, linkIn, mailbox, newPage, portalPath, signIn, test } from "./fixtures/portal";
import { keepScreenshot } from "./fixtures/screenshots";

// Where people land around signing in: no dead end, no empty page when they have something
// to see, and back to where they were going.

const SIGN_IN_LINK = "/api/auth/callback/nodemailer";

// Each test signs in as a customer of its own: the sign-in limits per address and network
// (5 links an hour to one address from one place) are the real ones here.
test("a used sign-in link lands on its portal's sign-in page, which says why and sends a new link", async ({ page, browser }, testInfo) => {
  const owner = await customerWithSubscription(1, "used-link");
  const inbox = mailbox();
  await signIn(page, owner.email);
  const used = linkIn((await inbox.to(owner.email)).at(-1)!.text, SIGN_IN_LINK);

  const other = await newPage(browser);
  await other.page.goto(used);
  await expect(other.page).toHaveURL(`${process.env.E2E_BASE_URL}${portalPath("/sign-in?link=used")}`);
  // The portal's own page: its header, what happened, and the way on.
  await expect(other.page.getByRole("banner")).toContainText(demo().organization.name);
  await expect(other.page.getByTestId("sign-in-notice")).toHaveText(/already used/);
  await keepScreenshot(other.page, testInfo, "sign-in-link-used");
  await other.page.getByLabel("Email address").fill(owner.email);
  await other.page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(other.page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await other.context.close();
});

test("a signed-out deep link comes back to where it was going; check your email offers to send again or use another address", async ({ browser }, testInfo) => {
  const owner = await customerWithSubscription(1, "deep-link");
  const seats = portalPath(`/subscriptions/${owner.subscription.id}/activity`);
  const inbox = mailbox();
  const before = (await inbox.to(owner.email)).length;
  const { page, context } = await newPage(browser);

  await page.goto(seats);
  await expect(page).toHaveURL(new RegExp(`/sign-in\\?next=${encodeURIComponent(seats).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`));
  await page.getByLabel("Email address").fill("someone-else@example.com");
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  // Wrong address: the way back keeps the destination.
  await page.getByRole("link", { name: "Use another address" }).click();
  await expect(page.getByLabel("Email address")).toBeVisible();
  await page.getByLabel("Email address").fill(owner.email);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await keepScreenshot(page, testInfo, "check-your-email");

  await page.getByRole("button", { name: "Send the link again" }).click();
  await expect(page.getByText("We sent another sign-in link to")).toBeVisible();
  const latest = await inbox.waitForEmail(owner.email, { count: before + 2 });
  await page.goto(linkIn(latest.text, SIGN_IN_LINK));
  await expect(page).toHaveURL(`${process.env.E2E_BASE_URL}${seats}`);
  await expect(page.getByText("Who invited, reminded, claimed and revoked whom, and when.")).toBeVisible();
  await context.close();
});

test("someone who holds a seat and pays for none lands on the seats they hold", async ({ page, browser }) => {
  const { email: ownerEmail, subscription } = await customerWithSubscription(2, "landing");
  const invitee = `holder-${Date.now()}@example.com`;
  const inbox = mailbox();
  await signIn(page, ownerEmail);
  await page.goto(portalPath(`/subscriptions/${subscription.id}`));
  await page.getByLabel("Email address").fill(invitee);
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Invitation sent to ${invitee}` })).toBeVisible();
  const claimLink = linkIn((await inbox.waitForEmail(invitee)).text, "/portal/claim?token=");

  const guest = await newPage(browser);
  await guest.page.goto(claimLink);
  await guest.page.getByRole("button", { name: "Claim my seat" }).click();
  await expect(guest.page).toHaveURL(/\/claimed\?claimed=1$/);
  await guest.context.close();

  // Later, on another device, by email.
  const later = await newPage(browser);
  await later.page.goto(portalPath("/sign-in"));
  await later.page.getByLabel("Email address").fill(invitee);
  await later.page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await later.page.goto(linkIn((await inbox.waitForEmail(invitee, { count: 2 })).text, SIGN_IN_LINK));
  await expect(later.page).toHaveURL(`${process.env.E2E_BASE_URL}${portalPath("/claimed")}`);
  await expect(later.page.getByRole("heading", { name: "Seats you hold" })).toBeVisible();
  await expect(later.page.getByRole("heading", { name: "Acme Team" })).toBeVisible();
  await later.context.close();
});

test("a dead claim link offers someone signed in their own seats, not a sign-in", async ({ page }) => {
  await signIn(page, (await customerWithSubscription(1, "dead-link")).email);
  await page.goto(portalPath("/claim?token=nothing-like-a-real-token"));
  await expect(page.getByRole("heading", { name: "This link does not work" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Sign in to the portal" })).toHaveCount(0);
  await page.getByTestId("dead-link-onward").click();
  await expect(page).toHaveURL(new RegExp(`${portalPath("/claimed")}$`));
});
