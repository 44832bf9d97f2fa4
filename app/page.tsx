import { getTranslations } from "next-intl/server";

export default async function Home() {
  const t = await getTranslations("Site");
  return (
    <main className="mx-auto max-w-2xl px-6 py-16">
      <h1 className="text-2xl font-semibold">{t("homeTitle")}</h1>
      <p className="mt-4 text-zinc-600 dark:text-zinc-400">{t.rich("home", { code: (chunks) => <code className="font-mono">{chunks}</code> })}</p>
    </main>
  );
}
