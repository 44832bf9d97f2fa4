// The embedded database: PGlite (PostgreSQL compiled to WebAssembly) on disk, served over
// the PostgreSQL wire protocol on loopback, in a process of its own so that its CPU-bound
// work stays off the web server's event loop and the app keeps one driver for both
// databases. Started by scripts/lib/embedded-db.ts; prints "ready <port>" when it listens.
// The wire server is our own (scripts/lib/pglite-wire-server.mjs): see there for why.
//
//   node scripts/embedded-db-server.mjs --dir data/pglite --port 54329
import { mkdirSync, openSync, writeSync, closeSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { PGlite } from "@electric-sql/pglite";
import { serveWireProtocol } from "./lib/pglite-wire-server.mjs";

const { values } = parseArgs({
  options: {
    dir: { type: "string", default: "data/pglite" },
    port: { type: "string", default: "54329" },
    "max-connections": { type: "string", default: "100" },
  },
});
const dir = path.resolve(values.dir);
const port = Number(values.port);
const lockPath = `${dir}.lock`;

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// Two PGlite processes on one data folder corrupt it silently: hold a lock file naming
// the owner, and take it over only from an owner that is gone.
function takeLock() {
  mkdirSync(path.dirname(lockPath), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, "wx");
      writeSync(fd, JSON.stringify({ pid: process.pid, port }));
      closeSync(fd);
      return;
    } catch (error) {
      if (error.code !== "EEXIST") throw error;
      let owner = null;
      try {
        owner = JSON.parse(readFileSync(lockPath, "utf8"));
      } catch {
        owner = null;
      }
      if (owner && isAlive(owner.pid)) {
        console.error(`embedded database: ${dir} is in use by process ${owner.pid} (port ${owner.port})`);
        process.exit(3);
      }
      rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`could not take ${lockPath}`);
}

function releaseLock() {
  try {
    const owner = JSON.parse(readFileSync(lockPath, "utf8"));
    if (owner.pid === process.pid) rmSync(lockPath, { force: true });
  } catch {
    // already gone
  }
}

takeLock();
process.on("exit", releaseLock);
mkdirSync(dir, { recursive: true });

let db;
let server;
try {
  db = await PGlite.create({ dataDir: dir });
  server = await serveWireProtocol(db, port, Number(values["max-connections"]));
} catch (error) {
  console.error(`embedded database: could not start on port ${port}: ${error.message}`);
  process.exit(1);
}
process.stdout.write(`ready ${port}\n`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  try {
    await new Promise((resolve) => server.close(resolve));
    await db.close();
  } finally {
    releaseLock();
    process.exit(0);
  }
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
// The parent closes our stdin when it goes away without a signal (a crash, kill -9).
process.stdin.on("end", stop);
process.stdin.resume();
