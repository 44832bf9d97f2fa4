import { useTranslations } from "next-intl";
import Link from "next/link";
import { linkStyles } from "@/components/ui/styles";

export default function NotFound() {
  const t = useTranslations("Errors");
  return (
    <div className="mx-auto max-w-md pt-8 text-center">
      <h1 className="text-xl font-semibold">{t("notFoundTitle")}</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">{t("notFoundBody")}</p>
      <p className="mt-6 text-sm">
        <Link href="/" className={linkStyles}>
          {t("start")}
        </Link>
      </p>
    </div>
  );
}
