// Writes the migration that takes prisma/migrations to prisma/schema.prisma:
//   npm run db:diff -- <name>
// It needs a PostgreSQL server for the shadow database (DATABASE_URL, or the local one).
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { diffSchemas } from "./lib/schema-engine";
import { MIGRATIONS_DIR, readMigrations } from "./lib/migrations";

const name = (process.argv[2] ?? "").replace(/[^a-z0-9_]+/gi, "_").toLowerCase();
if (!name) {
  console.error("usage: npm run db:diff -- <migration_name>");
  process.exit(2);
}
const url = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const schemaPath = path.resolve(import.meta.dirname, "../prisma/schema.prisma");
const schema = await readFile(schemaPath, "utf8");
const migrations = await readMigrations();
const sql = await diffSchemas(
  url,
  schema,
  migrations.length ? { tag: "migrations", directories: migrations, baseDir: MIGRATIONS_DIR } : { tag: "empty" },
  { tag: "schema", path: "schema.prisma", content: schema },
);
if (!sql || /^-- This is an empty migration/.test(sql)) {
  console.log("schema.prisma and the migrations agree: nothing to write");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = path.join(MIGRATIONS_DIR, `${stamp}_${name}`);
await mkdir(dir, { recursive: true });
await writeFile(path.join(dir, "migration.sql"), sql + "\n");
await writeFile(path.join(MIGRATIONS_DIR, "migration_lock.toml"), '# Written by Prisma\nprovider = "postgresql"\n');
console.log(`wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
process.exit(0);
