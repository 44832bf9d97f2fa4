// e2e/global-setup.ts builds (when needed) before it starts the production server: a plain
// `playwright test` on a clean clone must not stop at "no production build", and must not
// test a stale one. Everything it starts is replaced here by a recorder.
import { beforeEach, describe, expect, it, vi } from "vitest";

const calls: string[] = [];
const build = vi.fn(async (_options?: { log?: (line: string) => void }) => {
  calls.push("build");
  return { built: false, seconds: 0, reason: null };
});

vi.mock("../../scripts/lib/build", () => ({ buildIfNeeded: build }));
vi.mock("../../tests/fixtures/test-database", () => ({
  createPostgresDatabase: async () => (calls.push("database"), { url: "postgresql://127.0.0.1:1/x", kind: "postgres", drop: async () => {} }),
}));
vi.mock("../../tests/fixtures/mail-capture", () => ({
  startMailCapture: async () => (calls.push("mail"), { smtpUrl: "smtp://127.0.0.1:1", httpUrl: "http://127.0.0.1:1", stop: async () => {} }),
}));
vi.mock("../../tests/fixtures/app-server", () => ({
  freePort: async () => 1,
  startAppServer: async () => (calls.push("server"), { stop: async () => 0 }),
}));
vi.mock("../../prisma/demo-data", () => ({ seedDemo: async () => ({ organization: { slug: "acme" } }) }));
vi.mock("../../lib/generated/prisma/client", () => ({ PrismaClient: class { $disconnect = async () => {}; } }));
vi.mock("@prisma/adapter-pg", () => ({ PrismaPg: class {} }));
vi.mock("node:fs", async (original) => ({ ...(await original<typeof import("node:fs")>()), mkdirSync: () => undefined, writeFileSync: () => undefined }));

beforeEach(() => {
  calls.length = 0;
  build.mockClear();
});

describe("the browser tests' global setup", () => {
  it("builds if needed before anything else, and reports its progress", async () => {
    const { default: globalSetup } = await import("../../e2e/global-setup");
    await globalSetup();
    expect(calls).toEqual(["build", "database", "mail", "server"]);
    const log = build.mock.calls[0]![0]!.log!;
    const printed = vi.spyOn(console, "log").mockImplementation(() => {});
    log("building (no build in .next)…");
    expect(printed).toHaveBeenCalledWith("[e2e] building (no build in .next)…");
    printed.mockRestore();
  });

  it("starts no server when the build fails", async () => {
    build.mockRejectedValueOnce(new Error("next build failed (exit code 1)"));
    const { default: globalSetup } = await import("../../e2e/global-setup");
    await expect(globalSetup()).rejects.toThrow("next build failed");
    expect(calls).not.toContain("server");
  });
});
