import type { z } from "zod";

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
