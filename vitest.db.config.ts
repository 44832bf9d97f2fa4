import { defineConfig, mergeConfig } from "vitest/config";
import { shared } from "./vitest.shared.ts";

// The seat service against a real database: PostgreSQL (TEST_DB=postgres, the default)
// or the embedded PGlite sidecar (TEST_DB=pglite). A fresh database per run.
export default mergeConfig(
  shared,
  defineConfig({
    test: {
      include: ["tests/seats/**/*.test.ts", "tests/auth/**/*.test.ts", "tests/email/**/*.test.ts", "tests/db/**/*.test.ts"],
      globalSetup: ["tests/setup/database-global-setup.ts"],
      setupFiles: ["tests/setup/worker-env.ts"],
      testTimeout: 30_000,
      hookTimeout: 60_000,
    },
  }),
);
