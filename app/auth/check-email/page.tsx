import { getTranslations } from "next-intl/server";
import { cardStyles } from "@/components/ui/styles";

export async function generateMetadata() {
  return { title: (await getTranslations("Site"))("checkEmailTitle") };
}

export default async function CheckEmailPage() {
  const t = await getTranslations("Site");
  return (
    <main className="mx-auto max-w-md px-4 pt-16">
      <div className={`${cardStyles} p-8`} role="status">
        <h1 className="text-xl font-semibold">{t("checkEmailTitle")}</h1>
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">{t("checkEmail")}</p>
      </div>
    </main>
  );
}
