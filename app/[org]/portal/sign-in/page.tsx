import { redirect } from "next/navigation";
import { cardStyles } from "@/components/ui/styles";
import { findPortalOrganization, getPortalViewer } from "@/lib/auth/portal";
import { notFound } from "next/navigation";
import { signInAction } from "../actions";
import { SignInForm } from "./sign-in-form";

export const metadata = { title: "Sign in" };

export default async function SignInPage({
  params,
  searchParams,
}: {
  params: Promise<{ org: string }>;
  searchParams: Promise<{ sent?: string; link?: string }>;
}) {
  const { org } = await params;
  const { sent, link } = await searchParams;
  const organization = await findPortalOrganization(org);
  if (!organization) notFound();
  const viewer = await getPortalViewer(org);
  // A claim's session may sign in by email: that is how its holder reaches their own account.
  if (viewer?.signedIn && !viewer.member && !sent) redirect(`/${encodeURIComponent(org)}/portal`);

  return (
    <div className="mx-auto max-w-md pt-8">
      <div className={`${cardStyles} p-6 sm:p-8`}>
        {sent ? (
          <div role="status">
            <h1 className="text-xl font-semibold">Check your email</h1>
            <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
              We sent a sign-in link to <span className="font-medium text-zinc-900 dark:text-zinc-100">{sent}</span>. It works once, for 15 minutes. You can close this tab.
            </p>
          </div>
        ) : (
          <>
            <h1 className="text-xl font-semibold">Sign in to {organization.name}</h1>
            <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
              Enter the email address of your account. We will send you a link to sign in; no password needed.
            </p>
            {link === "expired" ? (
              <p className="mt-4 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-500/10 dark:text-amber-200" role="alert">
                That portal link has expired or was already used. Sign in with your email instead.
              </p>
            ) : null}
            <SignInForm action={signInAction.bind(null, org)} />
          </>
        )}
      </div>
    </div>
  );
}
