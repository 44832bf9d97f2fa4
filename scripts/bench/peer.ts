// The bench's second Next.js app (scripts/bench/naive-peer): the naive peer and the framework
// floor in one process. Built with `next build` into `<NEXT_DIST_DIR>-naive-peer` at the
// project's root (beside the app's build) when that build is missing or older than its
// sources or the generated Prisma client, and served by `next start` in production mode.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { distDir } from "../lib/build";
import { ROOT, log, startProcess } from "./processes";

export const PEER_DIR = path.join(ROOT, "scripts/bench/naive-peer");
export const peerDistDir = () => `${distDir()}-naive-peer`;
const nextBin = () => createRequire(import.meta.url).resolve("next/dist/bin/next");

// next-env.d.ts is rewritten by every build, so it says nothing about staleness.
function newest(target: string): { mtime: number; file: string } {
  if (!existsSync(target)) return { mtime: 0, file: "" };
  if (!statSync(target).isDirectory()) return { mtime: statSync(target).mtimeMs, file: target };
  let best = { mtime: 0, file: "" };
  for (const entry of readdirSync(target)) {
    if (entry === "next-env.d.ts") continue;
    const found = newest(path.join(target, entry));
    if (found.mtime > best.mtime) best = found;
  }
  return best;
}

function staleReason(): string | null {
  const buildId = path.join(ROOT, peerDistDir(), "BUILD_ID");
  if (!existsSync(buildId)) return `no build in ${peerDistDir()}`;
  const built = statSync(buildId).mtimeMs;
  const sources = [PEER_DIR, path.join(ROOT, "lib/generated/prisma"), path.join(ROOT, "package-lock.json")].map(newest);
  const latest = sources.reduce((a, b) => (b.mtime > a.mtime ? b : a));
  return latest.mtime > built ? `${path.relative(ROOT, latest.file)} is newer than the build in ${peerDistDir()}` : null;
}

export async function buildPeerIfNeeded(): Promise<{ built: boolean; seconds: number }> {
  const reason = staleReason();
  if (!reason) {
    log(`the naive peer's build in ${peerDistDir()} is up to date`);
    return { built: false, seconds: 0 };
  }
  log(`building the naive peer (${reason})…`);
  const started = Date.now();
  // As for the app: a build may rewrite the tsconfig it finds; a run leaves the checkout as it was.
  const tsconfigPath = path.join(PEER_DIR, "tsconfig.json");
  const tsconfig = readFileSync(tsconfigPath, "utf8");
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, [nextBin(), "build", PEER_DIR], {
        cwd: ROOT,
        env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
        stdio: ["ignore", process.stderr, process.stderr],
      });
      child.once("error", reject);
      child.once("exit", resolve);
    });
    if (code !== 0) throw new Error(`next build of the naive peer failed (exit code ${code})`);
  } finally {
    if (readFileSync(tsconfigPath, "utf8") !== tsconfig) writeFileSync(tsconfigPath, tsconfig);
  }
  const seconds = (Date.now() - started) / 1000;
  log(`built the naive peer in ${seconds.toFixed(0)} s`);
  return { built: true, seconds };
}

/** `next start` of the peer on loopback, with the app's database settings (benchEnv()). */
export function startPeer(name: string, env: Record<string, string>, nodeArgs: string[] = []) {
  return startProcess(name, [...nodeArgs, nextBin(), "start", PEER_DIR, "--hostname", "127.0.0.1"], { NODE_ENV: "production", ...env }, "/health");
}
