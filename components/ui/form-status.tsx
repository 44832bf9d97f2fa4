import type { ActionState } from "./action-state";

const TONE: Record<ActionState["status"], string> = {
  idle: "",
  success: "text-emerald-700 dark:text-emerald-400",
  warning: "text-amber-800 dark:text-amber-300",
  error: "text-red-600 dark:text-red-400",
};

/** The result of a form's action, announced to screen readers as it changes. */
export function FormStatus({ state, className = "" }: { state: ActionState; className?: string }) {
  return (
    <p aria-live="polite" role="status" className={`min-h-5 text-sm ${TONE[state.status]} ${className}`}>
      {state.message ?? ""}
    </p>
  );
}
