import type { z } from "zod";
import { MAX_JSON_DEPTH, findUnsafeInput, maskUnsafeText } from "@/lib/unsafe-text";

// FastAPI's (pydantic's) 422 item. SDK 0.49.0 parses `detail` into HTTPValidationError and
// needs loc, msg and type on every item.
export type ValidationItem = { type: string; loc: (string | number)[]; msg: string; input: unknown };

export type InputSource = "body" | "query" | "path";

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function typeOf(issue: z.core.$ZodIssue, value: unknown): string {
  switch (issue.code) {
    case "invalid_type":
      return value === undefined ? "missing" : `${issue.expected}_type`;
    case "invalid_format":
      return issue.format === "uuid" ? "uuid_parsing" : "value_error";
    case "too_small":
      return issue.origin === "string" ? "string_too_short" : "greater_than_equal";
    case "too_big":
      return issue.origin === "string" ? "string_too_long" : "less_than_equal";
    case "invalid_value":
      return "literal_error";
    default:
      return "value_error";
  }
}

export function toValidationItems(source: InputSource, error: z.ZodError, input: unknown): ValidationItem[] {
  return error.issues.map((issue) => {
    const value = valueAt(input, issue.path);
    const msg = value === undefined && issue.code === "invalid_type" ? "Field required" : issue.message;
    return {
      type: typeOf(issue, value),
      loc: [source, ...issue.path.map((key) => (typeof key === "number" ? key : String(key)))],
      msg,
      input: value === undefined ? null : value,
    };
  });
}

/** A 422 item for input that no schema should even look at, or null. */
export function unsafeInput(value: unknown, source: InputSource): ValidationItem | null {
  const finding = findUnsafeInput(value, source);
  if (!finding) return null;
  return finding.kind === "text"
    ? { type: "string_unicode", loc: finding.loc.map((part) => (typeof part === "string" ? maskUnsafeText(part) : part)), msg: "Text may not contain NUL characters or unpaired surrogates.", input: null }
    : { type: "too_deep", loc: finding.loc, msg: `JSON may nest at most ${MAX_JSON_DEPTH} levels.`, input: null };
}
