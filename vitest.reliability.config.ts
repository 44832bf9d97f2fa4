import { defineConfig, mergeConfig } from "vitest/config";
import { shared } from "./vitest.shared.ts";

// Reliability and security (issue 4): races, the authorization matrix, fuzzing, secrets,
// abuse limits, web hardening and mail that must not be lost. One production server is
// shared (tests/setup/server-global-setup.ts); files that need their own configuration or
// must stop a server start their own (tests/fixtures/app-server.ts).
// RELIABILITY_SCALE=full runs the long races and fuzzing at full size.
export default mergeConfig(
  shared,
  defineConfig({
    test: {
      include: ["tests/reliability/**/*.test.ts"],
      globalSetup: ["tests/setup/server-global-setup.ts"],
      setupFiles: ["tests/setup/worker-env.ts"],
      testTimeout: 120_000,
      hookTimeout: 120_000,
    },
  }),
);
