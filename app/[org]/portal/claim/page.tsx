import Link from "next/link";
import { cardStyles, linkStyles } from "@/components/ui/styles";
import { describeInvitation } from "@/lib/seats";
import { ClaimTokenParams } from "@/lib/seats/schemas";
import { getPortalViewer } from "@/lib/auth/portal";
import { claimSeatAction, proveAddressAction } from "./actions";
import { ClaimForm } from "./claim-form";

export const metadata = { title: "Claim your seat" };

const DEAD_LINK = {
  expired: { title: "This invitation has expired", body: "Invitation links work for a limited time. Ask the person who invited you to send a new one." },
  used: { title: "This invitation was already used", body: "The seat has been claimed. If it was you, sign in to see it." },
  revoked: { title: "This invitation was withdrawn", body: "The seat was taken back by the person who gave it. Ask them if you think this is a mistake." },
  replaced: { title: "This link was replaced by a newer one", body: "A newer invitation was sent for this seat, and only its link works. Look for the most recent invitation email." },
  unknown: { title: "This link does not work", body: "It may have been replaced by a newer invitation, or mistyped. Look for the most recent invitation email." },
} as const;

const DEAD_LINK_SIGNED_IN_USED = "The seat has been claimed. If it was you, it is among the seats you hold.";

// Opening the link claims nothing (mail scanners open links); the button does.
export default async function ClaimPage({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: Promise<{ token?: string }> }) {
  const { org } = await params;
  const { token } = await searchParams;
  const parsed = ClaimTokenParams.safeParse({ invitation_token: token });
  const invitation = parsed.success ? await describeInvitation(parsed.data.invitation_token) : ({ state: "unknown" } as const);
  const signIn = `/${encodeURIComponent(org)}/portal/sign-in`;
  // Who is signed in, as the invitation's organization sees them (a vendor's link of another
  // organization proves nothing here); a claim's session proves no address.
  const viewer = await getPortalViewer(invitation.state === "valid" ? invitation.info.organizationSlug : org);
  const signedInAs = viewer?.signedIn && !viewer.member ? viewer.email : null;
  // A link handed to the person who gave the seat proves nothing about the invited address:
  // its owner proves it by an email sign-in first.
  const needsProof =
    invitation.state === "valid" && invitation.delivery === "shared" && signedInAs?.toLowerCase() !== invitation.info.customerEmail.toLowerCase();

  return (
    <div className="mx-auto max-w-md pt-8">
      <div className={`${cardStyles} p-6 sm:p-8`}>
        {invitation.state === "valid" ? (
          <>
            <p className="text-sm font-medium text-indigo-600 dark:text-indigo-400">{invitation.info.organizationName}</p>
            <h1 className="mt-1 text-xl font-semibold">Claim your seat on {invitation.info.productName}</h1>
            <dl className="mt-5 space-y-3 text-sm">
              <div>
                <dt className="text-zinc-500 dark:text-zinc-400">Product</dt>
                <dd className="font-medium" data-testid="claim-product">{invitation.info.productName}</dd>
              </div>
              <div>
                <dt className="text-zinc-500 dark:text-zinc-400">From</dt>
                <dd className="font-medium">{invitation.info.organizationName}</dd>
              </div>
              <div>
                <dt className="text-zinc-500 dark:text-zinc-400">For</dt>
                <dd className="font-medium" data-testid="claim-email">{invitation.info.customerEmail}</dd>
              </div>
            </dl>
            {needsProof ? (
              <>
                <p className="mt-5 text-sm text-zinc-600 dark:text-zinc-400" data-testid="claim-proof">
                  This link was shared by the person who gave the seat. To claim it, show that {invitation.info.customerEmail} is yours: we
                  will email a sign-in link to that address, and it brings you back here.
                  {signedInAs ? ` You are signed in as ${signedInAs}.` : ""}
                </p>
                <ClaimForm
                  action={proveAddressAction}
                  token={parsed.data!.invitation_token}
                  label={`Email a sign-in link to ${invitation.info.customerEmail}`}
                  pendingLabel="Sending…"
                />
              </>
            ) : (
              <ClaimForm action={claimSeatAction} token={parsed.data!.invitation_token} />
            )}
          </>
        ) : (
          <div role="alert">
            <h1 className="text-xl font-semibold">{DEAD_LINK[invitation.state].title}</h1>
            <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
              {viewer?.signedIn && invitation.state === "used" ? DEAD_LINK_SIGNED_IN_USED : DEAD_LINK[invitation.state].body}
            </p>
            <p className="mt-6 text-sm">
              {/* Someone already signed in is not offered to sign in again: their own pages are the way on. */}
              {viewer?.signedIn ? (
                <Link href={`/${encodeURIComponent(org)}/portal/claimed`} className={linkStyles} data-testid="dead-link-onward">
                  See the seats you hold
                </Link>
              ) : (
                <Link href={signIn} className={linkStyles} data-testid="dead-link-onward">
                  Sign in to the portal
                </Link>
              )}
            </p>
          </div>
        )}
      </div>
    </div>
  );
}
