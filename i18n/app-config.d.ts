import type messages from "../messages/en.json";
import type { Locale } from "./locales";

// English is the reference: a key used in code and missing from en.json fails `tsc`; the
// other languages are checked against English by tests/unit/messages.test.ts.
declare module "next-intl" {
  interface AppConfig {
    Locale: Locale;
    Messages: typeof messages;
  }
}
