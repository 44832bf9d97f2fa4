import { NextIntlClientProvider, type Messages } from "next-intl";
import { getMessages } from "next-intl/server";

/**
 * The messages some client components below need, and only those: every message given to
 * the client travels in the page's payload, so each page hands over its own namespaces.
 */
export async function ClientMessages({ namespaces, children }: { namespaces: readonly (keyof Messages)[]; children: React.ReactNode }) {
  const messages = await getMessages();
  return <NextIntlClientProvider messages={Object.fromEntries(namespaces.map((namespace) => [namespace, messages[namespace]]))}>{children}</NextIntlClientProvider>;
}
