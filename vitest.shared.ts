import path from "node:path";
import type { ViteUserConfig } from "vitest/config";

const root = import.meta.dirname;

/** What every test config shares: the `@/` alias, and `server-only` as a no-op. */
export const shared: ViteUserConfig = {
  resolve: {
    alias: {
      "@": root,
      "server-only": path.join(root, "tests/fixtures/empty.ts"),
    },
  },
};
