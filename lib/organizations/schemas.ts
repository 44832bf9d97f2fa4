// Inputs of Polar's organization endpoints (GET and PATCH /v1/organizations/{id}).
import { z } from "zod";

export const OrganizationIdParams = z.object({ id: z.uuid({ error: "Expected a UUID." }) });

const HttpUrl = z.url({ protocol: /^https?$/, error: "Expected an http or https URL." });
const Country = z.string().regex(/^[A-Z]{2}$/, "Expected an ISO 3166-1 alpha-2 country code.");
const Currency = z.string().regex(/^[a-z]{3}$/, "Expected a lower-case ISO 4217 currency code.");
// Polar refuses "reset" unless the organization has the reset proration feature, which no
// organization has here.
const ProrationBehavior = z.enum(["invoice", "prorate", "next_period"]);
const TaxBehavior = z.enum(["location", "inclusive", "exclusive"]);
const flag = z.boolean().optional();

// Polar's settings objects require every key of theirs; here each key may be left out, so
// that a PATCH changes what it names and keeps the rest (a body naming
// `customer_portal_settings` without `subscription.update_seats` leaves the setting as it was).
const CustomerPortalSettings = z.object({
  usage: z.object({ show: flag }).optional(),
  subscription: z.object({ update_seats: flag, update_plan: flag, update_units: flag, pause: flag }).optional(),
  customer: z.object({ allow_email_change: flag }).optional(),
});

const SubscriptionSettings = z.object({
  allow_multiple_subscriptions: flag,
  proration_behavior: ProrationBehavior.optional(),
  benefit_revocation_grace_period: z.number().int().min(0).optional(),
  prevent_trial_abuse: flag,
  allow_customer_updates: flag,
});

const CustomerEmailSettings = z.object({
  order_confirmation: flag,
  payment_method_expiration_reminder: flag,
  subscription_cancellation: flag,
  subscription_confirmation: flag,
  subscription_cycled: flag,
  subscription_cycled_after_trial: flag,
  subscription_past_due: flag,
  subscription_paused: flag,
  subscription_resumed: flag,
  subscription_renewal_reminder: flag,
  subscription_revoked: flag,
  subscription_trial_conversion_reminder: flag,
  subscription_uncanceled: flag,
  subscription_updated: flag,
});

const FeatureSettingsUpdate = z.object({
  seat_based_pricing_enabled: flag,
  member_model_enabled: flag,
  checkout_localization_enabled: flag,
  overview_metrics: z.array(z.string()).nullish(),
});

const Details = z.object({
  about: z.string().nullish(),
  product_description: z.string().nullish(),
  selling_categories: z.array(z.string()).optional(),
  pricing_models: z.array(z.string()).optional(),
  intended_use: z.string().nullish(),
  customer_acquisition: z.array(z.string()).optional(),
  future_annual_revenue: z.number().int().min(0).nullish(),
  switching: flag,
  switching_from: z.enum(["paddle", "lemon_squeezy", "gumroad", "stripe", "other"]).nullish(),
  previous_annual_revenue: z.number().int().min(0).nullish(),
});

// Polar detects the platform from the URL and overrides whatever was sent.
const SocialLink = z.object({ platform: z.string().optional(), url: HttpUrl });

/**
 * Polar's OrganizationUpdate. This portal stores only `name` and
 * `customer_portal_settings.subscription.update_seats`; the other keys are Polar's settings
 * for things this portal does not do (checkout, payouts, Polar's own emails, disputes, SSO,
 * KYC), so they are type-checked as Polar does (a wrong type is a 422) and then ignored.
 * Keys Polar does not know are dropped. `null` for a key means "leave it unchanged", as
 * Polar reads its optional keys.
 */
export const OrganizationUpdateBody = z.object({
  // Polar's minimum; the maximum keeps a name fit for pages and emails.
  name: z.string().min(3).max(256).nullish(),
  avatar_url: HttpUrl.nullish(),
  email: z.email({ error: "Enter a valid email address." }).nullish(),
  website: HttpUrl.nullish(),
  socials: z.array(SocialLink).nullish(),
  details: Details.nullish(),
  country: Country.nullish(),
  feature_settings: FeatureSettingsUpdate.nullish(),
  subscription_settings: SubscriptionSettings.nullish(),
  customer_email_settings: CustomerEmailSettings.nullish(),
  customer_portal_settings: CustomerPortalSettings.nullish(),
  dispute_settings: z.object({ auto_accept_below_amount: z.number().int().min(1).max(10_000).nullish() }).nullish(),
  embed_hosts: z.array(z.string()).nullish(),
  default_presentment_currency: Currency.nullish(),
  default_tax_behavior: TaxBehavior.nullish(),
  sso_enforced: z.boolean().nullish(),
});
export type OrganizationUpdateInput = z.infer<typeof OrganizationUpdateBody>;
