// Prisma's schema engine compiled to WebAssembly, driven through @prisma/adapter-pg.
// `prisma migrate diff` needs the native engine, which cannot be downloaded on every
// machine; this internal API does the same diff (ENVIRONMENT.md). Its versions are pinned
// in package.json, and only the diff lives here: applying migrations is plain SQL
// (scripts/lib/migrations.ts), so deployments never depend on it.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory, ColumnTypeEnum } from "@prisma/driver-adapter-utils";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type { MigrationDirectory } from "./migrations";

type SchemaEngine = {
  diff(params: unknown): Promise<{ exitCode: number; stdout: string | null }>;
  free(): void;
};

const require = createRequire(import.meta.url);

// The engine reports a Rust panic through this global before it aborts; keep the message.
let lastPanic = "";
(globalThis as { PRISMA_WASM_PANIC_REGISTRY?: unknown }).PRISMA_WASM_PANIC_REGISTRY = {
  set_message(message: string) {
    lastPanic = message;
  },
};

async function loadEngineModule() {
  // The package entry imports the .wasm file directly, which Node 20 refuses to load.
  const bg = (await import("@prisma/schema-engine-wasm/schema_engine_bg")) as unknown as {
    __wbg_set_wasm(exports: WebAssembly.Exports): void;
    SchemaEngine: { new: (options: unknown, log: (line: string) => void, adapter: unknown) => Promise<SchemaEngine> };
  };
  const wasmPath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg").replace(/\.js$/, ".wasm");
  const { instance } = await WebAssembly.instantiate(await readFile(wasmPath), {
    "./schema_engine_bg.js": bg as unknown as WebAssembly.ModuleImports,
  });
  bg.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return bg;
}

// Describing a CHECK constraint selects pg_constraint.contype, of PostgreSQL's one-byte
// "char" type, which the adapter does not map; the engine reads it as a Character column.
const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;
type RawResult = { fields: { dataTypeID: number }[] };
type QueryResult = { columnTypes: number[] };
function readCharColumns<T extends SqlDriverAdapter>(adapter: T): T {
  const io = adapter as unknown as {
    performIO(query: unknown): Promise<RawResult>;
    queryRaw(query: unknown): Promise<QueryResult>;
  };
  const performIO = io.performIO.bind(adapter);
  const queryRaw = io.queryRaw.bind(adapter);
  let charColumns: number[] = [];
  io.performIO = async (query) => {
    const result = await performIO(query);
    charColumns = [];
    result.fields.forEach((field, index) => {
      if (field.dataTypeID === PG_CHAR_OID) {
        field.dataTypeID = PG_TEXT_OID;
        charColumns.push(index);
      }
    });
    return result;
  };
  io.queryRaw = async (query) => {
    const result = await queryRaw(query);
    for (const index of charColumns) result.columnTypes[index] = ColumnTypeEnum.Character;
    return result;
  };
  return adapter;
}

// PrismaPg's executeScript splits a migration at every ";", which cuts a function body in
// $$ quotes (the trigger of the replaced_invitation_tokens migration) in pieces. PostgreSQL
// runs a whole script sent as one simple query, as `prisma migrate` does with its own engine.
function runScriptsWhole<T extends SqlDriverAdapter>(adapter: T): T {
  const io = adapter as unknown as { onError(error: unknown): never; underlyingDriver(): pg.ClientBase };
  adapter.executeScript = async (script: string) => {
    try {
      await io.underlyingDriver().query(script);
    } catch (error) {
      io.onError(error);
    }
  };
  return adapter;
}

// PrismaPg's own shadow database ignores the database name of a connection string and
// drops the database before closing its pool; this factory does both in the right order.
function withThrowawayShadowDb(connectionString: string): SqlMigrationAwareDriverAdapterFactory {
  const factory = new PrismaPg({ connectionString, max: 2 });
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => runScriptsWhole(readCharColumns(await factory.connect())),
    async connectToShadowDb(): Promise<SqlDriverAdapter> {
      const name = `prisma_shadow_${randomBytes(6).toString("hex")}`;
      const admin = new pg.Client({ connectionString });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      const url = new URL(connectionString);
      url.pathname = `/${name}`;
      const shadow = runScriptsWhole(readCharColumns(await new PrismaPg({ connectionString: url.toString(), max: 2 }).connect()));
      const dispose = shadow.dispose.bind(shadow);
      shadow.dispose = async () => {
        await dispose();
        const dropper = new pg.Client({ connectionString });
        await dropper.connect();
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await dropper.end();
      };
      return shadow;
    },
  };
}

export type DiffSource =
  | { tag: "empty" }
  | { tag: "migrations"; directories: MigrationDirectory[]; baseDir: string }
  | { tag: "schema"; path: string; content: string };

function toDiffTarget(source: DiffSource) {
  switch (source.tag) {
    case "empty":
      return { tag: "empty" };
    case "schema":
      return { tag: "schemaDatamodel", files: [{ path: source.path, content: source.content }] };
    case "migrations":
      return {
        tag: "migrations",
        baseDir: source.baseDir,
        lockfile: { path: "migration_lock.toml", content: 'provider = "postgresql"\n' },
        shadowDbInitScript: "",
        migrationDirectories: source.directories.map((dir) => ({
          path: dir.name,
          migrationFile: { path: "migration.sql", content: { tag: "ok", value: dir.sql } },
        })),
      };
  }
}

/** The SQL that takes a database from `from` to `to` (empty when they agree). */
export async function diffSchemas(connectionString: string, schemaText: string, from: DiffSource, to: DiffSource) {
  const bg = await loadEngineModule();
  const adapter = bindMigrationAwareSqlAdapterFactory(withThrowawayShadowDb(connectionString));
  const engine = await bg.SchemaEngine.new({ datamodels: [["schema.prisma", schemaText]] }, () => {}, adapter);
  try {
    const result = await engine.diff({
      from: toDiffTarget(from),
      to: toDiffTarget(to),
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    return (result.stdout ?? "").trim();
  } catch (error) {
    if (lastPanic) throw new Error(`schema engine panicked: ${lastPanic}`, { cause: error });
    throw error;
  } finally {
    engine.free();
  }
}
