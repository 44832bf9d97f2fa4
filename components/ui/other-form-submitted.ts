"use client";

import { useEffect, useRef, useState } from "react";

/**
 * Calls `onOther` whenever a form for which `isOwn` is false is submitted on this page. A
 * result on the page answers the latest action: "Invitation sent to dave@…" beside "Seat
 * revoked" would read as if both had just happened, so a form's message goes when another
 * form is used. (Without JavaScript each post renders a page with its own answer only.)
 */
export function useOtherFormSubmitted(isOwn: (form: Node) => boolean, onOther: () => void) {
  const latest = useRef({ isOwn, onOther });
  useEffect(() => {
    latest.current = { isOwn, onOther };
  });
  useEffect(() => {
    // Capture: it runs before React's own listener on its root, whatever that one does.
    const listener = (event: Event) => {
      if (event.target instanceof Node && !latest.current.isOwn(event.target)) latest.current.onOther();
    };
    document.addEventListener("submit", listener, true);
    return () => document.removeEventListener("submit", listener, true);
  }, []);
}

/** Whether a form's latest answer, `state`, has gone: another form of the page was used since. */
export function useAnswerGone(state: object, isOwn: (form: Node) => boolean): boolean {
  const [gone, setGone] = useState<object | null>(null);
  useOtherFormSubmitted(isOwn, () => setGone(state));
  return state === gone;
}
