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
  // Errors only: npm's warnings (a test-only SDK that asks for Node 22, install scripts this
  // project does not need) read as trouble on a first run and are not.
  const run = spawnSync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: root, stdio: "inherit" });
  if (run.status !== 0) process.exit(run.status ?? 1);
}

// tsx as a loader, not its CLI: the CLI wraps the process and SIGKILLs it 30 ms after
// relaying a signal, which would leave the server and the database running unsupervised.
const child = spawn(process.execPath, ["--import", "tsx", "scripts/demo.ts", ...process.argv.slice(2)], { cwd: root, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));
