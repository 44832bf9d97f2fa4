import type { SeatDisplayStatus } from "@/lib/seats/types";

// The badge's colours live in app/globals.css (.badge-*): one per seat row.
const LOOK: Record<SeatDisplayStatus, { label: string; className: string }> = {
  claimed: { label: "Claimed", className: "badge-claimed" },
  pending: { label: "Invited", className: "badge-pending" },
  expired: { label: "Link expired", className: "badge-expired" },
  revoked: { label: "Revoked", className: "badge-revoked" },
};

export function SeatStatusBadge({ status }: { status: SeatDisplayStatus }) {
  const look = LOOK[status];
  return (
    <span className={`badge ${look.className}`} data-status={status}>
      {look.label}
    </span>
  );
}
