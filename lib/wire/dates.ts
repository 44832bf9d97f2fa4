/** ISO-8601 with a `Z`: SDK 0.49.0 rejects a timestamp without a timezone. */
export const iso = (date: Date) => date.toISOString();
export const isoOrNull = (date: Date | null | undefined) => (date ? date.toISOString() : null);
