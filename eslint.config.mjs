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
  // One data path (DESIGN.md): the Prisma client of lib/db.ts. No pg pool or client beside
  // it in the app, and no raw SQL built from strings.
  {
    files: ["app/**", "lib/**", "pages/**", "components/**", "proxy.ts"],
    ignores: ["lib/db.ts"],
    rules: {
      "no-restricted-imports": ["error", { paths: [{ name: "pg", message: "The database is reached through the Prisma client of lib/db.ts only." }], patterns: [{ group: ["pg/*"], message: "The database is reached through the Prisma client of lib/db.ts only." }] }],
    },
  },
  {
    files: ["app/**", "lib/**", "pages/**", "components/**", "proxy.ts"],
    rules: {
      "no-restricted-properties": [
        "error",
        { property: "$queryRawUnsafe", message: "Use tx.$queryRaw with a tagged template (Prisma.sql): parameters bound, never SQL built from strings." },
        { property: "$executeRawUnsafe", message: "Use tx.$executeRaw with a tagged template (Prisma.sql): parameters bound, never SQL built from strings." },
      ],
      "no-restricted-syntax": [
        "error",
        { selector: "CallExpression[callee.property.name=/^\\$(queryRaw|executeRaw)$/]", message: "$queryRaw/$executeRaw take a tagged template (tx.$queryRaw`…`), never a built Sql or string." },
      ],
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
