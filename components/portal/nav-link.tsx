"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { focusRing } from "@/components/ui/styles";

/**
 * A link of the portal's header that knows where the reader is: `aria-current="page"` on
 * the page it names, `"true"` on a page inside its section (the seats of a subscription are
 * in *Your subscriptions*), and a highlight either way.
 */
export function NavLink({ href, section = [], children }: { href: string; section?: string[]; children: React.ReactNode }) {
  const pathname = usePathname();
  const current = pathname === href ? "page" : section.some((prefix) => pathname.startsWith(prefix)) ? "true" : undefined;
  return (
    <Link
      href={href}
      aria-current={current}
      className={`rounded-md px-2.5 py-1.5 hover:bg-zinc-100 dark:hover:bg-zinc-800 ${current ? "bg-zinc-100 font-medium text-zinc-900 dark:bg-zinc-800 dark:text-zinc-50" : "text-zinc-700 dark:text-zinc-300"} ${focusRing}`}
    >
      {children}
    </Link>
  );
}
