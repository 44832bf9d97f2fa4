import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { ClientMessages } from "@/components/portal/client-messages";
import { buttonStyles, cardStyles } from "@/components/ui/styles";
import { findPortalOrganization, getPortalViewer } from "@/lib/auth/portal";
import { portalReturnPath } from "@/lib/auth/return-path";
import { EmailAddress } from "@/lib/seats/schemas";
import { signInAction } from "../actions";
import { SendAgainForm, SignInForm } from "./sign-in-form";

export async function generateMetadata() {
  return { title: (await getTranslations("Titles"))("signIn") };
}

const Query = z.object({
  sent: EmailAddress.optional().catch(undefined),
  again: z.literal("1").optional().catch(undefined),
  link: z.enum(["expired", "used", "denied", "failed"]).optional().catch(undefined),
  next: z.string().max(1024).optional().catch(undefined),
});

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
  const t = await getTranslations("SignIn");
  const strong = (chunks: React.ReactNode) => <span className="break-all font-medium text-zinc-900 dark:text-zinc-100">{chunks}</span>;
  const anotherAddress = `/${encodeURIComponent(org)}/portal/sign-in${next ? `?next=${encodeURIComponent(next)}` : ""}`;

  return (
    <ClientMessages namespaces={["SignIn"]}>
    <div className="mx-auto max-w-md pt-8">
      <div className={`${cardStyles} p-6 sm:p-8`}>
        {query.sent ? (
          <>
            <div role="status">
              <h1 className="text-xl font-semibold">{t("checkEmail")}</h1>
              <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">{t.rich(query.again ? "sentAgain" : "sent", { email: query.sent, b: strong })}</p>
            </div>
            <div className="mt-6 space-y-3 border-t border-zinc-200 pt-5 text-sm dark:border-zinc-800">
              <p className="text-zinc-600 dark:text-zinc-400">{t("nothingArrived")}</p>
              <div className="flex flex-col gap-2 sm:flex-row sm:items-start">
                <SendAgainForm action={action} next={next} email={query.sent} />
                <Link href={anotherAddress} className={buttonStyles.ghost}>
                  {t("anotherAddress")}
                </Link>
              </div>
            </div>
          </>
        ) : (
          <>
            <h1 className="text-xl font-semibold">{t("title", { organization: organization.name })}</h1>
            <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">{t("intro")}</p>
            {query.link ? (
              <p className="mt-4 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-500/10 dark:text-amber-200" role="alert" data-testid="sign-in-notice">
                {t(`notice.${query.link}`)}
              </p>
            ) : null}
            <SignInForm action={action} next={next} />
          </>
        )}
      </div>
    </div>
    </ClientMessages>
  );
}
