import { getTranslations } from "next-intl/server";
import { cardStyles } from "@/components/ui/styles";

export async function generateMetadata() {
  return { title: (await getTranslations("Site"))("authErrorTitle") };
}

const KNOWN = new Set(["Verification", "Configuration", "AccessDenied"]);

// Reached only when a refused sign-in link names no portal of this server (a portal's own
// refusals go to its sign-in page: app/api/auth/[...nextauth]/route.ts).
export default async function AuthErrorPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  const { error } = await searchParams;
  const t = await getTranslations("Site");
  const reason = (KNOWN.has(error ?? "") ? error : "other") as "Verification" | "Configuration" | "AccessDenied" | "other";
  return (
    <main className="mx-auto max-w-md px-4 pt-16">
      <div className={`${cardStyles} p-8`} role="alert">
        <h1 className="text-xl font-semibold">{t("authErrorTitle")}</h1>
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">{t(`authError.${reason}`)}</p>
      </div>
    </main>
  );
}
