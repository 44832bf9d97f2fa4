import { newToken } from "@/lib/auth/tokens";
import { env } from "@/lib/env";
import { seatInvitationEmail } from "@/lib/email/seat-invitation";
import type { Tx } from "./queries";
import { organizationLocale } from "./email-locale";
import type { ContainerRef } from "./types";

/**
 * A fresh invitation token and its expiry. Links live 7 days by default (Polar's live 24
 * hours), configurable with INVITATION_TTL_HOURS.
 */
export function newInvitation(now: Date) {
  const { token, hash } = newToken();
  const expiresAt = new Date(now.getTime() + env().INVITATION_TTL_HOURS * 3600_000);
  return { token, hash, expiresAt };
}

export function claimUrl(organizationSlug: string, token: string) {
  return `${env().PUBLIC_URL}/${encodeURIComponent(organizationSlug)}/portal/claim?token=${encodeURIComponent(token)}`;
}

/** The portal page of a container's seats. */
export function seatsPageUrl(organizationSlug: string, container: ContainerRef) {
  return `${env().PUBLIC_URL}/${encodeURIComponent(organizationSlug)}/portal/${container.kind === "subscription" ? "subscriptions" : "orders"}/${container.id}`;
}

/** The invitation email, in the organization's language. */
export async function invitationEmail(tx: Tx, args: {
  to: string;
  token: string;
  expiresAt: Date;
  organizationSlug: string;
  organizationName: string;
  productName: string;
  invitedBy: string | null;
}) {
  return seatInvitationEmail({
    to: args.to,
    claimUrl: claimUrl(args.organizationSlug, args.token),
    productName: args.productName,
    organizationName: args.organizationName,
    invitedBy: args.invitedBy,
    expiresAt: args.expiresAt,
    locale: await organizationLocale(tx, args.organizationSlug),
  });
}
