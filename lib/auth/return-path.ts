import { z } from "zod";

const ORIGIN = "http://portal.invalid";
const ReturnPath = z.string().min(1).max(1024).startsWith("/");

/**
 * Where a signed-out visitor was going, to send them back there after signing in: a path
 * of this organization's portal, or null. Anything else (another site, `//host`, a
 * backslash, another organization's portal, a path that normalizes elsewhere) is dropped,
 * so `?next=` cannot make an open redirect.
 */
export function portalReturnPath(orgSlug: string, value: unknown, options: { signInPage?: boolean } = {}): string | null {
  const parsed = ReturnPath.safeParse(value);
  if (!parsed.success) return null;
  const path = parsed.data;
  if (path.startsWith("//") || path.includes("\\")) return null;
  if (!URL.canParse(path, ORIGIN)) return null;
  const target = new URL(path, ORIGIN);
  if (target.origin !== ORIGIN) return null;
  const base = `/${encodeURIComponent(orgSlug)}/portal`;
  if (target.pathname !== base && !target.pathname.startsWith(`${base}/`)) return null;
  // The sign-in page itself is no destination after signing in (it would send the person
  // round again); a language change on it goes back to it.
  if (!options.signInPage && target.pathname.startsWith(`${base}/sign-in`)) return null;
  return `${target.pathname}${target.search}`;
}

/** The sign-in page of an organization's portal, remembering where the visitor was going. */
export function portalSignInPath(orgSlug: string, returnTo?: string | null): string {
  const signIn = `/${encodeURIComponent(orgSlug)}/portal/sign-in`;
  const next = returnTo ? portalReturnPath(orgSlug, returnTo) : null;
  return next ? `${signIn}?next=${encodeURIComponent(next)}` : signIn;
}
