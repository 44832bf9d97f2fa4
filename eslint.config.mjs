import { readdirSync } from "node:fs";
import path from "node:path";
import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// The dependency rules of DESIGN.md, enforced: the seat rules know no HTTP and no wire
// format, serializers and components never reach the database, and lib/seats, lib/billing
// and lib/webhooks reach it only through their queries.ts.
// `allowTypeImports` marks the rules a type may cross (a door may name Prisma's types); the
// layers of lib/ and the components' rule hold for types too.
const restrict = (files, patterns, ignores = [], allowTypeImports = true) => ({
  files,
  ignores,
  rules: {
    "@typescript-eslint/no-restricted-imports": ["error", { patterns: patterns.map((p) => ({ ...p, allowTypeImports })) }],
  },
});

// The modules of lib/ (a top-level file or folder), in layers, lowest first. A module imports
// only modules of lower layers, type imports included, so no import cycle can close between
// modules (DESIGN.md); the doors (app/) and components/ sit above them all. A rule both sides
// need moves down to the one that owns it. tests/unit/module-layers.test.ts also looks for a
// cycle in the whole graph, dynamic imports included.
const LIB_LAYERS = [
  // Import nothing of lib/ (generated: Prisma's client).
  ["env", "errors", "log", "seal", "time-ordered-id", "form-limits", "query-params", "unsafe-text", "text-filter", "client-address", "db-errors", "url-segment", "generated"],
  // Paging and the rows' shapes sit below every service, so services page and share rows
  // without importing each other.
  ["csv", "drainer", "public-address", "paging", "rows"],
  // The one Prisma client; the serializers beside it, never above it (they are pure).
  ["db", "wire"],
  ["rate-limit", "idempotency-keys", "email"],
  // Who is calling: lib/seats hashes tokens and opens member sessions.
  ["auth", "health"],
  // Webhooks are written in the transaction of the change they report, by lib/seats too.
  // lib/organizations (the organization's own settings) needs only who is calling.
  ["webhooks", "organizations"],
  ["seats"],
  // Teams: removing a member revokes the seats given to them (lib/seats); lib/billing makes
  // a team's owner when it sells a seat-based product.
  ["members"],
  // lib/billing uses lib/seats; not the other way round. lib/background runs the chores of
  // the services below it.
  ["billing", "background"],
  // The API's wrapper hands its after-response work to lib/background.
  ["api"],
];

const libDir = path.join(import.meta.dirname, "lib");
const libModules = readdirSync(libDir, { withFileTypes: true }).map((entry) => ({ name: entry.name.replace(/\.(ts|tsx|mts|mjs)$/, ""), folder: entry.isDirectory() }));
const layerOf = new Map(LIB_LAYERS.flatMap((layer, index) => layer.map((name) => [name, index])));
const unplaced = libModules.filter(({ name }) => !layerOf.has(name)).map(({ name }) => `lib/${name}`);
if (unplaced.length) throw new Error(`eslint.config.mjs: place ${unplaced.join(", ")} in LIB_LAYERS (the layer of the modules it imports, plus one).`);
const gone = [...layerOf.keys()].filter((name) => !libModules.some((module) => module.name === name));
if (gone.length) throw new Error(`eslint.config.mjs: LIB_LAYERS names ${gone.map((name) => `lib/${name}`).join(", ")}, which lib/ no longer holds.`);

const anyOf = (names) => `^@/lib/(${names.join("|")})(?:[/.]|$)`;

/** What lib/<name> may not import: a module of its own layer or above, the doors, another module by a relative path. */
function layerPatterns({ name, folder }) {
  const layer = layerOf.get(name);
  const notBelow = [...layerOf].filter(([other, index]) => index >= layer && other !== name).map(([other]) => other);
  return [
    ...(notBelow.length
      ? [{ regex: anyOf(notBelow), message: `lib/${name} is on layer ${layer} of LIB_LAYERS (eslint.config.mjs): it imports modules of lower layers only, types too, so that no import cycle closes between modules of lib/ (move what both sides need down to the one that owns it).` }]
      : []),
    { regex: "^@/(app|components)(?:/|$)", message: "lib/ sits below the doors and the components." },
    { regex: folder ? "^\\.\\./" : "^\\./", message: "Import another module of lib/ as @/lib/…, so that its layer is checked." },
  ];
}

// What some modules may not import beside the layers. A pattern that lets a type through
// lets it through every other pattern too (typescript-eslint skips a type import as soon as
// one matching pattern allows it), so those name only modules below the importer's layer.
const MODULE_RULES = {
  seats: [
    { group: ["next", "next/*"], message: "lib/seats knows no HTTP: keep Next.js in the doors." },
    { group: ["@/lib/api", "@/lib/api/*", "@/lib/wire", "@/lib/wire/*", "@/components/*"], message: "lib/seats knows no HTTP and no wire format." },
  ],
  // The seat list's JSON expression is written here as Prisma.Sql fragments of fixed code: the
  // SQL helpers of the Prisma namespace, never the client.
  wire: [
    { group: ["@/lib/db"], message: "Serializers are pure: no database." },
    { group: ["@/lib/generated/*", "@/lib/generated/**"], allowImportNames: ["Prisma"], allowTypeImports: true, message: "Serializers are pure: no database (only Prisma.sql fragments)." },
  ],
  // Shapes: a select names Prisma's types, never its client.
  rows: [{ group: ["@/lib/generated/*", "@/lib/generated/**"], allowTypeImports: true, message: "lib/rows holds shapes: Prisma's types only, no client." }],
};

// The services that reach the database through their queries.ts only. lib/seats' other files
// may not even name Prisma's types; lib/billing's and lib/webhooks' build Prisma filters.
const QUERIES_ONLY = {
  seats: { allowTypeImports: false },
  billing: { allowTypeImports: true },
  webhooks: { allowTypeImports: true },
};

const libImportRules = libModules
  .filter(({ name }) => name !== "generated")
  .flatMap((module) => {
    const files = module.folder ? [`lib/${module.name}/**`] : [`lib/${module.name}.*`];
    const patterns = [...layerPatterns(module), ...(MODULE_RULES[module.name] ?? [])];
    const rule = (list) => ({ "@typescript-eslint/no-restricted-imports": ["error", { patterns: list }] });
    const queriesOnly = QUERIES_ONLY[module.name];
    if (!queriesOnly) return [{ files, rules: rule(patterns) }];
    const database = { group: ["@/lib/generated/**", "@/lib/db"], allowTypeImports: queriesOnly.allowTypeImports, message: `Only lib/${module.name}/queries.ts talks to the database.` };
    return [
      { files, ignores: [`lib/${module.name}/queries.ts`], rules: rule([...patterns, database]) },
      { files: [`lib/${module.name}/queries.ts`], rules: rule(patterns) },
    ];
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
  ...libImportRules,
  // A cycle between files (runtime imports) anywhere in the app.
  {
    files: ["app/**", "lib/**", "components/**", "proxy.ts", "instrumentation*.ts"],
    rules: { "import/no-cycle": ["error", { ignoreExternal: true }] },
  },
  restrict(["components/**"], [{ group: ["@/lib/db", "@/lib/seats", "@/lib/seats/*", "@/lib/generated/**"], message: "Pages fetch and hand components view types; components draw." }], [], false),
  restrict(["app/v1/**"], [{ group: ["@/lib/db", "@/lib/generated/**"], message: "Route handlers reach the database only through lib/seats." }]),
]);
