// Changing a subscription's seat count in the portal (issue 24, item 7): only where the
// organization allows it, by the team's owner or billing managers, through a preview of the
// new amount and a confirmation. An order keeps its seats.
import { customerWithSubscription } from "./fixtures/customers";
import { database, demo, expect, newPage, portalPath, signIn, test } from "./fixtures/portal";
import { keepScreenshot } from "./fixtures/screenshots";
import { addMember, inviteFromSeatsPage, openVendorLink, withSeatChanges } from "./fixtures/team";

test("with the organization's setting on, a billing manager raises the seat count through a preview and a confirmation, then invites someone into the new seat", async ({ page, browser }, testInfo) => {
  const { customer, subscription } = await customerWithSubscription(2, "grow");
  const run = subscription.id.slice(0, 8);
  const manager = `grower-${run}@example.com`;
  await addMember(customer.id, manager, "billing_manager", "Gil Grower");
  const seatsPage = portalPath(`/subscriptions/${subscription.id}`);
  const section = page.getByRole("region", { name: "Number of seats" });

  await signIn(page, manager);
  // Off: no form, whoever looks.
  await withSeatChanges(false, async () => {
    await page.goto(seatsPage);
    await expect(page.getByTestId("seat-availability")).toBeVisible();
    await expect(section).toHaveCount(0);
  });

  await withSeatChanges(true, async () => {
    await page.goto(seatsPage);
    for (const name of ["ann", "ben"]) await inviteFromSeatsPage(page, `${name}-${run}@example.com`);
    await expect(page.getByText("Every seat is taken. Revoke a seat to free one.")).toBeVisible();
    await expect(section).toContainText("You pay for 2 seats ($24.00 per period). It can go down to 2.");
    const count = section.getByLabel("New number of seats");
    await expect(count).toHaveAttribute("min", "2");

    // Below the seats in use: refused in words, nothing changed.
    await count.fill("1");
    await section.getByRole("button", { name: "See the new price" }).click();
    await expect(section.getByRole("status")).toHaveText("2 seats are given out or invited: revoke 1 before going down to 1.");

    await count.fill("3");
    await section.getByRole("button", { name: "See the new price" }).click();
    const question = section.getByRole("heading", { name: "Go from 2 to 3 seats?" });
    await expect(question).toBeVisible();
    await expect(question).toBeFocused();
    await expect(section.getByTestId("current-amount")).toHaveText("2 seats · $24.00 per period");
    await expect(section.getByTestId("new-amount")).toHaveText("3 seats · $36.00 per period");
    expect((await database().subscription.findUniqueOrThrow({ where: { id: subscription.id } })).seats, "a preview changes nothing").toBe(2);
    await keepScreenshot(page, testInfo, "seat-count-preview");

    // Back to the number keeps it; then preview again and confirm.
    await section.getByRole("button", { name: "Change the number" }).click();
    await expect(count).toHaveValue("3");
    await section.getByRole("button", { name: "See the new price" }).click();
    await section.getByRole("button", { name: "Change to 3 seats" }).click();
    await expect(section.getByRole("status")).toHaveText("Done: the subscription now has 3 seats.");
    await expect(section).toContainText("You pay for 3 seats ($36.00 per period).");
    await expect(page.getByTestId("seat-availability")).toHaveText("1 of 3 seats available");
    const changed = await database().subscription.findUniqueOrThrow({ where: { id: subscription.id } });
    expect(changed.seats).toBe(3);
    expect(changed.amount).toBe(3600);

    const newcomer = `cleo-${run}@example.com`;
    await inviteFromSeatsPage(page, newcomer);
    expect(await database().customerSeat.count({ where: { subscriptionId: subscription.id, status: "pending" } })).toBe(3);
    await expect(page.getByText("Every seat is taken. Revoke a seat to free one.")).toBeVisible();

    // The team's activity says who changed the count.
    await page.goto(portalPath("/team"));
    await expect(page.getByRole("list", { name: "Team events, newest first" }).getByRole("listitem").first()).toHaveText(
      new RegExp(`^${manager} changed the seats of Acme Team from 2 to 3`),
    );

    // An order keeps its seats: no form on its page, even with the setting on.
    const alice = demo().customers[0]!;
    const order = demo().orders.find((o) => o.customer_id === alice.id)!;
    const owner = await newPage(browser);
    await openVendorLink(owner.page, alice.id);
    await owner.page.goto(portalPath(`/orders/${order.id}`));
    await expect(owner.page.getByTestId("seat-availability")).toBeVisible();
    await expect(owner.page.getByRole("region", { name: "Number of seats" })).toHaveCount(0);
    await owner.context.close();
  });
});
