import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { z } from "zod";
import { buttonStyles, cardStyles } from "@/components/ui/styles";
import { findPortalOrganization, getPortalViewer } from "@/lib/auth/portal";
import { portalReturnPath } from "@/lib/auth/return-path";
import { EmailAddress } from "@/lib/seats/schemas";
import { signInAction } from "../actions";
import { SendAgainForm, SignInForm } from "./sign-in-form";

export const metadata = { title: "Sign in" };

const Query = z.object({
  sent: EmailAddress.optional().catch(undefined),
  again: z.literal("1").optional().catch(undefined),
  link: z.enum(["expired", "used", "denied", "failed"]).optional().catch(undefined),
  next: z.string().max(1024).optional().catch(undefined),
});

// Why the person is back here: a vendor's link that lapsed, or an email link Auth.js refused.
const LINK_NOTICES = {
  expired: "That portal link has expired or was already used. Sign in with your email instead.",
  used: "That sign-in link has expired or was already used: each link works once, for 15 minutes. Enter your email to get a new one.",
  denied: "You may not sign in with that link. Enter your email to get a new one.",
  failed: "Something went wrong while signing you in. Enter your email to get a new link.",
} as const;

export default async function SignInPage({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { org } = await params;
  const query = Query.parse(await searchParams);
  const organization = await findPortalOrganization(org);
  if (!organization) notFound();
  const next = portalReturnPath(org, query.next);
  const viewer = await getPortalViewer(org);
  // A claim's session may sign in by email: that is how its holder reaches their own account.
  if (viewer?.signedIn && !viewer.member && !query.sent) redirect(next ?? `/${encodeURIComponent(org)}/portal`);
  const action = signInAction.bind(null, org);
  const anotherAddress = `/${encodeURIComponent(org)}/portal/sign-in${next ? `?next=${encodeURIComponent(next)}` : ""}`;

  return (
    <div className="mx-auto max-w-md pt-8">
      <div className={`${cardStyles} p-6 sm:p-8`}>
        {query.sent ? (
          <>
            <div role="status">
              <h1 className="text-xl font-semibold">Check your email</h1>
              <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
                {query.again ? "We sent another sign-in link to " : "We sent a sign-in link to "}
                <span className="break-all font-medium text-zinc-900 dark:text-zinc-100">{query.sent}</span>. It works once, for 15 minutes.
                Open it on this device to come back signed in.
              </p>
            </div>
            <div className="mt-6 space-y-3 border-t border-zinc-200 pt-5 text-sm dark:border-zinc-800">
              <p className="text-zinc-600 dark:text-zinc-400">Nothing arrived after a minute or two? Look in your spam folder, or:</p>
              <div className="flex flex-col gap-2 sm:flex-row sm:items-start">
                <SendAgainForm action={action} next={next} email={query.sent} />
                <Link href={anotherAddress} className={buttonStyles.ghost}>
                  Use another address
                </Link>
              </div>
            </div>
          </>
        ) : (
          <>
            <h1 className="text-xl font-semibold">Sign in to {organization.name}</h1>
            <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
              Enter the email address of your account. We will send you a link to sign in; no password needed.
            </p>
            {query.link ? (
              <p className="mt-4 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-500/10 dark:text-amber-200" role="alert" data-testid="sign-in-notice">
                {LINK_NOTICES[query.link]}
              </p>
            ) : null}
            <SignInForm action={action} next={next} />
          </>
        )}
      </div>
    </div>
  );
}
