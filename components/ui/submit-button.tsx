"use client";

import { useFormStatus } from "react-dom";
import { buttonStyles, PENDING } from "./styles";

/**
 * A submit button that says it is working while its form's action runs. It stays enabled
 * (aria-disabled, a second press does nothing): a disabled button drops the keyboard focus
 * to the page, and a screen reader loses its place (found by a newcomer's run).
 */
export function SubmitButton({
  children,
  pendingLabel,
  variant = "primary",
  className = "",
  pending: pendingOverride,
}: {
  children: React.ReactNode;
  pendingLabel: string;
  variant?: keyof typeof buttonStyles;
  className?: string;
  /** For a form that submits itself (a transition), which useFormStatus does not see. */
  pending?: boolean;
}) {
  const status = useFormStatus();
  const pending = pendingOverride ?? status.pending;
  return (
    <button
      type="submit"
      aria-disabled={pending || undefined}
      onClick={(event) => {
        if (pending) event.preventDefault();
      }}
      className={`${buttonStyles[variant]} ${pending ? PENDING : ""} ${className}`}
    >
      {pending ? (
        <>
          <span className="size-3.5 animate-spin rounded-full border-2 border-current border-t-transparent" aria-hidden />
          {pendingLabel}
        </>
      ) : (
        children
      )}
    </button>
  );
}
