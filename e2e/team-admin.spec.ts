// The Team page (issue 24): an owner adds a billing manager, who signs in with their own
// email and manages the team's seats; ownership is handed over with a confirmation; a
// person who administers two teams chooses which one they act for.
import { customerWithSubscription } from "./fixtures/customers";
import { database, expect, newPage, portalPath, signIn, test } from "./fixtures/portal";
import { keepScreenshot } from "./fixtures/screenshots";
import { addMember, inviteFromSeatsPage, openVendorMemberLink } from "./fixtures/team";

test("the owner adds a billing manager on the Team page; the billing manager signs in by email and revokes a seat", async ({ page, browser }, testInfo) => {
  const { email: owner, customer, subscription } = await customerWithSubscription(3, "owner");
  const run = subscription.id.slice(0, 8);
  const manager = `manager-${run}@example.com`;
  const holder = `holder-${run}@example.com`;
  const seatsPage = portalPath(`/subscriptions/${subscription.id}`);

  await signIn(page, owner);
  // The billing customer itself is the team's owner.
  await expect(page.getByTestId("signed-in-team")).toHaveText("Signed in as Owner of Tess Team");
  await page.goto(seatsPage);
  await inviteFromSeatsPage(page, holder);

  await page.getByRole("navigation", { name: "Portal" }).getByRole("link", { name: "Team" }).click();
  await expect(page).toHaveURL(new RegExp(`${portalPath("/team")}$`));
  await expect(page.getByRole("heading", { name: "Team", level: 1 })).toBeVisible();
  const members = page.getByRole("list", { name: "Team members" });
  const ownerRow = members.locator(`li[data-email="${owner}"]`);
  await expect(ownerRow.getByTestId("you")).toHaveText("you");
  await expect(ownerRow.getByTestId("role")).toHaveText("Owner");
  // The owner's own row offers nothing: nobody changes their own role or removes themselves.
  await expect(ownerRow.getByRole("button")).toHaveCount(0);
  // A seat makes its holder a member of the team.
  await expect(members.locator(`li[data-email="${holder}"]`)).toBeVisible();

  await page.getByLabel("Email address").fill(manager);
  await page.getByLabel("Name (optional)").fill("Bea Manager");
  await page.getByLabel("Role", { exact: true }).selectOption("billing_manager");
  await page.getByRole("button", { name: "Add to the team" }).click();
  await expect(page.getByRole("status").filter({ hasText: `${manager} was added as Billing manager.` })).toBeVisible();
  const managerRow = members.locator(`li[data-email="${manager}"]`);
  await expect(managerRow).toContainText("Bea Manager");
  await expect(managerRow.getByLabel(`Role of ${manager}`)).toHaveValue("billing_manager");
  // The form starts again empty once done.
  await expect(page.getByLabel("Email address")).toHaveValue("");

  // The same address again (in other letters) is the member it already is: nothing changes.
  await page.getByLabel("Email address").fill(manager.toUpperCase());
  await page.getByLabel("Role", { exact: true }).selectOption("member");
  await page.getByRole("button", { name: "Add to the team" }).click();
  await expect(page.getByRole("status").filter({ hasText: `${manager} is already on the team, as Billing manager. Nothing was changed.` })).toBeVisible();
  const rows = await database().member.findMany({ where: { customerId: customer.id, emailKey: manager, deletedAt: null } });
  expect(rows.map((row) => row.role)).toEqual(["billing_manager"]);
  await keepScreenshot(page, testInfo, "team-owner");

  // The billing manager signs in with their own email, in a browser of their own.
  const { context, page: bm } = await newPage(browser);
  await signIn(bm, manager);
  await expect(bm.getByTestId("signed-in-team")).toHaveText("Signed in as Billing manager of Tess Team");
  await expect(bm.getByTestId("signed-in-as")).toHaveText(manager);
  // Their overview is the team's: the subscription they now manage.
  await expect(bm.getByRole("link", { name: "Manage seats of Acme Team" })).toHaveAttribute("href", seatsPage);
  await bm.goto(seatsPage);
  const holderRow = bm.locator(`tr[data-email="${holder}"]`);
  const seatId = await holderRow.getAttribute("data-seat-id");
  await holderRow.getByRole("button", { name: `Revoke the seat of ${holder}` }).click();
  await bm.getByRole("dialog", { name: "Revoke this seat?" }).getByRole("button", { name: "Revoke seat" }).click();
  await expect(bm.getByText("Seat revoked.")).toBeVisible();
  expect((await database().customerSeat.findUniqueOrThrow({ where: { id: seatId! } })).status).toBe("revoked");
  // The activity names the billing manager, not the billing customer.
  await bm.goto(`${seatsPage}/activity`);
  await expect(bm.getByRole("list", { name: "Events, newest first" }).getByRole("listitem").first()).toHaveText(new RegExp(`^${manager} revoked the seat of ${holder}`));

  // On the Team page they are "you", may not touch the owner or themselves, and cannot hand the ownership over.
  await bm.getByRole("navigation", { name: "Portal" }).getByRole("link", { name: "Team" }).click();
  const list = bm.getByRole("list", { name: "Team members" });
  await expect(list.locator(`li[data-email="${manager}"]`).getByTestId("you")).toBeVisible();
  await expect(list.locator(`li[data-email="${manager}"]`).getByRole("button")).toHaveCount(0);
  await expect(list.locator(`li[data-email="${owner}"]`).getByRole("button")).toHaveCount(0);
  await expect(bm.getByRole("button", { name: /^Make owner/ })).toHaveCount(0);
  await expect(list.locator(`li[data-email="${holder}"]`).getByRole("button", { name: `Remove ${holder}` })).toBeVisible();
  const activity = bm.getByRole("list", { name: "Team events, newest first" });
  await expect(activity.getByRole("listitem").filter({ hasText: `${owner} added ${manager} as Billing manager` })).toHaveCount(1);
  await keepScreenshot(bm, testInfo, "team-billing-manager");
  await context.close();
});

test("the owner removes a member (their seat goes with them) and hands the ownership over, each after a confirmation", async ({ page, browser }) => {
  const { email: owner, customer, subscription } = await customerWithSubscription(3, "handover");
  const run = subscription.id.slice(0, 8);
  const leaver = `leaver-${run}@example.com`;
  const heir = `heir-${run}@example.com`;
  await addMember(customer.id, heir, "billing_manager", "Hal Heir");

  await signIn(page, owner);
  await page.goto(portalPath(`/subscriptions/${subscription.id}`));
  await inviteFromSeatsPage(page, leaver);
  await page.goto(portalPath("/team"));
  const members = page.getByRole("list", { name: "Team members" });

  // Remove asks first; Cancel keeps the member.
  await members.getByRole("button", { name: `Remove ${leaver}` }).click();
  const removal = page.getByRole("dialog", { name: "Remove this member?" });
  await expect(removal).toContainText(leaver);
  await removal.getByRole("button", { name: "Cancel" }).click();
  await expect(removal).toBeHidden();
  await expect(members.locator(`li[data-email="${leaver}"]`)).toBeVisible();
  await members.getByRole("button", { name: `Remove ${leaver}` }).click();
  await removal.getByRole("button", { name: "Remove from the team" }).click();
  await expect(page.getByRole("status").filter({ hasText: `${leaver} was removed from the team.` })).toBeVisible();
  // The row's buttons went with the member: the focus is on the answer, not lost to the page.
  await expect(page.getByTestId("member-answer")).toBeFocused();
  await expect(members.locator(`li[data-email="${leaver}"]`)).toHaveCount(0);
  const seat = await database().customerSeat.findFirstOrThrow({ where: { subscriptionId: subscription.id } });
  expect(seat.status, "removing a member revokes the seats given to them").toBe("revoked");

  // Change a role: the billing manager becomes a member and back.
  const heirRow = members.locator(`li[data-email="${heir}"]`);
  await heirRow.getByLabel(`Role of ${heir}`).selectOption("member");
  await heirRow.getByRole("button", { name: `Change role of ${heir}` }).click();
  await expect(page.getByRole("status").filter({ hasText: `${heir} is now Member.` })).toBeVisible();
  await expect(heirRow.getByLabel(`Role of ${heir}`)).toHaveValue("member");
  expect((await database().member.findFirstOrThrow({ where: { customerId: customer.id, emailKey: heir, deletedAt: null } })).role).toBe("member");

  // Hand the ownership over, after a confirmation.
  await heirRow.getByRole("button", { name: `Make owner ${heir}` }).click();
  const handOver = page.getByRole("dialog", { name: "Hand over the ownership?" });
  await expect(handOver).toContainText(`${heir} becomes the team's owner, and you become a billing manager.`);
  await handOver.getByRole("button", { name: "Make them the owner" }).click();
  await expect(page.getByRole("status").filter({ hasText: `${heir} is now the owner of the team.` })).toBeVisible();
  await expect(heirRow.getByTestId("role")).toHaveText("Owner");
  const roles = await database().member.findMany({ where: { customerId: customer.id, deletedAt: null, emailKey: { in: [owner, heir] } }, orderBy: { emailKey: "asc" } });
  expect(Object.fromEntries(roles.map((row) => [row.email, row.role]))).toEqual({ [owner]: "billing_manager", [heir]: "owner" });
  // The former owner is a billing manager now, and the header says so.
  await expect(page.getByTestId("signed-in-team")).toHaveText("Signed in as Billing manager of Tess Team");
  await expect(page.getByRole("button", { name: /^Make owner/ })).toHaveCount(0);

  // The new owner, signed in by email, is the owner.
  const { context, page: heirPage } = await newPage(browser);
  await signIn(heirPage, heir);
  await expect(heirPage.getByTestId("signed-in-team")).toHaveText("Signed in as Owner of Tess Team");

  // The new owner makes the former one a plain member: the billing customer, signed in by
  // email, now manages nothing of the team, not even through its own subscription.
  await heirPage.goto(portalPath("/team"));
  const formerRow = heirPage.getByRole("list", { name: "Team members" }).locator(`li[data-email="${owner}"]`);
  await formerRow.getByLabel(`Role of ${owner}`).selectOption("member");
  await formerRow.getByRole("button", { name: `Change role of ${owner}` }).click();
  await expect(heirPage.getByRole("status").filter({ hasText: `${owner} is now Member.` })).toBeVisible();
  await context.close();
  await page.goto(portalPath("/claimed"));
  await expect(page.getByTestId("signed-in-team")).toHaveText("Signed in as Member of Tess Team");
  expect((await page.goto(portalPath("/team")))?.status()).toBe(404);
  expect((await page.goto(portalPath(`/subscriptions/${subscription.id}`)))?.status()).toBe(404);
});

test("a person who owns one team and manages another chooses which one they act for", async ({ page }, testInfo) => {
  const own = await customerWithSubscription(2, "two-teams");
  const other = await customerWithSubscription(4, "other-team");
  await database().customer.update({ where: { id: other.customer.id }, data: { name: "Orbit Team" } });
  await addMember(other.customer.id, own.email, "billing_manager");
  const otherSeats = portalPath(`/subscriptions/${other.subscription.id}`);

  await signIn(page, own.email);
  // Their own team first.
  await expect(page.getByTestId("signed-in-team")).toHaveText("Signed in as Owner of Tess Team");
  const switcher = page.getByLabel("Team", { exact: true });
  await expect(switcher.locator("option")).toHaveText(["Tess Team (Owner)", "Orbit Team (Billing manager)"]);
  expect((await page.goto(otherSeats))?.status(), "the other team's seats, while acting for their own").toBe(404);

  await page.goto(portalPath("/claimed"));
  await switcher.selectOption({ label: "Orbit Team (Billing manager)" });
  await page.getByRole("button", { name: "Switch" }).click();
  // Back to the overview: the page they were on may belong to the other team.
  await expect(page).toHaveURL(`${process.env.E2E_BASE_URL}${portalPath()}`);
  await expect(page.getByTestId("signed-in-team")).toHaveText("Signed in as Billing manager of Orbit Team");
  await expect(page.getByText("The seats Orbit Team pays for at Acme.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Manage seats of Acme Team" })).toHaveAttribute("href", otherSeats);
  await keepScreenshot(page, testInfo, "team-switcher");
  await page.goto(otherSeats);
  await expect(page.getByTestId("seat-availability")).toHaveText("4 of 4 seats available");
  await page.goto(portalPath("/team"));
  await expect(page.getByRole("list", { name: "Team members" }).locator(`li[data-email="${own.email}"]`).getByTestId("you")).toBeVisible();

  // A choice that is not theirs (a forged cookie) is ignored: they act for their own team.
  const forged = await customerWithSubscription(1, "not-theirs");
  await page.context().addCookies([{ name: "portal_team", value: forged.customer.id, domain: new URL(process.env.E2E_BASE_URL!).hostname, path: portalPath() }]);
  await page.goto(portalPath());
  await expect(page.getByTestId("signed-in-team")).toHaveText("Signed in as Owner of Tess Team");
});

test("a vendor's member session link opens the portal for that member: a billing manager manages the team, a plain member sees only the seats they hold", async ({ browser }) => {
  const { customer, subscription } = await customerWithSubscription(2, "member-link");
  const run = subscription.id.slice(0, 8);
  const manager = await addMember(customer.id, `linked-manager-${run}@example.com`, "billing_manager");
  const plain = await addMember(customer.id, `linked-member-${run}@example.com`, "member");

  const admin = await newPage(browser);
  await openVendorMemberLink(admin.page, manager.id, "");
  await expect(admin.page.getByTestId("signed-in-team")).toHaveText("Signed in as Billing manager of Tess Team");
  await expect(admin.page.getByRole("link", { name: "Manage seats of Acme Team" })).toBeVisible();
  // One team only: the link names one member, and proves nothing of the address elsewhere.
  await expect(admin.page.getByRole("button", { name: "Switch" })).toHaveCount(0);
  await admin.page.getByRole("navigation", { name: "Portal" }).getByRole("link", { name: "Team" }).click();
  await expect(admin.page.getByRole("list", { name: "Team members" }).locator(`li[data-email="${manager.email}"]`).getByTestId("you")).toBeVisible();
  await admin.context.close();

  const member = await newPage(browser);
  await openVendorMemberLink(member.page, plain.id, "/claimed");
  await expect(member.page.getByTestId("signed-in-team")).toHaveText("Signed in as Member of Tess Team");
  await expect(member.page.getByRole("navigation", { name: "Portal" }).getByRole("link", { name: "Team" })).toHaveCount(0);
  expect((await member.page.goto(portalPath("/team")))?.status()).toBe(404);
  expect((await member.page.goto(portalPath(`/subscriptions/${subscription.id}`)))?.status()).toBe(404);
  await member.context.close();
});

test("the Team page shows the latest action's answer only: adding a member, then changing a role, then adding again", async ({ page }) => {
  const { email: owner, subscription } = await customerWithSubscription(3, "latest");
  const run = subscription.id.slice(0, 8);
  const [first, second] = [`first-${run}@example.com`, `second-${run}@example.com`];
  await signIn(page, owner);
  await page.goto(portalPath("/team"));
  const members = page.getByRole("list", { name: "Team members" });
  const added = (email: string) => page.getByRole("status").filter({ hasText: `${email} was added as Member.` });
  const add = async (email: string) => {
    await page.getByLabel("Email address").fill(email);
    await page.getByLabel("Role", { exact: true }).selectOption("member");
    await page.getByRole("button", { name: "Add to the team" }).click();
    await expect(added(email)).toBeVisible();
  };

  await add(first);
  const firstRow = members.locator(`li[data-email="${first}"]`);
  await firstRow.getByLabel(`Role of ${first}`).selectOption("billing_manager");
  await firstRow.getByRole("button", { name: `Change role of ${first}` }).click();
  const changed = page.getByRole("status").filter({ hasText: `${first} is now Billing manager.` });
  await expect(changed).toBeVisible();
  await expect(added(first)).toHaveCount(0);
  // Seen where the change was made, and the focus is still there (not dropped to the page).
  await expect(firstRow.getByTestId("member-row-answer")).toHaveText(`${first} is now Billing manager.`);
  await expect(firstRow.getByRole("button", { name: `Change role of ${first}` })).toBeFocused();

  await add(second);
  await expect(changed).toHaveCount(0);
});

test("the Team page lists members by address and finds one by part of an address or a name", async ({ page }) => {
  const { email: owner, customer, subscription } = await customerWithSubscription(3, "search");
  const run = subscription.id.slice(0, 8);
  await addMember(customer.id, `zed-${run}@example.com`, "member");
  await addMember(customer.id, `amy-${run}@example.com`, "billing_manager", "Amy Archer");
  await signIn(page, owner);
  await page.goto(portalPath("/team"));
  const members = page.getByRole("list", { name: "Team members" }).locator("li");
  const emails = await members.evaluateAll((rows) => rows.map((row) => row.getAttribute("data-email") ?? ""));
  expect(emails).toEqual([...emails].sort());

  const search = page.getByRole("search", { name: "Find members" });
  await search.getByLabel("Email or name contains").fill("ARCHER");
  await search.getByRole("button", { name: "Find" }).click();
  await expect(page.getByRole("heading", { name: "1 member matches" })).toBeVisible();
  await expect(members).toHaveCount(1);
  await expect(members.first()).toHaveAttribute("data-email", `amy-${run}@example.com`);

  await search.getByLabel("Email or name contains").fill("nobody-by-that-name");
  await search.getByRole("button", { name: "Find" }).click();
  await expect(page.getByText("Nobody on the team matches this search.")).toBeVisible();
  await search.getByRole("link", { name: "Show everyone" }).click();
  await expect(members).toHaveCount(3);
});
