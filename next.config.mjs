import createNextIntlPlugin from "next-intl/plugin";
import { SERVER_ACTION_BODY_LIMIT } from "./lib/form-limits.mjs";

/** @type {import('next').NextConfig} */
const nextConfig = {
  // NEXT_DIST_DIR lets two builds live side by side (a benchmark beside the test suite).
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  // `npm test` runs tsc --noEmit over the whole project before it builds; the build does not
  // type-check again.
  typescript: { ignoreBuildErrors: true },
  // Readiness compares the database with the migrations this build ships with.
  outputFileTracingIncludes: { "/api/health/ready": ["./prisma/migrations/**/*"] },
  // Polar's SDKs call POST /v1/customer-sessions/ with a trailing slash; a redirect would
  // lose the body, so both spellings are served in place (Next.js matches a route with or
  // without the slash once it does not redirect).
  skipTrailingSlashRedirect: true,
  experimental: {
    // A page path takes a POST only as a server action, and its caller is known only once
    // the action runs: bodies are capped at what the largest form needs (the bulk list,
    // lib/form-limits.mjs), not Next.js's defaults.
    serverActions: { bodySizeLimit: SERVER_ACTION_BODY_LIMIT },
    // Next.js copies the body of every request the proxy (proxy.ts) sees and holds the copy,
    // up to this size (10 MB by default: 40 parallel posts took 380 MB), until the body has
    // ended. A little over the action limit: a body that size is still refused by the action
    // handler, not cut short into a malformed form. scripts/next-server.mjs refuses a larger
    // declared body before any of it is read.
    proxyClientMaxBodySize: SERVER_ACTION_BODY_LIMIT + 64 * 1024,
  },
  async headers() {
    const everywhere = [
      { key: "X-Content-Type-Options", value: "nosniff" },
      // Invitation and sign-in links carry tokens in their query: never pass them to another
      // site. Not no-referrer: under that policy a browser posts a form without JavaScript
      // with `Origin: null`, which scripts/next-server.mjs must refuse as it refuses a forged
      // post; under same-origin our own pages' posts carry their real Origin.
      { key: "Referrer-Policy", value: "same-origin" },
      { key: "X-Frame-Options", value: "DENY" },
      { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
      { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
    ];
    if (process.env.NODE_ENV === "production") {
      everywhere.push({ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" });
    }
    return [
      { source: "/:path*", headers: everywhere },
      // The JSON API is never framed, never sniffed and never cached by a shared cache.
      { source: "/v1/:path*", headers: [{ key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" }, { key: "Cache-Control", value: "no-store" }] },
    ];
  },
};

// next-intl: the reader's language and messages per request (i18n/request.ts).
export default createNextIntlPlugin("./i18n/request.ts")(nextConfig);
