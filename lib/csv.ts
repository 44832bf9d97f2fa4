import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { BULK_LIST_MAX_BYTES, BULK_LIST_MAX_LINE, BULK_LIST_MAX_ROWS } from "@/lib/form-limits.mjs";

// Spreadsheets run a cell that starts with =, +, - or @ as a formula: such cells are
// written with a leading apostrophe, so an email address in an export cannot attack whoever
// opens the file.
const FORMULA = /^[=+\-@\t\r]/;

export function toCsv(header: string[], rows: (string | number | boolean | null | undefined)[][]) {
  const safe = rows.map((row) => row.map((cell) => (typeof cell === "string" && FORMULA.test(cell) ? `'${cell}` : (cell ?? ""))));
  return stringify([header, ...safe]);
}

export function csvResponse(filename: string, body: string) {
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
      "cache-control": "no-store",
    },
  });
}

export type InviteRow = { email: string; metadata?: Record<string, string> };

export type InviteListResult = { ok: true; rows: InviteRow[] } | { ok: false; problem: string };

const HEADER_NAMES = new Set(["email", "e-mail"]);
const DELIMITERS = [",", ";", "\t"] as const;
const UNREADABLE = "This CSV could not be read. Check its quotes and columns.";
const refuse = (problem: string): InviteListResult => ({ ok: false, problem });
const count = (n: number) => n.toLocaleString("en-US");

/**
 * The rows of a bulk invitation, from a CSV with an `email` column (any other column is
 * metadata) or from a plain list of addresses, one per line or separated by commas.
 *
 * Anyone may post this text (the action's id and arguments are on every bulk page), so it
 * is bounded first (bytes, line length, lines), by counting, and then read in linear time:
 * csv-parse and plain loops, no regular expression. The header test was once a regular
 * expression that backtracked quadratically on a run of tabs (60 KB held the event loop 8 s).
 */
export function parseInviteList(text: string): InviteListResult {
  if (text.length > BULK_LIST_MAX_BYTES || Buffer.byteLength(text) > BULK_LIST_MAX_BYTES) {
    return refuse(`The list is larger than ${BULK_LIST_MAX_BYTES / 1024} KB: at most ${count(BULK_LIST_MAX_ROWS)} rows.`);
  }
  const body = (text.startsWith("\uFEFF") ? text.slice(1) : text).trim();
  if (!body) return { ok: true, rows: [] };

  let lines = 0;
  for (let start = 0, number = 1; start < body.length; number++) {
    const newline = body.indexOf("\n", start);
    const end = newline === -1 ? body.length : newline;
    if (end - start > BULK_LIST_MAX_LINE) return refuse(`Line ${count(number)} is longer than ${count(BULK_LIST_MAX_LINE)} characters. Put one address per line.`);
    if (body.slice(start, end).trim()) lines++;
    start = end + 1;
  }
  // One more line than rows: the header of a CSV.
  if (lines > BULK_LIST_MAX_ROWS + 1) return refuse(`The list has ${count(lines)} lines; at most ${count(BULK_LIST_MAX_ROWS)} rows at once.`);

  const newline = body.indexOf("\n");
  const firstLine = newline === -1 ? body : body.slice(0, newline);
  const delimiter = DELIMITERS.find((d) => firstLine.includes(d)) ?? ",";
  let rows: InviteRow[];
  if (isHeader(firstLine, delimiter)) {
    let records: Record<string, string>[];
    try {
      records = parse(body, {
        columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
        delimiter,
        skip_empty_lines: true,
        trim: true,
        relax_column_count: true,
        max_record_size: BULK_LIST_MAX_LINE,
      }) as Record<string, string>[];
    } catch {
      return refuse(UNREADABLE);
    }
    rows = records.map((record) => {
      const emailKey = "email" in record ? "email" : "e-mail";
      const metadata = Object.fromEntries(Object.entries(record).filter(([key, value]) => key !== emailKey && key !== "" && value !== ""));
      return { email: record[emailKey] ?? "", ...(Object.keys(metadata).length ? { metadata } : {}) };
    });
  } else {
    rows = splitAddresses(body);
  }
  if (rows.length > BULK_LIST_MAX_ROWS) return refuse(`The list has ${count(rows.length)} rows; at most ${count(BULK_LIST_MAX_ROWS)} at once.`);
  return { ok: true, rows };
}

/** A first line is a CSV header when one of its cells is `email` or `e-mail` (any case, quoted or not). */
function isHeader(firstLine: string, delimiter: string) {
  let cells: string[][];
  try {
    cells = parse(firstLine, { delimiter, trim: true, relax_column_count: true, relax_quotes: true, to_line: 1 }) as string[][];
  } catch {
    // Unbalanced quotes: not a header a spreadsheet wrote; read the text as a plain list.
    return false;
  }
  return (cells[0] ?? []).some((cell) => HEADER_NAMES.has(cell.toLowerCase()));
}

/** A pasted list: addresses separated by line breaks, commas or semicolons. */
function splitAddresses(body: string): InviteRow[] {
  const rows: InviteRow[] = [];
  let start = 0;
  for (let i = 0; i <= body.length; i++) {
    const c = body[i];
    if (i === body.length || c === "\n" || c === "\r" || c === "," || c === ";") {
      const email = body.slice(start, i).trim();
      if (email) rows.push({ email });
      start = i + 1;
    }
  }
  return rows;
}
