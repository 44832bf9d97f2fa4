/** A moment as a page shows it: in the reader's time zone, with UTC for the title and the machine. */
export type DateView = { text: string; utc: string; iso: string };

/** How a reader reads dates: their language and, once their browser told us, their time zone. */
export type ReaderClock = { locale: string; timeZone: string | null };

export const UTC_READER: ReaderClock = { locale: "en-US", timeZone: null };

// Building an Intl formatter costs more than formatting with it: one per locale, zone and style.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, timeZone: string, withTime: boolean) {
  const key = `${locale} ${timeZone} ${withTime}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locale, withTime ? { dateStyle: "medium", timeStyle: "short", timeZone } : { dateStyle: "medium", timeZone });
    formatters.set(key, found);
  }
  return found;
}

/**
 * A date (or a date and time) for a reader. The text is in their time zone, naming it when
 * a time is shown (a reader whose zone is not known yet reads UTC, said so); the title is
 * always UTC, so two people comparing notes can.
 */
export function dateView(date: Date | null, reader: ReaderClock, withTime = false): DateView | null {
  if (!date) return null;
  const utc = `${formatter(reader.locale, "UTC", withTime).format(date)} UTC`;
  const zone = reader.timeZone && reader.timeZone !== "UTC" ? reader.timeZone : null;
  const text = zone ? `${formatter(reader.locale, zone, withTime).format(date)}${withTime ? ` ${zoneName(reader.locale, zone, date)}` : ""}` : withTime ? utc : utc.slice(0, -4);
  return { text, utc, iso: date.toISOString() };
}

/** "CET", "GMT+9": the zone's short name at that moment (daylight saving included). */
function zoneName(locale: string, timeZone: string, date: Date) {
  const key = `name ${locale} ${timeZone}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: "short" });
    formatters.set(key, found);
  }
  return found.formatToParts(date).find((part) => part.type === "timeZoneName")?.value ?? timeZone;
}

/** UTC, said so: for pages without a reader (the developer's mailbox). */
export const formatDateTime = (date: Date | null) => dateView(date, UTC_READER, true)?.text ?? "—";
