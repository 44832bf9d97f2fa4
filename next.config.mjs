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
  async headers() {
    const everywhere = [
      { key: "X-Content-Type-Options", value: "nosniff" },
      // Invitation and sign-in links carry tokens in their query: never pass them on.
      { key: "Referrer-Policy", value: "no-referrer" },
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

export default nextConfig;
