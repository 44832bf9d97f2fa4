import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { ClaimSkeleton } from "@/components/portal/skeletons";
import { cardStyles, linkStyles } from "@/components/ui/styles";
import { describeInvitation } from "@/lib/seats";
import { ClaimTokenParams } from "@/lib/seats/schemas";
import { getPortalViewer } from "@/lib/auth/portal";
import { claimSeatAction, proveAddressAction } from "./actions";
import { ClaimForm } from "./claim-form";
import { Streamed } from "../streamed";

export async function generateMetadata() {
  return { title: (await getTranslations("Titles"))("claim") };
}

// Safe to stream: the claim page never answers with a status of its own (a dead link is a
// page that says so, with 200). A browser that runs scripts sees a placeholder card while the
// link is checked; any other gets the whole page (see Streamed).
export default async function ClaimPage({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: Promise<{ token?: string }> }) {
  const [{ org }, { token }, t] = await Promise.all([params, searchParams, getTranslations("Claim")]);
  return (
    <Streamed fallback={<ClaimSkeleton label={t("checking")} />}>
      <ClaimCard org={org} token={token} />
    </Streamed>
  );
}

// Opening the link claims nothing (mail scanners open links); the button does.
async function ClaimCard({ org, token }: { org: string; token: string | undefined }) {
  const parsed = ClaimTokenParams.safeParse({ invitation_token: token });
  const invitation = parsed.success ? await describeInvitation(parsed.data.invitation_token) : ({ state: "unknown" } as const);
  const signIn = `/${encodeURIComponent(org)}/portal/sign-in`;
  // Who is signed in, as the invitation's organization sees them (a vendor's link of another
  // organization proves nothing here); a claim's session proves no address.
  const viewer = await getPortalViewer(invitation.state === "valid" ? invitation.info.organizationSlug : org);
  const signedInAs = viewer?.signedIn && !viewer.member ? viewer.email : null;
  // A link handed to the person who gave the seat proves nothing about the invited address:
  // its owner proves it by an email sign-in first.
  const t = await getTranslations("Claim");
  const needsProof =
    invitation.state === "valid" && invitation.delivery === "shared" && signedInAs?.toLowerCase() !== invitation.info.customerEmail.toLowerCase();

  return (
    <div className="mx-auto max-w-md pt-8">
      <div className={`${cardStyles} p-6 sm:p-8`}>
        {invitation.state === "valid" ? (
          <>
            <p className="text-sm font-medium text-indigo-600 dark:text-indigo-400">{invitation.info.organizationName}</p>
            <h1 className="mt-1 text-xl font-semibold">{t("title", { product: invitation.info.productName })}</h1>
            <dl className="mt-5 space-y-3 text-sm">
              <div>
                <dt className="text-zinc-500 dark:text-zinc-400">{t("product")}</dt>
                <dd className="font-medium" data-testid="claim-product">{invitation.info.productName}</dd>
              </div>
              <div>
                <dt className="text-zinc-500 dark:text-zinc-400">{t("givenBy")}</dt>
                <dd className="font-medium" data-testid="claim-given-by">
                  {t("givenByAt", { who: invitation.givenBy, organization: invitation.info.organizationName })}
                </dd>
              </div>
              <div>
                <dt className="text-zinc-500 dark:text-zinc-400">{t("for")}</dt>
                <dd className="font-medium" data-testid="claim-email">{invitation.info.customerEmail}</dd>
              </div>
            </dl>
            {needsProof ? (
              <>
                <p className="mt-5 text-sm text-zinc-600 dark:text-zinc-400" data-testid="claim-proof">
                  {t("proof", { email: invitation.info.customerEmail })}
                  {signedInAs ? ` ${t("signedInAs", { email: signedInAs })}` : ""}
                </p>
                <ClaimForm
                  action={proveAddressAction}
                  token={parsed.data!.invitation_token}
                  label={t("prove", { email: invitation.info.customerEmail })}
                  pendingLabel={t("proving")}
                />
              </>
            ) : (
              <ClaimForm action={claimSeatAction} token={parsed.data!.invitation_token} label={t("claim")} pendingLabel={t("claiming")} />
            )}
          </>
        ) : (
          <div role="alert">
            <h1 className="text-xl font-semibold">{t(`dead.${invitation.state}.title`)}</h1>
            <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
              {viewer?.signedIn && invitation.state === "used" ? t("usedSignedIn") : t(`dead.${invitation.state}.body`)}
            </p>
            <p className="mt-6 text-sm">
              {/* Someone already signed in is not offered to sign in again: their own pages are the way on. */}
              {viewer?.signedIn ? (
                <Link href={`/${encodeURIComponent(org)}/portal/claimed`} className={linkStyles} data-testid="dead-link-onward">
                  {t("seeSeats")}
                </Link>
              ) : (
                <Link href={signIn} className={linkStyles} data-testid="dead-link-onward">
                  {t("signIn")}
                </Link>
              )}
            </p>
          </div>
        )}
      </div>
    </div>
  );
}
