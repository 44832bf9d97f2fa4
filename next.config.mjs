/** @type {import('next').NextConfig} */
const nextConfig = {
  // NEXT_DIST_DIR lets two builds live side by side (a benchmark beside the test suite).
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  // Polar's SDKs call POST /v1/customer-sessions/ with a trailing slash; a redirect would
  // lose the body, so both spellings are served in place (see the rewrite below).
  skipTrailingSlashRedirect: true,
  async rewrites() {
    return { beforeFiles: [{ source: "/v1/:path+/", destination: "/v1/:path+" }] };
  },
};

export default nextConfig;
