import { defineConfig, mergeConfig } from "vitest/config";
import { shared } from "./vitest.shared.ts";

// Pure code only: no database, no server. A test that needs one belongs to another config.
export default mergeConfig(
  shared,
  defineConfig({
    test: {
      include: ["tests/unit/**/*.test.ts"],
      env: { DATABASE_URL: "postgresql://nowhere.invalid:1/none", NODE_ENV: "test" },
    },
  }),
);
