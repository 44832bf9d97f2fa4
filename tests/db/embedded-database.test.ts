import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { startEmbeddedDatabase } from "../../scripts/lib/embedded-db";

const isPglite = inject("databaseKind") === "pglite";

describe.skipIf(!isPglite)("the embedded database (PGlite sidecar)", () => {
  it("gives each connection its own results while others run transactions", async () => {
    const pool = new pg.Pool({ connectionString: inject("databaseUrl"), max: 20 });
    try {
      await pool.query("CREATE TABLE IF NOT EXISTS wire_counter (id int primary key, n int)");
      await pool.query("INSERT INTO wire_counter VALUES (1, 0) ON CONFLICT (id) DO UPDATE SET n = 0");
      const transaction = async () => {
        const client = await pool.connect();
        try {
          await client.query("BEGIN");
          await client.query("SELECT n FROM wire_counter WHERE id = $1 FOR UPDATE", [1]);
          await client.query("UPDATE wire_counter SET n = n + $1 WHERE id = $2", [1, 1]);
          await client.query("COMMIT");
        } finally {
          client.release();
        }
      };
      // Different statements with different parameter counts: a Bind that met another
      // connection's Parse would fail on the count, or return the other's rows.
      const values = Array.from({ length: 150 }, (_, i) => i);
      const plain = (i: number) =>
        i % 2
          ? pool.query<{ n: number; tag: string }>("SELECT $1::int AS n, 'odd' AS tag", [i])
          : pool.query<{ n: number; tag: string }>("SELECT $1::int + $2::int - $2::int AS n, $3::text AS tag", [i, 7, "even"]);
      const [results] = await Promise.all([Promise.all(values.map(plain)), Promise.all(Array.from({ length: 20 }, transaction))]);
      expect(results.map((r) => r.rows[0]!.n)).toEqual(values);
      expect(results.map((r) => r.rows[0]!.tag)).toEqual(values.map((i) => (i % 2 ? "odd" : "even")));
      expect((await pool.query<{ n: number }>("SELECT n FROM wire_counter WHERE id = 1")).rows[0]!.n).toBe(20);
    } finally {
      await pool.query("DROP TABLE IF EXISTS wire_counter");
      await pool.end();
    }
  });

  it("keeps an open transaction to its own connection", async () => {
    const pool = new pg.Pool({ connectionString: inject("databaseUrl"), max: 10 });
    try {
      await pool.query("CREATE TABLE IF NOT EXISTS wire_probe (id int primary key, n int)");
      await pool.query("INSERT INTO wire_probe VALUES (1, 0) ON CONFLICT (id) DO UPDATE SET n = 0");
      const increment = async () => {
        const client = await pool.connect();
        try {
          await client.query("BEGIN");
          const { rows } = await client.query<{ n: number }>("SELECT n FROM wire_probe WHERE id = 1 FOR UPDATE");
          await client.query("UPDATE wire_probe SET n = $1 WHERE id = 1", [rows[0]!.n + 1]);
          await client.query("COMMIT");
        } finally {
          client.release();
        }
      };
      await Promise.all(Array.from({ length: 30 }, increment));
      expect((await pool.query<{ n: number }>("SELECT n FROM wire_probe WHERE id = 1")).rows[0]!.n).toBe(30);
    } finally {
      await pool.query("DROP TABLE IF EXISTS wire_probe");
      await pool.end();
    }
  });
});

describe("the embedded database's data folder", () => {
  it("is served by one sidecar at a time: a second start shares the first", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "seats-lock-"));
    const port = 40000 + Math.floor(Math.random() * 20000);
    const first = await startEmbeddedDatabase({ dir: path.join(dir, "data"), port });
    try {
      const second = await startEmbeddedDatabase({ dir: path.join(dir, "data"), port: port + 1 });
      expect(second).toMatchObject({ url: first.url, reused: true });
      const client = new pg.Client({ connectionString: second.url });
      await client.connect();
      expect((await client.query("SELECT 1 AS one")).rows[0]).toEqual({ one: 1 });
      await client.end();
    } finally {
      await first.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
