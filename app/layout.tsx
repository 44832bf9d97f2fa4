import type { Metadata } from "next";
import { connection } from "next/server";
import { getLocale, getTranslations } from "next-intl/server";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const app = (await getTranslations("Titles"))("app");
  return { title: { default: app, template: `%s · ${app}` }, description: "See, assign and claim the seats of your subscriptions." };
}

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page is rendered per request, so that each gets its own CSP nonce (proxy.ts).
  await connection();
  return (
    <html lang={await getLocale()}>
      <body className="min-h-dvh bg-zinc-50 font-sans text-zinc-900 antialiased dark:bg-zinc-950 dark:text-zinc-100">
        {children}
      </body>
    </html>
  );
}
