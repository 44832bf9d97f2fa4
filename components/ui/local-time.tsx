import type { DateView } from "@/components/seats/format";

/** A moment in the reader's time zone; hovering shows it in UTC. */
export function LocalTime({ value, className }: { value: DateView | null; className?: string }) {
  if (!value) return <span className={className}>—</span>;
  return (
    <time dateTime={value.iso} title={value.utc} className={className}>
      {value.text}
    </time>
  );
}
