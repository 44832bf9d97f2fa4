import { after, type NextRequest } from "next/server";
import { handlers } from "@/lib/auth/next-auth";
import { TooManyRequests } from "@/lib/errors";
import { assertUnderRateLimit } from "@/lib/rate-limit";
import { pendingBackgroundWork } from "@/lib/background";

export const { GET } = handlers;

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
  return handlers.POST(request);
}
