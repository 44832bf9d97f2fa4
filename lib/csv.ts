import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";

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

/**
 * The rows of a bulk invitation, from a CSV with an `email` column (any other column is
 * metadata) or from a plain list of addresses, one per line or separated by commas.
 */
export function parseInviteList(text: string): InviteRow[] {
  const trimmed = text.replace(/^\uFEFF/, "").trim();
  if (!trimmed) return [];
  const firstLine = trimmed.split(/\r?\n/, 1)[0]!.toLowerCase();
  if (/(^|[,;\t])\s*"?e-?mail"?\s*([,;\t]|$)/.test(firstLine)) {
    const delimiter = [",", ";", "\t"].find((d) => firstLine.includes(d)) ?? ",";
    const records = parse(trimmed, { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), delimiter, skip_empty_lines: true, trim: true, relax_column_count: true }) as Record<string, string>[];
    return records.map((record) => {
      const emailKey = "email" in record ? "email" : "e-mail";
      const metadata = Object.fromEntries(Object.entries(record).filter(([key, value]) => key !== emailKey && key !== "" && value !== ""));
      return { email: record[emailKey] ?? "", ...(Object.keys(metadata).length ? { metadata } : {}) };
    });
  }
  return trimmed
    .split(/[\r\n,;]+/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((email) => ({ email }));
}
