import { describe, expect, inject, it } from "vitest";
import { assignSeat, claimSeat, listAllClaimedSubscriptions, listClaimedSubscriptions } from "@/lib/seats";
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
