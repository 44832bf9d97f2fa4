import { defineConfig, mergeConfig } from "vitest/config";
import { shared } from "./vitest.shared.ts";

// Operations (issue 10): configuration checked at start, health and readiness, JSON logs
// with request ids and no secrets, graceful stop on SIGTERM (PostgreSQL and embedded), and
// two instances on one database. There is no shared server: each file starts the
// production servers (`npm start`) it needs, on its own database. The files run one after
// the other, since each starts several servers. OPS_SCALE=full runs the scale-out proof
// bigger and waits out the leases of a killed instance instead of expiring them.
export default mergeConfig(
  shared,
  defineConfig({
    test: {
      include: ["tests/ops/**/*.test.ts"],
      setupFiles: ["tests/ops/setup.ts"],
      fileParallelism: false,
      testTimeout: 180_000,
      hookTimeout: 180_000,
    },
  }),
);
