import { defineConfig, mergeConfig } from "vitest/config";
import { shared } from "./vitest.shared.ts";

// The production server (npm start) on PostgreSQL, driven over HTTP by Polar's SDKs.
export default mergeConfig(
  shared,
  defineConfig({
    test: {
      include: ["tests/api/**/*.test.ts"],
      globalSetup: ["tests/setup/server-global-setup.ts"],
      setupFiles: ["tests/setup/worker-env.ts"],
      testTimeout: 30_000,
      hookTimeout: 120_000,
    },
  }),
);
