// Builds the app when its production build is missing or older than its sources. The
// build goes to NEXT_DIST_DIR (default .next), as next.config.mjs says.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { ROOT, log } from "./processes";

const SOURCE_DIRS = ["app", "lib", "components", "public", "types"];
const SOURCE_FILES = ["proxy.ts", "instrumentation.ts", "next.config.mjs", "postcss.config.mjs", "tailwind.config.ts", "package.json", "package-lock.json"];

export const distDir = () => process.env.NEXT_DIST_DIR || ".next";

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

/** Why a build is needed, or null when the build in distDir is newer than every source. */
export function staleReason(): string | null {
  const buildId = path.join(ROOT, distDir(), "BUILD_ID");
  if (!existsSync(buildId)) return `no build in ${distDir()}`;
  const built = statSync(buildId).mtimeMs;
  let latest = { mtime: 0, file: "" };
  for (const dir of SOURCE_DIRS) {
    const found = newest(path.join(ROOT, dir));
    if (found.mtime > latest.mtime) latest = found;
  }
  for (const file of SOURCE_FILES) {
    const full = path.join(ROOT, file);
    if (existsSync(full) && statSync(full).mtimeMs > latest.mtime) latest = { mtime: statSync(full).mtimeMs, file: full };
  }
  return latest.mtime > built ? `${path.relative(ROOT, latest.file)} is newer than the build in ${distDir()}` : null;
}

export async function buildIfNeeded(): Promise<{ built: boolean; seconds: number; reason: string | null }> {
  const reason = staleReason();
  if (!reason) {
    log(`the build in ${distDir()} is up to date`);
    return { built: false, seconds: 0, reason: null };
  }
  log(`building (${reason})…`);
  const started = Date.now();
  // next build rewrites tsconfig.json (formatting, and the types folder of another
  // distDir); the bench leaves the checkout as it found it.
  const tsconfigPath = path.join(ROOT, "tsconfig.json");
  const tsconfig = readFileSync(tsconfigPath, "utf8");
  const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
  try {
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, [nextBin, "build"], {
        cwd: ROOT,
        env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
        stdio: ["ignore", process.stderr, process.stderr],
      });
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
