// Every serializer's output passes through SDK 0.49.0's own zod schemas (the strictest
// client): a missing nullable key, a timestamp without a timezone or a float where an int
// belongs fails here before any server runs.
import { describe, expect, it } from "vitest";
import { CustomerSeat$inboundSchema } from "@polar-sh/sdk/models/components/customerseat.js";
import { SeatClaimInfo$inboundSchema } from "@polar-sh/sdk/models/components/seatclaiminfo.js";
import { CustomerSeatClaimResponse$inboundSchema } from "@polar-sh/sdk/models/components/customerseatclaimresponse.js";
import { CustomerSession$inboundSchema } from "@polar-sh/sdk/models/components/customersession.js";
import { CustomerSubscription$inboundSchema } from "@polar-sh/sdk/models/components/customersubscription.js";
import { ListResourceCustomerSubscription$inboundSchema } from "@polar-sh/sdk/models/components/listresourcecustomersubscription.js";
import { SEATS_LIST_SQL, toCustomerSeat, toCustomerSeatClaimResponse, toSeatClaimInfo } from "@/lib/wire/customer-seat";
import { toCustomerSession } from "@/lib/wire/customer-session";
import { toCustomerSubscription, toListResource } from "@/lib/wire/customer-subscription";
import type { SeatRow, SubscriptionRow } from "@/lib/seats/types";

const at = new Date("2026-11-25T10:00:00.123Z");

const pendingSeat: SeatRow = {
  id: "6a0f7c1e-0d8a-4f5e-9b7a-1c2d3e4f5a6b",
  createdAt: at,
  modifiedAt: null,
  subscriptionId: "7b1f8d2e-1e9b-4a6f-8c8b-2d3e4f5a6b7c",
  orderId: null,
  status: "pending",
  customerId: "8c2a9e3f-2fac-4b7a-9d9c-3e4f5a6b7c8d",
  memberId: "9d3b0f4a-3abd-4c8b-8e0d-4f5a6b7c8d9e",
  member: {
    id: "9d3b0f4a-3abd-4c8b-8e0d-4f5a6b7c8d9e",
    createdAt: at,
    modifiedAt: null,
    customerId: "0e4c1a5b-4bce-4d9c-9f1e-5a6b7c8d9e0f",
    email: "dana@example.com",
    name: null,
    externalId: null,
    role: "member",
  },
  email: "dana@example.com",
  customerEmail: "dana@example.com",
  invitationTokenExpiresAt: new Date("2026-12-02T10:00:00.123Z"),
  assignedAt: at,
  claimedAt: null,
  revokedAt: null,
  seatMetadata: { team: "core", level: 2, admin: false },
};

const revokedSeat: SeatRow = {
  ...pendingSeat,
  status: "revoked",
  modifiedAt: at,
  customerId: null,
  memberId: null,
  member: null,
  email: null,
  customerEmail: null,
  revokedAt: at,
  seatMetadata: null,
};


const subscription: SubscriptionRow = {
  id: "9d3b0f4a-3abd-4c8b-8eaa-4f5a6b7c8d9e",
  createdAt: at,
  modifiedAt: null,
  customerId: "8c2a9e3f-2fac-4b7a-9d9c-3e4f5a6b7c8d",
  productId: "ae4c1a5b-4bce-4d9c-9fbb-5a6b7c8d9e0f",
  status: "active",
  amount: 6000,
  currency: "usd",
  recurringInterval: "month",
  recurringIntervalCount: 1,
  currentPeriodStart: at,
  currentPeriodEnd: new Date("2026-12-25T10:00:00.000Z"),
  cancelAtPeriodEnd: false,
  canceledAt: null,
  startedAt: at,
  endsAt: null,
  endedAt: null,
  trialStart: null,
  trialEnd: null,
  customerCancellationReason: null,
  customerCancellationComment: null,
  seats: 5,
  product: {
    id: "ae4c1a5b-4bce-4d9c-9fbb-5a6b7c8d9e0f",
    createdAt: at,
    modifiedAt: null,
    organizationId: "bf5d2b6c-5cdf-4ead-8acc-6b7c8d9e0f1a",
    name: "Team",
    description: null,
    recurringInterval: "month",
    recurringIntervalCount: 1,
    isArchived: false,
    visibility: "public",
    prices: [
      {
        id: "c06e3c7d-6de0-4fbe-9bdd-7c8d9e0f1a2b",
        createdAt: at,
        modifiedAt: null,
        productId: "ae4c1a5b-4bce-4d9c-9fbb-5a6b7c8d9e0f",
        amountType: "seat_based",
        priceCurrency: "usd",
        seatTierType: "volume",
        seatTiers: [
          { min_seats: 1, max_seats: 9, price_per_seat: 1200 },
          { min_seats: 10, max_seats: null, price_per_seat: 1000 },
        ],
        isArchived: false,
      },
    ],
    organization: {
      id: "bf5d2b6c-5cdf-4ead-8acc-6b7c8d9e0f1a",
      createdAt: at,
      modifiedAt: null,
      name: "Acme",
      slug: "acme",
      avatarUrl: null,
    },
  },
};

/** Parses with the SDK's schema and returns the problems, so a failure names the field. */
function problems(schema: { safeParse(value: unknown): { success: boolean; error?: { issues: unknown[] } } }, value: unknown) {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error!.issues;
}

describe("wire serializers pass SDK 0.49.0's validation", () => {
  it("CustomerSeat, pending and revoked", () => {
    expect(problems(CustomerSeat$inboundSchema, toCustomerSeat(pendingSeat))).toEqual([]);
    expect(problems(CustomerSeat$inboundSchema, toCustomerSeat(revokedSeat))).toEqual([]);
  });

  it("SeatClaimInfo and CustomerSeatClaimResponse", () => {
    const info = toSeatClaimInfo({
      productName: "Team",
      productId: subscription.productId,
      organizationName: "Acme",
      organizationSlug: "acme",
      customerEmail: "dana@example.com",
      canClaim: true,
    });
    expect(problems(SeatClaimInfo$inboundSchema, info)).toEqual([]);
    const claim = toCustomerSeatClaimResponse({ seat: { ...pendingSeat, status: "claimed", claimedAt: at }, memberSessionToken: "polar_mst_x" });
    expect(problems(CustomerSeatClaimResponse$inboundSchema, claim)).toEqual([]);
  });

  it("CustomerSubscription and its paged list", () => {
    expect(problems(CustomerSubscription$inboundSchema, toCustomerSubscription(subscription))).toEqual([]);
    const page = toListResource({ items: [subscription], totalCount: 21, page: 1, limit: 10 }, toCustomerSubscription);
    expect(problems(ListResourceCustomerSubscription$inboundSchema, page)).toEqual([]);
    expect(page.pagination).toEqual({ total_count: 21, max_page: 3 });
  });

  it("CustomerSession with its customer", () => {
    const wire = toCustomerSession({
      session: { id: pendingSeat.id, createdAt: at, modifiedAt: null, expiresAt: at, returnUrl: null, customerId: subscription.customerId, token: "polar_cst_x" },
      customer: {
        id: subscription.customerId,
        createdAt: at,
        modifiedAt: null,
        organizationId: subscription.product.organizationId,
        email: "dana@example.com",
        emailVerified: false,
        externalId: null,
        name: null,
        billingName: null,
        metadata: {},
        deletedAt: null,
      },
      customerPortalUrl: "http://localhost:3000/acme/portal?customer_session_token=polar_cst_x",
    });
    expect(problems(CustomerSession$inboundSchema, wire)).toEqual([]);
    // What Polar sends for a customer without an avatar (never null: SDK 0.47 refuses it).
    expect(wire.customer.avatar_url).toBe("https://www.gravatar.com/avatar/07e2f1394b0ea80e2adca010ea8318df697001a005ba7452720edda4b0ce57b3?d=404");
  });
});

describe("wire shape", () => {
  it("writes every timestamp with a Z and every nullable key as null", () => {
    const wire = toCustomerSeat(revokedSeat);
    expect(Object.keys(wire).sort()).toEqual(
      [
        "id", "created_at", "modified_at", "subscription_id", "order_id", "status", "customer_id", "member_id", "member",
        "email", "customer_email", "invitation_token_expires_at", "claimed_at", "revoked_at", "seat_metadata",
      ].sort(),
    );
    expect(wire.created_at).toBe("2026-11-25T10:00:00.123Z");
    expect(wire.member).toBeNull();
    expect(wire.claimed_at).toBeNull();
  });

  it("never exposes an invitation token", () => {
    expect(JSON.stringify(toCustomerSeat(pendingSeat))).not.toMatch(/token"/);
    expect(SEATS_LIST_SQL.seat.sql).not.toMatch(/token_hash/);
  });

  it("breaks SDK validation when a required nullable key is missing (the check can fail)", () => {
    const { member: _member, ...withoutMember } = toCustomerSeat(pendingSeat);
    expect(problems(CustomerSeat$inboundSchema, withoutMember)).not.toEqual([]);
    expect(problems(CustomerSeat$inboundSchema, { ...toCustomerSeat(pendingSeat), created_at: "2026-11-25T10:00:00" })).not.toEqual([]);
  });
});
