import path from "node:path";
import { defineConfig } from "vitest/config";

const root = import.meta.dirname;

// Every project shares the `@/` alias, and `server-only` as a no-op.
const shared = {
  resolve: {
    alias: {
      "@": root,
      "server-only": path.join(root, "tests/fixtures/empty.ts"),
    },
  },
};

// One project per kind of test; `npm test` (scripts/test-all.mjs) runs them one at a time,
// in the order that fails fastest: `vitest run --project <name>`.
export default defineConfig({
  test: {
    projects: [
      {
        // Pure code only: no database, no server. A test that needs one belongs to another project.
        ...shared,
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.ts"],
          env: { DATABASE_URL: "postgresql://nowhere.invalid:1/none", NODE_ENV: "test" },
        },
      },
      {
        // The seat service against a real database: PostgreSQL (TEST_DB=postgres, the default)
        // or the embedded PGlite sidecar (TEST_DB=pglite). A fresh database per run.
        ...shared,
        test: {
          name: "db",
          include: ["tests/seats/**/*.test.ts", "tests/auth/**/*.test.ts", "tests/email/**/*.test.ts", "tests/db/**/*.test.ts"],
          globalSetup: ["tests/setup/database-global-setup.ts"],
          setupFiles: ["tests/setup/worker-env.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        // The production server (npm start) on PostgreSQL, driven over HTTP by Polar's SDKs;
        // API_DATABASE=pgbouncer puts PgBouncer in transaction mode in between.
        ...shared,
        test: {
          name: "api",
          include: ["tests/api/**/*.test.ts"],
          globalSetup: ["tests/setup/server-global-setup.ts"],
          setupFiles: ["tests/setup/worker-env.ts"],
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
      {
        // Reliability and security: races, the authorization matrix, fuzzing, secrets, abuse
        // limits, web hardening and mail that must not be lost. One production server is
        // shared; files that need their own configuration or must stop a server start their
        // own (tests/fixtures/app-server.ts). RELIABILITY_SCALE=full runs them at full size.
        ...shared,
        test: {
          name: "reliability",
          include: ["tests/reliability/**/*.test.ts"],
          globalSetup: ["tests/setup/server-global-setup.ts"],
          setupFiles: ["tests/setup/worker-env.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        // Operations: configuration checked at start, health and readiness, JSON logs, graceful
        // stop, two instances on one database. Each file starts the servers it needs, on its
        // own database and ports, so two files run at once (2 cores: 230 s one at a time,
        // 134 s and 154 s two at a time, both green). OPS_SCALE=full runs the scale-out proof bigger.
        ...shared,
        test: {
          name: "ops",
          include: ["tests/ops/**/*.test.ts"],
          setupFiles: ["tests/ops/setup.ts"],
          maxWorkers: 2,
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
