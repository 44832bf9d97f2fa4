import { newToken } from "../lib/auth/tokens";
import { customerWithSubscription } from "./fixtures/customers";
import { database, expect, mailbox, portalPath, signIn, test } from "./fixtures/portal";

// One server, two surfaces: a limit the portal tripped first is the API's 429 too (with
// Retry-After), never a 500. (A rate limiter recognized by `instanceof` once failed when the
// portal's bundle had made it first.)
test("a resend refused in the portal is refused by the API too: 429 TooManyRequests with Retry-After", async ({ page, request }) => {
  const { email, customer, subscription } = await customerWithSubscription(2, "surfaces");
  const invitee = `both-${Date.now()}@example.com`;
  await signIn(page, email);
  await page.goto(portalPath(`/subscriptions/${subscription.id}`));
  await page.getByLabel("Email address").fill(invitee);
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Invitation sent to ${invitee}` })).toBeVisible();
  const row = page.locator(`tr[data-email="${invitee}"]`);
  await row.getByRole("button", { name: `Resend to ${invitee}` }).click();
  await expect(row.getByText(`A new link was sent to ${invitee}.`)).toBeVisible();
  await mailbox().waitForEmail(invitee, { count: 2 });

  const { token, hash } = newToken("polar_cst_");
  await database().customerSession.create({ data: { customerId: customer.id, tokenHash: hash, expiresAt: new Date(Date.now() + 3600_000) } });
  const seatId = await row.getAttribute("data-seat-id");
  const answer = await request.post(`/v1/customer-portal/seats/${seatId}/resend`, { headers: { authorization: `Bearer ${token}` } });
  expect(answer.status()).toBe(429);
  expect(Number(answer.headers()["retry-after"])).toBeGreaterThan(0);
  expect(await answer.json()).toMatchObject({ error: "TooManyRequests" });
  expect(await mailbox().to(invitee)).toHaveLength(2);
});
