// The merchant API's serializers through SDK 0.49.0's own zod schemas.
import { describe, expect, it } from "vitest";
import { Customer$inboundSchema } from "@polar-sh/sdk/models/components/customer.js";
import { Product$inboundSchema } from "@polar-sh/sdk/models/components/product.js";
import { Subscription$inboundSchema } from "@polar-sh/sdk/models/components/subscription.js";
import { Order$inboundSchema } from "@polar-sh/sdk/models/components/order.js";
import { WebhookEndpoint$inboundSchema } from "@polar-sh/sdk/models/components/webhookendpoint.js";
import { WebhookDelivery$inboundSchema } from "@polar-sh/sdk/models/components/webhookdelivery.js";
import { ListResourceCustomer$inboundSchema } from "@polar-sh/sdk/models/components/listresourcecustomer.js";
import { toCustomer } from "@/lib/wire/customer";
import { toOrder, toProduct, toSubscription } from "@/lib/wire/merchant";
import { toWebhookDelivery, toWebhookEndpoint } from "@/lib/wire/webhooks";
import { toListResource } from "@/lib/wire/list-resource";
import type { CustomerRow, MerchantProductRow, MerchantSubscriptionRow, OrderRow } from "@/lib/rows/merchant";

const at = new Date("2026-11-25T10:00:00.000Z");
const ids = {
  org: "bf5d2b6c-5cdf-4ead-8acc-6b7c8d9e0f1a",
  customer: "8c2a9e3f-2fac-4b7a-9d9c-3e4f5a6b7c8d",
  product: "ae4c1a5b-4bce-4d9c-9fbb-5a6b7c8d9e0f",
  price: "c06e3c7d-6de0-4fbe-9bdd-7c8d9e0f1a2b",
  subscription: "9d3b0f4a-3abd-4c8b-8eaa-4f5a6b7c8d9e",
  order: "d17f4d8e-7ef1-4acf-8cee-8d9e0f1a2b3c",
};

const customer: CustomerRow = {
  id: ids.customer,
  createdAt: at,
  modifiedAt: null,
  organizationId: ids.org,
  email: "dana@example.com",
  emailVerified: true,
  externalId: "crm-1",
  name: "Dana",
  billingName: null,
  billingAddress: { line1: "1 Main St", country: "FR" },
  taxId: "FR123",
  locale: "fr",
  metadata: { plan: "team", seats: 3, vip: true },
  deletedAt: null,
};

const product: MerchantProductRow = {
  id: ids.product,
  createdAt: at,
  modifiedAt: at,
  organizationId: ids.org,
  name: "Team",
  description: "Per seat",
  recurringInterval: "month",
  recurringIntervalCount: 1,
  isArchived: false,
  visibility: "public",
  metadata: {},
  prices: [
    {
      id: ids.price,
      createdAt: at,
      modifiedAt: null,
      productId: ids.product,
      amountType: "seat_based",
      priceCurrency: "usd",
      seatTierType: "volume",
      seatTiers: [{ min_seats: 1, max_seats: null, price_per_seat: 1000 }],
      isArchived: false,
    },
  ],
};

const subscription: MerchantSubscriptionRow = {
  id: ids.subscription,
  createdAt: at,
  modifiedAt: null,
  customerId: ids.customer,
  productId: ids.product,
  status: "active",
  amount: 5000,
  currency: "usd",
  recurringInterval: "month",
  recurringIntervalCount: 1,
  currentPeriodStart: at,
  currentPeriodEnd: at,
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
  metadata: {},
  customer,
  product,
};

const order: OrderRow = {
  id: ids.order,
  createdAt: at,
  modifiedAt: null,
  status: "paid",
  totalAmount: 3000,
  currency: "usd",
  billingReason: "purchase",
  seats: 3,
  customerId: ids.customer,
  productId: ids.product,
  metadata: { seats: 3 },
  customer,
  product: { ...product, recurringInterval: null, recurringIntervalCount: null },
};

function problems(schema: { safeParse(value: unknown): { success: boolean; error?: { issues: unknown[] } } }, value: unknown) {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error!.issues;
}

describe("merchant serializers pass SDK 0.49.0's validation", () => {
  it("Customer, with billing details, and a page of them", () => {
    expect(problems(Customer$inboundSchema, toCustomer(customer))).toEqual([]);
    expect(problems(ListResourceCustomer$inboundSchema, toListResource({ items: [customer], totalCount: 1, page: 1, limit: 10 }, toCustomer))).toEqual([]);
  });

  it("Product", () => {
    expect(problems(Product$inboundSchema, toProduct(product))).toEqual([]);
  });

  it("Subscription", () => {
    expect(problems(Subscription$inboundSchema, toSubscription(subscription))).toEqual([]);
  });

  it("Order", () => {
    expect(problems(Order$inboundSchema, toOrder(order))).toEqual([]);
  });

  it("WebhookEndpoint and WebhookDelivery", () => {
    const endpoint = {
      id: ids.order,
      createdAt: at,
      modifiedAt: null,
      organizationId: ids.org,
      url: "https://hooks.example.com/polar",
      name: null,
      format: "raw",
      secretHint: "polar_whs_…abcd",
      events: ["customer_seat.assigned"],
      enabled: true,
    };
    expect(problems(WebhookEndpoint$inboundSchema, toWebhookEndpoint(endpoint, "polar_whs_full"))).toEqual([]);
    expect(toWebhookEndpoint(endpoint).secret).toBe("polar_whs_…abcd");
    const delivery = {
      id: ids.order,
      createdAt: at,
      modifiedAt: null,
      succeeded: false,
      httpCode: 503,
      response: "down",
      webhookEvent: { id: ids.order, createdAt: at, modifiedAt: null, type: "customer_seat.assigned", payload: "{}", status: "pending", lastHttpCode: 503, skipped: false, isArchived: false },
    };
    expect(problems(WebhookDelivery$inboundSchema, toWebhookDelivery(delivery))).toEqual([]);
  });
});

// Polar's server computes avatar_url for every customer (server/polar/customer/schemas/
// customer.py): Gravatar's address for the SHA-256 of the lower-cased email, ?d=404. The
// SDK inside Polar's Next.js adapter (@polar-sh/sdk 0.47) refuses null there.
describe("Customer.avatar_url", () => {
  // sha256("dana@example.com"), computed once with Python's hashlib as Polar's server does.
  const DANA = "https://www.gravatar.com/avatar/07e2f1394b0ea80e2adca010ea8318df697001a005ba7452720edda4b0ce57b3?d=404";

  it("is Gravatar's address for the SHA-256 of the lower-cased email when none is stored, never null", () => {
    expect(toCustomer(customer).avatar_url).toBe(DANA);
  });

  it("is the same address whatever the case of the email", () => {
    expect(toCustomer({ ...customer, email: "Dana@Example.COM" }).avatar_url).toBe(DANA);
  });

  it("differs from one email to another", () => {
    expect(toCustomer({ ...customer, email: "erin@example.com" }).avatar_url).not.toBe(DANA);
    expect(toCustomer({ ...customer, email: "erin@example.com" }).avatar_url).toMatch(/^https:\/\/www\.gravatar\.com\/avatar\/[0-9a-f]{64}\?d=404$/);
  });
});
