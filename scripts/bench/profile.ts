// npm run bench:profile: where the app's time goes, beside the floor's.
//
//   tsx scripts/bench/profile.ts [--cases list_100,list_10000,page] [--duration 10] [--sides app,floor] [--top 15]
//   tsx scripts/bench/profile.ts --reanalyze <folder of an earlier run> [--top 40]
//
// On the bench's data (a throwaway PostgreSQL database, seeded like `npm run bench`):
//  0. the fixed cost of a request: a constant answer on each side;
//  1. round trips: 20 requests one after the other through a proxy that reads the
//     PostgreSQL wire protocol; per request, the number of round trips, their SQL and the
//     time spent waiting for the database;
//  2. EXPLAIN (ANALYZE, BUFFERS) of the app's SELECTs of each case, with the parameters it sent;
//  3. CPU: each side under load (autocannon, 32 connections) with `node --cpu-prof`; the
//     samples of the measured window, by self time, by inclusive time and by package, and
//     the CPU time per request of the server and of PostgreSQL's backends.
// Prints a report on stdout and keeps the profiles (open them in Chrome DevTools), a JSON
// summary and the report in the folder it names. Frames of Next's minified bundles are
// named through their source maps. Cases: list_100, list_1000, list_10000, subscriptions,
// page, writes.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";
import { buildIfNeeded } from "../lib/build";
import { BenchBroken, postgresCases, type BenchCase, type CaseId, type Side as BenchSide } from "./cases";
import { createPostgresDatabase } from "./database";
import { load, type Target } from "./load";
import { startPgProxy, type RoundTrip } from "./pg-proxy";
import { ROOT, benchEnv, cleanUp, cpuTicks, log, onCleanup, startApp, startFloor, waitForIdle, type Server } from "./processes";
import { seed } from "./seed";
import { buildPeerIfNeeded, startPeer } from "./peer";

const { values: args } = parseArgs({
  options: {
    cases: { type: "string", default: "list_100,list_10000,page" },
    sides: { type: "string", default: "app,floor" },
    duration: { type: "string", default: "10" },
    out: { type: "string" },
    top: { type: "string", default: "15" },
    reanalyze: { type: "string" },
  },
});
// The app beside the bare floor by default; the naive peer and the framework floor on demand
// (--sides app,framework): both run in the peer's one `next start` process.
type Side = BenchSide;
const caseIds = args.cases!.split(",").map((s) => s.trim()) as CaseId[];
const sides = args.sides!.split(",").map((s) => s.trim()) as Side[];
const duration = Number(args.duration);
const outDir = args.reanalyze ?? args.out ?? path.join(tmpdir(), `seats-bench-profile-${new Date().toISOString().replace(/[:.]/g, "-")}`);
mkdirSync(outDir, { recursive: true });


const out: string[] = [];
const say = (line = "") => {
  out.push(line);
  process.stderr.write(`${line}\n`);
};
const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
const monotonicMicros = () => Number(process.hrtime.bigint() / 1000n);

/** One request of a case, sent with fetch (the writes: one assign and its revoke). */
async function once(target: Target) {
  if (!target.requests) {
    const response = await fetch(`${target.url}${target.path}`, { headers: target.headers });
    await response.arrayBuffer();
    if (!response.ok) throw new BenchBroken(`${target.path} answered ${response.status}`);
    return 1;
  }
  const context: Record<string, unknown> = {};
  for (const request of target.requests) {
    const built = request.setupRequest ? request.setupRequest({ ...request }, context)! : request;
    const response = await fetch(`${target.url}${built.path}`, { method: built.method, headers: built.headers, body: built.body });
    const body = await response.text();
    request.onResponse?.(response.status, body, context, {});
  }
  return target.requests.length;
}

type TripSummary = { requests: number; round_trips_per_request: number; db_wait_ms_per_request: number; wall_ms_per_request: number; statements: { count: number; sql: string; ms: number }[] };

function summarizeTrips(trips: RoundTrip[], requests: number, wallMs: number): TripSummary {
  const bySql = new Map<string, { count: number; ms: number }>();
  for (const trip of trips) {
    const sql = trip.sql.join(" ; ").replace(/\s+/g, " ").trim() || "(execute of a prepared statement)";
    const entry = bySql.get(sql) ?? { count: 0, ms: 0 };
    entry.count++;
    entry.ms += trip.ms;
    bySql.set(sql, entry);
  }
  return {
    requests,
    round_trips_per_request: round(trips.length / requests),
    db_wait_ms_per_request: round(trips.reduce((sum, t) => sum + t.ms, 0) / requests),
    wall_ms_per_request: round(wallMs / requests),
    statements: [...bySql.entries()].map(([sql, e]) => ({ count: round(e.count / requests), sql, ms: round(e.ms / e.count) })),
  };
}

async function countRoundTrips(cases: BenchCase[], databaseUrl: string) {
  const proxy = await startPgProxy(databaseUrl);
  const env = benchEnv(proxy.url, false);
  const servers: Partial<Record<Side, Server>> = { app: await startApp("app (through the proxy)", env), floor: await startFloor("floor (through the proxy)", env) };
  if (sides.some((side) => side === "naive" || side === "framework")) servers.naive = servers.framework = await startPeer("peer (through the proxy)", env);
  const results: Record<string, Record<string, TripSummary>> = {};
  const explainable: Record<string, RoundTrip[]> = {};
  for (const benchCase of cases) {
    results[benchCase.id] = {};
    for (const side of sides) {
      if (!benchCase.sides.includes(side)) continue;
      const target = benchCase.target(servers[side]!, side);
      for (let i = 0; i < 20; i++) await once(target);
      proxy.record();
      const started = performance.now();
      let requests = 0;
      for (let i = 0; i < 20; i++) requests += await once(target);
      const wall = performance.now() - started;
      const trips = proxy.take();
      results[benchCase.id]![side] = summarizeTrips(trips, requests, wall);
      if (side === "app") explainable[benchCase.id] = trips;
    }
  }
  await servers.app!.stop();
  await servers.floor!.stop();
  await servers.naive?.stop();
  await proxy.close();
  return { results, explainable };
}

async function explain(client: pg.Client, trips: RoundTrip[]) {
  const seen = new Set<string>();
  const plans: { sql: string; planning_ms: number; execution_ms: number; plan: string[] }[] = [];
  for (const trip of trips) {
    const sql = trip.sql[0];
    if (!sql || !/^\s*(SELECT|WITH)\b/i.test(sql) || /FOR UPDATE/i.test(sql) || seen.has(sql)) continue;
    seen.add(sql);
    const { rows } = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, trip.params[0] ?? []);
    const lines = rows.map((row) => row["QUERY PLAN"] as string);
    const ms = (label: string) => Number(lines.find((l) => l.startsWith(label))?.match(/([\d.]+) ms/)?.[1] ?? NaN);
    plans.push({ sql: sql.replace(/\s+/g, " ").trim(), planning_ms: ms("Planning Time"), execution_ms: ms("Execution Time"), plan: lines });
  }
  return plans;
}

type CallFrame = { functionName: string; url: string; lineNumber: number; columnNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; children?: number[] };
type CpuProfile = { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] };

type Consumer = { originalPositionFor(position: { line: number; column: number }): { source: string | null; line: number | null; name: string | null } };
type ConsumerClass = new (map: unknown) => Consumer;

// Next's server bundles are minified; their source maps (and those of Next's own runtime)
// give back the original file, line and name. source-map-js comes with the build tools;
// without it, frames keep their bundled names.
const require = createRequire(import.meta.url);
let SourceMapConsumer: ConsumerClass | null = null;
try {
  SourceMapConsumer = (require("source-map-js") as { SourceMapConsumer: ConsumerClass }).SourceMapConsumer;
} catch {
  SourceMapConsumer = null;
}
const consumers = new Map<string, Consumer | null>();

function consumerFor(url: string): Consumer | null {
  if (!SourceMapConsumer || !url.startsWith("file://")) return null;
  if (!consumers.has(url)) {
    const mapFile = `${fileURLToPath(url)}.map`;
    let consumer: Consumer | null = null;
    try {
      if (existsSync(mapFile)) consumer = new SourceMapConsumer(JSON.parse(readFileSync(mapFile, "utf8")));
    } catch {
      consumer = null;
    }
    consumers.set(url, consumer);
  }
  return consumers.get(url)!;
}

type Frame = { name: string; where: string; category: string };

function categoryOf(functionName: string, where: string): string {
  if (functionName === "(garbage collector)") return "(garbage collector)";
  if (functionName === "(program)") return "(program: V8 and native)";
  if (where.startsWith("wasm://")) return "prisma (query compiler, wasm)";
  if (!where) return "node (native)";
  if (where.startsWith("node:")) return "node";
  if (/react-dom|react-server-dom|(^|\/)react\//.test(where)) return "react / react-dom";
  if (/prisma/i.test(where)) return "prisma";
  if (/(^|\/)next\//.test(where)) return "next";
  if (/node_modules\/(pg|pg-protocol|pg-types|pg-pool|postgres-[a-z]+)\//.test(where)) return "pg";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(where);
  if (pkg) return pkg[1]!.replace("%40", "@");
  if (/(^|\/)(lib|app|components)\//.test(where)) return `app code: ${/(?:^|\/)((?:lib|app|components)\/.*?)(?::\d+)?$/.exec(where)![1]}`;
  if (where.includes("scripts/bench/")) return "floor (scripts/bench)";
  if (/\.next[^/]*\/server\//.test(where)) return "app bundle (unmapped)";
  return where;
}

const frames = new Map<number, Frame>();

/** A file as the report names it: from the project root, or from node_modules/. */
function display(file: string) {
  const at = file.lastIndexOf("/node_modules/");
  if (at !== -1) return file.slice(at + 1);
  return file.startsWith(ROOT) ? path.relative(ROOT, file) : file;
}

function originalFile(source: string, mapFile: string) {
  const webpack = /^webpack:\/\/([^/]+)\/(?:\.\/)?(.*)$/.exec(source);
  if (webpack) return display(path.join(ROOT, "node_modules", webpack[1]!, webpack[2]!));
  return display(path.resolve(path.dirname(mapFile), decodeURIComponent(source.replace(/^turbopack:\/\/\/?(\[project\]\/)?/, ""))));
}

function frameOf(node: ProfileNode): Frame {
  let frame = frames.get(node.id);
  if (frame) return frame;
  const { functionName, url, lineNumber, columnNumber } = node.callFrame;
  let name = functionName || "(anonymous)";
  let where = "";
  if (url.startsWith("file://")) {
    where = `${display(fileURLToPath(url))}:${lineNumber + 1}`;
    const consumer = consumerFor(url);
    const original = consumer?.originalPositionFor({ line: lineNumber + 1, column: columnNumber });
    if (original?.source) {
      where = `${originalFile(original.source, fileURLToPath(url))}:${original.line}`;
      if (original.name && /^[a-zA-Z_$]{1,2}$/.test(name)) name = original.name;
    }
  } else if (url) {
    where = `${url}:${lineNumber + 1}`;
  }
  frame = { name, where, category: categoryOf(functionName, where) };
  frames.set(node.id, frame);
  return frame;
}

function analyzeProfile(profile: CpuProfile, fromMicros: number, toMicros: number, requests: number) {
  frames.clear();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<number, number>();
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i]!;
    if (t < fromMicros || t > toMicros) continue;
    const delta = profile.timeDeltas[i + 1] ?? 0;
    self.set(profile.samples[i]!, (self.get(profile.samples[i]!) ?? 0) + delta);
  }
  const key = (f: Frame) => `${f.name}  ${f.where}`;
  const selfByFn = new Map<string, number>();
  const inclusiveByFn = new Map<string, number>();
  const byCategory = new Map<string, number>();
  let busy = 0;
  let idle = 0;
  for (const [id, micros] of self) {
    const node = byId.get(id)!;
    if (node.callFrame.functionName === "(idle)") {
      idle += micros;
      continue;
    }
    busy += micros;
    const frame = frameOf(node);
    selfByFn.set(key(frame), (selfByFn.get(key(frame)) ?? 0) + micros);
    byCategory.set(frame.category, (byCategory.get(frame.category) ?? 0) + micros);
    const onStack = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const ancestor = byId.get(at)!;
      if (ancestor.callFrame.functionName === "(root)") continue;
      onStack.add(key(frameOf(ancestor)));
    }
    for (const k of onStack) inclusiveByFn.set(k, (inclusiveByFn.get(k) ?? 0) + micros);
  }
  const top = (map: Map<string, number>, n: number) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, micros]) => ({ name, ms_per_request: round(micros / 1000 / requests, 3), share: round(micros / busy, 3) }));
  return {
    window_s: round((toMicros - fromMicros) / 1e6),
    cpu_busy_share: round(busy / (busy + idle), 3),
    cpu_ms_per_request: round(busy / 1000 / requests, 3),
    categories: top(byCategory, 25),
    self: top(selfByFn, 40),
    inclusive: top(inclusiveByFn, 80),
  };
}

async function backendCpuTicks(client: pg.Client, database: string) {
  const { rows } = await client.query(`SELECT pid FROM pg_stat_activity WHERE datname = $1`, [database]);
  let ticks = 0;
  for (const { pid } of rows) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // gone
    }
  }
  return ticks;
}

type Measured = { file: string; from: number; to: number; run: Awaited<ReturnType<typeof load>>; pg_cpu_ms_per_request: number; peak_rss_mib: number };

/** The largest resident set any of the processes reached (VmHWM), in MiB. */
function peakRssMib(pids: number[]) {
  let peak = 0;
  for (const pid of pids) {
    try {
      const kib = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
      peak = Math.max(peak, kib / 1024);
    } catch {
      // gone
    }
  }
  return Math.round(peak);
}

// Idle, for a process under --cpu-prof: below a quarter of a core.
const PROFILED_IDLE = 0.25;

async function profileUnderLoad(benchCase: BenchCase, side: Side, databaseUrl: string, client: pg.Client): Promise<Measured> {
  const name = `${benchCase.id}-${side}`;
  // One folder per run: every thread writes a profile (the floor's tsx loader has one); the
  // main thread's is the largest.
  const dir = path.join(outDir, name);
  const nodeArgs = ["--cpu-prof", "--cpu-prof-dir", dir];
  const env = benchEnv(databaseUrl, false);
  const server =
    side === "app" ? await startApp(`app (${name}, profiled)`, env, nodeArgs) : side === "floor" ? await startFloor(`floor (${name}, profiled)`, env, nodeArgs) : await startPeer(`peer (${name}, profiled)`, env, nodeArgs);
  const target = benchCase.target(server, side);
  await load(target, 3);
  // The profiler's own sampling keeps a profiled process near 10 % of a core when idle.
  await waitForIdle(server.pids, 120_000, PROFILED_IDLE);
  const database = new URL(databaseUrl).pathname.slice(1);
  const ticksBefore = await backendCpuTicks(client, database);
  // The profile's timestamps and process.hrtime() read the same monotonic clock.
  const from = monotonicMicros();
  const run = await load(target, duration);
  const to = monotonicMicros();
  const pgTicks = (await backendCpuTicks(client, database)) - ticksBefore;
  await waitForIdle(server.pids, 120_000, PROFILED_IDLE);
  const peak_rss_mib = peakRssMib(server.pids());
  await server.stop();
  const written = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".cpuprofile")) : [];
  if (!written.length) throw new Error(`no profile was written to ${dir}`);
  const file = path.join(dir, written.sort((a, b) => statSync(path.join(dir, b)).size - statSync(path.join(dir, a)).size)[0]!);
  return { file, from, to, run, pg_cpu_ms_per_request: round((pgTicks * 10) / Math.max(1, run.requests), 3), peak_rss_mib };
}

type Baseline = Record<Side, { rps: number; cpu_ms_per_request: number; p50_ms: number; p99_ms: number }>;

/**
 * The fixed cost of a request: the app's liveness route (a route handler that answers a
 * constant) against the floor's, 32 connections, CPU time from /proc.
 */
async function measureBaseline(databaseUrl: string): Promise<Baseline> {
  const env = benchEnv(databaseUrl, false);
  const result = {} as Baseline;
  for (const side of sides) {
    const server = side === "app" ? await startApp("app (baseline)", env) : side === "floor" ? await startFloor("floor (baseline)", env) : await startPeer("peer (baseline)", env);
    const target: Target = { url: server.url, path: side === "app" ? "/api/health" : "/health", headers: {}, connections: 32 };
    await load(target, 3);
    await waitForIdle(server.pids);
    const before = server.pids().reduce((sum, pid) => sum + cpuTicks(pid), 0);
    const run = await load(target, Math.min(duration, 10));
    const ticks = server.pids().reduce((sum, pid) => sum + cpuTicks(pid), 0) - before;
    result[side] = { rps: run.rps, cpu_ms_per_request: round((ticks * 10) / Math.max(1, run.requests), 3), p50_ms: run.p50_ms, p99_ms: run.p99_ms };
    await server.stop();
  }
  return result;
}

type Summary = {
  baseline?: Baseline;
  cases: { id: string; label: string }[];
  sides: Side[];
  trips: Record<string, Record<string, TripSummary>>;
  plans: Record<string, Awaited<ReturnType<typeof explain>>>;
  profiles: Record<string, Record<string, Measured>>;
};

const pct = (share: number) => `${String(Math.round(share * 1000) / 10).padStart(5)} %`;

function report(summary: Summary, top: number) {
  if (summary.baseline) {
    say("## baseline: a constant answer (the app's GET /api/health, the floor's GET /health)");
    for (const side of summary.sides) {
      const b = summary.baseline[side];
      say(`  ${side.padEnd(5)} ${b.rps} req/s, p50 ${b.p50_ms} ms, p99 ${b.p99_ms} ms, server CPU ${b.cpu_ms_per_request} ms/request`);
    }
  }
  for (const { id, label } of summary.cases) {
    say(`\n## ${id}: ${label}`);
    for (const side of summary.sides) {
      const t = summary.trips[id]![side];
      const m = summary.profiles[id]![side];
      if (!t || !m) continue;
      const p = analyzeProfile(JSON.parse(readFileSync(m.file, "utf8")) as CpuProfile, m.from, m.to, Math.max(1, m.run.requests));
      say(`\n### ${side}`);
      say(`sequential: ${t.round_trips_per_request} DB round trips per request, ${t.db_wait_ms_per_request} ms waiting for them (as timed by the proxy, its own cost included)`);
      for (const st of t.statements) say(`  ${String(st.count).padStart(5)} × ${String(st.ms).padStart(7)} ms  ${st.sql.slice(0, 220)}`);
      say(`under load: ${m.run.rps} req/s, p50 ${m.run.p50_ms} ms, p99 ${m.run.p99_ms} ms; server CPU ${p.cpu_ms_per_request} ms/request (busy ${Math.round(p.cpu_busy_share * 100)} % of the window), PostgreSQL backends ${m.pg_cpu_ms_per_request} ms/request; peak RSS of the server ${m.peak_rss_mib} MiB`);
      say(`by package or file (self time, ms/request, share of the server's CPU):`);
      for (const c of p.categories.slice(0, top)) say(`  ${String(c.ms_per_request).padStart(9)}  ${pct(c.share)}  ${c.name}`);
      say(`top self time:`);
      for (const f of p.self.slice(0, top)) say(`  ${String(f.ms_per_request).padStart(9)}  ${pct(f.share)}  ${f.name}`);
      say(`top inclusive time (synchronous stacks: an await ends a stack):`);
      for (const f of p.inclusive.slice(0, top * 2)) say(`  ${String(f.ms_per_request).padStart(9)}  ${pct(f.share)}  ${f.name}`);
      say(`profile: ${m.file}`);
    }
    for (const plan of summary.plans[id] ?? []) {
      say(`\nEXPLAIN ANALYZE (planning ${plan.planning_ms} ms, execution ${plan.execution_ms} ms): ${plan.sql.slice(0, 200)}`);
      for (const line of plan.plan.slice(0, 14)) say(`    ${line.length > 240 ? `${line.slice(0, 240)}…` : line}`);
    }
  }
}

async function main() {
  const top = Number(args.top);
  if (args.reanalyze) {
    report(JSON.parse(readFileSync(path.join(args.reanalyze, "summary.json"), "utf8")) as Summary, top);
    process.stdout.write(`${out.join("\n")}\n`);
    return;
  }
  await buildIfNeeded();
  if (sides.some((side) => side === "naive" || side === "framework")) await buildPeerIfNeeded();
  const database = await createPostgresDatabase();
  const client = new pg.Client({ connectionString: database.url });
  client.on("error", () => {});
  await client.connect();
  const closeClient = onCleanup("close the profiler's connection", () => client.end().catch(() => {}));
  const seeded = await seed(client, { lists: [100, 1000, 10000], holder: true, writes: true });
  await client.query("VACUUM ANALYZE");
  const cases = postgresCases(seeded).filter((c) => caseIds.includes(c.id));

  log("baseline: a constant answer on each side…");
  const baseline = await measureBaseline(database.url);
  log("counting round trips (20 sequential requests per case and side, through a wire-protocol proxy)…");
  const { results: trips, explainable } = await countRoundTrips(cases, database.url);
  log("EXPLAIN ANALYZE of the app's SELECTs…");
  const plans: Summary["plans"] = {};
  for (const benchCase of cases) plans[benchCase.id] = await explain(client, explainable[benchCase.id] ?? []);

  const profiles: Summary["profiles"] = {};
  for (const benchCase of cases) {
    profiles[benchCase.id] = {};
    for (const side of sides) {
      if (!benchCase.sides.includes(side)) continue;
      log(`profiling ${benchCase.id} on the ${side} (${duration} s under load)…`);
      profiles[benchCase.id]![side] = await profileUnderLoad(benchCase, side, database.url, client);
    }
  }
  await closeClient();
  await database.drop();

  const summary: Summary = { baseline, cases: cases.map((c) => ({ id: c.id, label: c.label })), sides, trips, plans, profiles };
  writeFileSync(path.join(outDir, "summary.json"), JSON.stringify(summary, null, 1));
  report(summary, top);
  writeFileSync(path.join(outDir, "report.txt"), out.join("\n"));
  process.stdout.write(`${out.join("\n")}\n\nprofiles, summary.json and report.txt in ${outDir} (re-read with --reanalyze ${outDir})\n`);
}

try {
  await main();
  await cleanUp();
} catch (error) {
  log(`the profiler failed: ${(error as Error).stack ?? error}`);
  await cleanUp();
  process.exit(1);
}
