/** The cookie in which the browser tells the server its time zone (an IANA name). */
export const TIME_ZONE_COOKIE = "tz";
