// What the Team page's components draw, as the page hands it to them (components never
// import the services, not even their types).
import type { RoleView } from "@/components/portal/team-context";

export type { RoleView };

/** A member's row: who, which role, and what the person signed in may do to it. */
export type MemberView = {
  id: string;
  email: string;
  name: string | null;
  role: RoleView;
  /** The person signed in. */
  you: boolean;
  offers: { changeRole: boolean; remove: boolean; handOver: boolean };
};
