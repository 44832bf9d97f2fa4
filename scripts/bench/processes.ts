// The processes the bench starts (the app's production server, the floor server), and
// the cleanups that run however the bench ends: normally, on an error, or on Ctrl-C.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");

export const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

const cleanups: { name: string; run: () => Promise<void> }[] = [];

/** Registers a cleanup; returns a function that runs it now (once) and unregisters it. */
export function onCleanup(name: string, run: () => Promise<void>) {
  const entry = { name, run };
  cleanups.push(entry);
  return async () => {
    const index = cleanups.indexOf(entry);
    if (index === -1) return;
    cleanups.splice(index, 1);
    await run();
  };
}

export async function cleanUp() {
  while (cleanups.length) {
    const entry = cleanups.pop()!;
    try {
      await entry.run();
    } catch (error) {
      log(`cleanup "${entry.name}" failed: ${(error as Error).message}`);
    }
  }
}

let interrupted = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    log(`${signal}: stopping the servers and dropping the database…`);
    void cleanUp().finally(() => process.exit(130));
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export type Server = {
  name: string;
  url: string;
  /** The process the bench started. */
  pid: number;
  /** It and every process under it (npm start runs the server in a child). */
  pids: () => number[];
  logs: () => string;
  stop: () => Promise<void>;
};

/** The processes under `root`, from /proc. */
export function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1]!.split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone
    }
  }
  const found: number[] = [];
  const walk = (pid: number) => {
    for (const child of children.get(pid) ?? []) {
      found.push(child);
      walk(child);
    }
  };
  walk(root);
  return found;
}

/** Keeps the last bytes a process printed (the app prints every console-delivered email). */
function tail(limit = 64 * 1024) {
  let text = "";
  return {
    add(chunk: Buffer) {
      text += chunk.toString();
      if (text.length > limit * 2) text = text.slice(-limit);
    },
    get: () => text.slice(-limit),
  };
}

async function waitUntilAnswering(child: ChildProcess, url: string, output: () => string, name: string) {
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited early (code ${child.exitCode}):\n${output()}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${name} did not answer ${url} within 90 s:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export async function startProcess(name: string, args: string[], env: Record<string, string>, readyPath: string): Promise<Server> {
  const port = await freePort();
  const output = tail();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", output.add);
  child.stderr!.on("data", output.add);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const pids = () => [child.pid!, ...descendants(child.pid!)];
  const stop = onCleanup(`stop ${name}`, async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const all = pids();
    child.kill("SIGTERM");
    // The production server lets requests in flight finish (up to 25 s) before it exits.
    const timer = setTimeout(() => {
      for (const pid of all) {
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          // gone
        }
      }
    }, 40_000);
    await exited;
    clearTimeout(timer);
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntilAnswering(child, `${url}${readyPath}`, output.get, name);
  } catch (error) {
    await stop();
    throw error;
  }
  return { name, url, pid: child.pid!, pids, logs: output.get, stop };
}

/**
 * The app's configuration for the bench: the app as deployed, with the documented settings
 * a load test needs. The assign limit and the invitation budget are raised (neither is ever off); the outbox poll is off
 * (the app still sends after each assign: the poll would only add a timer that also fires
 * while the floor is measured). The floor reads the same variables.
 */
export function benchEnv(databaseUrl: string, embedded: boolean) {
  return {
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: "10",
    EMBEDDED_DATABASE: embedded ? "true" : "false",
    AUTH_SECRET: "bench-secret-0123456789abcdef0123456789abcdef",
    PUBLIC_URL: "http://127.0.0.1",
    RATE_LIMIT_ASSIGN_PER_MINUTE: "10000000",
    RATE_LIMIT_INVITATIONS_PER_CUSTOMER_PER_HOUR: "10000000",
    OUTBOX_POLL_SECONDS: "0",
  };
}

/**
 * The app as `npm start` runs it (scripts/serve.ts start: the configuration check, the
 * migrations, then the production server) on the given database, listening on loopback.
 * Node flags (the profiler's `--cpu-prof`) reach only the process they are given to, and
 * NODE_OPTIONS refuses them: with `nodeArgs`, the production server that `npm start` would
 * start (scripts/next-server.mjs, or `next start` where there is none) is started directly.
 */
export function startApp(name: string, env: Record<string, string>, nodeArgs: string[] = []) {
  const variables = { NODE_ENV: "production", HOST: "127.0.0.1", ...env };
  if (!nodeArgs.length) return startProcess(name, ["--import", "tsx", path.join(ROOT, "scripts/serve.ts"), "start"], variables, "/api/health");
  const ownServer = path.join(ROOT, "scripts/next-server.mjs");
  const server = existsSync(ownServer) ? [ownServer] : [createRequire(import.meta.url).resolve("next/dist/bin/next"), "start", "--hostname", "127.0.0.1"];
  return startProcess(name, [...nodeArgs, ...server], variables, "/api/health");
}

/** The floor server (scripts/bench/floor-server.tsx), TypeScript through tsx's loader, in one process. */
export function startFloor(name: string, env: Record<string, string>, nodeArgs: string[] = []) {
  return startProcess(name, [...nodeArgs, "--import", "tsx", path.join(ROOT, "scripts/bench/floor-server.tsx")], { NODE_ENV: "production", ...env }, "/health");
}

/** Resident memory (VmRSS) of the processes, together, in MiB (processes gone count 0). */
export function rssMb(pids: number[]): number {
  let kib = 0;
  for (const pid of pids) {
    try {
      kib += Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
    } catch {
      // gone
    }
  }
  return Math.round(kib / 1024);
}

/** CPU time (user + system) of a process so far, in clock ticks (1/100 s on Linux). */
export function cpuTicks(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/**
 * Waits until the processes have used less than `threshold` of a core for half a second
 * (a load run stops with requests in flight, which the server still finishes), at most
 * `maxMs`. Returns how long it waited.
 */
export async function waitForIdle(pids: () => Promise<number[]> | number[], maxMs = 120_000, threshold = 0.05) {
  const started = Date.now();
  for (;;) {
    const watched = await pids();
    const before = watched.reduce((sum, pid) => sum + cpuTicks(pid), 0);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const used = watched.reduce((sum, pid) => sum + cpuTicks(pid), 0) - before;
    if (used / 50 < threshold || Date.now() - started > maxMs) return Date.now() - started;
  }
}
