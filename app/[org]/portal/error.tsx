"use client";

import { useTranslations } from "next-intl";
import { buttonStyles } from "@/components/ui/styles";

export default function PortalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("Errors");
  return (
    <div role="alert" className="mx-auto max-w-md pt-8 text-center">
      <h1 className="text-xl font-semibold">{t("title")}</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">{error.digest ? t("bodyWithDigest", { digest: error.digest }) : t("body")}</p>
      <button type="button" onClick={reset} className={`${buttonStyles.primary} mt-6`}>
        {t("retry")}
      </button>
    </div>
  );
}
