"use client";

import { useLinkStatus } from "next/link";

/** Put inside a <Link>: a small spinner while the page it leads to loads. */
export function LinkPending() {
  const { pending } = useLinkStatus();
  return pending ? (
    <span role="status" className="ml-1.5 inline-block size-3 animate-spin rounded-full border-2 border-current border-t-transparent align-middle">
      <span className="sr-only">Loading…</span>
    </span>
  ) : null;
}
