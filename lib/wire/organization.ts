import type { OrganizationRow } from "@/lib/rows/catalogue";
import { iso, isoOrNull } from "./dates";

export type OrganizationSettingsRow = OrganizationRow & { seatBasedPricingEnabled: boolean; customerPortalUpdateSeats: boolean };

/**
 * Polar's Organization (GET/PATCH /v1/organizations/{id}), every key of its server's
 * schema, of SDK 1.x's type and of SDK 0.49.0's zod schema. This portal stores the name,
 * slug, avatar, seat-based pricing and whether the portal lets a team change its seat count;
 * everything else is fixed, because it is Polar's business that this portal does not run
 * (checkout, payouts, tax, Polar's own customer emails, disputes, SSO, embedding, KYC). The
 * fixed values say what is true here: no checkout or payouts, none of those emails sent.
 */
export function toOrganization(organization: OrganizationSettingsRow) {
  return {
    created_at: iso(organization.createdAt),
    modified_at: isoOrNull(organization.modifiedAt),
    id: organization.id,
    name: organization.name,
    slug: organization.slug,
    avatar_url: organization.avatarUrl,
    proration_behavior: "prorate" as const,
    allow_customer_updates: true,
    email: null,
    website: null,
    socials: [],
    status: "active" as const,
    details_submitted_at: null,
    onboarding_resubmission_requested_at: null,
    sso_enforced: false,
    default_presentment_currency: "usd",
    default_tax_behavior: "location" as const,
    feature_settings: {
      issue_funding_enabled: false,
      seat_based_pricing_enabled: organization.seatBasedPricingEnabled,
      unit_based_pricing_enabled: false,
      wallets_enabled: false,
      // Seats are claimed by members of the customer's team: Polar's member model, which
      // Polar requires before seat-based pricing.
      member_model_enabled: true,
      checkout_localization_enabled: false,
      overview_metrics: null,
      reset_proration_behavior_enabled: false,
      off_session_charges_enabled: false,
      meter_cycling_enabled: false,
      slack_benefit_enabled: false,
      preview_access_enabled: false,
      disputes_enabled: false,
      sso_enabled: false,
      dispute_auto_accept_enabled: false,
      compass_enabled: false,
      merchant_migration_enabled: false,
    },
    // Polar's defaults for a new organization.
    subscription_settings: {
      allow_multiple_subscriptions: false,
      proration_behavior: "prorate" as const,
      benefit_revocation_grace_period: 0,
      prevent_trial_abuse: false,
      allow_customer_updates: true,
    },
    // The emails Polar sends about orders and subscriptions; the vendor's billing sends
    // those here, not this portal.
    customer_email_settings: {
      order_confirmation: false,
      payment_method_expiration_reminder: false,
      subscription_cancellation: false,
      subscription_confirmation: false,
      subscription_cycled: false,
      subscription_cycled_after_trial: false,
      subscription_past_due: false,
      subscription_paused: false,
      subscription_resumed: false,
      subscription_renewal_reminder: false,
      subscription_revoked: false,
      subscription_trial_conversion_reminder: false,
      subscription_uncanceled: false,
      subscription_updated: false,
    },
    // As the portal's customer-facing organization (lib/wire/product.ts) says, but for
    // update_seats, which is the organization's own setting.
    customer_portal_settings: {
      usage: { show: true },
      subscription: { update_seats: organization.customerPortalUpdateSeats, update_plan: false },
      customer: { allow_email_change: false },
    },
    dispute_settings: { auto_accept_below_amount: null },
    embed_hosts: [],
    embed_hosts_enforced: false,
    country: null,
    account_id: null,
    payout_account_id: null,
    capabilities: {
      checkout_payments: false,
      subscription_renewals: false,
      payouts: false,
      refunds: false,
      api_access: true,
      dashboard_access: false,
    },
    // Deprecated on Polar's side but still sent, for older SDKs that require it.
    notification_settings: {
      new_order: true,
      new_subscription: true,
      chargeback_prevention: true,
      subscription_renewal: false,
    },
  };
}
