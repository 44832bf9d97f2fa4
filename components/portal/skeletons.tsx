import { cardStyles } from "@/components/ui/styles";

// Placeholders shown while a page's data streams in. They keep the shape of what is coming
// so nothing jumps when it arrives, pulse only for people who allow motion, and tell
// assistive technology that the region is busy (the label is read, the bars are not).

function Bar({ className }: { className: string }) {
  return <div className={`rounded bg-zinc-200 dark:bg-zinc-800 ${className}`} />;
}

function Busy({ label, children, className = "" }: { label: string; children: React.ReactNode; className?: string }) {
  return (
    <div aria-busy="true" data-loading="" className={className}>
      <span className="sr-only">{label}</span>
      <div aria-hidden="true" className="motion-safe:animate-pulse">
        {children}
      </div>
    </div>
  );
}

/** Cards in a grid, as the overview and the seats-you-hold page draw them. */
export function CardGridSkeleton({ label, cards = 2, withBar = false }: { label: string; cards?: number; withBar?: boolean }) {
  return (
    <Busy label={label}>
      <ul className="grid gap-4 md:grid-cols-2">
        {Array.from({ length: cards }, (_, index) => (
          <li key={index} className={`${cardStyles} flex flex-col gap-4 p-5`}>
            <div className="space-y-2">
              <Bar className="h-4 w-2/5" />
              <Bar className="h-3 w-3/5" />
            </div>
            {withBar ? <Bar className="h-2.5 w-full rounded-full" /> : <Bar className="h-3 w-1/2" />}
            <Bar className="h-3 w-1/4" />
          </li>
        ))}
      </ul>
    </Busy>
  );
}

/** Rows of a list, as the activity log draws them. */
export function ListSkeleton({ label, rows = 6 }: { label: string; rows?: number }) {
  return (
    <Busy label={label} className="border-t border-zinc-100 dark:border-zinc-800">
      <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
        {Array.from({ length: rows }, (_, index) => (
          <li key={index} className="flex items-center justify-between gap-4 px-4 py-3.5">
            <Bar className={`h-3 ${index % 2 ? "w-1/2" : "w-2/3"}`} />
            <Bar className="h-3 w-24" />
          </li>
        ))}
      </ul>
    </Busy>
  );
}

/** The claim page's card, before it knows what the link offers. */
export function ClaimSkeleton({ label }: { label: string }) {
  return (
    <div className="mx-auto max-w-md pt-8">
      <Busy label={label} className={`${cardStyles} p-6 sm:p-8`}>
        <div className="space-y-3">
          <Bar className="h-3 w-1/4" />
          <Bar className="h-5 w-3/4" />
        </div>
        <div className="mt-6 space-y-4">
          {[0, 1, 2].map((index) => (
            <div key={index} className="space-y-1.5">
              <Bar className="h-3 w-16" />
              <Bar className="h-3.5 w-1/2" />
            </div>
          ))}
        </div>
        <Bar className="mt-8 h-9 w-full rounded-lg" />
      </Busy>
    </div>
  );
}
