// npm run bench: the app against three sides, on one machine, in one run (issues 7 and 22):
// the bare floor (node:http + pg, the machine's limit), the naive peer (a small Next.js +
// Prisma app written as their docs teach) and the framework floor (the app's statements
// through Prisma in a route handler of that same small app).
//
//   npm run bench                 the table on stdout, progress on stderr
//   npm run bench -- --json       one JSON line on stdout (the headline fields, one object
//                                 per case, the targets); the table and progress on stderr
//   npm run bench -- --quick      short runs, one round: checks that the bench works
//   options: --rounds N  --duration S  --warmup S  --prime N  --only list_100,page,…
//
// It builds the app if its build is missing or stale (into NEXT_DIST_DIR, default .next) and
// the bench's second app (scripts/bench/naive-peer, into <NEXT_DIST_DIR>-naive-peer), creates
// and seeds a throwaway PostgreSQL database, starts the app's production server, the floor
// server (scripts/bench/floor-server.tsx) and the peer's `next start` on it, checks that every
// side answers the same, then loads each case with autocannon: each side first answers N of
// its requests unmeasured (the priming: V8 optimizes by how often code runs), then, per
// round, floor, app, naive, framework (each case's own sides; a warm-up before each
// measurement). The 100-seat list is then measured again on an embedded PGlite sidecar
// (floor and app only).
// Everything it started is stopped and dropped at the end, also on failure or Ctrl-C.
// The exit code is 0 whether or not the targets are met; 1 when the bench itself broke.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import { parseArgs } from "node:util";
import pg from "pg";
import { SOURCE_DIRS, SOURCE_FILES, buildIfNeeded, distDir } from "../lib/build";
import { BenchBroken, CONNECTIONS, embeddedCase, postgresCases, type BenchCase, type CaseId, type Servers, type Side } from "./cases";
import { createEmbeddedDatabase, createPostgresDatabase, type BenchDatabase } from "./database";
import { load, prime, type Priming, type RunStats } from "./load";
import { buildPeerIfNeeded, peerDistDir, startPeer } from "./peer";
import { ROOT, benchEnv, cleanUp, cpuTicks, descendants, log, onCleanup, rssMb, startApp, startFloor, waitForIdle, type Server } from "./processes";
import { caseResult, headline, table, type CaseResult, type SideRuns } from "./report";
import { seed, type SeedPlan } from "./seed";

const { values: args } = parseArgs({
  options: {
    json: { type: "boolean", default: false },
    quick: { type: "boolean", default: false },
    rounds: { type: "string" },
    duration: { type: "string" },
    warmup: { type: "string" },
    prime: { type: "string" },
    only: { type: "string" },
  },
});

// Four sides instead of two: runs of 6 s (after 2 s of warm-up) and a priming of at most 8 s
// per side keep a full run under 15 minutes on 2 cores (docs/performance.md, Running it).
const settings = {
  rounds: Number(args.rounds ?? (args.quick ? 1 : 2)),
  duration_s: Number(args.duration ?? (args.quick ? 2 : 6)),
  warmup_s: Number(args.warmup ?? (args.quick ? 1 : 2)),
  prime_requests: Number(args.prime ?? (args.quick ? 100 : 1000)),
  prime_max_s: args.quick ? 3 : 8,
  connections: CONNECTIONS,
  statistic:
    "per side, the mean over the rounds of each run's req/s (responses completed in the measurement window ÷ its length), p50 and p99 (nearest rank, 2xx responses of the window), server CPU per request (/proc, until idle again); ratio = app req/s ÷ floor req/s, naive_ratio and framework_ratio = app req/s ÷ that side's; cpu_ratio = floor CPU ÷ app CPU per request (naive_cpu_ratio, framework_cpu_ratio alike)",
  priming:
    "before a case's first round, each side answers at least prime_requests of its requests (at most prime_max_s), unmeasured: the app's page reaches its steady CPU per request only after about 900 pages, the floor's after about 4 s (docs/performance.md)",
  order: "per case and round, each of the case's sides in turn: floor, app, naive, framework (warm-up then measurement on the same connections, then wait until idle)",
};
const only = args.only ? new Set(args.only.split(",").map((s) => s.trim())) : null;
const wanted = (id: CaseId) => !only || only.has(id);

// The database's backends (on PostgreSQL; PGlite's sidecar is a process under ours).
async function backends(client: pg.Client, kind: BenchDatabase["kind"]) {
  if (kind === "pglite") return [];
  const { rows } = await client.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
  return rows.map((row) => row.pid as number);
}

// The machine is shared: how much CPU went to processes that are not the bench's (not this
// process, the servers and the sidecar under it, or the database's backends) tells how far
// a run can be trusted.
function machineBusyTicks() {
  const f = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  return f[0]! + f[1]! + f[2]! + f[5]! + f[6]! + f[7]!;
}

async function othersMeter(client: pg.Client, kind: BenchDatabase["kind"]) {
  const ours = async () => [process.pid, ...descendants(process.pid), ...(await backends(client, kind))];
  const before = new Map((await ours()).map((pid) => [pid, cpuTicks(pid)]));
  const start = { machine: machineBusyTicks(), at: performance.now() };
  return async () => {
    const machine = machineBusyTicks() - start.machine;
    const seconds = (performance.now() - start.at) / 1000;
    // A process that ended meanwhile reads as 0 (its share is lost); one that started (a new
    // pooled connection's backend) counts whole.
    const now = await ours();
    const used = now.reduce((sum, pid) => sum + Math.max(0, cpuTicks(pid) - (before.get(pid) ?? 0)), 0);
    return Math.max(0, Math.round(((machine - used) / 100 / seconds) * 100) / 100);
  };
}

// CPU ticks of the server's processes and of the database's backends, from now on.
async function cpuMeter(server: Server, client: pg.Client, kind: BenchDatabase["kind"]) {
  const read = async () => {
    const ticks = (pids: number[]) => new Map(pids.map((pid) => [pid, cpuTicks(pid)]));
    return { server: ticks(server.pids()), db: ticks(await backends(client, kind)) };
  };
  const before = await read();
  const grown = (now: Map<number, number>, then: Map<number, number>) =>
    [...now].reduce((sum, [pid, ticks]) => sum + Math.max(0, ticks - (then.get(pid) ?? 0)), 0);
  return async () => {
    const after = await read();
    return { server: grown(after.server, before.server), db: grown(after.db, before.db) };
  };
}

// autocannon stops on time with requests in flight, which the server still finishes after
// the sockets close; the next run starts once the server and the database are idle again.
async function settle(server: Server, client: pg.Client, kind: BenchDatabase["kind"]) {
  return waitForIdle(async () => [...server.pids(), ...(await backends(client, kind))]);
}

async function measureCase(benchCase: BenchCase, servers: Servers, client: pg.Client, kind: BenchDatabase["kind"]): Promise<CaseResult> {
  const started = Date.now();
  const check = await benchCase.verify(servers);
  log(`${benchCase.id}: ${check}`);
  const sides = benchCase.sides;
  const runs: Partial<Record<Side, RunStats[]>> = {};
  const primed: Partial<Record<Side, Priming>> = {};
  for (const side of sides) {
    const server = servers[side]!;
    primed[side] = await prime(benchCase.target(server, side), settings.prime_requests, settings.prime_max_s);
    await settle(server, client, kind);
    await benchCase.afterRun?.(side, client);
    log(`${benchCase.id} primed ${side.padEnd(9)} ${primed[side].requests} requests in ${primed[side].seconds} s, errors ${primed[side].errors}`);
  }
  let connections = CONNECTIONS;
  for (let round = 1; round <= settings.rounds; round++) {
    for (const side of sides) {
      const server = servers[side]!;
      const target = benchCase.target(server, side);
      connections = target.connections;
      const others = await othersMeter(client, kind);
      const cpu = await cpuMeter(server, client, kind);
      const run = await load(target, settings.duration_s, settings.warmup_s);
      const others_cpu_cores = await others();
      const waited = await settle(server, client, kind);
      const used = await cpu();
      await benchCase.afterRun?.(side, client);
      const served = Math.max(1, run.answered + run.unfinished);
      const server_cpu_ms = Math.round((used.server * 10_000) / served) / 1000;
      const db_cpu_ms = kind === "pglite" ? null : Math.round((used.db * 10_000) / served) / 1000;
      (runs[side] ??= []).push({ ...run, settle_ms: waited, others_cpu_cores, server_cpu_ms, db_cpu_ms });
      const codes = Object.entries(run.status_codes).map(([code, n]) => `${code}×${n}`).join(" ");
      log(
        `${benchCase.id} round ${round} ${side.padEnd(9)} ${run.rps.toFixed(1).padStart(8)} req/s  p50 ${run.p50_ms} ms  p99 ${run.p99_ms} ms  errors ${run.errors}  CPU ${server_cpu_ms} ms/req${db_cpu_ms === null ? "" : ` + db ${db_cpu_ms}`}  (${codes || "no response"}; others used ${others_cpu_cores} cores; idle after ${(waited / 1000).toFixed(1)} s)`,
      );
    }
  }
  const measured: Partial<Record<Side, SideRuns>> = {};
  for (const side of sides) measured[side] = { runs: runs[side]!, primed: primed[side]! };
  log(`${benchCase.id} done in ${Math.round((Date.now() - started) / 1000)} s`);
  return caseResult(benchCase, connections, measured, check);
}

/** The app and the floor; on PostgreSQL also the peer (one process: the naive peer and the framework floor). */
async function startServers(database: BenchDatabase, label: string): Promise<Servers & { app: Server; floor: Server; peer?: Server }> {
  const embedded = database.kind === "pglite";
  const env = benchEnv(database.url, embedded);
  const [app, floor, peer] = await Promise.all([
    startApp(`app (${label})`, env),
    startFloor(`floor (${label})`, env),
    embedded ? undefined : startPeer(`naive peer (${label})`, env),
  ]);
  log(`app on ${app.url} (pid ${app.pid}), floor on ${floor.url} (pid ${floor.pid})${peer ? `, naive peer and framework floor on ${peer.url} (pid ${peer.pid})` : ""}`);
  return { app, floor, ...(peer ? { naive: peer, framework: peer, peer } : {}) };
}

async function seedDatabase(database: BenchDatabase, plan: SeedPlan) {
  const started = Date.now();
  const client = new pg.Client({ connectionString: database.url });
  // Dropping the database at the end (or on failure) ends this connection from the server's side.
  client.on("error", () => {});
  await client.connect();
  const close = onCleanup("close the bench's connection", () => client.end().catch(() => {}));
  const seeded = await seed(client, plan);
  await client.query("VACUUM ANALYZE");
  log(`seeded ${database.kind} (${plan.lists.join(", ")} seat lists${plan.holder ? ", the holder" : ""}${plan.writes ? ", the writes' subscription" : ""}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { client, seeded, close };
}

/** The commit measured, with "+changes" when the checkout differs from it (null outside git). */
function commitOf() {
  const git = (...args: string[]) => spawnSync("git", args, { cwd: ROOT, encoding: "utf8" });
  const head = git("rev-parse", "--short", "HEAD");
  if (head.status !== 0) return null;
  const dirty = git("status", "--porcelain", "--untracked-files=no", "--", ...SOURCE_DIRS, ...SOURCE_FILES, "prisma", "scripts");
  return `${head.stdout.trim()}${dirty.stdout.trim() ? "+changes" : ""}`;
}

async function postgresVersion(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query("SHOW server_version");
  await client.end();
  return rows[0].server_version as string;
}

async function main() {
  const started = Date.now();
  const loadBefore = os.loadavg();
  log(`settings: each side primed with ${settings.prime_requests} requests (at most ${settings.prime_max_s} s) per case, then ${settings.rounds} round(s), ${settings.warmup_s} s warm-up + ${settings.duration_s} s per run, ${CONNECTIONS} connections (8 for writes); the app's build in ${distDir()}, the naive peer's in ${peerDistDir()}`);
  const build = await buildIfNeeded();
  const pgCases = ["list_100", "list_1000", "list_10000", "subscriptions", "page", "writes"] as const;
  const peerBuild = pgCases.some(wanted) ? await buildPeerIfNeeded() : { built: false, seconds: 0 };
  const results: Partial<Record<CaseId, CaseResult>> = {};
  const memory = { app_rss_mb: null as number | null, peer_rss_mb: null as number | null };

  let serverVersion = "";
  if (pgCases.some(wanted)) {
    const database = await createPostgresDatabase();
    serverVersion = `PostgreSQL ${await postgresVersion(database.url)}`;
    const { client, seeded, close } = await seedDatabase(database, { lists: [100, 1000, 10000], holder: true, writes: true });
    const servers = await startServers(database, "PostgreSQL");
    for (const benchCase of postgresCases(seeded).filter((c) => wanted(c.id))) {
      results[benchCase.id] = await measureCase(benchCase, servers, client, database.kind);
    }
    // The server's resident memory after every PostgreSQL case has run through it.
    memory.app_rss_mb = rssMb(servers.app.pids());
    memory.peer_rss_mb = servers.peer ? rssMb(servers.peer.pids()) : null;
    log(`resident memory: app ${memory.app_rss_mb} MiB, naive peer + framework floor ${memory.peer_rss_mb} MiB`);
    await close();
    await servers.app.stop();
    await servers.floor.stop();
    await servers.peer?.stop();
    await database.drop();
  }

  let embeddedVersion = "";
  if (wanted("embedded_list_100")) {
    const database = await createEmbeddedDatabase();
    embeddedVersion = `PGlite ${await postgresVersion(database.url)}`;
    const { client, seeded, close } = await seedDatabase(database, { lists: [100], holder: false, writes: false });
    const servers = await startServers(database, "PGlite");
    const benchCase = embeddedCase(seeded);
    results[benchCase.id] = await measureCase(benchCase, servers, client, database.kind);
    await close();
    await servers.app.stop();
    await servers.floor.stop();
    await database.drop();
  }

  const summary = headline(results, memory);
  const seconds = Math.round((Date.now() - started) / 1000);
  const cpus = os.cpus();
  const machine = {
    cpu: cpus[0]?.model ?? "unknown",
    cores: cpus.length,
    memory_gib: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    database: [serverVersion, embeddedVersion].filter(Boolean).join("; "),
    load_average_before: loadBefore.map((v) => Math.round(v * 100) / 100),
    load_average_after: os.loadavg().map((v) => Math.round(v * 100) / 100),
  };
  const output = {
    ...summary,
    cases: results,
    settings: {
      ...settings,
      write_connections: 8,
      autocannon: "9.0.0",
      dist_dir: distDir(),
      built: build.built,
      build_seconds: Math.round(build.seconds),
      peer_dist_dir: peerDistDir(),
      peer_built: peerBuild.built,
      peer_build_seconds: Math.round(peerBuild.seconds),
    },
    machine,
    commit: commitOf(),
    date: new Date().toISOString(),
    duration_s: seconds,
  };
  const rendered = table(results, summary);
  if (args.json) {
    process.stderr.write(`\n${rendered}\n\nbench took ${seconds} s\n`);
    process.stdout.write(`${JSON.stringify(output)}\n`);
  } else {
    process.stdout.write(`\n${rendered}\n\nbench took ${seconds} s on ${machine.cores} × ${machine.cpu}, load average before ${machine.load_average_before.join(" ")}\n`);
  }
  if (seconds > 900) log(`warning: the bench took ${seconds} s, over the 15 minutes it should stay under`);
}

try {
  await main();
  await cleanUp();
} catch (error) {
  const broken = error instanceof BenchBroken;
  log(`${broken ? "the bench is broken" : "the bench failed"}: ${(error as Error).stack ?? error}`);
  await cleanUp();
  process.exit(1);
}
