import { describe, expect, inject, it } from "vitest";
import { assignSeat, claimSeat, describeInvitation, exportSeats, getSeatsPage, listSeatEvents, resendInvitation, revokeSeat, shareInvitationLink } from "@/lib/seats";
import { db } from "@/lib/db";
import { createWorld, customerActor, organizationActor, uniqueEmail } from "../fixtures/factories";
import { Mailbox, invitationTokenFrom } from "../fixtures/mailbox";

const mailbox = new Mailbox(inject("mailUrl"));

describe("shareInvitationLink", () => {
  it("hands back a working link, sends no email, and retires the emailed one", async () => {
    const world = await createWorld();
    const email = uniqueEmail("share");
    const seat = await assignSeat(customerActor(world.owner), { subscription_id: world.subscription.id, email });
    const emailed = invitationTokenFrom(await mailbox.waitForEmail(email));
    const { claimUrl } = await shareInvitationLink(customerActor(world.owner), seat.id);
    const token = new URL(claimUrl).searchParams.get("token")!;
    expect(claimUrl).toBe(`http://portal.test/${world.organization.slug}/portal/claim?token=${token}`);
    expect(await describeInvitation(emailed)).toEqual({ state: "replaced", organizationName: world.organization.name, productName: world.product.name });
    expect(await describeInvitation(token)).toMatchObject({ state: "valid" });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await mailbox.to(email)).toHaveLength(1);
    expect(await db().prisma.seatEvent.count({ where: { seatId: seat.id, type: "link_shared" } })).toBe(1);
  });

  it("shares only a pending seat of the caller's", async () => {
    const world = await createWorld();
    const seat = await assignSeat(customerActor(world.owner), { subscription_id: world.subscription.id, email: uniqueEmail() });
    await expect(shareInvitationLink(customerActor(world.other), seat.id)).rejects.toMatchObject({ code: "ResourceNotFound" });
    await revokeSeat(customerActor(world.owner), seat.id);
    await expect(shareInvitationLink(customerActor(world.owner), seat.id)).rejects.toMatchObject({ code: "SeatNotPending" });
  });
});

describe("the claim notice", () => {
  it("tells the billing customer that their invitation was claimed", async () => {
    const world = await createWorld();
    const email = uniqueEmail("claims");
    await assignSeat(customerActor(world.owner), { subscription_id: world.subscription.id, email });
    await claimSeat(invitationTokenFrom(await mailbox.waitForEmail(email)));
    const notice = await mailbox.waitForEmail(world.owner.email);
    expect(notice.subject).toBe(`${email} claimed their seat on ${world.product.name}`);
    expect(notice.text).toContain(`http://portal.test/${world.organization.slug}/portal/subscriptions/${world.subscription.id}`);
  });
});

describe("listSeatEvents", () => {
  it("lists who did what to whom, newest first, filtered by type and person", async () => {
    const world = await createWorld();
    const owner = customerActor(world.owner);
    const ana = uniqueEmail("ana");
    const ben = uniqueEmail("ben");
    const seatA = await assignSeat(owner, { subscription_id: world.subscription.id, email: ana });
    await assignSeat(owner, { subscription_id: world.subscription.id, email: ben });
    await resendInvitation(owner, seatA.id);
    await claimSeat(invitationTokenFrom(await mailbox.waitForEmail(ana, { count: 2 })));
    await revokeSeat(organizationActor(world.organization.id), seatA.id);
    const all = await listSeatEvents(owner, { kind: "subscription", id: world.subscription.id }, {});
    expect(all.items.map((e) => [e.type, e.email])).toEqual([
      ["revoked", ana],
      ["claimed", ana],
      ["resent", ana],
      ["assigned", ben],
      ["assigned", ana],
    ]);
    expect(all.items.map((e) => e.actor)).toEqual(["organization", ana, world.owner.email, world.owner.email, world.owner.email]);
    const ref = { kind: "subscription" as const, id: world.subscription.id };
    expect((await listSeatEvents(owner, ref, { type: "assigned" })).totalCount).toBe(2);
    expect((await listSeatEvents(owner, ref, { email: ben.slice(0, 8).toUpperCase() })).items.map((e) => e.email)).toEqual([ben]);
    expect((await listSeatEvents(owner, ref, { page: 2, limit: 2 })).items).toHaveLength(2);
  });

  it("hides another customer's container (ResourceNotFound)", async () => {
    const world = await createWorld();
    await expect(listSeatEvents(customerActor(world.other), { kind: "subscription", id: world.subscription.id }, {})).rejects.toMatchObject({ code: "ResourceNotFound" });
  });
});

describe("getSeatsPage", () => {
  it("searches by email, filters by status (expired included) and sorts, in pages", async () => {
    const world = await createWorld({ seats: 6 });
    const owner = customerActor(world.owner);
    const ref = { kind: "subscription" as const, id: world.subscription.id };
    const emails = ["zoe", "adam", "mia"].map((name) => uniqueEmail(name));
    const seats = [];
    for (const email of emails) seats.push(await assignSeat(owner, { subscription_id: world.subscription.id, email }));
    await db().prisma.customerSeat.update({ where: { id: seats[1]!.id }, data: { invitationTokenExpiresAt: new Date(Date.now() - 1000) } });
    await revokeSeat(owner, seats[2]!.id);
    expect((await getSeatsPage(owner, ref, { search: "ZOE" })).seats.map((s) => s.email)).toEqual([emails[0]]);
    expect((await getSeatsPage(owner, ref, { status: "expired" })).seats.map((s) => s.id)).toEqual([seats[1]!.id]);
    expect((await getSeatsPage(owner, ref, { status: "pending" })).seats.map((s) => s.id)).toEqual([seats[0]!.id]);
    expect((await getSeatsPage(owner, ref, { status: "revoked" })).seats.map((s) => s.id)).toEqual([seats[2]!.id]);
    expect((await getSeatsPage(owner, ref, { sort: "newest" })).seats.map((s) => s.id)).toEqual([...seats].reverse().map((s) => s.id));
    const page = await getSeatsPage(owner, ref, { sort: "email" });
    expect(page.seats.map((s) => s.email)).toEqual([emails[1], emails[0], null]);
    expect(page.counts).toMatchObject({ total: 6, claimed: 0, pending: 2, expired: 1, free: 4 });
  });

  it("takes % and _ in a search literally, in the seats and in their history", async () => {
    const world = await createWorld({ seats: 3 });
    const owner = customerActor(world.owner);
    const ref = { kind: "subscription" as const, id: world.subscription.id };
    const plain = uniqueEmail("underxname");
    const underscored = uniqueEmail("under_name");
    for (const email of [plain, underscored]) await assignSeat(owner, { subscription_id: world.subscription.id, email });
    expect((await getSeatsPage(owner, ref, { search: "%" })).seats).toEqual([]);
    expect((await getSeatsPage(owner, ref, { search: "r_n" })).seats.map((s) => s.email)).toEqual([underscored]);
    expect((await listSeatEvents(owner, ref, { email: "%" })).items).toEqual([]);
    expect((await listSeatEvents(owner, ref, { email: "r_n" })).items.map((e) => e.email)).toEqual([underscored]);
  });

  it("finds seats by a value of their metadata (team, role), not by its keys", async () => {
    const world = await createWorld({ seats: 3 });
    const owner = customerActor(world.owner);
    const ref = { kind: "subscription" as const, id: world.subscription.id };
    const [platform, design] = [uniqueEmail("p"), uniqueEmail("d")];
    await assignSeat(owner, { subscription_id: world.subscription.id, email: platform, metadata: { team: "Platform", role: "Lead_Engineer" } });
    await assignSeat(owner, { subscription_id: world.subscription.id, email: design, metadata: { team: "Design", role: "LeadXEngineer" } });
    expect((await getSeatsPage(owner, ref, { search: "platform" })).seats.map((s) => s.email)).toEqual([platform]);
    // "_" is itself, not any character: LeadXEngineer does not match.
    expect((await getSeatsPage(owner, ref, { search: "lead_eng" })).seats.map((s) => s.email)).toEqual([platform]);
    expect((await getSeatsPage(owner, ref, { search: "team" })).seats).toEqual([]);
    expect((await getSeatsPage(owner, ref, { search: "design", status: "pending" })).matching).toBe(1);
    expect((await exportSeats(owner, ref, { search: "Design" })).map((s) => s.email)).toEqual([design]);
  });

  it("sorts by email whatever its case", async () => {
    const world = await createWorld({ seats: 3 });
    const owner = customerActor(world.owner);
    const emails = ["Bea", "adam", "Carl"].map((name) => uniqueEmail(name));
    for (const email of emails) await assignSeat(owner, { subscription_id: world.subscription.id, email });
    const page = await getSeatsPage(owner, { kind: "subscription", id: world.subscription.id }, { sort: "email" });
    expect(page.seats.map((s) => s.email)).toEqual([emails[1], emails[0], emails[2]]);
  });

  it("pages 100 seats at a time", async () => {
    const world = await createWorld({ seats: 250 });
    const owner = customerActor(world.owner);
    await db().prisma.customerSeat.createMany({
      data: Array.from({ length: 230 }, (_, i) => ({ subscriptionId: world.subscription.id, status: "revoked", createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)) })),
    });
    const ref = { kind: "subscription" as const, id: world.subscription.id };
    const third = await getSeatsPage(owner, ref, { page: 3 });
    expect(third).toMatchObject({ page: 3, pageCount: 3, matching: 230 });
    expect(third.seats).toHaveLength(30);
  });
});
