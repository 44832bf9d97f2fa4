// PostgreSQL stores no NUL character in text, and no unpaired UTF-16 surrogate; JSON may
// carry both. Input holding either is refused, as malformed, before any query sees it: by
// the forms and lib/seats' schemas, and by lib/api (which writes the refusal as a 422).
const UNSAFE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const MAX_JSON_DEPTH = 32;

export type UnsafeFinding = { loc: (string | number)[]; kind: "text" | "depth" };

/** The first string (or key) that cannot be stored, or the first place nested too deep; `loc` starts at `root`. */
export function findUnsafeInput(value: unknown, root: string): UnsafeFinding | null {
  const stack: { value: unknown; loc: (string | number)[]; depth: number }[] = [{ value, loc: [root], depth: 0 }];
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

/** `text` with its first character that cannot be stored shown as "?", to name a key without echoing it. */
export function maskUnsafeText(text: string) {
  return text.replace(UNSAFE, "?");
}

/** True when a string holds a character PostgreSQL cannot store (for form fields). */
export function hasUnsafeText(value: string) {
  return UNSAFE.test(value);
}
