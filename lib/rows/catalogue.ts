// The vendor's catalogue as lib/seats reads it (a product, its prices and organization, a
// subscription) and lib/wire writes it; the merchant API's rows (./merchant.ts) extend it.

export type SeatTier = { min_seats: number; max_seats: number | null; price_per_seat: number };

export type OrganizationRow = {
  id: string;
  createdAt: Date;
  modifiedAt: Date | null;
  name: string;
  slug: string;
  avatarUrl: string | null;
  /** Polar's customer_portal_settings.subscription.update_seats; false where the reader did not read it. */
  customerPortalUpdateSeats?: boolean;
};

export type ProductPriceRow = {
  id: string;
  createdAt: Date;
  modifiedAt: Date | null;
  productId: string;
  amountType: string;
  priceCurrency: string;
  seatTierType: string;
  seatTiers: SeatTier[];
  isArchived: boolean;
};

export type ProductRow = {
  id: string;
  createdAt: Date;
  modifiedAt: Date | null;
  organizationId: string;
  name: string;
  description: string | null;
  recurringInterval: string | null;
  recurringIntervalCount: number | null;
  isArchived: boolean;
  visibility: string;
  prices: ProductPriceRow[];
  organization: OrganizationRow;
};

export type SubscriptionRow = {
  id: string;
  createdAt: Date;
  modifiedAt: Date | null;
  customerId: string;
  productId: string;
  status: string;
  amount: number;
  currency: string;
  recurringInterval: string;
  recurringIntervalCount: number;
  currentPeriodStart: Date;
  currentPeriodEnd: Date;
  cancelAtPeriodEnd: boolean;
  canceledAt: Date | null;
  startedAt: Date | null;
  endsAt: Date | null;
  endedAt: Date | null;
  trialStart: Date | null;
  trialEnd: Date | null;
  customerCancellationReason: string | null;
  customerCancellationComment: string | null;
  seats: number | null;
  product: ProductRow;
};
