"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { portalReturnPath } from "@/lib/auth/return-path";
import { LOCALE_COOKIE, LOCALES } from "@/i18n/locales";

const LanguageForm = z.object({ locale: z.enum(LOCALES) });

/** The page the form was on, from the Referer a same-origin post carries (Referrer-Policy: same-origin). */
async function pageOfTheForm(): Promise<string | null> {
  const referer = (await headers()).get("referer");
  if (!referer || referer.length > 2048 || !URL.canParse(referer)) return null;
  const url = new URL(referer);
  return `${url.pathname}${url.search}`;
}

/**
 * The language a person chose, kept for a year in a cookie; then back to the page they were
 * on (a path of this portal only). Anyone may choose: it changes nothing but the words.
 */
export async function chooseLanguageAction(orgSlug: string, formData: FormData) {
  const parsed = LanguageForm.safeParse({ locale: formData.get("locale") });
  const portal = `/${encodeURIComponent(orgSlug)}/portal`;
  if (!parsed.success) redirect(portal);
  (await cookies()).set(LOCALE_COOKIE, parsed.data.locale, { path: "/", maxAge: 365 * 24 * 3600, sameSite: "lax" });
  redirect(portalReturnPath(orgSlug, await pageOfTheForm(), { signInPage: true }) ?? portal);
}
