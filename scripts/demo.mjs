// npm run demo: the one command for a newcomer. Installs what is missing, then runs the
// portal in development mode on the embedded database with the demo data, and prints
// where to go. Plain Node on purpose: it runs before anything is installed.
import { spawnSync, spawn } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const log = (line) => console.error(`[demo] ${line}`);

const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  log(`Node.js ${process.versions.node} is too old: this project needs Node.js 20.19 or newer.`);
  process.exit(1);
}

const installed = path.join(root, "node_modules/.package-lock.json");
const lock = path.join(root, "package-lock.json");
if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(lock).mtimeMs) {
  log("installing dependencies (npm ci), once");
  const run = spawnSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: root, stdio: "inherit" });
  if (run.status !== 0) process.exit(run.status ?? 1);
}

const tsx = path.join(root, "node_modules/tsx/dist/cli.mjs");
const child = spawn(process.execPath, [tsx, "scripts/demo.ts", ...process.argv.slice(2)], { cwd: root, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));
