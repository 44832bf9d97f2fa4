// One formatter for every email: building an Intl formatter per call (what toLocaleString
// does) cost more than the rest of the message.
const LONG_DATE_TIME = new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeStyle: "short", timeZone: "UTC" });

/** "December 9, 2026 at 4:00 AM UTC": emails name the time zone, since readers are anywhere. */
export const formatEmailDate = (date: Date) => `${LONG_DATE_TIME.format(date)} UTC`;
