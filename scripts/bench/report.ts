// The figures: per case, the mean over the rounds of each side; the headline fields of
// issue 7 (their names are a contract) and which target each figure meets.
import type { BenchCase, CaseId } from "./cases";
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
  /** app req/s ÷ floor req/s (means over the rounds). */
  ratio: number;
  /** floor server CPU per request ÷ app's: the same comparison in CPU time, steadier on a busy machine. */
  cpu_ratio: number;
  check: string;
};

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

/** One side's measured runs and its priming. */
type SideRuns = { runs: RunStats[]; primed: Priming };

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

export function caseResult(benchCase: BenchCase, connections: number, floorRuns: SideRuns, appRuns: SideRuns, check: string): CaseResult {
  const floor = summarize(floorRuns);
  const app = summarize(appRuns);
  return {
    label: benchCase.label,
    describe: benchCase.describe,
    connections,
    ...(benchCase.seats ? { seats: benchCase.seats } : {}),
    floor,
    app,
    ratio: floor.rps > 0 ? round(app.rps / floor.rps, 3) : 0,
    cpu_ratio: app.cpu_ms > 0 ? round(floor.cpu_ms / app.cpu_ms, 3) : 0,
    check,
  };
}

type Target = { target: string; value: number | null; pass: boolean | null };

export function headline(cases: Partial<Record<CaseId, CaseResult>>) {
  const c = cases;
  const usPerSeat = (id: CaseId) => {
    const result = c[id];
    return result?.seats && result.app.rps > 0 ? round(1e6 / (result.app.rps * result.seats), 3) : null;
  };
  const us_per_seat = { "100": usPerSeat("list_100"), "1000": usPerSeat("list_1000"), "10000": usPerSeat("list_10000") };
  const errors = Object.values(c).reduce((sum, r) => sum + r!.floor.errors + r!.app.errors, 0);
  const check = (target: string, value: number | null | undefined, pass: (v: number) => boolean): Target =>
    value === null || value === undefined ? { target, value: null, pass: null } : { target, value, pass: pass(value) };
  const list100 = c.list_100;
  const targets: Record<string, Target | boolean> = {
    ratio: check(">= 0.65", list100?.ratio, (v) => v >= 0.65),
    p99_ms: check(`<= 1.5 × floor_p99_ms${list100 ? ` (${round(1.5 * list100.floor.p99_ms, 1)})` : ""}`, list100?.app.p99_ms, (v) => v <= 1.5 * list100!.floor.p99_ms),
    ratio_1000: check(">= 0.85", c.list_1000?.ratio, (v) => v >= 0.85),
    ratio_10000: check(">= 0.85", c.list_10000?.ratio, (v) => v >= 0.85),
    page_ratio: check(">= 0.4", c.page?.ratio, (v) => v >= 0.4),
    write_ratio: check(">= 0.6", c.writes?.ratio, (v) => v >= 0.6),
    errors: check("= 0", errors, (v) => v === 0),
    us_per_seat_flat: check(
      `us_per_seat[10000] <= us_per_seat[1000]${us_per_seat["1000"] !== null ? ` (${us_per_seat["1000"]})` : ""}`,
      us_per_seat["10000"] !== null && us_per_seat["1000"] !== null ? us_per_seat["10000"] : null,
      (v) => v <= us_per_seat["1000"]!,
    ),
  };
  const measured = Object.values(targets) as Target[];
  targets.all_met = measured.every((t) => t.pass === true);
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
    targets,
    /** Mean cores taken by processes that are not the bench's, over every run (noise). */
    others_cpu_cores: round(mean(Object.values(c).flatMap((r) => [r!.floor.others_cpu_cores, r!.app.others_cpu_cores]))),
  };
}

const pad = (text: string, width: number, right = true) => (right ? text.padStart(width) : text.padEnd(width));
const fmt = (value: number, digits = 0) => value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

export function table(cases: Partial<Record<CaseId, CaseResult>>, summary: ReturnType<typeof headline>) {
  const rows = [
    ["case", "conns", "floor req/s", "app req/s", "ratio", "floor p50", "app p50", "floor p99", "app p99", "errors", "CPU ms/req floor", "app", "cpu ratio", "others' CPU"],
    ...Object.entries(cases).map(([id, r]) => [
      id,
      String(r!.connections),
      fmt(r!.floor.rps, 1),
      fmt(r!.app.rps, 1),
      r!.ratio.toFixed(2),
      `${fmt(r!.floor.p50_ms, 1)} ms`,
      `${fmt(r!.app.p50_ms, 1)} ms`,
      `${fmt(r!.floor.p99_ms, 1)} ms`,
      `${fmt(r!.app.p99_ms, 1)} ms`,
      String(r!.floor.errors + r!.app.errors),
      fmt(r!.floor.cpu_ms, 2),
      fmt(r!.app.cpu_ms, 2),
      r!.cpu_ratio.toFixed(2),
      `${((r!.floor.others_cpu_cores + r!.app.others_cpu_cores) / 2).toFixed(2)} cores`,
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
  out.push("CPU ms/req: the server process's CPU time per request (from /proc, until it is idle again); cpu ratio = floor's ÷ app's");
  out.push(`others' CPU: cores used by processes that are not the bench's during its runs (the machine is shared; 0 is a quiet machine)`);
  out.push("");
  out.push("targets:");
  for (const [name, t] of Object.entries(summary.targets)) {
    if (typeof t === "boolean") continue;
    const verdict = t.pass === null ? "not measured" : t.pass ? "PASS" : "FAIL";
    out.push(`  ${pad(name, 17, false)} ${pad(String(t.value ?? "—"), 9)}  ${pad(t.target, 40, false)} ${verdict}`);
  }
  out.push(`  ${summary.targets.all_met ? "every target met" : "not every target met"}`);
  return out.join("\n");
}
