// The bench's second Next.js app (scripts/bench/naive-peer): the naive peer and the framework
// floor, built with `next build scripts/bench/naive-peer` and served with `next start` by
// scripts/bench/run.ts. Its build goes beside the app's, at the project's root, under a name
// the project's ignore rules already cover (.next-*): `<NEXT_DIST_DIR>-naive-peer`.
const appDist = process.env.NEXT_DIST_DIR || ".next";

/** @type {import('next').NextConfig} */
const nextConfig = {
  distDir: `../../../${appDist}-naive-peer`,
  // The project's `npm run typecheck` covers these files; the build does not type-check again.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
