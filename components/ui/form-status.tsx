import type { ActionState } from "./action-state";

/** The result of a form's action, announced to screen readers as it changes. */
export function FormStatus({ state, className = "" }: { state: ActionState; className?: string }) {
  return (
    <p aria-live="polite" role="status" className={`min-h-5 text-sm ${state.status === "error" ? "text-red-600 dark:text-red-400" : "text-emerald-700 dark:text-emerald-400"} ${className}`}>
      {state.message ?? ""}
    </p>
  );
}
