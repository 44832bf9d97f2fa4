// Builds the app when its production build is missing or older than its sources, so that a
// run never tests (or measures) a stale build. Shared by the browser tests' global setup and
// the bench. The build goes to NEXT_DIST_DIR (default .next), as next.config.mjs says.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");

// What the build is made of. Scripts, tests and the Prisma schema are not: the server runs
// scripts/ from source, and the schema reaches the build through lib/generated.
export const SOURCE_DIRS = ["app", "lib", "components", "public", "types", "i18n", "messages"];
export const SOURCE_FILES = ["proxy.ts", "instrumentation.ts", "instrumentation-node.ts", "next.config.mjs", "postcss.config.mjs", "tailwind.config.ts", "package.json", "package-lock.json"];

export const distDir = () => process.env.NEXT_DIST_DIR || ".next";

const defaultLog = (line: string) => process.stderr.write(`[build] ${line}\n`);

function newest(dir: string): { mtime: number; file: string } {
  let best = { mtime: 0, file: "" };
  if (!existsSync(dir)) return best;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const found = entry.isDirectory() ? newest(full) : { mtime: statSync(full).mtimeMs, file: full };
    if (found.mtime > best.mtime) best = found;
  }
  return best;
}

/**
 * Why a build is needed, or null when the build in `dist` is newer than every source.
 * BUILD_ID is the last file `next build` writes, so its time is the build's.
 */
export function staleReason(root = ROOT, dist = distDir()): string | null {
  const buildId = path.join(root, dist, "BUILD_ID");
  if (!existsSync(buildId)) return `no build in ${dist}`;
  const built = statSync(buildId).mtimeMs;
  let latest = { mtime: 0, file: "" };
  for (const dir of SOURCE_DIRS) {
    const found = newest(path.join(root, dir));
    if (found.mtime > latest.mtime) latest = found;
  }
  for (const file of SOURCE_FILES) {
    const full = path.join(root, file);
    if (existsSync(full) && statSync(full).mtimeMs > latest.mtime) latest = { mtime: statSync(full).mtimeMs, file: full };
  }
  return latest.mtime > built ? `${path.relative(root, latest.file)} is newer than the build in ${dist}` : null;
}

export async function buildIfNeeded(options: { log?: (line: string) => void } = {}): Promise<{ built: boolean; seconds: number; reason: string | null }> {
  const log = options.log ?? defaultLog;
  const reason = staleReason();
  if (!reason) {
    log(`the build in ${distDir()} is up to date`);
    return { built: false, seconds: 0, reason: null };
  }
  log(`building (${reason})…`);
  const started = Date.now();
  // next build rewrites tsconfig.json (formatting, and the types folder of another
  // distDir); a run leaves the checkout as it found it.
  const tsconfigPath = path.join(ROOT, "tsconfig.json");
  const tsconfig = readFileSync(tsconfigPath, "utf8");
  const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, [nextBin, "build"], {
        cwd: ROOT,
        env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
        // Next's own progress goes to stderr: stdout may be a report (bench --json).
        stdio: ["ignore", process.stderr, process.stderr],
      });
      child.once("error", reject);
      child.once("exit", resolve);
    });
    if (code !== 0) throw new Error(`next build failed (exit code ${code})`);
  } finally {
    if (readFileSync(tsconfigPath, "utf8") !== tsconfig) writeFileSync(tsconfigPath, tsconfig);
  }
  const seconds = (Date.now() - started) / 1000;
  log(`built in ${seconds.toFixed(0)} s`);
  return { built: true, seconds, reason };
}
