import type { InputSource, ValidationItem } from "@/lib/api/validation-error";

// PostgreSQL stores no NUL character in text, and no unpaired UTF-16 surrogate; JSON may
// carry both. Input holding either is refused here, as malformed, before any query sees it.
const UNSAFE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const MAX_JSON_DEPTH = 32;

type Finding = { loc: (string | number)[]; kind: "text" | "depth" };

/** The first string (or key) that cannot be stored, or the first place nested too deep. */
function find(value: unknown, source: InputSource): Finding | null {
  const stack: { value: unknown; loc: (string | number)[]; depth: number }[] = [{ value, loc: [source], depth: 0 }];
  while (stack.length) {
    const { value: current, loc, depth } = stack.pop()!;
    if (typeof current === "string") {
      if (UNSAFE.test(current)) return { loc, kind: "text" };
    } else if (current !== null && typeof current === "object") {
      if (depth >= MAX_JSON_DEPTH) return { loc, kind: "depth" };
      for (const [key, child] of Object.entries(current)) {
        if (UNSAFE.test(key)) return { loc: [...loc, key], kind: "text" };
        stack.push({ value: child, loc: [...loc, Array.isArray(current) ? Number(key) : key], depth: depth + 1 });
      }
    }
  }
  return null;
}

/** A 422 item for input that no schema should even look at, or null. */
export function unsafeInput(value: unknown, source: InputSource): ValidationItem | null {
  const finding = find(value, source);
  if (!finding) return null;
  return finding.kind === "text"
    ? { type: "string_unicode", loc: finding.loc.map((part) => (typeof part === "string" ? part.replace(UNSAFE, "?") : part)), msg: "Text may not contain NUL characters or unpaired surrogates.", input: null }
    : { type: "too_deep", loc: finding.loc, msg: `JSON may nest at most ${MAX_JSON_DEPTH} levels.`, input: null };
}

/** True when a string holds a character PostgreSQL cannot store (for form fields). */
export function hasUnsafeText(value: string) {
  return UNSAFE.test(value);
}
