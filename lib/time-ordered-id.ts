import { v7 } from "uuid";

// UUIDv7: the first 48 bits are the Unix time in milliseconds it was made, so such ids sort
// as they were made (one process's ids grow even within a millisecond).

/** A new UUIDv7 and the millisecond it starts with. */
export function timeOrderedId(): { id: string; millis: number } {
  const id = v7();
  return { id, millis: millisOf(id)! };
}

/** The millisecond a UUIDv7 was made, or null when `id` is not a UUIDv7. */
export function millisOf(id: string): number | null {
  const match = /^([0-9a-f]{8})-([0-9a-f]{4})-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/i.exec(id);
  return match ? parseInt(match[1]! + match[2]!, 16) : null;
}
