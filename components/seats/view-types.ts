// What the seat components draw, as the pages hand it to them: components never import
// lib/seats, not even its types, so a change to the service's rows stops at the page that
// maps them.

/** How a seat shows to people: a pending seat whose link lapsed is "expired". */
export type SeatStatusView = "pending" | "expired" | "claimed" | "revoked";

import type { DateView } from "./format";

/** A row of the seat table as the browser gets it: formatted on the server, in the reader's time zone (no hydration mismatch). */
export type SeatView = {
  id: string;
  email: string | null;
  /** Who held the seat, or was invited to it, before it was revoked (from its history). */
  formerEmail: string | null;
  status: SeatStatusView;
  /** When the invitation's link lapses (or lapsed), for pending seats. */
  link: { lapsed: boolean; at: DateView | null } | null;
  invited: DateView | null;
  claimed: DateView | null;
  /** The seat's metadata (team, role: what the vendor or the CSV gave), as label and value. */
  details: { key: string; value: string }[];
};

/** A container's seats as the usage bar counts them. */
export type SeatUsageView = { total: number; claimed: number; pending: number; free: number };
