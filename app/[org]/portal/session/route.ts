import { NextResponse } from "next/server";
import { exchangeCustomerSessionToken } from "@/lib/auth/customer-sessions";
import { findPortalOrganization } from "@/lib/auth/portal";
import { openPortalSession } from "@/lib/auth/portal-session";

// A relative Location, never one built from request.url: the production server hands every
// request to Next.js as http://localhost:<PORT>, so an absolute address made from it sends
// the browser to localhost, where the session cookie just set (for the host it asked) is
// not sent and the portal shows its sign-in page.
const seeOther = (location: string) => new Response(null, { status: 303, headers: { location, "cache-control": "no-store" } });

// GET /{org}/portal/session?customer_session_token=…: the vendor's customer_portal_url (a
// customer session, or a member session of the customer's team),
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
  if (!exchanged) return seeOther(`${base}/sign-in?link=expired`);
  const secure = (request.headers.get("x-forwarded-proto") ?? url.protocol.replace(":", "")) === "https";
  // A member session link signs in that member of the team (as its role allows), not the billing customer.
  const member = exchanged.member;
  await openPortalSession(
    member
      ? { email: member.email, member: { memberId: member.id, seatId: null }, organizationId: organization.id, expires: exchanged.expiresAt, secure }
      : { email: exchanged.customer.email, customerId: exchanged.customer.id, organizationId: organization.id, expires: exchanged.expiresAt, secure },
  );
  return seeOther(base);
}
