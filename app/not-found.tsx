import { getTranslations } from "next-intl/server";

export default async function NotFound() {
  const t = await getTranslations("Site");
  return (
    <main className="mx-auto max-w-md px-4 pt-16 text-center">
      <h1 className="text-xl font-semibold">{t("notFound")}</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">{t("nothingHere")}</p>
    </main>
  );
}
