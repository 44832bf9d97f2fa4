import { NextResponse, type NextRequest } from "next/server";

// A Content Security Policy with a fresh nonce on every page: Next.js puts the nonce on its
// own scripts, and no other script runs. Styles come from the built stylesheet only (the
// usage bar draws with SVG attributes, not inline styles). The API (/v1, /api) serves JSON
// and gets its headers from next.config.mjs instead, so it pays nothing for this.
export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const development = process.env.NODE_ENV === "development";
  const https = (process.env.PUBLIC_URL ?? "").startsWith("https://");
  const policy = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    `style-src 'self'${development ? " 'unsafe-inline'" : ` 'nonce-${nonce}'`}`,
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${development ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", policy);
  // Which organization's portal this is, for the language it speaks by default
  // (i18n/reader-locale.ts); set or removed here, so a client cannot name one.
  const [, slug, portal] = request.nextUrl.pathname.split("/", 3);
  // As the path spells it (percent-encoded, so always a valid header value: a decoded %00
  // is not); i18n/reader-locale.ts decodes it.
  if (slug && portal === "portal" && slug.length <= 255) requestHeaders.set("x-portal-slug", slug);
  else requestHeaders.delete("x-portal-slug");
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", policy);
  return response;
}

export const config = {
  matcher: [
    {
      source: "/((?!v1|api|_next/static|_next/image|favicon.ico).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
