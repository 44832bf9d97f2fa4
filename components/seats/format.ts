const DATE = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" });
const DATE_TIME = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export const formatDate = (date: Date | null) => (date ? DATE.format(date) : "—");
export const formatDateTime = (date: Date | null) => (date ? `${DATE_TIME.format(date)} UTC` : "—");
