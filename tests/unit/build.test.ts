// scripts/lib/build.ts: when a production build is missing or stale. The browser tests'
// global setup builds on it, so a clean clone runs `npm run test:e2e` and a stale build is
// never tested; and after a fresh build (npm test's own step) nothing is built again.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { buildIfNeeded, staleReason } from "../../scripts/lib/build";

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** A project folder with a source file and, optionally, a build stamped at `builtAt`. */
function project(sources: Record<string, Date>, builtAt: Date | null, dist = ".next") {
  root = mkdtempSync(path.join(tmpdir(), "build-staleness-"));
  for (const [file, time] of Object.entries(sources)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), "x");
    utimesSync(path.join(root, file), time, time);
  }
  if (builtAt) {
    mkdirSync(path.join(root, dist), { recursive: true });
    writeFileSync(path.join(root, dist, "BUILD_ID"), "id");
    utimesSync(path.join(root, dist, "BUILD_ID"), builtAt, builtAt);
  }
  return root;
}

const earlier = new Date("2026-01-01T00:00:00Z");
const later = new Date("2026-01-02T00:00:00Z");

describe("staleReason", () => {
  it("asks for a build when there is none", () => {
    expect(staleReason(project({ "app/page.tsx": earlier }, null), ".next")).toBe("no build in .next");
  });

  it("asks for a build when a source, however deep, is newer than the build, and names it", () => {
    const dir = project({ "app/page.tsx": earlier, "app/[org]/portal/claimed/page.tsx": later, "lib/seats/index.ts": earlier }, earlier);
    expect(staleReason(dir, ".next")).toBe(`${path.join("app", "[org]", "portal", "claimed", "page.tsx")} is newer than the build in .next`);
  });

  it.each(["components/seats/x.tsx", "app/v1/x/route.ts", "lib/generated/prisma/client.ts", "next.config.mjs", "package-lock.json", "proxy.ts", "instrumentation-node.ts", "messages/de.json", "i18n/request.ts"])(
    "counts %s as a source",
    (file) => {
      expect(staleReason(project({ "app/page.tsx": earlier, [file]: later }, earlier), ".next")).toMatch(/is newer than the build/);
    },
  );

  it("is satisfied by a build newer than every source (what npm test's build step leaves)", () => {
    expect(staleReason(project({ "app/page.tsx": earlier, "lib/db.ts": earlier, "package.json": earlier }, later), ".next")).toBeNull();
  });

  it("ignores files that do not go into the build (tests, e2e, scripts)", () => {
    expect(staleReason(project({ "app/page.tsx": earlier, "tests/unit/x.test.ts": later, "e2e/x.spec.ts": later, "scripts/serve.ts": later }, earlier), ".next")).toBeNull();
  });

  it("looks in NEXT_DIST_DIR's folder", () => {
    const dir = project({ "app/page.tsx": earlier }, later, ".next-bench");
    expect(staleReason(dir, ".next")).toBe("no build in .next");
    expect(staleReason(dir, ".next-bench")).toBeNull();
  });
});

describe("buildIfNeeded", () => {
  it("builds nothing and says so when the build is up to date", async () => {
    const dist = path.relative(path.resolve(import.meta.dirname, "../.."), project({}, new Date(Date.now() + 3600_000)));
    // This checkout's sources against a build stamped in the future: up to date.
    vi.stubEnv("NEXT_DIST_DIR", path.join(dist, ".next"));
    try {
      const lines: string[] = [];
      const result = await buildIfNeeded({ log: (line) => lines.push(line) });
      expect(result).toEqual({ built: false, seconds: 0, reason: null });
      expect(lines).toEqual([`the build in ${path.join(dist, ".next")} is up to date`]);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
