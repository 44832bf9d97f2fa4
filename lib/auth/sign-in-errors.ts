import "server-only";
import { decodedSegment } from "@/lib/url-segment";
import { findPortalOrganization } from "./portal";

/** Why Auth.js refused a sign-in, as the portal's sign-in page explains it (`?link=`). */
export type SignInRefusal = "used" | "denied" | "failed";

const REFUSALS: Record<string, SignInRefusal> = { Verification: "used", AccessDenied: "denied" };

// An organization's slug is short; a longer first segment names none and is not looked up.
const MAX_SLUG = 255;

/**
 * Auth.js sends a refused sign-in (a used or expired email link) to its one error page,
 * which knows no organization: a dead end. The email link carries the portal it leads back
 * to (its callbackUrl), so the refusal goes to that portal's sign-in page instead, which
 * says what happened and asks for a new link. Null when Auth.js's answer is not its error
 * page, or the link names no portal of this server.
 */
export async function portalSignInForRefusal(requestUrl: string, location: string): Promise<string | null> {
  const refusal = URL.canParse(location) ? new URL(location) : null;
  if (!refusal || refusal.pathname !== "/auth/error") return null;
  const callback = new URL(requestUrl).searchParams.get("callbackUrl");
  if (!callback || callback.length > 2048 || !URL.canParse(callback, requestUrl)) return null;
  const [, slug, portal] = new URL(callback, requestUrl).pathname.split("/", 3);
  if (!slug || slug.length > MAX_SLUG || portal !== "portal") return null;
  const name = decodedSegment(slug);
  const organization = name === null ? null : await findPortalOrganization(name);
  if (!organization) return null;
  const reason = REFUSALS[refusal.searchParams.get("error") ?? ""] ?? "failed";
  return `/${encodeURIComponent(organization.slug)}/portal/sign-in?link=${reason}`;
}
