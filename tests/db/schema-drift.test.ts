import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { diffSchemas } from "../../scripts/lib/schema-engine";
import { MIGRATIONS_DIR, readMigrations } from "../../scripts/lib/migrations";
import { TEST_POSTGRES_URL } from "../fixtures/test-database";

// The diff needs a shadow database on a PostgreSQL server, so it runs in the PostgreSQL pass.
describe.skipIf(inject("databaseKind") !== "postgres")("prisma/migrations", () => {
  it("build exactly the schema of schema.prisma (npm run db:diff writes what is missing)", async () => {
    const schemaPath = path.resolve(import.meta.dirname, "../../prisma/schema.prisma");
    const schema = await readFile(schemaPath, "utf8");
    const sql = await diffSchemas(
      TEST_POSTGRES_URL,
      schema,
      { tag: "migrations", directories: await readMigrations(), baseDir: MIGRATIONS_DIR },
      { tag: "schema", path: "schema.prisma", content: schema },
    );
    expect(sql.replace(/^-- This is an empty migration\.?$/m, "").trim()).toBe("");
  }, 60_000);
});
