import type { SeatStatusView } from "./view-types";

const LOOK: Record<SeatStatusView, { className: string }> = {
  claimed: { className: "bg-emerald-50 text-emerald-800 ring-emerald-600/20 dark:bg-emerald-500/10 dark:text-emerald-300 dark:ring-emerald-400/30" },
  pending: { className: "bg-amber-50 text-amber-800 ring-amber-600/20 dark:bg-amber-500/10 dark:text-amber-300 dark:ring-amber-400/30" },
  expired: { className: "bg-orange-50 text-orange-800 ring-orange-600/20 dark:bg-orange-500/10 dark:text-orange-300 dark:ring-orange-400/30" },
  revoked: { className: "bg-zinc-100 text-zinc-600 ring-zinc-500/20 dark:bg-zinc-800 dark:text-zinc-400 dark:ring-zinc-600/40" },
};

export function SeatStatusBadge({ status, label }: { status: SeatStatusView; label: string }) {
  const look = LOOK[status];
  return (
    <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${look.className}`} data-status={status}>
      {label}
    </span>
  );
}
