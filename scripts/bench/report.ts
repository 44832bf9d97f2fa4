// The figures: per case, the mean over the rounds of each side; the headline fields of
// issues 7 and 22 (their names are a contract) and which target each figure meets.
import type { BenchCase, CaseId, Side } from "./cases";
import type { Priming, RunStats } from "./load";

export type SideSummary = {
  rps: number;
  p50_ms: number;
  p99_ms: number;
  errors: number;
  /** Server CPU per request (ms), and the database backends' (null on PGlite). */
  cpu_ms: number;
  db_cpu_ms: number | null;
  others_cpu_cores: number;
  /** The unmeasured requests sent before the first round (their errors count in `errors`). */
  primed: Priming;
  runs: RunStats[];
};

export type CaseResult = {
  label: string;
  describe: string;
  connections: number;
  seats?: number;
  floor: SideSummary;
  app: SideSummary;
  /** The naive peer and the framework floor, in the cases that measure them. */
  naive?: SideSummary;
  framework?: SideSummary;
  /** app req/s ÷ floor req/s (means over the rounds). */
  ratio: number;
  /** floor server CPU per request ÷ app's: the same comparison in CPU time, steadier on a busy machine. */
  cpu_ratio: number;
  /** app req/s ÷ the naive peer's, and ÷ the framework floor's (null where not measured). */
  naive_ratio: number | null;
  framework_ratio: number | null;
  /** The same comparisons in CPU time: the side's server CPU per request ÷ the app's. */
  naive_cpu_ratio: number | null;
  framework_cpu_ratio: number | null;
  check: string;
};

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

/** One side's measured runs and its priming. */
export type SideRuns = { runs: RunStats[]; primed: Priming };

export function summarize({ runs, primed }: SideRuns): SideSummary {
  return {
    rps: round(mean(runs.map((r) => r.rps)), 1),
    p50_ms: round(mean(runs.map((r) => r.p50_ms)), 1),
    p99_ms: round(mean(runs.map((r) => r.p99_ms)), 1),
    errors: primed.errors + runs.reduce((sum, r) => sum + r.errors, 0),
    cpu_ms: round(mean(runs.map((r) => r.server_cpu_ms ?? 0)), 3),
    db_cpu_ms: runs.some((r) => r.db_cpu_ms === null || r.db_cpu_ms === undefined) ? null : round(mean(runs.map((r) => r.db_cpu_ms!)), 3),
    others_cpu_cores: round(mean(runs.map((r) => r.others_cpu_cores ?? 0))),
    primed,
    runs,
  };
}

export function caseResult(benchCase: BenchCase, connections: number, sides: Partial<Record<Side, SideRuns>>, check: string): CaseResult {
  const floor = summarize(sides.floor!);
  const app = summarize(sides.app!);
  const naive = sides.naive ? summarize(sides.naive) : undefined;
  const framework = sides.framework ? summarize(sides.framework) : undefined;
  // A side that answered nothing in its windows (a 10,000-seat list under --quick) has no ratio.
  const rpsRatio = (other: SideSummary | undefined) => (other && other.rps > 0 ? round(app.rps / other.rps, 3) : null);
  const cpuRatio = (other: SideSummary | undefined) => (other ? (app.cpu_ms > 0 ? round(other.cpu_ms / app.cpu_ms, 3) : 0) : null);
  return {
    label: benchCase.label,
    describe: benchCase.describe,
    connections,
    ...(benchCase.seats ? { seats: benchCase.seats } : {}),
    floor,
    app,
    ...(naive ? { naive } : {}),
    ...(framework ? { framework } : {}),
    ratio: rpsRatio(floor) ?? 0,
    cpu_ratio: cpuRatio(floor)!,
    naive_ratio: rpsRatio(naive),
    framework_ratio: rpsRatio(framework),
    naive_cpu_ratio: cpuRatio(naive),
    framework_cpu_ratio: cpuRatio(framework),
    check,
  };
}

type Target = { target: string; value: number | null; met: boolean | null; pass: boolean | null };

const sidesOf = (r: CaseResult) => [r.floor, r.app, r.naive, r.framework].filter((side): side is SideSummary => side !== undefined);

export function headline(cases: Partial<Record<CaseId, CaseResult>>, memory: { app_rss_mb: number | null; peer_rss_mb: number | null } = { app_rss_mb: null, peer_rss_mb: null }) {
  const c = cases;
  const usPerSeat = (id: CaseId) => {
    const result = c[id];
    return result?.seats && result.app.rps > 0 ? round(1e6 / (result.app.rps * result.seats), 3) : null;
  };
  const us_per_seat = { "100": usPerSeat("list_100"), "1000": usPerSeat("list_1000"), "10000": usPerSeat("list_10000") };
  const errors = Object.values(c).reduce((sum, r) => sum + sidesOf(r!).reduce((n, side) => n + side.errors, 0), 0);
  const check = (target: string, value: number | null | undefined, pass: (v: number) => boolean): Target => {
    if (value === null || value === undefined) return { target, value: null, met: null, pass: null };
    const met = pass(value);
    return { target, value, met, pass: met };
  };
  const list100 = c.list_100;
  // A side with no response in its windows has no latency (not a p99 of 0).
  const p99 = (side: SideSummary | undefined) => (side && side.rps > 0 ? side.p99_ms : null);
  const p99_10000_ms = p99(c.list_10000?.app);
  const naive_p99_10000_ms = p99(c.list_10000?.naive);
  const figures = {
    naive_ratio_100: list100?.naive_ratio ?? null,
    framework_ratio_100: list100?.framework_ratio ?? null,
    naive_ratio_1000: c.list_1000?.naive_ratio ?? null,
    naive_ratio_10000: c.list_10000?.naive_ratio ?? null,
    p99_10000_ms,
    naive_p99_10000_ms,
    naive_page_ratio: c.page?.naive_ratio ?? null,
    naive_write_ratio: c.writes?.naive_ratio ?? null,
    framework_write_ratio: c.writes?.framework_ratio ?? null,
  };
  // Issue 22's table: against the bare floor, the naive peer and the framework floor.
  const targets: Record<string, Target | boolean> = {
    ratio: check(">= 0.45", list100?.ratio, (v) => v >= 0.45),
    naive_ratio_100: check(">= 1.1", figures.naive_ratio_100, (v) => v >= 1.1),
    framework_ratio_100: check(">= 0.8", figures.framework_ratio_100, (v) => v >= 0.8),
    ratio_1000: check(">= 0.8", c.list_1000?.ratio, (v) => v >= 0.8),
    naive_ratio_1000: check(">= 1.5", figures.naive_ratio_1000, (v) => v >= 1.5),
    ratio_10000: check(">= 0.85", c.list_10000?.ratio, (v) => v >= 0.85),
    naive_ratio_10000: check(">= 2", figures.naive_ratio_10000, (v) => v >= 2),
    p99_10000_ms: check(
      `<= 0.6 × naive_p99_10000_ms${naive_p99_10000_ms !== null ? ` (${round(0.6 * naive_p99_10000_ms, 1)})` : ""}`,
      naive_p99_10000_ms === null ? null : p99_10000_ms,
      (v) => v <= 0.6 * naive_p99_10000_ms!,
    ),
    page_ratio: check(">= 0.25", c.page?.ratio, (v) => v >= 0.25),
    naive_page_ratio: check(">= 1.1", figures.naive_page_ratio, (v) => v >= 1.1),
    write_ratio: check(">= 0.5", c.writes?.ratio, (v) => v >= 0.5),
    naive_write_ratio: check(">= 1.2", figures.naive_write_ratio, (v) => v >= 1.2),
    framework_write_ratio: check(">= 0.8", figures.framework_write_ratio, (v) => v >= 0.8),
    errors: check("= 0", errors, (v) => v === 0),
    us_per_seat_flat: check(
      `us_per_seat[10000] <= us_per_seat[1000]${us_per_seat["1000"] !== null ? ` (${us_per_seat["1000"]})` : ""}`,
      us_per_seat["10000"] !== null && us_per_seat["1000"] !== null ? us_per_seat["10000"] : null,
      (v) => v <= us_per_seat["1000"]!,
    ),
  };
  const measured = Object.values(targets) as Target[];
  targets.all_met = measured.every((t) => t.met === true);
  return {
    rps: list100?.app.rps ?? null,
    floor_rps: list100?.floor.rps ?? null,
    ratio: list100?.ratio ?? null,
    p99_ms: list100?.app.p99_ms ?? null,
    floor_p99_ms: list100?.floor.p99_ms ?? null,
    ratio_1000: c.list_1000?.ratio ?? null,
    ratio_10000: c.list_10000?.ratio ?? null,
    page_ratio: c.page?.ratio ?? null,
    write_ratio: c.writes?.ratio ?? null,
    embedded_rps: c.embedded_list_100?.app.rps ?? null,
    errors,
    us_per_seat,
    ...figures,
    /** Resident memory of the app's server (its process tree), and of the peer's, after the PostgreSQL cases. */
    app_rss_mb: memory.app_rss_mb,
    peer_rss_mb: memory.peer_rss_mb,
    targets,
    /** Mean cores taken by processes that are not the bench's, over every run (noise). */
    others_cpu_cores: round(mean(Object.values(c).flatMap((r) => sidesOf(r!).map((side) => side.others_cpu_cores)))),
  };
}

const pad = (text: string, width: number, right = true) => (right ? text.padStart(width) : text.padEnd(width));
const fmt = (value: number, digits = 0) => value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

export function table(cases: Partial<Record<CaseId, CaseResult>>, summary: ReturnType<typeof headline>) {
  const rps = (side: SideSummary | undefined) => (side ? fmt(side.rps, 1) : "—");
  const p99 = (side: SideSummary | undefined) => (side ? `${fmt(side.p99_ms, 1)} ms` : "—");
  const ratio = (value: number | null) => (value === null ? "—" : value.toFixed(2));
  const rows = [
    ["case", "conns", "floor req/s", "app req/s", "naive req/s", "fw req/s", "app÷floor", "app÷naive", "app÷fw", "floor p99", "app p99", "naive p99", "fw p99", "errors", "CPU ms/req floor", "app", "naive", "fw", "others' CPU"],
    ...Object.entries(cases).map(([id, r]) => [
      id,
      String(r!.connections),
      rps(r!.floor),
      rps(r!.app),
      rps(r!.naive),
      rps(r!.framework),
      ratio(r!.ratio),
      ratio(r!.naive_ratio),
      ratio(r!.framework_ratio),
      p99(r!.floor),
      p99(r!.app),
      p99(r!.naive),
      p99(r!.framework),
      String(sidesOf(r!).reduce((n, side) => n + side.errors, 0)),
      fmt(r!.floor.cpu_ms, 2),
      fmt(r!.app.cpu_ms, 2),
      r!.naive ? fmt(r!.naive.cpu_ms, 2) : "—",
      r!.framework ? fmt(r!.framework.cpu_ms, 2) : "—",
      `${mean(sidesOf(r!).map((side) => side.others_cpu_cores)).toFixed(2)} cores`,
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const line = (row: string[]) => row.map((cell, i) => pad(cell, widths[i]!, i > 0)).join("  ");
  const out = [line(rows[0]!), widths.map((w) => "-".repeat(w)).join("  "), ...rows.slice(1).map(line)];
  out.push("");
  const perSeat = Object.entries(summary.us_per_seat)
    .map(([seats, us]) => `${seats}: ${us === null ? "—" : `${us} µs`}`)
    .join(", ");
  out.push(`cost per seat of the list (app, 1e6 / (req/s × seats)): ${perSeat}`);
  out.push(`embedded (PGlite sidecar) 100-seat list: ${summary.embedded_rps ?? "—"} req/s`);
  out.push(`resident memory after the PostgreSQL cases: app ${summary.app_rss_mb ?? "—"} MiB, naive peer + framework floor ${summary.peer_rss_mb ?? "—"} MiB`);
  out.push("sides: floor = bare node:http + pg; naive = the naive Next.js + Prisma peer; fw = the framework floor (the app's statements through Prisma in a route handler); ratios are app req/s ÷ the side's");
  out.push("CPU ms/req: the server process's CPU time per request (from /proc, until it is idle again)");
  out.push(`others' CPU: cores used by processes that are not the bench's during its runs (the machine is shared; 0 is a quiet machine)`);
  out.push("");
  out.push("targets:");
  for (const [name, t] of Object.entries(summary.targets)) {
    if (typeof t === "boolean") continue;
    const verdict = t.met === null ? "not measured" : t.met ? "met" : "NOT MET";
    out.push(`  ${pad(name, 21, false)} ${pad(String(t.value ?? "—"), 9)}  ${pad(t.target, 40, false)} ${verdict}`);
  }
  out.push(`  ${summary.targets.all_met ? "every target met" : "not every target met"}`);
  return out.join("\n");
}
