import type { OrganizationRow, ProductPriceRow, ProductRow } from "@/lib/rows/catalogue";
import { iso, isoOrNull } from "./dates";

export function toSeatBasedPrice(price: ProductPriceRow) {
  const tiers = price.seatTiers.map((tier) => ({
    min_seats: tier.min_seats,
    max_seats: tier.max_seats ?? null,
    price_per_seat: tier.price_per_seat,
  }));
  return {
    created_at: iso(price.createdAt),
    modified_at: isoOrNull(price.modifiedAt),
    id: price.id,
    source: "catalog",
    amount_type: "seat_based" as const,
    price_currency: price.priceCurrency,
    tax_behavior: null,
    is_archived: price.isArchived,
    product_id: price.productId,
    seat_tiers: {
      seat_tier_type: price.seatTierType,
      tiers,
      minimum_seats: tiers[0]?.min_seats ?? 1,
      maximum_seats: tiers.length ? (tiers[tiers.length - 1]!.max_seats ?? null) : null,
    },
  };
}

// The organization as a customer sees it (Polar's CustomerOrganization).
export function toCustomerOrganization(organization: OrganizationRow) {
  return {
    created_at: iso(organization.createdAt),
    modified_at: isoOrNull(organization.modifiedAt),
    id: organization.id,
    name: organization.name,
    slug: organization.slug,
    avatar_url: organization.avatarUrl,
    proration_behavior: "prorate",
    allow_customer_updates: true,
    customer_portal_settings: {
      usage: { show: true },
      subscription: { update_seats: organization.customerPortalUpdateSeats ?? false, update_plan: false },
    },
    organization_features: { member_model_enabled: true, checkout_localization_enabled: false },
  };
}

type ProductFieldsRow = Omit<ProductRow, "organization" | "prices">;

// The fields every product schema of Polar's shares (trials and meters are not managed here).
export function productFields(product: ProductFieldsRow) {
  return {
    id: product.id,
    created_at: iso(product.createdAt),
    modified_at: isoOrNull(product.modifiedAt),
    trial_interval: null,
    trial_interval_count: null,
    name: product.name,
    description: product.description,
    visibility: product.visibility,
    recurring_interval: product.recurringInterval,
    recurring_interval_count: product.recurringIntervalCount,
    meter_interval: null,
    meter_interval_count: null,
    is_recurring: product.recurringInterval !== null,
    is_archived: product.isArchived,
    organization_id: product.organizationId,
  };
}

// Polar's CustomerSubscriptionProduct. Benefits and media are not managed here.
export function toCustomerSubscriptionProduct(product: ProductRow) {
  return {
    ...productFields(product),
    prices: product.prices.map(toSeatBasedPrice),
    benefits: [],
    medias: [],
    organization: toCustomerOrganization(product.organization),
  };
}
