import { NextResponse } from "next/server";
import { exchangeCustomerSessionToken } from "@/lib/auth/customer-sessions";
import { findPortalOrganization } from "@/lib/auth/portal";
import { openPortalSession } from "@/lib/auth/portal-session";

// GET /{org}/portal/session?customer_session_token=…: the vendor's customer_portal_url,
// traded once for a browser session of this organization's portal.
export async function GET(request: Request, { params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  // Only a person following the link opens a session: an image or a script of another
  // site pointing here (a login CSRF into someone else's account) does not.
  const destination = request.headers.get("sec-fetch-dest");
  if (destination && destination !== "document") return NextResponse.json({ detail: "Not Found" }, { status: 404 });
  const url = new URL(request.url);
  const token = url.searchParams.get("customer_session_token") ?? "";
  const organization = await findPortalOrganization(org);
  const base = `/${encodeURIComponent(org)}/portal`;
  if (!organization) return NextResponse.json({ detail: "Not Found" }, { status: 404 });
  const exchanged = token.length > 0 && token.length <= 256 ? await exchangeCustomerSessionToken(token, organization.id) : null;
  if (!exchanged) return NextResponse.redirect(new URL(`${base}/sign-in?link=expired`, request.url), 303);
  const secure = (request.headers.get("x-forwarded-proto") ?? url.protocol.replace(":", "")) === "https";
  await openPortalSession({ email: exchanged.customer.email, organizationId: organization.id, expires: exchanged.expiresAt, secure });
  return NextResponse.redirect(new URL(base, request.url), 303);
}
