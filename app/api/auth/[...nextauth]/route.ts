import { after, type NextRequest } from "next/server";
import { handlers } from "@/lib/auth/next-auth";
import { TooManyRequests } from "@/lib/errors";
import { assertUnderRateLimit } from "@/lib/rate-limit";
import { pendingBackgroundWork } from "@/lib/background";
import { onPublicAddress } from "@/lib/public-address";

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
  return onPublicAddresses(request, await handlers.GET(request));
}

/**
 * Auth.js's endpoint that emails a sign-in link answers a tripped limit with 429 and
 * Retry-After here, before Auth.js stores a verification token (its own refusal would be a
 * redirect to an error page). The limit is counted where the email is queued.
 */
export async function POST(request: NextRequest) {
  if (new URL(request.url).pathname.endsWith("/signin/nodemailer")) {
    const form = await request.clone().formData().catch(() => null);
    const email = String(form?.get("email") ?? "").trim().toLowerCase();
    if (email) {
      try {
        await assertUnderRateLimit("signInPerEmail", email);
      } catch (error) {
        if (!(error instanceof TooManyRequests)) throw error;
        return Response.json({ error: error.code, detail: error.message }, { status: 429, headers: { "retry-after": String(error.retryAfterSeconds) } });
      }
    }
  }
  // The sign-in link is sent right after the answer (on a serverless host too).
  after(pendingBackgroundWork);
  return onPublicAddresses(request, await handlers.POST(request));
}
