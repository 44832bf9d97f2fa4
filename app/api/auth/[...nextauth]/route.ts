import { after, type NextRequest } from "next/server";
import { z } from "zod";
import { handlers } from "@/lib/auth/next-auth";
import { TooManyRequests } from "@/lib/errors";
import { assertUnderRateLimit } from "@/lib/rate-limit";
import { pendingBackgroundWork } from "@/lib/background";

export const { GET } = handlers;

// Auth.js's forms (sign in, sign out) are a few hundred bytes. Nobody is known when they
// arrive, so a larger body is refused before it is read. The production server refuses a
// body of unknown length here as on every page path (scripts/next-server.mjs).
const AUTH_BODY_LIMIT = 64 * 1024;

const DeclaredLength = z.coerce.number().int().min(0).max(AUTH_BODY_LIMIT).nullable();

/**
 * Auth.js's endpoint that emails a sign-in link answers a tripped limit with 429 and
 * Retry-After here, before Auth.js stores a verification token (its own refusal would be a
 * redirect to an error page). The limit is counted where the email is queued.
 */
export async function POST(request: NextRequest) {
  if (!DeclaredLength.safeParse(request.headers.get("content-length")).success) {
    return Response.json({ error: "PayloadTooLarge", detail: `The request body is larger than ${AUTH_BODY_LIMIT} bytes.` }, { status: 413 });
  }
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
