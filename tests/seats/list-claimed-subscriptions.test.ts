import { describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import { CLAIMED_PAGE_SIZE, assignSeat, claimSeat, getClaimedSubscriptionsPage, listAllClaimedSubscriptions, listClaimedSubscriptions } from "@/lib/seats";
import { createCustomer, createOrganization, createProduct, createSubscription, customerActor, uniqueEmail } from "../fixtures/factories";
import { Mailbox, invitationTokenFrom } from "../fixtures/mailbox";

const mailbox = new Mailbox(inject("mailUrl"));

/** A person holding claimed seats on `count` subscriptions of different billing customers. */
async function holderOfSeats(count: number) {
  const organization = await createOrganization();
  const product = await createProduct(organization.id);
  const holder = await createCustomer(organization.id, { email: uniqueEmail("holder") });
  const subscriptions = [];
  for (let i = 0; i < count; i++) {
    const owner = await createCustomer(organization.id);
    const subscription = await createSubscription(organization.id, owner.id, product.id, {
      createdAt: new Date(Date.UTC(2026, 0, 1 + i)),
    });
    await assignSeat(customerActor(owner), { subscription_id: subscription.id, email: holder.email });
    await claimSeat(invitationTokenFrom(await mailbox.waitForEmail(holder.email, { count: i + 1 })));
    subscriptions.push(subscription);
  }
  return { holder, subscriptions, organization, product };
}

describe("listClaimedSubscriptions", () => {
  it("lists the subscriptions the caller holds a claimed seat on, newest first", async () => {
    const { holder, subscriptions } = await holderOfSeats(3);
    const page = await listClaimedSubscriptions(customerActor(holder), { page: 1, limit: 10 });
    expect(page.totalCount).toBe(3);
    expect(page.items.map((s) => s.id)).toEqual([...subscriptions].reverse().map((s) => s.id));
    expect(page.items[0]!.product.prices).toHaveLength(1);
  });

  it("shows a holder that the payer cancels, not the payer's reason or remark to the vendor", async () => {
    const { holder, subscriptions } = await holderOfSeats(1);
    await db().prisma.subscription.update({
      where: { id: subscriptions[0]!.id },
      data: { cancelAtPeriodEnd: true, customerCancellationReason: "too_expensive", customerCancellationComment: "Our CFO says no." },
    });
    const [held] = (await listClaimedSubscriptions(customerActor(holder), { page: 1, limit: 10 })).items;
    expect(held).toMatchObject({ cancelAtPeriodEnd: true, customerCancellationReason: null, customerCancellationComment: null });
  });

  it("a claim's member session lists what that member claimed", async () => {
    const { holder, subscriptions } = await holderOfSeats(2);
    const members = await db().prisma.member.findMany({ where: { emailKey: holder.email.toLowerCase() }, select: { id: true, customerId: true } });
    expect(members).toHaveLength(2);
    const member = members[0]!;
    const page = await listClaimedSubscriptions(
      { kind: "member", memberId: member.id, customerId: member.customerId, organizationId: holder.organizationId, role: "member", scopes: new Set(), sessionId: null, seatId: null },
      { page: 1, limit: 10 },
    );
    expect(page.items.map((s) => s.customerId)).toEqual([member.customerId]);
    expect(subscriptions.map((s) => s.id)).toContain(page.items[0]!.id);
  });

  it("pages, and clamps the page size to 100", async () => {
    const { holder, subscriptions } = await holderOfSeats(3);
    const second = await listClaimedSubscriptions(customerActor(holder), { page: 2, limit: 2 });
    expect(second.items.map((s) => s.id)).toEqual([subscriptions[0]!.id]);
    expect((await listClaimedSubscriptions(customerActor(holder), { limit: 1000 })).limit).toBe(100);
  });

  it("leaves out pending seats and the subscriptions the caller only pays for", async () => {
    const organization = await createOrganization();
    const product = await createProduct(organization.id);
    const owner = await createCustomer(organization.id);
    const subscription = await createSubscription(organization.id, owner.id, product.id);
    const invitee = uniqueEmail("pending");
    const seat = await assignSeat(customerActor(owner), { subscription_id: subscription.id, email: invitee });
    expect((await listClaimedSubscriptions(customerActor(owner), {})).totalCount).toBe(0);
    const pendingHolder = { id: seat.customerId!, organizationId: organization.id };
    expect(await listAllClaimedSubscriptions(customerActor(pendingHolder))).toEqual([]);
  });
});

/** A person holding claimed seats on `count` subscriptions, written straight to the database (fast, for paging). */
async function holderOfManySeats(count: number) {
  const organization = await createOrganization();
  const product = await createProduct(organization.id);
  const holder = await createCustomer(organization.id, { email: uniqueEmail("many") });
  const owner = await createCustomer(organization.id);
  const subscriptions = [];
  for (let i = 0; i < count; i++) {
    const subscription = await createSubscription(organization.id, owner.id, product.id, { createdAt: new Date(Date.UTC(2026, 0, 1, i)) });
    await db().prisma.customerSeat.create({
      data: { subscriptionId: subscription.id, status: "claimed", customerId: holder.id, email: holder.email, assignedAt: new Date(), claimedAt: new Date() },
    });
    subscriptions.push(subscription);
  }
  // Newest first, as the page lists them.
  return { holder, newestFirst: subscriptions.reverse().map((s) => s.id) };
}

describe("getClaimedSubscriptionsPage", () => {
  it("pages the portal's list by CLAIMED_PAGE_SIZE, newest first, with the total and the page count", async () => {
    const { holder, newestFirst } = await holderOfManySeats(CLAIMED_PAGE_SIZE + 1);
    const first = await getClaimedSubscriptionsPage(customerActor(holder), 1);
    expect(first).toMatchObject({ totalCount: CLAIMED_PAGE_SIZE + 1, page: 1, pageCount: 2, pageSize: CLAIMED_PAGE_SIZE });
    expect(first.items.map((s) => s.id)).toEqual(newestFirst.slice(0, CLAIMED_PAGE_SIZE));
    const second = await getClaimedSubscriptionsPage(customerActor(holder), 2);
    expect(second).toMatchObject({ page: 2, pageCount: 2 });
    expect(second.items.map((s) => s.id)).toEqual(newestFirst.slice(CLAIMED_PAGE_SIZE));
  });

  it("shows the last page for a page past the end, and the first for one before it", async () => {
    const { holder, newestFirst } = await holderOfManySeats(CLAIMED_PAGE_SIZE + 1);
    const past = await getClaimedSubscriptionsPage(customerActor(holder), 99);
    expect(past).toMatchObject({ page: 2, pageCount: 2, totalCount: CLAIMED_PAGE_SIZE + 1 });
    expect(past.items.map((s) => s.id)).toEqual([newestFirst.at(-1)]);
    expect((await getClaimedSubscriptionsPage(customerActor(holder), 0)).page).toBe(1);
  });

  it("is one empty page for someone who holds no seat", async () => {
    const { holder } = await holderOfManySeats(0);
    expect(await getClaimedSubscriptionsPage(customerActor(holder), 3)).toEqual({ items: [], totalCount: 0, page: 1, pageCount: 1, pageSize: CLAIMED_PAGE_SIZE });
  });
});
