import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// The dependency rules of DESIGN.md, enforced: the seat rules know no HTTP and no wire
// format, serializers and components never reach the database, and lib/seats, lib/billing
// and lib/webhooks reach it only through their queries.ts.
// Type-only imports are allowed: a component may name the shape of a row it draws.
const restrict = (files, patterns, ignores = []) => ({
  files,
  ignores,
  rules: {
    "@typescript-eslint/no-restricted-imports": ["error", { patterns: patterns.map((p) => ({ ...p, allowTypeImports: true })) }],
  },
});

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([".next/**", ".next-*/**", "lib/generated/**", "data/**", "test-results/**", "playwright-report/**", "next-env.d.ts"]),
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  restrict(["lib/seats/**"], [
    { group: ["next", "next/*"], message: "lib/seats knows no HTTP: keep Next.js in the doors." },
    { group: ["@/lib/api", "@/lib/api/*", "@/lib/wire", "@/lib/wire/*", "@/components/*"], message: "lib/seats knows no HTTP and no wire format." },
  ]),
  {
    files: ["lib/seats/**"],
    ignores: ["lib/seats/queries.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": ["error", { patterns: [
        { group: ["next", "next/*"], message: "lib/seats knows no HTTP: keep Next.js in the doors." },
        { group: ["@/lib/api", "@/lib/api/*", "@/lib/wire", "@/lib/wire/*", "@/components/*"], message: "lib/seats knows no HTTP and no wire format." },
        { group: ["@/lib/generated/**", "@/lib/db"], message: "Only lib/seats/queries.ts talks to the database." },
      ] }],
    },
  },
  restrict(["lib/billing/**"], [{ group: ["@/lib/generated/**", "@/lib/db"], message: "Only lib/billing/queries.ts talks to the database." }], ["lib/billing/queries.ts"]),
  restrict(["lib/webhooks/**"], [{ group: ["@/lib/generated/**", "@/lib/db"], message: "Only lib/webhooks/queries.ts talks to the database." }], ["lib/webhooks/queries.ts"]),
  // The seat list's JSON expression is written here as Prisma.Sql fragments of fixed code: the
  // SQL helpers of the Prisma namespace, never the client.
  restrict(["lib/wire/**"], [
    { group: ["@/lib/db"], message: "Serializers are pure: no database." },
    { group: ["@/lib/generated/*", "@/lib/generated/**"], allowImportNames: ["Prisma"], message: "Serializers are pure: no database (only Prisma.sql fragments)." },
  ]),
  restrict(["components/**"], [{ group: ["@/lib/db", "@/lib/seats", "@/lib/seats/*", "@/lib/generated/**"], message: "Pages fetch; components draw." }]),
  restrict(["app/v1/**"], [{ group: ["@/lib/db", "@/lib/generated/**"], message: "Route handlers reach the database only through lib/seats." }]),
]);
