import { getTranslations } from "next-intl/server";
import { cardStyles } from "@/components/ui/styles";

export async function generateMetadata() {
  return { title: (await getTranslations("Site"))("signInTitle") };
}

// Sign-in happens per organization, at /{organization}/portal/sign-in.
export default async function GenericSignInPage() {
  const t = await getTranslations("Site");
  return (
    <main className="mx-auto max-w-md px-4 pt-16">
      <div className={`${cardStyles} p-8`}>
        <h1 className="text-xl font-semibold">{t("signInTitle")}</h1>
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">{t.rich("signIn", { code: (chunks) => <code className="font-mono">{chunks}</code> })}</p>
      </div>
    </main>
  );
}
