import { after, type NextRequest } from "next/server";
import { z } from "zod";
import { handlers } from "@/lib/auth/next-auth";
import { clientAddress } from "@/lib/client-address";
import { admitSignIn } from "@/lib/rate-limit";
import { pendingBackgroundWork } from "@/lib/background";
import { onPublicAddress, portalAddress } from "@/lib/public-address";
import { portalSignInForRefusal } from "@/lib/auth/sign-in-errors";

/**
 * Auth.js makes some of its redirects (the "check your email" page after a sign-in request,
 * its error pages) on the address it was reached at, which Next.js gives as
 * localhost:<PORT> behind our server: those go out on the public address instead. A
 * redirect to another site (none today) is left alone.
 */
function onPublicAddresses(request: NextRequest, response: Response): Response {
  const location = response.headers.get("location");
  if (!location || !URL.canParse(location)) return response;
  const own = new Set([request.nextUrl.origin, new URL(request.url).origin]);
  if (!own.has(new URL(location).origin)) return response;
  const headers = new Headers(response.headers);
  headers.set("location", onPublicAddress(location));
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

export async function GET(request: NextRequest) {
  const response = await handlers.GET(request);
  const location = response.headers.get("location");
  const portalSignIn = location ? await portalSignInForRefusal(request.url, location) : null;
  if (portalSignIn) {
    // Auth.js's own headers (its cookies) stay; only where the browser goes changes.
    const headers = new Headers(response.headers);
    headers.set("location", portalAddress(portalSignIn) ?? portalSignIn);
    return new Response(null, { status: 302, headers });
  }
  return onPublicAddresses(request, response);
}

// Auth.js's forms (sign in, sign out) are a few hundred bytes. Nobody is known when they
// arrive, so a larger body is refused before it is read. The production server refuses a
// body of unknown length here as on every page path (scripts/next-server.mjs).
const AUTH_BODY_LIMIT = 64 * 1024;

const DeclaredLength = z.coerce.number().int().min(0).max(AUTH_BODY_LIMIT).nullable();
const SignInEmail = z.string().trim().min(1).max(AUTH_BODY_LIMIT);

/**
 * Auth.js's endpoint that emails a sign-in link answers a tripped limit with 429 and
 * Retry-After here, before Auth.js stores a verification token (its own refusal would be a
 * redirect to an error page). The limits are admitSignIn's (per client address and per
 * email address); the per-address one is counted where the email is queued.
 */
export async function POST(request: NextRequest) {
  if (!DeclaredLength.safeParse(request.headers.get("content-length")).success) {
    return Response.json({ error: "PayloadTooLarge", detail: `The request body is larger than ${AUTH_BODY_LIMIT} bytes.` }, { status: 413 });
  }
  if (new URL(request.url).pathname.endsWith("/signin/nodemailer")) {
    const form = await request.clone().formData().catch(() => null);
    const email = SignInEmail.safeParse(form?.get("email"));
    if (email.success) {
      const admitted = await admitSignIn(clientAddress(request.headers), email.data);
      if (!admitted.ok) {
        const wait = `Try again in ${admitted.retryAfterSeconds} second${admitted.retryAfterSeconds === 1 ? "" : "s"}.`;
        const detail = `${admitted.limitedBy === "address" ? "Too many sign-in links were sent to this address." : "Too many sign-in links were asked for from this network."} ${wait}`;
        return Response.json({ error: "TooManyRequests", detail }, { status: 429, headers: { "retry-after": String(admitted.retryAfterSeconds) } });
      }
    }
  }
  // The sign-in link is sent right after the answer (on a serverless host too).
  after(pendingBackgroundWork);
  return onPublicAddresses(request, await handlers.POST(request));
}
