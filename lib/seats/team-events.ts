import "server-only";
export { findTeamEvents, recordTeamEvent } from "./queries";

// The team's activity (members added, roles changed, members removed, seat counts changed),
// beside the seats' own (seat_events): lib/members writes the member events, lib/seats the
// seat count's, and the Team page reads them.

export type TeamEventType = "member_added" | "member_role_changed" | "member_removed" | "seats_changed";

/** Who did it, and how the activity names them (an address, or "organization"). */
export type TeamEventActor = { type: "customer" | "member" | "organization" | "system"; id: string | null; label: string };

export type TeamEventRow = {
  id: string;
  createdAt: Date;
  type: TeamEventType;
  email: string | null;
  detail: Record<string, unknown>;
  actor: string;
};

